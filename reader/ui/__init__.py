"""The desktop interface (PySide6). Panels emit intent signals; the main window wires them together."""
