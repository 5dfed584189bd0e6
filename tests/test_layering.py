"""The core never imports Qt: only reader/ui and reader/app.py may."""

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
             "rapidfuzz", "jieba", "whoosh", "opencc", "lunar_python"}
    assert loaded & heavy == set()
