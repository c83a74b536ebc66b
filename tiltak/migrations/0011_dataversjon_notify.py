"""PostgreSQL tells every listening server process when the data version changes.

A trigger on tiltak_dataversjon sends NOTIFY on the channel tiltak.caching listens
on, for any statement that changes the counter: a save's bump, a bulk write's,
a restore's, even an UPDATE by hand. PostgreSQL delivers it when the writing
transaction commits, and never for one that rolls back. SQLite has nothing to
notify with; its processes read the counter on each request (tiltak.caching).
"""

from django.db import migrations

from tiltak.database import sql_on

CHANNEL = "slt_dataversjon"
TABLE = "tiltak_dataversjon"
FUNCTION = "tiltak_dataversjon_varsle"

CREATE = [
    f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$",
    f"CREATE TRIGGER {FUNCTION} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    f"ON {TABLE} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {FUNCTION} ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("tiltak", "0010_sqlite_trigram_index"),
    ]

    operations = [sql_on("postgresql", CREATE, DROP)]
