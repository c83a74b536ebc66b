from django.db import migrations


class Migration(migrations.Migration):
    """Two changes of the same session, made side by side."""

    dependencies = [
        ("tiltak", "0014_public_vocabulary"),
        ("tiltak", "0014_versions_everywhere"),
    ]

    operations = []
