"""Where the reader keeps user data and where its bundled resources live."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "newsreader"
HOME_ENV = "NEWSREADER_HOME"


def library_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The library folder: ``--library DIR``, else ``$NEWSREADER_HOME``, else the platform's user data dir.

    The folder is created when missing.
    """
    if cli_value:
        path = Path(cli_value)
    elif os.environ.get(HOME_ENV):
        path = Path(os.environ[HOME_ENV])
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path = path.expanduser()
    path.mkdir(parents=True, exist_ok=True)
    log.debug("library folder: %s", path)
    return path


def cache_dir(library: Path) -> Path:
    """Disposable data (e.g. jieba's dictionary cache) inside the library folder; created when missing."""
    path = library / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The top-level ``resources/`` folder of the source tree."""
    return Path(__file__).resolve().parents[1] / "resources"


def samples_dir() -> Path:
    """The bundled sample page texts."""
    return resources_dir() / "samples"
