from django.db import migrations

from tiltak.search import reindex

# A starting list the SLT-koordinator can extend in the admin: words fagfolk and
# parents type, and the words the plan itself uses.
SYNONYMER = [
    ("narkotika", "rus"),
    ("narko", "rus"),
    ("dop", "rus"),
    ("rusmidler", "rus"),
    ("alkohol", "rus"),
    ("fyll", "rus"),
    ("cannabis", "hasj"),
    ("marihuana", "hasj"),
    ("weed", "hasj"),
    ("hasj", "cannabis"),
    ("gjeng", "kriminelle nettverk"),
    ("gjengkriminalitet", "kriminelle nettverk"),
    ("familievold", "vold i nære relasjoner"),
    ("partnervold", "vold i nære relasjoner"),
    ("voldtekt", "seksuelle overgrep"),
    ("terror", "ekstremisme"),
    ("ekstremisme", "radikalisering"),
    ("radikalisering", "ekstremisme"),
    ("æreskultur", "negativ sosial kontroll"),
    ("tvangsgifte", "tvangsekteskap"),
    ("trafficking", "menneskehandel"),
    ("utnyttelse", "menneskehandel"),
    ("mekling", "megling"),
    ("megling", "mekling"),
    ("konflikt", "konfliktrådet"),
    ("skulk", "fravær"),
    ("skolefravær", "fravær"),
    ("psykolog", "psykisk helse"),
    ("jobb", "arbeid"),
    ("foreldrestøtte", "foreldreveiledning"),
    ("nettmobbing", "nettpatrulje"),
]


def add_synonyms(apps, schema_editor):
    Synonym = apps.get_model("tiltak", "Synonym")
    for ord, betyr in SYNONYMER:
        Synonym.objects.get_or_create(ord=ord, betyr=betyr)


def remove_synonyms(apps, schema_editor):
    Synonym = apps.get_model("tiltak", "Synonym")
    for ord, betyr in SYNONYMER:
        Synonym.objects.filter(ord=ord, betyr=betyr).delete()


def build_index(apps, schema_editor):
    reindex(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("tiltak", "0003_search"),
    ]

    operations = [
        migrations.RunPython(add_synonyms, remove_synonyms),
        migrations.RunPython(build_index, migrations.RunPython.noop),
    ]
