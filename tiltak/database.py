"""What the database needs beyond Django's migrations."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connection, connections, migrations


def update_statistics() -> None:
    """ANALYZE after a bulk write, so the query planner knows the tables' sizes.

    PostgreSQL's autovacuum would do it later, but not inside the writing
    transaction; SQLite never does it unless asked. Without statistics SQLite
    sorts every published tiltak for a page of the list instead of reading the
    list's index area by area (see Tiltak.Meta.indexes).
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def large_cache(megabytes: int = 256) -> Iterator[None]:
    """A large SQLite page cache for this connection while a bulk write runs.

    The search's trigram table (tiltak migration 0010) writes index pages all
    over for every row. With SQLite's default 2 MB cache a 20,000-tiltak index
    spills to disk again and again: 41 s instead of 13 s. The pages are taken
    only as needed, and the old size is put back after.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (old,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{megabytes * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(old)}")


def use_wal(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After `migrate`: put an SQLite database in WAL mode (see SQLITE_OPTIONS).

    In WAL mode readers do not wait for a writer, nor it for them, even while
    it commits. The mode belongs to the file and stays. It is set here, once,
    because switching needs the database to itself: as a connection option,
    workers starting together on a database not yet switched would fail with
    «database is locked». synchronous stays FULL (the default), so a committed
    edit survives a power cut. The database is then three files (-wal, -shm):
    back up with `make backup`, never by copying the .sqlite3 file alone.
    """
    database = connections[using]
    if database.vendor == "sqlite" and not database.is_in_memory_db():
        with database.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode = WAL")


def sql_on(
    vendor: str, forward: list[str], backward: list[str]
) -> migrations.RunPython:
    """A migration step whose SQL runs on one database only, for what the other
    lacks (PostgreSQL's trigram and full-text indexes and its NOTIFY trigger,
    SQLite's FTS5 table); on the other database it does nothing."""

    def run(statements: list[str]):
        def step(apps, schema_editor) -> None:
            if schema_editor.connection.vendor == vendor:
                for statement in statements:
                    schema_editor.execute(statement)

        return step

    return migrations.RunPython(run(forward), run(backward))
