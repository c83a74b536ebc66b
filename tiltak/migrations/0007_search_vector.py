from django.db import migrations, models

from tiltak.database import sql_on
from tiltak.search import reindex

# A stored full-text vector with the `norwegian` configuration, kept current by
# PostgreSQL itself from the unstemmed columns, and a GIN index on it. SQLite has
# no tsvector; there the search ranks without it.
VECTOR = """
ALTER TABLE tiltak_sokeindeks ADD COLUMN sokevektor tsvector
GENERATED ALWAYS AS (
    setweight(to_tsvector('norwegian', kilde_tittel), 'A')
    || setweight(to_tsvector('norwegian', kilde_aktorer), 'B')
    || setweight(to_tsvector('norwegian', kilde_tekst), 'C')
) STORED
"""
VECTOR_INDEX = (
    "CREATE INDEX tiltak_sokeindeks_sokevektor_gin "
    "ON tiltak_sokeindeks USING gin (sokevektor)"
)


def fill_source_text(apps, schema_editor):
    reindex(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("tiltak", "0006_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="sokeindeks",
            name="kilde_tittel",
            field=models.TextField(
                default="", editable=False, verbose_name="tittel som skrevet"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="sokeindeks",
            name="kilde_aktorer",
            field=models.TextField(
                default="",
                editable=False,
                verbose_name="aktører og kontaktkanaler som skrevet",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="sokeindeks",
            name="kilde_tekst",
            field=models.TextField(
                default="",
                editable=False,
                verbose_name="beskrivelse og annen tekst som skrevet",
            ),
            preserve_default=False,
        ),
        # Dropping the column drops its index.
        sql_on(
            "postgresql",
            [VECTOR, VECTOR_INDEX],
            ["ALTER TABLE tiltak_sokeindeks DROP COLUMN sokevektor"],
        ),
        migrations.RunPython(fill_source_text, migrations.RunPython.noop),
    ]
