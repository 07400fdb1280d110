"""Which database objects Alembic compares with the models (shared by env.py and the tests)."""

# The SQLite search indexes of families (revisions 0004 and 0016: full-text indexes with their
# shadow tables, the name order) are kept by triggers, not models.
SEARCH_INDEX_TABLES = ("family_search", "family_fragments", "family_order")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "table" and name and name.startswith(SEARCH_INDEX_TABLES))
