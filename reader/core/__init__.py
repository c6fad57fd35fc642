"""The Qt-free core: formats, cleaning, sanitizing, library, search and state.

Nothing in this package may import PySide6 (tests/core/test_boundary.py checks it):
the GUI (reader.ui) and the CLI (reader.cli) are both thin layers over it.
"""
