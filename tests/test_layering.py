"""The core never imports Qt (only reader/ui and reader/app.py may), and imports run one way, from the top down."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

READER = Path(__file__).resolve().parents[1] / "reader"
GUI_ALLOWED = {READER / "ui", READER / "app.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _is_gui(path: Path) -> bool:
    return any(path == allowed or allowed in path.parents for allowed in GUI_ALLOWED)


def test_core_modules_never_import_qt() -> None:
    core = [p for p in READER.rglob("*.py") if not _is_gui(p)]
    assert len(core) > 5, "expected to scan the core package"
    offenders = {
        str(p.relative_to(READER)): sorted(n for n in _imports(p) if n.split(".")[0] in {"PySide6", "shiboken6"})
        for p in core
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_checker_detects_a_qt_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport os\n", encoding="utf-8")
    assert "PySide6.QtCore" in _imports(bad)


def test_the_window_process_loads_neither_the_parser_nor_the_matchers() -> None:
    """What ``newsreader`` imports to open the window: parsing, re-anchoring and search run in other processes.

    Loading them in the window's process took a fifth of its start-up time (``bench/bench_startup.py``).
    """
    code = "import sys, reader.cli, reader.app; print(' '.join(sorted(sys.modules)))"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    loaded = set(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True).stdout.split())
    assert "reader.ui.main_window" in loaded  # the check itself works
    heavy = {"reader.ingest.pipeline", "reader.ingest.segment", "reader.ingest.papers", "reader.notes.anchor",
             "reader.library.importer", "reader.library.pagewriter", "reader.writer", "reader.searcher",
             "reader.search.service", "rapidfuzz", "jieba", "whoosh", "opencc", "lunar_python",
             # the page view is made when a page with a picture is first shown, and draws with these in its
             # render thread (reader.ui.page_render); the page parser never loads in this process
             "reader.ui.page_view", "reader.ui.page_render", "pypdfium2", "PIL", "numpy", "reader.ingest.pdf",
             "reader.ingest.scan", "reader.ingest.pages", "reader.ingest.layout"}
    assert "reader.ui.layouts" in loaded  # the layouts are in the window's menu from the start
    assert loaded & heavy == set()


# The layers, bottom first: a module may import its own layer and those below, never one above.
# Notes sit above search because their filter box speaks the search syntax (reader.search.query).
LAYERS: list[tuple[str, ...]] = [
    ("reader", "reader.paths", "reader.progress", "reader.resources", "reader.ingest"),
    ("reader.library",),
    ("reader.search",),
    ("reader.notes",),
    ("reader.jobs", "reader.child", "reader.recovery", "reader.writer", "reader.searcher"),
    ("reader.ui", "reader.app", "reader.cli", "reader.__main__"),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(READER.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    """The layer of a reader module (its longest listed prefix); other packages are outside the layering."""
    best, level = -1, -1
    for n, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best:
                best, level = len(name), n
    if level < 0:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS")
    return level


def upward_imports(path: Path, module: str | None = None) -> list[str]:
    """Imports of reader modules above the layer of ``path`` (anywhere in the file, functions included)."""
    own = layer_of(module or _module_name(path))
    return sorted(n for n in _imports(path) if n.split(".")[0] == "reader" and layer_of(n) > own)


def test_imports_run_one_way() -> None:
    modules = list(READER.rglob("*.py"))
    assert len(modules) > 40
    offenders = {_module_name(p): up for p in modules if (up := upward_imports(p))}
    assert offenders == {}


def test_the_layer_checker_finds_an_upward_import(tmp_path: Path) -> None:
    fake = tmp_path / "probe.py"
    fake.write_text("import reader.ingest.model\ndef f():\n    from reader.notes.store import NoteStore\n", "utf-8")
    assert upward_imports(fake, "reader.library.probe") == ["reader.notes.store"]
    assert upward_imports(fake, "reader.ui.probe") == []
