"""The SLT-koordinator edits the channels a card shows and whom each audience of
a concern calls first (kontakter 0005): the roles are applied again."""

from django.db import migrations

from tiltak.intern.roles import apply_roles


class Migration(migrations.Migration):
    dependencies = [
        ("kontakter", "0005_kort_viser_kanaler"),
        ("tiltak", "0012_more_synonyms"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
