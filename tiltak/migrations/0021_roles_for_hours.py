"""Both roles keep the hours a channel is staffed: weekly rules and exceptions."""

from django.db import migrations

from tiltak.intern.roles import apply_roles


class Migration(migrations.Migration):
    dependencies = [
        ("tiltak", "0020_plantiltak_order_by_area_name"),
        ("kontakter", "0009_structure_hours"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
