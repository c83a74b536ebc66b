"""A handlingsplan belongs to a Kommune (kontakter 0007) instead of naming one."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify

# The kommuner a plan in the database has named so far, by that name.
KNOWN = {"Lillestrøm kommune": ("Lillestrøm", "3205")}


def link_kommune(apps, schema_editor) -> None:
    Handlingsplan = apps.get_model("tiltak", "Handlingsplan")
    Kommune = apps.get_model("kontakter", "Kommune")
    for plan in Handlingsplan.objects.all():
        navn, nummer = KNOWN.get(
            plan.kommune_navn, (plan.kommune_navn.removesuffix(" kommune"), "")
        )
        if not nummer:
            # Not a kommune we know the number of (demo data): a number no
            # kommune has, for an editor to correct in the admin.
            nummer = f"{9999 - Kommune.objects.count():04d}"
        kommune, _ = Kommune.objects.get_or_create(
            navn=navn, defaults={"nummer": nummer, "slug": slugify(navn)[:80]}
        )
        plan.kommune = kommune
        plan.save(update_fields=["kommune"])


def unlink_kommune(apps, schema_editor) -> None:
    Handlingsplan = apps.get_model("tiltak", "Handlingsplan")
    for plan in Handlingsplan.objects.select_related("kommune"):
        plan.kommune_navn = f"{plan.kommune.navn} kommune"
        plan.save(update_fields=["kommune_navn"])


class Migration(migrations.Migration):
    dependencies = [
        ("kontakter", "0007_kommune"),
        ("tiltak", "0015_merge"),
    ]

    operations = [
        migrations.RenameField("handlingsplan", "kommune", "kommune_navn"),
        migrations.AddField(
            model_name="handlingsplan",
            name="kommune",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="planer",
                to="kontakter.kommune",
                verbose_name="kommune",
            ),
        ),
        migrations.RunPython(link_kommune, unlink_kommune),
    ]
