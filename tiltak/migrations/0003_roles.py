from django.db import migrations

from tiltak.roles import apply_roles


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("kontakter", "0002_aktor_versjon_kontaktkanal_versjon_and_more"),
        ("tiltak", "0002_alter_tiltak_options_tiltak_versjon_historicaltiltak_and_more"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
