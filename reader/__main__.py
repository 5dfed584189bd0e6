"""Allow ``python -m reader``."""

from __future__ import annotations

import sys

from reader.cli import main

if __name__ == "__main__":  # worker processes that re-import this module must not run the CLI
    sys.exit(main())
