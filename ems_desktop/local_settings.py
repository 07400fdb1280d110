"""Per-counter settings (terminal, printers…) in a small JSON file of the user config folder;
shared settings live in the database (see ems_desktop.config).

A missing file means the defaults (a new counter). A file that is there but cannot be used —
unreadable, not JSON, not an object, a value of the wrong kind — is never read as empty: that
would silently change this counter's terminal. ``LocalSettingsUnreadable`` says so, naming it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from ems_desktop import config
from ems_desktop.config import LOCAL, REGISTRY, SettingDef
from ems_desktop.database.engine import APP_AUTHOR, APP_NAME
from ems_desktop.private_files import private_dir, write_private


def config_dir() -> Path:
    """This counter's config folder, private to the user (0700)."""
    override = os.environ.get("EMS_CONFIG_DIR") or os.environ.get("EMS_DATA_DIR")
    return private_dir(Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)))


class LocalSettingsUnreadable(Exception):
    """This counter's settings file exists but cannot be used. The message (French) names the
    file and what to do; ``detail`` keeps the system's own words."""

    def __init__(self, path: Path, reason: str, detail: str = "") -> None:
        self.path = path
        self.reason = reason
        self.detail = detail
        super().__init__(
            f"Le fichier des paramètres de ce poste, {path}, est illisible : {reason}. Le guichet ne démarre pas "
            "sans lui, pour ne pas changer de TPE sans le dire. Corrigez ce fichier ou remettez sa sauvegarde ; "
            "le supprimer remet les réglages par défaut (TPE et imprimante de tickets à reconfigurer dans "
            "Fichier › Paramètres).")


def _kind_ok(definition: SettingDef, value) -> bool:
    if value is None:
        return True  # null: the default
    if definition.type is bool:
        return isinstance(value, bool)
    if definition.type is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, definition.type)


def _value_problem(definition: SettingDef, value) -> str:
    """Why this value cannot be stored for this setting, or ""."""
    if not _kind_ok(definition, value):
        return f"la valeur de « {definition.key} » ({json.dumps(value, ensure_ascii=False)}) n'est pas valide"
    if definition.choices and value is not None and value not in definition.choices:
        allowed = ", ".join(f"« {c} »" if c else "vide" for c in definition.choices)
        return (f"« {definition.key} » vaut « {value} », qui n'est pas un choix possible "
                f"({allowed})")
    return ""


class LocalSettings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "guichet.json"
        self._values = self._read()

    def _read(self) -> dict:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}  # a new counter: the defaults
        except UnicodeDecodeError as bad:
            raise LocalSettingsUnreadable(self.path, "il n'est pas encodé en UTF-8", str(bad)) from bad
        except OSError as failed:
            raise LocalSettingsUnreadable(self.path, "il ne peut pas être lu (droits d'accès, ou ce n'est pas un "
                                                     "fichier)", str(failed)) from failed
        try:
            values = json.loads(text)
        except json.JSONDecodeError as bad:
            raise LocalSettingsUnreadable(self.path, f"ce n'est pas du JSON valide (ligne {bad.lineno}, colonne "
                                                     f"{bad.colno})", str(bad)) from bad
        if not isinstance(values, dict):
            raise LocalSettingsUnreadable(self.path, "il doit contenir un objet JSON entre accolades { … }",
                                          f"contenu : {type(values).__name__}")
        for key, value in values.items():
            definition = REGISTRY.get(key)
            if definition is not None and definition.scope == LOCAL:
                problem = _value_problem(definition, value)
                if problem:
                    raise LocalSettingsUnreadable(self.path, problem)
        # A file written before "terminal.mode" existed: an address given meant a real terminal.
        if config.TERMINAL_MODE.key not in values and values.get(config.TERMINAL_HOST.key):
            values[config.TERMINAL_MODE.key] = config.TERMINAL_REAL
        return values

    def get(self, definition: SettingDef):
        assert definition.scope == LOCAL, definition.key
        return definition.coerce(self._values.get(definition.key))

    def set(self, definition: SettingDef, value) -> None:
        assert definition.scope == LOCAL, definition.key
        value = definition.coerce(value)
        problem = _value_problem(definition, value)
        if problem:
            raise ValueError(problem)
        self._values[definition.key] = value

    def save(self) -> None:
        known = {k: v for k, v in self._values.items() if k in REGISTRY}
        # Atomic (a crash never leaves half a file) and readable by this user only (0600).
        write_private(self.path, json.dumps(known, indent=2, ensure_ascii=False))
