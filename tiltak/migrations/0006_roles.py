from django.db import migrations

from tiltak.intern.roles import apply_roles


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("kontakter", "0003_history_and_versions"),
        ("tiltak", "0005_history_versions_and_old_addresses"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
