"""The PySide6 interface: the only package (with the entry point) that imports Qt."""
