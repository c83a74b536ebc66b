"""Small factories for tests: make_x(**overrides) with sensible defaults."""

from itertools import count

from django.utils import timezone
from stdnum.no import fodselsnummer

from kontakter.models import Aktor, Kommune, Kontaktkanal
from tiltak.models import (
    PLAN_TEXT_FIELDS,
    Handlingsplan,
    Innsatsomrade,
    Plantiltak,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
)

_numbers = count(1)


def make_innsatsomrade(**overrides) -> Innsatsomrade:
    n = next(_numbers)
    values = {"navn": f"Innsatsområde {n}", "slug": f"omrade-{n}", "rekkefolge": n}
    return Innsatsomrade.objects.create(**values | overrides)


def make_aktor(**overrides) -> Aktor:
    n = next(_numbers)
    values = {"navn": f"Tjeneste {n}", "slug": f"tjeneste-{n}", "kortnavn": f"T{n}"}
    return Aktor.objects.create(**values | overrides)


def make_kanal(**overrides) -> Kontaktkanal:
    values = {"type": Kontaktkanal.Type.TELEFON, "verdi": "+4746934634"}
    values |= overrides
    if "aktor" not in values:
        values["aktor"] = make_aktor()
    return Kontaktkanal.objects.create(**values)


def make_kommune(**overrides) -> Kommune:
    values = {"navn": "Lillestrøm", "nummer": "3205", "slug": "lillestrom"}
    values |= overrides
    nummer = values.pop("nummer")
    return Kommune.objects.get_or_create(nummer=nummer, defaults=values)[0]


def make_plan(*, tiltak=(), **overrides) -> Handlingsplan:
    """A plan period, by default 2023–2024 of Lillestrøm; `tiltak` become members
    with their own texts."""
    fra_ar = overrides.pop("fra_ar", 2023)
    values = {
        "tittel": "Handlingsplan for rus- og kriminalitetsforebyggende arbeid",
        "periode": f"skoleåret {fra_ar}–{fra_ar + 1}",
        "fra_ar": fra_ar,
        "til_ar": fra_ar + 1,
        "status": Handlingsplan.Status.GJELDENDE,
    }
    values |= overrides
    if "kommune" not in values:
        values["kommune"] = make_kommune()
    plan = Handlingsplan.objects.create(**values)
    for order, item in enumerate(tiltak):
        add_to_plan(plan, item, rekkefolge=order)
    return plan


def adopt(plan: Handlingsplan, saksnummer: str = "24/1234") -> None:
    """«Vedta» as /intern/ runs it (tiltak.planer.vedta), today, by the politiråd."""
    from tiltak.planer import vedta

    vedta(
        plan,
        dato=timezone.localdate(),
        organ=Handlingsplan.Organ.POLITIRADET,
        saksnummer=saksnummer,
    )


def add_to_plan(plan: Handlingsplan, tiltak: Tiltak, **overrides) -> Plantiltak:
    values = {name: getattr(tiltak, name) for name in PLAN_TEXT_FIELDS}
    values |= {"innsatsomrade": tiltak.innsatsomrade, "merket_nytt": tiltak.nytt}
    return Plantiltak.objects.create(plan=plan, tiltak=tiltak, **values | overrides)


def make_tiltak(*, aktorer=(), kanaler=(), **overrides) -> Tiltak:
    n = next(_numbers)
    values = {
        "tittel": f"Tiltak {n}",
        "slug": f"tiltak-{n}",
        "beskrivelse": "Et lavterskeltilbud for ungdom.",
        "status": Tiltak.Status.PUBLISERT,
    }
    values |= overrides
    if "innsatsomrade" not in values:
        values["innsatsomrade"] = make_innsatsomrade()
    tiltak = Tiltak.objects.create(**values)
    for order, aktor in enumerate(aktorer):
        TiltakAktor.objects.create(tiltak=tiltak, aktor=aktor, rekkefolge=order)
    for order, kanal in enumerate(kanaler):
        TiltakKanal.objects.create(tiltak=tiltak, kanal=kanal, rekkefolge=order)
    return tiltak


def make_fodselsnummer(date: str = "120355", individual: int = 500) -> str:
    """A fødselsnummer with correct control digits that no living person has: the
    default date with an individual number of 500–749 means born in 1855, long
    before the numbers were given (1964). Add 40 to the day for a D-nummer
    («520355»), to the month for an H-nummer («124355»)."""
    for candidate in range(individual, 1000):
        number = date + f"{candidate:03}"
        first = fodselsnummer.calc_check_digit1(number)
        second = fodselsnummer.calc_check_digit2(number + first)
        if len(first) == len(second) == 1:
            return number + first + second
    raise ValueError(f"no fødselsnummer for {date}")


def make_plan_pair(old_status: str = Handlingsplan.Status.GJELDENDE):
    """2023–2024 and the 2024–2025 draft made from it: «Natteravner» kept,
    «Gatemegling» ended, «Trygg hjem» added, «Ungdomslos» described anew; under
    «Forebygging» and «Vold og overgrep», in that order."""
    forebygging = make_innsatsomrade(
        navn="Forebygging", slug="forebygging", rekkefolge=1
    )
    vold = make_innsatsomrade(navn="Vold og overgrep", slug="vold", rekkefolge=2)
    kept = make_tiltak(tittel="Natteravner", innsatsomrade=forebygging)
    changed = make_tiltak(
        tittel="Ungdomslos",
        beskrivelse="Losen følger opp ungdom som har droppet ut.",
        innsatsomrade=forebygging,
    )
    gone = make_tiltak(tittel="Gatemegling", innsatsomrade=vold)
    added = make_tiltak(tittel="Trygg hjem", innsatsomrade=vold)
    old = make_plan(tiltak=[kept, changed, gone], status=old_status)
    new = make_plan(
        tiltak=[kept, added], fra_ar=2024, status=Handlingsplan.Status.UTKAST
    )
    add_to_plan(
        new,
        changed,
        beskrivelse="Losen følger opp ungdom som står i fare for å droppe ut.",
    )
    return old, new
