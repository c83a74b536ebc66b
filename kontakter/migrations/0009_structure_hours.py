"""The hours in words of existing channels as weekly rules, where the words are
only hours (kontakter.betjening.parse); the rest stay words and show in the
data-quality report as «åpningstid ikke strukturert»."""

from django.db import migrations

from kontakter import betjening


def structure(apps, schema_editor):
    Kontaktkanal = apps.get_model("kontakter", "Kontaktkanal")
    Betjeningstid = apps.get_model("kontakter", "Betjeningstid")
    for kanal in Kontaktkanal.objects.exclude(apningstid=""):
        if kanal.dognapen or Betjeningstid.objects.filter(kanal=kanal).exists():
            continue
        found = betjening.parse(kanal.apningstid)
        if found is None:
            continue
        if found == "døgnåpen":
            kanal.dognapen = True
        else:
            for rule in found:
                Betjeningstid.objects.create(
                    kanal=kanal,
                    dager=",".join(betjening.DAYS[day] for day in sorted(rule.days)),
                    apner=rule.opens,
                    stenger=rule.closes,
                    over_midnatt=rule.overnight,
                )
            kanal.timeplan = betjening.Timeplan(
                tuple(found), (), kanal.stengt_helligdager
            ).to_json()
        kanal.save(update_fields=["dognapen", "timeplan"])


class Migration(migrations.Migration):
    dependencies = [("kontakter", "0008_betjening")]

    operations = [migrations.RunPython(structure, migrations.RunPython.noop)]
