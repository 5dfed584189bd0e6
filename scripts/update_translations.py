#!/usr/bin/env python3
"""Bring the Qt Linguist catalogue in step with the code, and compile it.

    python scripts/update_translations.py          # extract, merge into the .ts, compile the .qm
    python scripts/update_translations.py --check  # exit 1 if the .ts lacks a string or the .qm is stale

Strings are found in ``tr("…")`` and ``N_("…")`` calls under reader/ (Python's own parser: pyside6-lupdate only
knows ``self.tr`` and ``QCoreApplication.translate``). Translations already in the .ts are kept; new strings are
added as unfinished for a translator (Qt Linguist opens the file); strings no longer in the code are dropped.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "newsreader_zh_CN.ts"
QM = TS.with_suffix(".qm")
CONTEXT = "newsreader"
MARKERS = ("tr", "N_")


def extract(package: Path = ROOT / "reader") -> tuple[dict[str, list[str]], list[str]]:
    """Every marked string with the files it is in (in order of first appearance), and calls that cannot be
    translated (an f-string or an expression where a literal belongs is fine only for ``tr`` of a marked value)."""
    found: dict[str, list[str]] = {}
    problems: list[str] = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), rel)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS):
                continue
            if len(node.args) != 1:
                problems.append(f"{rel}:{node.lineno}: {node.func.id}() takes one string")
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                files = found.setdefault(arg.value, [])
                if rel not in files:
                    files.append(rel)
            elif isinstance(arg, ast.JoinedStr) or node.func.id == "N_":
                problems.append(f"{rel}:{node.lineno}: {node.func.id}() of {ast.unparse(arg)}: mark a literal string")
    return found, problems


def read_ts(path: Path = TS) -> dict[str, tuple[str, bool]]:
    """source -> (translation, finished)."""
    if not path.exists():
        return {}
    out: dict[str, tuple[str, bool]] = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        text = translation.text or "" if translation is not None else ""
        finished = translation is not None and translation.get("type") not in ("unfinished", "vanished", "obsolete")
        out[source] = (text, finished and bool(text))
    return out


def render_ts(strings: dict[str, list[str]], known: dict[str, tuple[str, bool]]) -> str:
    root = ET.Element("TS", version="2.1", language="zh_CN", sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source, files in strings.items():
        message = ET.SubElement(context, "message")
        for rel in files:
            ET.SubElement(message, "location", filename="../../" + rel)
        ET.SubElement(message, "source").text = source
        text, finished = known.get(source, ("", False))
        translation = ET.SubElement(message, "translation")
        translation.text = text
        if not finished:
            translation.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n"


def lrelease() -> str:
    here = Path(sys.executable).parent / "pyside6-lrelease"
    found = str(here) if here.exists() else shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease not found: install PySide6 (it ships the Linguist tools)")
    return found


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run([lrelease(), "-silent", "-nounfinished", str(ts), "-qm", str(qm)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when out of step")
    args = parser.parse_args(argv)
    strings, problems = extract()
    known = read_ts()
    text = render_ts(strings, known)
    unfinished = [s for s in strings if not known.get(s, ("", False))[1]]
    dropped = [s for s in known if s not in strings]
    for line in problems:
        print(line)
    for source in unfinished:
        print(f"untranslated: {source!r}")
    for source in dropped:
        print(f"no longer in the code: {source!r}")
    if args.check:
        stale = not TS.exists() or TS.read_text(encoding="utf-8") != text
        if not stale:
            with tempfile.TemporaryDirectory() as tmp:
                fresh = Path(tmp) / "check.qm"
                compile_qm(TS, fresh)
                stale = not QM.exists() or QM.read_bytes() != fresh.read_bytes()
        if stale:
            print(f"{TS.relative_to(ROOT)} or its .qm is out of step: run python scripts/update_translations.py")
        return 1 if stale or problems or unfinished else 0
    TS.parent.mkdir(parents=True, exist_ok=True)
    TS.write_text(text, encoding="utf-8")
    compile_qm(TS, QM)
    print(f"{len(strings)} strings, {len(unfinished)} untranslated; wrote {TS.relative_to(ROOT)} and {QM.name}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
