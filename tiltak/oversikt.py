"""The counts behind /intern/oversikt/: what the published plan offers, and to whom.

Every function is one aggregate query; tiltak/charts.py turns the numbers into
shapes.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from kontakter.models import Aktor
from tiltak.models import Innsatsomrade, Tiltak, TiltakAktor

AGES = range(0, 26)


def per_innsatsomrade() -> list[tuple[str, int]]:
    return [
        (omrade.navn, omrade.antall) for omrade in Innsatsomrade.objects.med_antall()
    ]


@dataclass(frozen=True)
class Matrise:
    kolonner: list[str]
    rader: list[tuple[str, list[int]]]

    def kolonnesummer(self) -> list[tuple[str, int]]:
        """Each column's total: a tiltak has one innsatsområde, so none counts
        twice within a column."""
        sums = [sum(column) for column in zip(*(v for _, v in self.rader), strict=True)]
        return list(zip(self.kolonner, sums or [0] * len(self.kolonner), strict=True))


def omrade_mot_aktortype() -> Matrise:
    """Published tiltak per innsatsområde (down) and kind of responsible actor
    (across): where the offer has gaps. A tiltak with actors of two kinds counts
    under both."""
    rows = (
        TiltakAktor.objects.filter(tiltak__status=Tiltak.Status.PUBLISERT)
        .values("tiltak__innsatsomrade", "aktor__type")
        .annotate(antall=Count("tiltak", distinct=True))
        .order_by()
    )
    counts = {
        (row["tiltak__innsatsomrade"], row["aktor__type"]): row["antall"]
        for row in rows
    }
    omrader = Innsatsomrade.objects.all()
    return Matrise(
        kolonner=[label for _, label in Aktor.Type.choices],
        rader=[
            (
                omrade.navn,
                [counts.get((omrade.pk, value), 0) for value, _ in Aktor.Type.choices],
            )
            for omrade in omrader
        ],
    )


def nye_og_videreforte() -> dict[str, int]:
    return Tiltak.objects.published().aggregate(
        nye=Count("pk", filter=Q(nytt=True)),
        videreforte=Count("pk", filter=Q(nytt=False)),
    )


@dataclass(frozen=True)
class Aldersdekning:
    per_alder: list[tuple[str, int]]
    uten_alder: int


def aldersdekning() -> Aldersdekning:
    """How many published tiltak cover each age from 0 to 25.

    An open end («fra 13 år») covers every age on that side. Tiltak without any
    age range are counted apart: they may suit any age, or the plan did not say.
    """
    has_range = Q(alder_fra__isnull=False) | Q(alder_til__isnull=False)
    covers = {
        f"a{age}": Count(
            "pk",
            filter=has_range
            & (Q(alder_fra__isnull=True) | Q(alder_fra__lte=age))
            & (Q(alder_til__isnull=True) | Q(alder_til__gte=age)),
        )
        for age in AGES
    }
    counts = Tiltak.objects.published().aggregate(
        uten_alder=Count("pk", filter=~has_range), **covers
    )
    return Aldersdekning(
        per_alder=[(str(age), counts[f"a{age}"]) for age in AGES],
        uten_alder=counts["uten_alder"],
    )
