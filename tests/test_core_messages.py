"""Every message the core can show in the window has a Chinese template (reader/ui/core_messages.py).

The core modules are scanned with Python's parser for the places messages are made: strings and f-strings given to
calls named ``…Error``, ``…Skipped``, ``…Refused`` (and a few others named below), ``error=``/``reason=`` arguments,
strings returned by functions whose name says reason or problem, tables of reasons, reasons assigned to a variable
and pairs appended to a report's ``skipped`` list. Each becomes a sample message (f-string holes become ``X1``,
``X2``…) that must match a template and read in Chinese with none of its English words left. Rewording or adding a
core message without a template makes this test fail and name it.
"""

from __future__ import annotations

import ast
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.ui import core_messages, i18n
from reader.ui.core_messages import TEMPLATES, core_template, core_text
from tests.message_words import KEPT, WORD

ROOT = Path(__file__).resolve().parents[1]
CORE = ["reader/ingest", "reader/library", "reader/notes", "reader/search", "reader/recovery.py"]

MESSAGE_SUFFIXES = ("Error", "Skipped", "Refused")
# Calls whose arguments are messages although their names do not say so.
MESSAGE_CALLS = {
    "PdfPageScan",  # why a PDF page goes to OCR: the head of the skip reason when OCR fails
    "_Bad",  # notes import: why a record of the file was skipped
    "error",  # reader/library/db.py raises error(...), LibraryError or DamagedLibraryError chosen at run time
}
MESSAGE_KEYWORDS = {"error", "reason"}  # SearchResult(..., error="the search failed: …")
MESSAGE_FUNCTIONS = {"_too_large", "find_damage"}  # return reasons without saying so in their names

# Sources that are no messages for the user: programming errors that only a bug raises, and internals that are
# caught before anything is shown. Each entry must still exclude something (test_the_allow_list_is_not_stale).
EXCLUDED = {
    ("reader/ingest/decode.py", "AssertionError"): "unreachable code",
    ("reader/search/index.py", "AssertionError"): "unreachable code",
    ("reader/search/__init__.py", "AttributeError"): "the package's lazy __getattr__: a programming error",
    ("reader/search/fold.py", "ValueError"): "a bad folding table: a bug",
    ("reader/ingest/papers.py", "ValueError"): "papers.json config errors: logged when the file is read",
    ("reader/search/index.py", "DatabaseError"): "index internals: open_index catches them and rebuilds the index",
}


@dataclass(frozen=True)
class Sample:
    """A message the core can make, with its variable parts as X1, X2…; ``words``: the English of its literal text."""

    where: str
    text: str
    words: frozenset[str]


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


class _Module:
    """The message sources of one core module."""

    def __init__(self, path: Path) -> None:
        self.rel = path.relative_to(ROOT).as_posix()
        self.tree = ast.parse(path.read_text(encoding="utf-8"), self.rel)
        self.constants = {
            t.id: node.value.value
            for node in self.tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        self.excluded: set[tuple[str, str]] = set()

    def samples(self, node: ast.expr) -> list[tuple[str, frozenset[str]]]:
        """The messages an expression can make: (text, English words of its literal text)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [(node.value, frozenset(WORD.findall(node.value)))]
        if isinstance(node, ast.Name) and node.id in self.constants:
            value = self.constants[node.id]
            return [(value, frozenset(WORD.findall(value)))]
        if isinstance(node, ast.JoinedStr):
            holes: dict[str, str] = {}
            text, words = "", set()
            for part in node.values:
                if isinstance(part, ast.Constant):
                    text += part.value
                    words.update(WORD.findall(part.value))
                elif isinstance(part, ast.FormattedValue):
                    constant = self.constants.get(part.value.id, "") if isinstance(part.value, ast.Name) else ""
                    if " " in constant:  # a phrase of the module (_UNDECODABLE), not a name ("newsreader-notes")
                        value = constant
                        words.update(WORD.findall(value))
                    else:  # the same expression twice is the same value ('{name}:' … e.g. {name}:许昌)
                        value = holes.setdefault(ast.unparse(part.value), f"X{len(holes) + 1}")
                    text += value
            return [(text, frozenset(words))]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return [(a + b, wa | wb) for (a, wa), (b, wb) in product(self.samples(node.left), self.samples(node.right))]
        if isinstance(node, ast.IfExp):
            return self.samples(node.body) + self.samples(node.orelse)
        if isinstance(node, ast.BoolOp):
            return [s for value in node.values for s in self.samples(value)]
        return []

    def _from(self, node: ast.expr, line: int, kind: str) -> Iterator[Sample]:
        for text, words in self.samples(node):
            yield Sample(f"{self.rel}:{line} ({kind})", text, frozenset(w for w in words if len(w) > 1))

    def sources(self) -> Iterator[Sample]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                yield from self._call(node)
            elif isinstance(node, ast.FunctionDef) and (
                "reason" in node.name or "problem" in node.name or node.name in MESSAGE_FUNCTIONS
            ):
                for ret in ast.walk(node):
                    if isinstance(ret, ast.Return) and ret.value is not None:
                        yield from self._from(ret.value, ret.lineno, f"returned by {node.name}")
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if not isinstance(target, ast.Name):
                        continue
                    name = target.id
                    if name in ("reason", "problem") or name.endswith("_error"):
                        yield from self._from(node.value, node.lineno, name)
                    elif ("REASON" in name or "PROBLEM" in name) and isinstance(node.value, ast.Dict):
                        for value in node.value.values:
                            yield from self._from(value, node.lineno, name)

    def _call(self, node: ast.Call) -> Iterator[Sample]:
        name = _name(node.func)
        bare = isinstance(node.func, ast.Name)
        if name.endswith(MESSAGE_SUFFIXES) or (name in MESSAGE_CALLS and (bare or name != "error")):
            if (self.rel, name) in EXCLUDED:
                if any(self.samples(a) for a in node.args):
                    self.excluded.add((self.rel, name))
                return
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                yield from self._from(arg, node.lineno, name)
            return
        for keyword in node.keywords:
            if keyword.arg in MESSAGE_KEYWORDS:
                yield from self._from(keyword.value, node.lineno, f"{name}({keyword.arg}=)")
        skipped = isinstance(node.func, ast.Attribute) and node.func.attr == "append" and (
            _name(node.func.value) == "skipped")
        if skipped and node.args:
            arg = node.args[0]
            for part in arg.elts if isinstance(arg, ast.Tuple) else [arg]:
                yield from self._from(part, node.lineno, "skipped")


def _modules() -> list[_Module]:
    paths: list[Path] = []
    for entry in CORE:
        path = ROOT / entry
        paths.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [_Module(p) for p in paths]


MODULES = _modules()
SAMPLES = [s for m in MODULES for s in m.sources()]


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.set_language("zh")
    yield
    i18n.set_language(None)


def english_left(chinese_text: str, words: frozenset[str] | set[str]) -> list[str]:
    return [w for w in sorted(words - KEPT)
            if re.search(rf"(?<![A-Za-z0-9_]){re.escape(w)}(?![A-Za-z0-9_])", chinese_text)]


def test_the_scan_finds_the_core_messages() -> None:
    # The scan itself must work, or every other test here passes on nothing.
    texts = {s.text for s in SAMPLES}
    for expected in ("blank page (no text)", "not a newspaper page", "encrypted PDF: needs a password",
                     "binary data (NUL character at position X1)", "cannot read: permission denied",
                     "file too large for one page (X1 > X2 limit)", "the disk is full", "quick_check failed",
                     "X1; OCR failed: X2: X3", "no text layer (image only)", "the search failed: X1",
                     "not decodable as UTF-8, UTF-16 or GB18030 (X1; X2)", "invalid GB18030 bytes at offset X1",
                     "X1 is not a usable library database: X2", "cannot read: X1",
                     "'X1:' needs a value right after the colon, e.g. X2", "missing uid"):
        assert expected in texts
    assert len(texts) > 150


def test_the_allow_list_is_not_stale() -> None:
    used = set().union(*(m.excluded for m in MODULES))
    assert used == set(EXCLUDED)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: f"{s.where}: {s.text[:50]}")
def test_every_core_message_reads_in_chinese(sample: Sample, chinese: None) -> None:
    assert core_template(sample.text) is not None, f"{sample.where}: no template in reader/ui/core_messages.py"
    translated = core_text(sample.text)
    assert not english_left(translated, sample.words), f"{sample.where}: {sample.text!r} -> {translated!r}"
    if sample.words - KEPT:
        assert translated != sample.text


def test_in_english_every_core_message_is_left_as_it_is() -> None:
    i18n.set_language("en")
    try:
        assert all(core_text(s.text) == s.text for s in SAMPLES)
    finally:
        i18n.set_language(None)


def _filled(template: str) -> str:
    names: dict[str, str] = {}
    return re.sub(r"\{(\w+)\}", lambda m: names.setdefault(m.group(1), f"P{len(names) + 1}"), template)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_is_reachable_and_translated_with_the_same_parts(template: str, chinese: None) -> None:
    # No template is hidden behind another one that matches the same messages first.
    assert core_template(_filled(template)) == template
    zh = i18n.tr(template)
    assert zh != template, "not in the catalogue: run scripts/update_translations.py and translate it"
    assert sorted(set(re.findall(r"\{(\w+)\}", zh))) == sorted(set(re.findall(r"\{(\w+)\}", template)))
    words = {w for w in WORD.findall(re.sub(r"\{\w+\}", " ", template)) if len(w) > 1}
    assert not english_left(re.sub(r"\{\w+\}", " ", zh), words), zh


@pytest.mark.parametrize(("english", "chinese_text"), [
    ("blank page (no text)", "空白版面（没有文字）"),
    ("cannot read: Permission denied", "无法读取：没有权限"),
    ("cannot read: input/output error", "无法读取：读写错误"),  # decode.py lower-cases strerror
    ("binary data (NUL character at position 12)", "二进制数据（位置 12 处有 NUL 字符）"),
    ("broken symlink (target /a b/c.txt does not exist)", "符号链接已失效（目标 /a b/c.txt 不存在）"),
    ("file too large for one page (2000 bytes > 1000 bytes limit)",
     "文件太大，不能作为一个版面（2000 字节，上限 1000 字节）"),
    ("no text layer (image only); OCR unavailable: OCR is not installed (rapidocr missing): pip install rapidocr "
     "onnxruntime",
     "没有文字层（只有图像）；无法使用 OCR：未安装 OCR（缺少 rapidocr）：pip install rapidocr onnxruntime"),
    ("cannot create library folder /lib: Read-only file system", "无法创建资料库文件夹 /lib：文件系统是只读的"),
    ("cannot write /p/1.txt to the library: the disk is full. Pages imported before it are complete; import again "
     "once this is fixed to go on",
     "无法将 /p/1.txt 写入资料库：磁盘已满。在它之前导入的版面都已完整保存；问题解决后再次导入即可继续"),
    ("could not save the change: database is locked", "无法保存更改：数据库已被锁定"),
    ("NotesError: cannot read /n.json: No such file or directory", "无法读取 /n.json：文件或文件夹不存在"),
    ("PermissionError: [Errno 13] Permission denied: '/n.md'", "PermissionError：没有权限：'/n.md'（Errno 13）"),
    ("record 2 (0a1b2c3d): missing uid", "第 2 条记录（0a1b2c3d）：缺少 uid"),
    ("a quotation mark is not closed: '\"unclosed'; add the closing \"", "引号没有配对：'\"unclosed'；请补上后引号 \""),
    ("no month 13 in '2020-13': months go from 1 to 12", "'2020-13' 中没有 13 月：月份为 1 到 12"),
    ("image too large (30000 × 40000 px, limit 120 megapixels)", "图像太大（30000 × 40000 像素，上限 120 百万像素）"),
    ("[Errno 28] No space left on device: '/lib/x'", "磁盘空间不足：'/lib/x'（Errno 28）"),
])
def test_examples_with_nested_reasons_and_data(english: str, chinese_text: str, chinese: None) -> None:
    assert core_text(english) == chinese_text


def test_data_that_looks_like_a_message_is_left_alone(chinese: None) -> None:
    # Query text and paths are data, even when they read like a core message.
    assert core_text("no such day: 'not found'") == "没有这一天：'not found'"
    assert core_text("cannot read /data/empty file: Permission denied") == "无法读取 /data/empty file：没有权限"


def test_unknown_messages_come_back_unchanged(chinese: None) -> None:
    for message in ("", "something new went wrong", "Something: else", "cannot", "ValueError: x: y"):
        assert core_text(message) == message
    assert core_template("something new went wrong") is None


@given(st.text(max_size=80))
def test_any_text_is_returned_never_an_exception(text: str) -> None:
    i18n.set_language("zh")
    try:
        assert isinstance(core_text(text), str)
        if core_template(text) is None:
            assert core_text(text) == text
    finally:
        i18n.set_language(None)


def test_a_broken_translation_shows_the_english_message(chinese: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core_messages, "_cache", {})
    monkeypatch.setattr(core_messages, "tr", lambda text: "坏了 {nonsuch}" if text.startswith("damaged PDF") else text)
    assert core_text("damaged PDF: bad xref") == "damaged PDF: bad xref"


def test_ten_thousand_skip_reasons_take_well_under_a_second(chinese: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # An import of thousands of files gives a reason for each skipped file: every one distinct here (no cache hit).
    monkeypatch.setattr(core_messages, "_cache", {})
    texts = [s.text for s in SAMPLES]
    messages = [texts[i % len(texts)].replace("X1", f"/scans/{i}").replace("X2", str(i)) for i in range(10_000)]
    core_text("warm up: the templates compile once")
    start = time.perf_counter()
    for message in messages:
        core_text(message)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"{elapsed:.2f} s"
