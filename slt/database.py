"""What the database needs beyond Django's migrations."""

from django.db import connection


def update_statistics() -> None:
    """ANALYZE after a bulk write, so the query planner knows the tables' sizes.

    PostgreSQL's autovacuum would do it later, but not inside the writing
    transaction; SQLite never does it unless asked. Without statistics SQLite
    sorts every published tiltak for a page of the list instead of reading the
    list's index area by area (see Tiltak.Meta.indexes).
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
