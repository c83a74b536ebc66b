"""Which of a request's queries ran inside a transaction."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# The project's own tables; Django's session store writes in a transaction of its
# own, which holds no lock while a page is built.
APP_TABLES = ('"tiltak_', '"kontakter_')


@contextmanager
def transaction_flags(tables: tuple[str, ...] = APP_TABLES) -> Iterator[list[bool]]:
    """For each query on `tables` in the block: whether it ran in a transaction.

    Needs a transactional test: a plain test runs inside one of its own.
    """
    flags: list[bool] = []

    def record(execute, sql, params, many, context):
        if any(table in sql for table in tables):
            flags.append(context["connection"].in_atomic_block)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield flags
