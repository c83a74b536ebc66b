"""The plan in the database becomes its kommune's current plan, holding every
tiltak that is not archived, with the texts and «(nytt tiltak)» marks it has."""

from django.db import migrations

TEXTS = ("tittel", "beskrivelse", "ansvar_tekst", "alder_fra", "alder_til")


def make_current(apps, schema_editor) -> None:
    Handlingsplan = apps.get_model("tiltak", "Handlingsplan")
    Plantiltak = apps.get_model("tiltak", "Plantiltak")
    Tiltak = apps.get_model("tiltak", "Tiltak")
    newest = {}
    for plan in Handlingsplan.objects.order_by("fra_ar"):
        newest[plan.kommune_id] = plan
    for plan in Handlingsplan.objects.all():
        current = newest[plan.kommune_id] == plan
        plan.status = "gjeldende" if current else "avsluttet"
        plan.save(update_fields=["status"])
    if not newest:
        return
    # One kommune so far: its plan holds the tiltak.
    plan = newest[min(newest)]
    tiltak = Tiltak.objects.exclude(status="arkivert").order_by("pk")
    Plantiltak.objects.bulk_create(
        Plantiltak(
            plan=plan,
            tiltak=item,
            innsatsomrade_id=item.innsatsomrade_id,
            rekkefolge=order,
            merket_nytt=item.nytt,
            **{name: getattr(item, name) for name in TEXTS},
        )
        for order, item in enumerate(tiltak)
    )


class Migration(migrations.Migration):
    dependencies = [("tiltak", "0017_plan_periods")]

    operations = [migrations.RunPython(make_current, migrations.RunPython.noop)]
