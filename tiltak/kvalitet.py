"""The data quality report: what the SLT-koordinator should fix, section by section.

Each check is a query, or one pass over a single column where only Python can
judge (phone numbers and web addresses are re-validated with the same
kontakter.normalize functions the admin uses). Archived tiltak are out of the plan
and are not reported.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from kontakter import normalize
from kontakter.models import Aktor, Kontaktkanal
from tiltak.models import Tiltak, TiltakAktor, TiltakKanal

VERIFY_MONTHS = 12

TELEFON = Kontaktkanal.Type.TELEFON
NETT = Kontaktkanal.Type.NETT


def admin_url(obj) -> str:
    """The admin page where this record is fixed."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def i_planen() -> QuerySet[Tiltak]:
    return Tiltak.objects.exclude(status=Tiltak.Status.ARKIVERT)


def uten_kontakt() -> QuerySet[Tiltak]:
    """Tiltak no one can be contacted through: no channel, or only link texts
    without an address; «uloste» counts the latter."""
    unresolved = Q(tiltakkanal__kanal__type=NETT, tiltakkanal__kanal__verdi="")
    return (
        i_planen()
        .uten_kontaktkanal()
        .annotate(uloste=Count("tiltakkanal", filter=unresolved))
        .order_by("tittel")
    )


def ikke_verifisert() -> QuerySet[Tiltak]:
    """Tiltak not verified for more than a year, never verified first."""
    return (
        i_planen()
        .ikke_verifisert_pa(VERIFY_MONTHS)
        .order_by(F("sist_verifisert").asc(nulls_first=True), "tittel")
    )


def _unlabelled_showings() -> Q:
    """A phone number shown on a tiltak with nothing to tell it from another of
    the actor's numbers: no label on the channel, no note on the tiltak."""
    return Q(
        type=TELEFON,
        etikett="",
        tiltakkanal__merknad="",
        tiltakkanal__tiltak__in=i_planen(),
    )


def nummerkonflikter() -> QuerySet[Aktor]:
    """Actors whose tiltak show different numbers for the same purpose.

    The rule: an actor has two or more phone numbers shown without a label or a
    note, and one of them is shown so on two or more tiltak. A number shown on
    several tiltak reads as the actor's number, so another unlabelled number on
    another tiltak contradicts it. Numbers that each belong to a single tiltak
    (one helpline per tiltak) do not conflict.

    Each actor comes with «numre»: those channels, each with «visninger», the
    links to the tiltak that show it.
    """
    shown = Kontaktkanal.objects.filter(_unlabelled_showings())
    per_number = shown.values("pk").annotate(tiltak=Count("tiltakkanal", distinct=True))
    shared = per_number.filter(aktor=OuterRef("pk"), tiltak__gte=2)
    per_actor = shown.values("aktor").annotate(numre=Count("pk", distinct=True))
    conflicting = per_actor.filter(numre__gte=2).values("aktor")
    visninger = TiltakKanal.objects.filter(
        merknad="", tiltak__in=i_planen()
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
                    Prefetch("tiltakkanal_set", visninger, to_attr="visninger")
                ),
                to_attr="numre",
            )
        )
    )


def ubrukte_kanaler() -> QuerySet[Kontaktkanal]:
    """Channels no tiltak shows (an archived tiltak still counts as showing)."""
    used = TiltakKanal.objects.filter(kanal=OuterRef("pk"))
    return Kontaktkanal.objects.filter(~Exists(used)).select_related("aktor")


def aktorer_uten_tiltak() -> QuerySet[Aktor]:
    return Aktor.objects.filter(
        ~Exists(TiltakAktor.objects.filter(aktor=OuterRef("pk")))
    )


@dataclass(frozen=True)
class Ugyldig:
    kanal: Kontaktkanal
    feil: str


def _invalid(channels: QuerySet[Kontaktkanal], check) -> list[Ugyldig]:
    found = []
    for kanal in channels.select_related("aktor").iterator(chunk_size=2000):
        try:
            check(kanal)
        except ValidationError as error:
            found.append(Ugyldig(kanal, " ".join(error.messages)))
    return found


def _check_phone(kanal: Kontaktkanal) -> None:
    national = kanal.aktor.type == Aktor.Type.STATLIG
    normalize.normalize_phone(kanal.verdi, allow_short=national)


def ugyldige_telefonnumre() -> list[Ugyldig]:
    """Stored numbers that would not pass the admin's validation today."""
    return _invalid(
        Kontaktkanal.objects.filter(type=TELEFON).exclude(verdi=""), _check_phone
    )


def ugyldige_nettadresser() -> list[Ugyldig]:
    return _invalid(
        Kontaktkanal.objects.filter(type=NETT).exclude(verdi=""),
        lambda kanal: normalize.normalize_url(kanal.verdi),
    )


def brutte_lenker() -> QuerySet[Kontaktkanal]:
    """Web addresses the last `manage.py check_links` found broken."""
    return Kontaktkanal.objects.filter(
        type=NETT, lenke_status=Kontaktkanal.Lenkestatus.FEIL
    ).select_related("aktor")


def lenkesjekk() -> dict:
    """How the last link check went: counts per status and when it last ran."""
    Status = Kontaktkanal.Lenkestatus
    return (
        Kontaktkanal.objects.filter(type=NETT)
        .exclude(verdi="")
        .aggregate(
            ok=Count("pk", filter=Q(lenke_status=Status.OK)),
            feil=Count("pk", filter=Q(lenke_status=Status.FEIL)),
            ikke_sjekket=Count("pk", filter=Q(lenke_status=Status.IKKE_SJEKKET)),
            sist=Max("lenke_sjekket"),
        )
    )


# A section lists at most this many; the count says how many there are in all.
SHOWN = 50


@dataclass(frozen=True)
class Seksjon:
    funn: list
    antall: int

    @property
    def flere(self) -> int:
        return self.antall - len(self.funn)


def seksjon(found: QuerySet | list) -> Seksjon:
    if isinstance(found, list):
        return Seksjon(found[:SHOWN], len(found))
    return Seksjon(list(found[:SHOWN]), found.count())


def rapport() -> dict[str, Seksjon]:
    """Every section of the report, in the order the page shows them."""
    return {
        "uten_kontakt": seksjon(uten_kontakt()),
        "nummerkonflikter": seksjon(list(nummerkonflikter())),
        "ikke_verifisert": seksjon(ikke_verifisert()),
        "ubrukte_kanaler": seksjon(ubrukte_kanaler()),
        "aktorer_uten_tiltak": seksjon(aktorer_uten_tiltak()),
        "ugyldige_telefonnumre": seksjon(ugyldige_telefonnumre()),
        "ugyldige_nettadresser": seksjon(ugyldige_nettadresser()),
        "brutte_lenker": seksjon(brutte_lenker()),
    }
