"""The reader's bundled data (paper directory, layout word lists, sample pages), shipped as ``reader.resources``.

This folder is the source: pyproject.toml maps it into the package, so a wheel installs it under
``reader/resources`` and code reads it with ``importlib.resources`` (see ``reader.paths.resource``).
"""
