"""Where the reader keeps user data and where its bundled resources live."""

from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "newsreader"
HOME_ENV = "NEWSREADER_HOME"


def library_dir(cli_value: str | os.PathLike[str] | None = None, *, create: bool = True) -> Path:
    """The library folder: ``--library DIR``, else ``$NEWSREADER_HOME``, else the platform's user data dir.

    The folder is created when missing, unless ``create`` is False.
    """
    if cli_value:
        path = Path(cli_value)
    elif os.environ.get(HOME_ENV):
        path = Path(os.environ[HOME_ENV])
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path = path.expanduser()
    if create:
        path.mkdir(parents=True, exist_ok=True)
    log.debug("library folder: %s", path)
    return path


def cache_dir(library: Path) -> Path:
    """Disposable data (e.g. jieba's dictionary cache) inside the library folder; created when missing."""
    path = library / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The bundled data: the ``reader.resources`` package (the top-level ``resources/`` folder of the source).

    Installed packages are plain folders, so the package's files are real paths. A source checkout that was
    never installed has no such package: its ``resources/`` folder is used directly.
    """
    try:
        folder = resources.files("reader.resources")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[1] / "resources"
    return Path(str(folder))


def resource(name: str) -> Path:
    """One bundled data file, e.g. ``resource("papers.json")``."""
    return resources_dir() / name


def samples_dir() -> Path:
    """The bundled sample page texts."""
    return resources_dir() / "samples"
