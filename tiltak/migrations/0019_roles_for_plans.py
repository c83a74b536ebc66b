"""The SLT-koordinator makes, adopts and publishes plans and follows them up."""

from django.db import migrations

from tiltak.intern.roles import apply_roles


class Migration(migrations.Migration):
    dependencies = [("tiltak", "0018_plans_of_a_kommune")]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
