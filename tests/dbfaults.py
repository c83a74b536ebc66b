"""A database that fails: locked by another connection, or failing chosen queries."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, connections


@contextmanager
def locked_database() -> Iterator[None]:
    """Another connection holds the database locked, as a long write would.

    The application's own connection gives up quickly: SQLite's shared in-memory
    test database refuses at once, PostgreSQL waits out a short lock_timeout.
    Needs a transactional test, since the test's own transaction would hold locks.
    """
    holder = connections.create_connection("default")
    with holder.cursor() as cursor:
        if holder.vendor == "sqlite":
            cursor.execute("BEGIN EXCLUSIVE")
        else:
            cursor.execute("BEGIN")
            cursor.execute("LOCK TABLE tiltak_handlingsplan IN ACCESS EXCLUSIVE MODE")
            connection.cursor().execute("SET lock_timeout = '200ms'")
        try:
            yield
        finally:
            cursor.execute("ROLLBACK")
            if holder.vendor != "sqlite":
                connection.cursor().execute("RESET lock_timeout")
    # close() leaves an in-memory SQLite connection open; this one must go.
    holder.connection.close()


@contextmanager
def failing_queries(
    matching: str = "", skip: int = 0, error: Exception | None = None
) -> Iterator[None]:
    """Queries whose SQL contains `matching` fail, after the first `skip` of them.

    The database seems to go away mid-request (by default with the error psycopg
    reports for a server that stopped), through Django's own execute_wrapper hook.
    """
    seen = 0

    def execute(run, sql, params, many, context):
        nonlocal seen
        if matching in sql:
            seen += 1
            if seen > skip:
                raise error or OperationalError("server closed the connection")
        return run(sql, params, many, context)

    with connection.execute_wrapper(execute):
        yield
