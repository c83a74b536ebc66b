"""The data quality report: what the SLT-koordinator should fix, section by section.

Each check is a query, or one pass over a single column where only Python can
judge (phone numbers and web addresses are re-validated with the same
kontakter.normalize functions the admin uses). Archived tiltak are out of the plan
and are not reported.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    Exists,
    F,
    Field,
    Max,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.urls import reverse
from django.utils.text import capfirst
from simple_history.models import HistoricalChanges

from kontakter import merge, normalize, personvern
from kontakter.models import (
    Aktor,
    Bekymringstema,
    Kontaktkanal,
    Kontaktkort,
    Kortkanal,
    Nodnummer,
    Temakanal,
)
from kontakter.templatetags.telefon import find_numbers
from tiltak.models import Tiltak, TiltakAktor, TiltakKanal, TiltakTema

VERIFY_MONTHS = 12

PHONE = Kontaktkanal.Type.TELEFON
WEB = Kontaktkanal.Type.NETT


def admin_url(obj) -> str:
    """The admin page where this record is fixed."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def in_plan() -> QuerySet[Tiltak]:
    """Drafts and published tiltak: archived ones and those a new plan ended are
    not checked."""
    gone = (Tiltak.Status.ARKIVERT, Tiltak.Status.AVSLUTTET)
    return Tiltak.objects.exclude(status__in=gone)


def tiltak_without_contact() -> QuerySet[Tiltak]:
    """Tiltak no one can be contacted through: no channel, or only link texts
    without an address; «unresolved» counts the latter."""
    address_missing = Q(tiltakkanal__kanal__type=WEB, tiltakkanal__kanal__verdi="")
    return (
        in_plan()
        .without_kontaktkanal()
        .annotate(unresolved=Count("tiltakkanal", filter=address_missing))
        .order_by("tittel")
    )


def unverified_tiltak() -> QuerySet[Tiltak]:
    """Tiltak not verified for more than a year, never verified first."""
    return (
        in_plan()
        .not_verified_in(VERIFY_MONTHS)
        .order_by(F("sist_verifisert").asc(nulls_first=True), "tittel")
    )


def _unlabelled_showings() -> Q:
    """A phone number shown on a tiltak with nothing to tell it from another of
    the actor's numbers: no label on the channel, no note on the tiltak."""
    return Q(
        type=PHONE,
        etikett="",
        tiltakkanal__merknad="",
        tiltakkanal__tiltak__in=in_plan(),
    )


def number_conflicts() -> QuerySet[Aktor]:
    """Actors whose tiltak show different numbers for the same purpose.

    The rule: an actor has two or more phone numbers shown without a label or a
    note, and one of them is shown so on two or more tiltak. A number shown on
    several tiltak reads as the actor's number, so another unlabelled number on
    another tiltak contradicts it. Numbers that each belong to a single tiltak
    (one helpline per tiltak) do not conflict.

    Each actor comes with «numbers»: those channels, each with «showings», the
    links to the tiltak that show it.
    """
    shown = Kontaktkanal.objects.filter(_unlabelled_showings())
    per_number = shown.values("pk").annotate(
        tiltak_count=Count("tiltakkanal", distinct=True)
    )
    shared = per_number.filter(aktor=OuterRef("pk"), tiltak_count__gte=2)
    per_actor = shown.values("aktor").annotate(numbers=Count("pk", distinct=True))
    conflicting = per_actor.filter(numbers__gte=2).values("aktor")
    showings = TiltakKanal.objects.filter(
        merknad="", tiltak__in=in_plan()
    ).select_related("tiltak")
    return (
        Aktor.objects.filter(pk__in=conflicting)
        .filter(Exists(shared))
        .prefetch_related(
            Prefetch(
                "kanaler",
                queryset=Kontaktkanal.objects.filter(
                    pk__in=shown.values("pk")
                ).prefetch_related(
                    Prefetch("tiltakkanal_set", showings, to_attr="showings")
                ),
                to_attr="numbers",
            )
        )
    )


def unused_channels() -> QuerySet[Kontaktkanal]:
    """Channels no tiltak shows (an archived tiltak still counts as showing), nor
    a card or a concern of «Er du bekymret?»."""
    used = TiltakKanal.objects.filter(kanal=OuterRef("pk"))
    on_card = Kortkanal.objects.filter(kanal=OuterRef("pk"))
    on_concern = Temakanal.objects.filter(kanal=OuterRef("pk"))
    return Kontaktkanal.objects.filter(
        ~Exists(used), ~Exists(on_card), ~Exists(on_concern)
    ).select_related("aktor")


def actors_without_tiltak() -> QuerySet[Aktor]:
    return Aktor.objects.filter(
        ~Exists(TiltakAktor.objects.filter(aktor=OuterRef("pk")))
    )


def similar_actors() -> list[tuple[Aktor, Aktor]]:
    """Actors with nearly the same name («HFU» – «HFU Lillestrøm»): perhaps one
    unit entered twice (kontakter.merge.similar_actors)."""
    return merge.similar_actors(Aktor.objects.all())


@dataclass(frozen=True)
class Invalid:
    """A stored value that fails today's validation, and why."""

    channel: Kontaktkanal
    error: str


def _invalid(channels: QuerySet[Kontaktkanal], check) -> list[Invalid]:
    found = []
    for channel in channels.select_related("aktor").iterator(chunk_size=2000):
        try:
            check(channel)
        except ValidationError as error:
            found.append(Invalid(channel, " ".join(error.messages)))
    return found


def _check_phone(channel: Kontaktkanal) -> None:
    national = channel.aktor.type == Aktor.Type.STATLIG
    normalize.normalize_phone(channel.verdi, allow_short=national)


def invalid_phone_numbers() -> list[Invalid]:
    """Stored numbers that would not pass the admin's validation today."""
    return _invalid(
        Kontaktkanal.objects.filter(type=PHONE).exclude(verdi=""), _check_phone
    )


def invalid_web_addresses() -> list[Invalid]:
    return _invalid(
        Kontaktkanal.objects.filter(type=WEB).exclude(verdi=""),
        lambda channel: normalize.normalize_url(channel.verdi),
    )


def broken_links() -> QuerySet[Kontaktkanal]:
    """Web addresses the last `manage.py check_links` found broken."""
    return Kontaktkanal.objects.filter(
        type=WEB, lenke_status=Kontaktkanal.Lenkestatus.FEIL
    ).select_related("aktor")


def unstructured_hours() -> QuerySet[Kontaktkanal]:
    """«Åpningstid ikke strukturert»: hours in words that no rule says, so no page
    can tell whether the line is open now."""
    return (
        Kontaktkanal.objects.exclude(apningstid="")
        .filter(dognapen=False, timeplan__isnull=True)
        .select_related("aktor")
    )


def link_check_summary() -> dict:
    """How the last link check went: counts per status and when it last ran."""
    Status = Kontaktkanal.Lenkestatus
    return (
        Kontaktkanal.objects.filter(type=WEB)
        .exclude(verdi="")
        .aggregate(
            ok=Count("pk", filter=Q(lenke_status=Status.OK)),
            broken=Count("pk", filter=Q(lenke_status=Status.FEIL)),
            unchecked=Count("pk", filter=Q(lenke_status=Status.IKKE_SJEKKET)),
            last_checked=Max("lenke_sjekket"),
        )
    )


@dataclass(frozen=True)
class Finding:
    """Something to fix on «Er du bekymret?»: where it is fixed, and what is wrong."""

    label: str
    url: str
    problem: str


def _channel_problem(kanal: Kontaktkanal) -> str:
    if kanal.lacks_link:
        return f"«{kanal}» ({kanal.aktor}) mangler adresse"
    if kanal.type == WEB and kanal.lenke_status == Kontaktkanal.Lenkestatus.FEIL:
        return f"lenken {kanal.verdi} virker ikke: {kanal.lenke_melding}".strip()
    return ""


def _copied_numbers(text: str, national: set[str]) -> list[str]:
    """Numbers written into free text that are not national emergency numbers:
    copies that would not change with their channel."""
    return [
        f"nummeret {text[start:end]} står i teksten; vis det som en kanal, så "
        "endres det ett sted"
        for start, end, href in find_numbers(text)
        if href.removeprefix("tel:") not in national
    ]


def _nodnummer_findings(numbers: list[Nodnummer]) -> list[Finding]:
    if not numbers:
        url = reverse("admin:kontakter_nodnummer_changelist")
        return [Finding("Nødnumre", url, "siden viser ingen nødnumre")]
    found = []
    for nummer in numbers:
        try:
            normalize.normalize_phone(nummer.nummer)
        except ValidationError as error:
            problem = "ugyldig nummer: " + " ".join(error.messages)
            found.append(Finding(str(nummer), admin_url(nummer), problem))
    return found


def _kort_findings(national: set[str]) -> list[Finding]:
    links = Kortkanal.objects.select_related("kanal__aktor")
    found = []
    for kort in Kontaktkort.objects.prefetch_related(
        Prefetch("kortkanal_set", queryset=links)
    ):
        problems = [_channel_problem(kanal) for kanal in kort.channels()]
        problems += _copied_numbers(kort.beskrivelse, national)
        if not kort.channels():
            problems.append("viser ingen kontaktkanal")
        for problem in filter(None, problems):
            found.append(
                Finding(f"Kontaktkort: {kort.rolle}", admin_url(kort), problem)
            )
    return found


def _tema_findings(national: set[str]) -> list[Finding]:
    """Concerns without tiltak, or whose tiltak have no phone, and each audience's
    missing advice or number to call first."""
    published = TiltakTema.objects.filter(tiltak__status=Tiltak.Status.PUBLISERT)
    phones = Q(tiltak__tiltakkanal__kanal__type=PHONE)
    per_tema = {
        row["tema"]: row
        for row in published.values("tema").annotate(
            shown=Count("tiltak", distinct=True),
            with_phone=Count("tiltak", filter=phones, distinct=True),
        )
    }
    links = Temakanal.objects.select_related("kanal__aktor")
    found = []
    for tema in Bekymringstema.objects.prefetch_related(
        Prefetch("temakanal_set", queryset=links)
    ):
        counts = per_tema.get(tema.pk, {"shown": 0, "with_phone": 0})
        problems = []
        if not counts["shown"]:
            problems.append("ingen publiserte tiltak under temaet")
        elif not counts["with_phone"]:
            problems.append("ingen av tiltakene under temaet har et telefonnummer")
        for malgruppe, label in Temakanal.Malgruppe.choices:
            if not tema.advice(malgruppe).strip():
                problems.append(f"mangler råd for {label.lower()}")
            problems += _copied_numbers(tema.advice(malgruppe), national)
            if not tema.first_calls(malgruppe):
                problems.append(f"ingen å ringe først for {label.lower()}")
        problems += [_channel_problem(link.kanal) for link in tema.temakanal_set.all()]
        for problem in filter(None, problems):
            found.append(Finding(f"Tema: {tema.tittel}", admin_url(tema), problem))
    return found


def bekymret_findings() -> list[Finding]:
    """«Er du bekymret?» in the page's order: numbers, cards, concerns."""
    numbers = list(Nodnummer.objects.all())
    national = {nummer.nummer for nummer in numbers}
    return (
        _nodnummer_findings(numbers)
        + _kort_findings(national)
        + _tema_findings(national)
    )


# --- Identity numbers in free text ---------------------------------------------------

# Eleven digits, perhaps with one character between the date and the rest: the
# database's cheap first pass (the same REGEXP on SQLite and PostgreSQL), before
# kontakter.personvern checks the control digits.
IDENTITY_NUMBER_CANDIDATE = r"[0-9]{6}[^0-9]?[0-9]{5}"


def models_with_free_text() -> list[tuple[type[Model], list[Field]]]:
    """Every model of kontakter and tiltak with free-text fields, and those
    fields (kontakter.personvern.text_fields); not their history's copies."""
    found = []
    for label in ("kontakter", "tiltak"):
        for model in apps.get_app_config(label).get_models():
            fields = personvern.text_fields(model)
            if fields and not issubclass(model, HistoricalChanges):
                found.append((model, fields))
    return found


def _owner_field(model: type[Model]) -> str | None:
    """For a row edited in an inline (a link with a note), the foreign key to the
    record whose admin page shows it; None for a record with its own page."""
    if admin.site.is_registered(model):
        return None
    return next(
        (
            field.name
            for field in model._meta.concrete_fields
            if field.many_to_one and admin.site.is_registered(field.related_model)
        ),
        None,
    )


def identity_number_findings() -> list[Finding]:
    """Stored free text that holds a fødselsnummer or D-nummer: one query per
    model. The label is masked, since a record's name may hold the number too."""
    found = []
    for model, fields in models_with_free_text():
        owner_field = _owner_field(model)
        candidates = Q()
        for field in fields:
            candidates |= Q(**{f"{field.name}__regex": IDENTITY_NUMBER_CANDIDATE})
        rows = model._default_manager.filter(candidates)
        if related := [f.name for f in model._meta.concrete_fields if f.many_to_one]:
            rows = rows.select_related(*related)
        for row in rows:
            owner = getattr(row, owner_field) if owner_field else row
            label = f"{capfirst(owner._meta.verbose_name)}: {owner}"
            where = f" ({row._meta.verbose_name})" if owner_field else ""
            url = admin_url(owner) if admin.site.is_registered(type(owner)) else ""
            for field in fields:
                if personvern.has_identity_number(getattr(row, field.attname)):
                    problem = (
                        f"«{capfirst(field.verbose_name)}»{where} ser ut til å "
                        "inneholde et fødselsnummer eller D-nummer"
                    )
                    found.append(Finding(personvern.mask(label), url, problem))
    return found


# A section lists at most this many; the count says how many there are in all.
SHOWN = 50


@dataclass(frozen=True)
class Section:
    """The first SHOWN findings of a check, and how many it found in all."""

    shown: list
    total: int

    @property
    def not_shown(self) -> int:
        return self.total - len(self.shown)


def section(found: QuerySet | list) -> Section:
    if isinstance(found, list):
        return Section(found[:SHOWN], len(found))
    return Section(list(found[:SHOWN]), found.count())


def report() -> dict[str, Section]:
    """Every section of the report, in the order the page shows them."""
    return {
        "identity_numbers": section(identity_number_findings()),
        "tiltak_without_contact": section(tiltak_without_contact()),
        "number_conflicts": section(list(number_conflicts())),
        "unverified_tiltak": section(unverified_tiltak()),
        "unused_channels": section(unused_channels()),
        "actors_without_tiltak": section(actors_without_tiltak()),
        "similar_actors": section(similar_actors()),
        "invalid_phone_numbers": section(invalid_phone_numbers()),
        "invalid_web_addresses": section(invalid_web_addresses()),
        "broken_links": section(broken_links()),
        "unstructured_hours": section(unstructured_hours()),
        "bekymret": section(bekymret_findings()),
    }
