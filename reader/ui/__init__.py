"""The Qt layer: the only package that imports PySide6. Thin: behaviour lives in reader.core."""
