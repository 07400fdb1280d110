"""Per-counter settings (terminal address, printers…) in a small JSON file of the user config
folder; shared settings live in the database (see ems_desktop.config)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from ems_desktop.config import LOCAL, REGISTRY, SettingDef
from ems_desktop.database.engine import APP_AUTHOR, APP_NAME


def config_dir() -> Path:
    override = os.environ.get("EMS_CONFIG_DIR") or os.environ.get("EMS_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


class LocalSettings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "guichet.json"
        try:
            self._values = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            self._values = {}

    def get(self, definition: SettingDef):
        assert definition.scope == LOCAL, definition.key
        return definition.coerce(self._values.get(definition.key))

    def set(self, definition: SettingDef, value) -> None:
        assert definition.scope == LOCAL, definition.key
        self._values[definition.key] = definition.coerce(value)

    def save(self) -> None:
        known = {k: v for k, v in self._values.items() if k in REGISTRY}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(known, indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)  # atomic: a crash never leaves half a file
