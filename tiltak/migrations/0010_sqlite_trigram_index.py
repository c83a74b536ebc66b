"""A trigram full-text index over the search index, for SQLite.

SQLite's FTS5 with the trigram tokenizer answers a query for a substring, such as
« rus» or «vold», from an index, with the same hits as LIKE '% rus%' over the
columns, which reads every row (tiltak.search.candidates). It is an external-content
table: it holds no text of its own, and triggers keep it in step with
tiltak_sokeindeks. PostgreSQL has its trigram GIN indexes instead (0003).
"""

from django.db import migrations

from tiltak.database import sql_on

TABLE = "tiltak_sokeindeks_fts"
SOURCE = "tiltak_sokeindeks"
COLUMNS = ("tittel", "aktorer", "tekst")


def _values(prefix: str) -> str:
    return ", ".join(f"{prefix}.{column}" for column in COLUMNS)


CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({', '.join(COLUMNS)}, "
    f"content='{SOURCE}', content_rowid='tiltak_id', tokenize='trigram')",
    f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}(rowid, {', '.join(COLUMNS)}) "
    f"VALUES (new.tiltak_id, {_values('new')}); END",
    f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {', '.join(COLUMNS)}) "
    f"VALUES ('delete', old.tiltak_id, {_values('old')}); END",
    f"CREATE TRIGGER {TABLE}_update AFTER UPDATE ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {', '.join(COLUMNS)}) "
    f"VALUES ('delete', old.tiltak_id, {_values('old')}); "
    f"INSERT INTO {TABLE}(rowid, {', '.join(COLUMNS)}) "
    f"VALUES (new.tiltak_id, {_values('new')}); END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TABLE IF EXISTS {TABLE}",
]


class Migration(migrations.Migration):
    dependencies = [
        ("tiltak", "0009_list_indexes"),
    ]

    operations = [sql_on("sqlite", CREATE, DROP)]
