"""Which database objects Alembic compares with the models (shared by env.py and the tests)."""


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    # The SQLite full-text index (revision 0004) and its shadow tables are not models.
    return not (type_ == "table" and name and name.startswith("family_search"))
