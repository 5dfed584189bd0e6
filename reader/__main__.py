"""Allow ``python -m reader``."""

from __future__ import annotations

import sys

from reader.cli import main

sys.exit(main())
