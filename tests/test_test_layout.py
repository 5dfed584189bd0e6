"""The test suite's own layout: test modules share helpers through helper modules, never through each other.

Importing from a test module drags its tests and fixtures into another module's namespace, and moving or
deleting a test then breaks modules that have nothing to do with it. What is shared lives in modules whose
names say what they hold (``tests/notes_fixtures.py``, ``tests/fuzz_strategies.py``, ...), and fixtures used
by many modules in ``tests/conftest.py``.
"""

from __future__ import annotations

import ast
from contextlib import suppress
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported(tree: ast.AST, package: str) -> set[str]:
    """Modules the code imports, relative imports resolved against ``package``; code in strings too."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)  # from tests import test_x
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "import" in node.value:
            with suppress(SyntaxError):  # a script run in a subprocess (python -c CODE) imports too
                names |= _imported(ast.parse(node.value), package)
    return names


def imports_of_test_modules(path: Path, package: str = "tests") -> list[str]:
    """The test modules (``tests.test_*``, ``tests.sub.test_*``) that the file at ``path`` in ``package`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return sorted(
        name for name in _imported(tree, package)
        if name.split(".")[0] == "tests" and name.split(".")[-1].startswith("test_")
    )


def test_no_test_module_imports_another() -> None:
    files = sorted(TESTS.rglob("*.py"))
    assert len([f for f in files if f.name.startswith("test_")]) > 50  # the scan sees the suite
    offenders = {}
    for path in files:
        package = ".".join(path.relative_to(TESTS.parent).parent.parts)
        if found := imports_of_test_modules(path, package):
            offenders[str(path.relative_to(TESTS))] = found
    assert offenders == {}, "move what they share into a helper module (or conftest.py for fixtures)"


def test_the_checker_finds_every_form_of_such_an_import(tmp_path: Path) -> None:
    t = "test_"  # spelt apart, so that this file does not import what its probe does
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from tests.helpers import import_pages\n"  # helper modules are what to import
        "from tests.conftest import SAMPLES\n"
        "from tests.material.newspaper import write_pdf\n"
        f"from tests.{t}library import FRONT\n"
        f"import tests.{t}cli as cli_tests\n"
        f"from tests import {t}fuzz, helpers\n"
        f"from .{t}dates import TODAY\n"
        f"from . import {t}masthead\n"
        "def later():\n"
        f"    from tests.{t}notes_exchange import annotate\n"
        f"SCRIPT = 'import sys\\nfrom tests.{t}faults import check_all\\n'\n"
        "PROSE = 'a sentence that says import, not code'\n",
        encoding="utf-8",
    )
    found = [name.replace(t, "T_") for name in imports_of_test_modules(probe, "tests")]
    assert found == ["tests.T_cli", "tests.T_dates", "tests.T_faults", "tests.T_fuzz", "tests.T_library",
                     "tests.T_masthead", "tests.T_notes_exchange"]
    found = [name.replace(t, "T_") for name in imports_of_test_modules(probe, "tests.material")]
    assert found == ["tests.material.T_dates", "tests.material.T_masthead",  # relative to a subpackage
                     "tests.T_cli", "tests.T_faults", "tests.T_fuzz", "tests.T_library", "tests.T_notes_exchange"]
