"""Domain errors carry a French message fit to show the agent, and the field it belongs to."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the agent can act on. ``field`` names the input it belongs to, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    pass


class ValidationFailed(DomainError):
    """Several inputs are wrong at once: ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first_field, first_message = next(iter(errors.items()))
        super().__init__(first_message, field=first_field)
        self.errors = dict(errors)


class AgeNotAllowed(DomainError):
    pass


class GroupFull(DomainError):
    """The group has no place left; the agent may put the child on the waiting list."""


class AlreadyEnrolled(DomainError):
    pass


class CatalogFileError(DomainError):
    """A catalog file was refused; ``problems`` lists (line, field, message). Nothing was imported."""

    def __init__(self, problems: list[tuple[int, str, str]]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"Ligne {line}, champ « {field} » : {message}" for line, field, message in problems[:20])
        more = f"\n… et {len(problems) - 20} autres erreurs." if len(problems) > 20 else ""
        super().__init__(f"Le fichier de catalogue est refusé, rien n'a été importé.\n{shown}{more}")


class DatabaseBusy(DomainError):
    """Another counter held the database's write lock longer than the busy timeout."""

    def __init__(self) -> None:
        super().__init__("La base est occupée par un autre poste, réessayez.")


class DatabaseStillBeingChecked(DomainError):
    """A write asked while the start-up's check of the file still runs (a large base read from the
    disk on a counter just switched on): nothing is written before the file is known sound."""

    def __init__(self) -> None:
        super().__init__("La base de données est en cours de vérification (démarrage du poste) : "
                         "rien n'a été enregistré, réessayez dans quelques secondes.")


class DatabaseDamaged(DomainError):
    """The start-up's check found the file damaged: the counter writes nothing more (the
    application then refuses to go on, views/application.py)."""


class ConcurrentChange(DomainError):
    """Another counter changed the same data at the same moment (a unique key, a deadlock or a
    serialization failure caught the race). Money services retry once before showing it."""

    def __init__(self) -> None:
        super().__init__("Un autre poste a modifié les mêmes données au même moment : "
                         "vérifiez l'écran puis réessayez.")


class InvalidData(DomainError):
    """A value the database refuses (too long, invisible character): nothing was saved."""
