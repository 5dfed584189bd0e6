"""Shared test set-up: headless Qt and no test ever touches the real user data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("newsreader-home")
    monkeypatch.setenv("NEWSREADER_HOME", str(home))


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    """A new library folder holding the bundled samples. Modules that need another library define their own."""
    from reader.library.store import Library
    from tests.helpers import import_pages

    folder = tmp_path / "lib"
    with Library(folder) as lib:
        import_pages(lib, [SAMPLES])
    return folder


@pytest.fixture
def english_ui() -> Iterator[None]:
    """Interface strings in English whatever the machine's locale (tests compare them)."""
    from reader.ui import i18n

    i18n.set_language("en")
    yield
    i18n.set_language(None)


def sample_text(prefix: str) -> str:
    """Text of the bundled sample whose file name starts with ``prefix`` (e.g. "001")."""
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")
