"""Where the project's data files live (catalogs, demo families, translations, icons)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = PROJECT_ROOT / "resources"
CATALOGS = RESOURCES / "catalog"
DEMO = RESOURCES / "demo"
