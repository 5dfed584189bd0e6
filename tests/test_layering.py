"""The core never imports Qt: only reader/ui and reader/app.py may."""

from __future__ import annotations

import ast
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
