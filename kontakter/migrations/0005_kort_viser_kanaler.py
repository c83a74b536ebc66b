"""Contact cards point to contact channels instead of holding copies of them.

A card's number and e-mail address become references to the channel with the same
value (the police's drøftingstelefon is a channel of Politiet already), or to a new
channel of the card's actor. Nothing is lost: a channel's empty label or staffed
hours are filled from the card, and where the card said something else, its
internal note records what it said. The concern's advice becomes the advice for
parents and young people; the advice for professionals starts empty.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify

from kontakter import normalize


def _normalised(kind: str, value: str) -> str:
    try:
        if kind == "telefon":
            return normalize.normalize_phone(value, allow_short=True)
        return normalize.normalize_email(value)
    except Exception:  # a stored value the rules of today refuse: keep it as it is
        return value.strip()


def _actor_for(kort, Aktor):
    if kort.aktor_id:
        return kort.aktor
    aktor = Aktor.objects.filter(navn__iexact=kort.rolle).first()
    if aktor is None:
        slug, n = slugify(kort.rolle) or "kontaktkort", 1
        while Aktor.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{slugify(kort.rolle)}-{n}"
        aktor = Aktor.objects.create(navn=kort.rolle, slug=slug)
    return aktor


def cards_to_channels(apps, schema_editor):
    Aktor = apps.get_model("kontakter", "Aktor")
    Kontaktkanal = apps.get_model("kontakter", "Kontaktkanal")
    Kontaktkort = apps.get_model("kontakter", "Kontaktkort")
    Kortkanal = apps.get_model("kontakter", "Kortkanal")
    for kort in Kontaktkort.objects.order_by("pk"):
        aktor = _actor_for(kort, Aktor)
        kort.aktor = aktor
        notes = []
        copies = [
            ("telefon", kort.telefon, kort.telefon_etikett, kort.apningstid),
            ("epost", kort.epost, "", ""),
        ]
        for order, (kind, raw, etikett, apningstid) in enumerate(copies):
            if not raw:
                continue
            value = _normalised(kind, raw)
            same = Kontaktkanal.objects.filter(type=kind, verdi=value)
            kanal = same.filter(aktor=aktor).first() or same.order_by("pk").first()
            if kanal is None:
                kanal = Kontaktkanal.objects.create(
                    aktor=aktor,
                    type=kind,
                    verdi=value,
                    etikett=etikett,
                    apningstid=apningstid,
                )
            else:
                changed = []
                for field, card_value in (
                    ("etikett", etikett),
                    ("apningstid", apningstid),
                ):
                    stored = getattr(kanal, field)
                    if card_value and not stored:
                        setattr(kanal, field, card_value)
                        changed.append(field)
                    elif card_value and card_value != stored:
                        notes.append(
                            f"Før kortet viste kanalen, sto det «{card_value}» "
                            f"({field.replace('apningstid', 'betjent')}) ved "
                            f"{raw} på kortet; kanalen har «{stored}»."
                        )
                if changed:
                    kanal.versjon += 1
                    kanal.save(update_fields=[*changed, "versjon"])
            Kortkanal.objects.get_or_create(
                kort=kort, kanal=kanal, defaults={"rekkefolge": order}
            )
        if notes:
            kort.intern_merknad = "\n".join(filter(None, [kort.intern_merknad, *notes]))
        kort.save(update_fields=["aktor", "intern_merknad"])


def channels_to_cards(apps, schema_editor):
    """Back to copies: a card's first phone and first e-mail channel."""
    Kontaktkort = apps.get_model("kontakter", "Kontaktkort")
    Kortkanal = apps.get_model("kontakter", "Kortkanal")
    for kort in Kontaktkort.objects.all():
        links = Kortkanal.objects.filter(kort=kort).select_related("kanal")
        for link in links.order_by("rekkefolge", "id"):
            kanal = link.kanal
            if kanal.type == "telefon" and not kort.telefon:
                kort.telefon = kanal.verdi
                kort.telefon_etikett = kanal.etikett[:100]
                kort.apningstid = kanal.apningstid
            elif kanal.type == "epost" and not kort.epost:
                kort.epost = kanal.verdi
        kort.save(update_fields=["telefon", "telefon_etikett", "apningstid", "epost"])


class Migration(migrations.Migration):
    dependencies = [
        ("kontakter", "0004_link_check"),
    ]

    operations = [
        migrations.AddField(
            model_name="bekymringstema",
            name="rad_fagfolk",
            field=models.TextField(
                blank=True,
                help_text="Vises under «For deg som jobber med barn og unge»: hvem man drøfter med, og når man melder fra. Avsnitt skilles med en tom linje; telefonnumre blir lenker. Skriv aldri opplysninger om et enkelt barn, en ungdom eller en familie her.",
                verbose_name="råd til fagfolk",
            ),
        ),
        migrations.AddField(
            model_name="kontaktkort",
            name="aktor",
            field=models.ForeignKey(
                blank=True,
                help_text="Aktøren rollen hører til, for eksempel «SLT-koordinator» eller «Politikontakt». Kortets kanaler kan også høre til andre aktører.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="kontaktkort",
                to="kontakter.aktor",
                verbose_name="aktør",
            ),
        ),
        migrations.AddField(
            model_name="kontaktkort",
            name="intern_merknad",
            field=models.TextField(
                blank=True,
                help_text="For redaktørene, vises aldri på nettsiden: for eksempel hva kilden ikke oppgir. Skriv aldri opplysninger om et enkelt barn, en ungdom eller en familie her.",
                verbose_name="intern merknad",
            ),
        ),
        migrations.AlterField(
            model_name="kontaktkort",
            name="beskrivelse",
            field=models.TextField(
                blank=True,
                help_text="Vises på nettsiden: hva man kan ta kontakt om. Telefonnumre i teksten blir lenker. Skriv aldri opplysninger om et enkelt barn, en ungdom eller en familie her.",
                verbose_name="beskrivelse",
            ),
        ),
        migrations.AlterField(
            model_name="kontaktkort",
            name="kilde",
            field=models.CharField(
                help_text="Intern, vises ikke på nettsiden: hvor opplysningene kommer fra, så de kan sjekkes ved neste revisjon.",
                max_length=300,
                verbose_name="kilde",
            ),
        ),
        migrations.CreateModel(
            name="Kortkanal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "rekkefolge",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="Lavest vises først på kortet.",
                        verbose_name="rekkefølge",
                    ),
                ),
                (
                    "kanal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="kontakter.kontaktkanal",
                        verbose_name="kontaktkanal",
                    ),
                ),
                (
                    "kort",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to="kontakter.kontaktkort",
                        verbose_name="kontaktkort",
                    ),
                ),
            ],
            options={
                "verbose_name": "kontaktkanal på kortet",
                "verbose_name_plural": "kontaktkanaler på kortet",
                "ordering": ["rekkefolge", "id"],
            },
        ),
        migrations.AddField(
            model_name="kontaktkort",
            name="kanaler",
            field=models.ManyToManyField(
                blank=True,
                help_text="Numrene og adressene kortet viser. Et nummer endres på kontaktkanalen, og da endres det her og på alle tiltak som viser kanalen.",
                related_name="kontaktkort",
                through="kontakter.Kortkanal",
                to="kontakter.kontaktkanal",
                verbose_name="kontaktkanaler",
            ),
        ),
        migrations.CreateModel(
            name="Temakanal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "malgruppe",
                    models.CharField(
                        choices=[
                            ("foreldre", "Foreldre og unge"),
                            ("fagfolk", "Fagfolk"),
                        ],
                        max_length=20,
                        verbose_name="for hvem",
                    ),
                ),
                (
                    "merknad",
                    models.CharField(
                        blank=True,
                        help_text="Vises ved kanalen på temaets side, for eksempel hva man ringer om. Skriv aldri opplysninger om et enkelt barn, en ungdom eller en familie her.",
                        max_length=300,
                        verbose_name="merknad for dette temaet",
                    ),
                ),
                (
                    "rekkefolge",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="Lavest vises først.",
                        verbose_name="rekkefølge",
                    ),
                ),
                (
                    "kanal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="kontakter.kontaktkanal",
                        verbose_name="kontaktkanal",
                    ),
                ),
                (
                    "tema",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to="kontakter.bekymringstema",
                        verbose_name="bekymringstema",
                    ),
                ),
            ],
            options={
                "verbose_name": "kanal å ringe først",
                "verbose_name_plural": "kanaler å ringe først",
                "ordering": ["rekkefolge", "id"],
            },
        ),
        migrations.AddField(
            model_name="bekymringstema",
            name="kanaler",
            field=models.ManyToManyField(
                blank=True,
                related_name="bekymringstemaer",
                through="kontakter.Temakanal",
                to="kontakter.kontaktkanal",
                verbose_name="ring først",
            ),
        ),
        migrations.AddConstraint(
            model_name="kortkanal",
            constraint=models.UniqueConstraint(
                fields=("kort", "kanal"),
                name="kontakter_kortkanal_unique_channel",
                violation_error_message="Kanalen er allerede vist på kortet.",
            ),
        ),
        migrations.AddConstraint(
            model_name="temakanal",
            constraint=models.UniqueConstraint(
                fields=("tema", "kanal", "malgruppe"),
                name="kontakter_temakanal_unique_channel",
                violation_error_message="Kanalen står allerede under temaet for denne målgruppen.",
            ),
        ),
        migrations.RenameField(
            model_name="bekymringstema",
            old_name="rad",
            new_name="rad_foreldre",
        ),
        migrations.AlterField(
            model_name="bekymringstema",
            name="rad_foreldre",
            field=models.TextField(
                blank=True,
                help_text="Vises under «For foreldre og unge»: kort og konkret, hva man kan gjøre og hvem man ringer først. Avsnitt skilles med en tom linje; telefonnumre blir lenker. Skriv aldri opplysninger om et enkelt barn, en ungdom eller en familie her.",
                verbose_name="råd til foreldre og unge",
            ),
        ),
        migrations.RunPython(cards_to_channels, channels_to_cards),
        migrations.RemoveField(
            model_name="kontaktkort",
            name="apningstid",
        ),
        migrations.RemoveField(
            model_name="kontaktkort",
            name="epost",
        ),
        migrations.RemoveField(
            model_name="kontaktkort",
            name="telefon",
        ),
        migrations.RemoveField(
            model_name="kontaktkort",
            name="telefon_etikett",
        ),
    ]
