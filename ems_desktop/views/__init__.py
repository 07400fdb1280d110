"""The PySide6 interface: the only package (with the entry point) that imports Qt."""

from ems_desktop.views import pyside_source_scan

# Before any screen is imported: PySide6 would otherwise keep the source of every module in memory.
pyside_source_scan.install()
