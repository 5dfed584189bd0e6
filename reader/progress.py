"""The one shape of progress reports across the reader: ``progress(done, total, current)``.

``done`` of ``total`` steps are finished; ``current`` says what is being worked on (a file, or a phase such as
``reader.jobs.INDEX_STEP``). Core functions take one and know nothing of who shows it.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]
