"""Load the curated content of «Er du bekymret?» from its TOML source.

Re-runnable: a number, a role or a concern already in the database is left as the
editor has it. Cards and concerns name contact channels by actor and value: the
channel the plan import made is found, or one is made for that actor; a channel
of an actor the database lacks (no plan imported) is left out and counted. The tiltak
under each concern are linked on the tiltak side (tiltak.seed), since kontakter
never imports tiltak.
"""

import tomllib
from collections import Counter
from pathlib import Path

from kontakter import normalize
from kontakter.models import (
    Aktor,
    Bekymringstema,
    Kontaktkanal,
    Kontaktkort,
    Kortkanal,
    Nodnummer,
    Temakanal,
)

LOOKUP_NORMALIZERS = {
    Kontaktkanal.Type.TELEFON: lambda value: normalize.normalize_phone(
        value, allow_short=True
    ),
    Kontaktkanal.Type.EPOST: normalize.normalize_email,
    Kontaktkanal.Type.NETT: normalize.normalize_url,
}


def read_bekymret(path: Path) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


def _exists(model, lookup: dict, counts: Counter) -> bool:
    if model.objects.filter(**lookup).exists():
        counts[model._meta.verbose_name_plural, "uendret"] += 1
        return True
    return False


def _create(model, values: dict, counts: Counter):
    instance = model(**values)
    # full_clean normalises numbers and turns bad source data into a clear error.
    instance.full_clean()
    instance.save()
    counts[model._meta.verbose_name_plural, "opprettet"] += 1
    return instance


def channel(ref: dict, default_aktor: str | None, counts: Counter):
    """The channel `ref` names by actor slug, type and value, or None when the
    actor is not in the database (demo data has none of the plan's actors).

    A channel the actor lacks is made; a found channel's empty label and staffed
    hours are filled from `ref`, never overwritten: the channel is the one place
    a number is kept.
    """
    slug = ref.get("aktor", default_aktor)
    aktor = Aktor.objects.filter(slug=slug).first() if slug else None
    if aktor is None:
        counts[Kontaktkanal._meta.verbose_name_plural, "uten aktør, utelatt"] += 1
        return None
    kind = ref["type"]
    normalizer = LOOKUP_NORMALIZERS.get(kind, str.strip)
    verdi = normalizer(ref["verdi"])
    fill = {
        "etikett": ref.get("etikett", ""),
        "apningstid": ref.get("betjent", ""),
        "nar_stengt": ref.get("nar_stengt", ""),
    }
    kanal = Kontaktkanal.objects.filter(aktor=aktor, type=kind, verdi=verdi).first()
    if kanal is None:
        values = {"aktor": aktor, "type": kind, "verdi": verdi} | fill
        kanal = _create(Kontaktkanal, values, counts)
        kanal.structure_hours()
        return kanal
    empty = {
        field: value
        for field, value in fill.items()
        if value and not getattr(kanal, field)
    }
    if empty:
        for field, value in empty.items():
            setattr(kanal, field, value)
        kanal.save(update_fields=list(empty))
        counts[Kontaktkanal._meta.verbose_name_plural, "utfylt"] += 1
        kanal.structure_hours()
    return kanal


def load_bekymret(data: dict) -> Counter:
    counts: Counter = Counter()
    for order, row in enumerate(data.get("nodnummer", [])):
        lookup = {"nummer": normalize.normalize_phone(row["nummer"])}
        if not _exists(Nodnummer, lookup, counts):
            values = {
                "navn": row["navn"],
                "nar": row["nar"],
                "dognapen": row.get("dognapen", False),
                "rekkefolge": order,
            }
            _create(Nodnummer, lookup | values, counts)
    for order, row in enumerate(data.get("kontaktkort", [])):
        if _exists(Kontaktkort, {"rolle": row["rolle"]}, counts):
            continue
        fields = ("rolle", "navn", "beskrivelse", "kilde", "intern_merknad")
        values = {key: row[key] for key in fields if key in row}
        values["aktor"] = Aktor.objects.filter(slug=row.get("aktor")).first()
        kort = _create(Kontaktkort, values | {"rekkefolge": order}, counts)
        for position, ref in enumerate(row.get("kanaler", [])):
            if kanal := channel(ref, row.get("aktor"), counts):
                Kortkanal.objects.create(kort=kort, kanal=kanal, rekkefolge=position)
    for order, row in enumerate(data.get("tema", [])):
        if _exists(Bekymringstema, {"slug": row["slug"]}, counts):
            continue
        fields = (
            "slug",
            "tittel",
            "sporsmal",
            "rad_foreldre",
            "rad_fagfolk",
            "nar_stengt",
        )
        values = {key: row[key] for key in fields if key in row}
        tema = _create(Bekymringstema, values | {"rekkefolge": order}, counts)
        for malgruppe in Temakanal.Malgruppe.values:
            for position, ref in enumerate(row.get(f"ring_{malgruppe}", [])):
                if kanal := channel(ref, None, counts):
                    Temakanal.objects.create(
                        tema=tema,
                        kanal=kanal,
                        malgruppe=malgruppe,
                        merknad=ref.get("merknad", ""),
                        rekkefolge=position,
                    )
    return counts
