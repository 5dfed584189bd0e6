"""The machine a benchmark ran on, named the same way by every benchmark."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    """The CPU model from /proc/cpuinfo, else what the platform module says."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def describe() -> str:
    """One line: platform, CPU model, CPU count and Python version."""
    return f"{platform.platform()} | {cpu_model()} | {os.cpu_count()} CPUs | CPython {platform.python_version()}"
