"""The package installs anywhere: every package folder is listed, and the bundled data ships inside it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from reader.paths import resource, resources_dir, samples_dir

ROOT = Path(__file__).resolve().parents[1]


def _project() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_folder_is_listed_for_the_wheel() -> None:
    listed = set(_project()["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "reader").rglob("__init__.py")}
    assert found | {"reader.resources"} == listed


def test_the_bundled_data_is_package_data() -> None:
    setuptools = _project()["tool"]["setuptools"]
    assert setuptools["package-dir"]["reader.resources"] == "resources"
    patterns = setuptools["package-data"]["reader.resources"]
    assert "*.json" in patterns and "samples/*.txt" in patterns
    assert resource("papers.json").is_file() and resource("layout.json").is_file()
    assert len(list(samples_dir().glob("*.txt"))) == 5
    assert (resources_dir() / "__init__.py").is_file()  # read through importlib.resources as reader.resources


def test_ci_builds_the_wheel_and_uses_it_outside_the_checkout() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test.sh" in ci and "scripts/wheel_smoke.sh" in ci
    smoke = (ROOT / "scripts" / "wheel_smoke.sh").read_text(encoding="utf-8")
    assert "pip wheel" in smoke and "newsreader\" demo" in smoke and "search" in smoke
