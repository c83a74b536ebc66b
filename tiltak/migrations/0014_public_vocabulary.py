"""«Mente du …?» suggests only words of published tiltak (tiltak.search.reindex):
the vocabulary is built again without the words of drafts and archived tiltak,
which every earlier version added."""

from django.db import migrations

from tiltak.search import reindex


def public_words_only(apps, schema_editor):
    apps.get_model("tiltak", "Sokeord").objects.all().delete()
    reindex(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("tiltak", "0013_roles_for_er_du_bekymret"),
    ]

    operations = [migrations.RunPython(public_words_only, migrations.RunPython.noop)]
