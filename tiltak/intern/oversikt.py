"""The counts behind /intern/oversikt/: what the published plan offers, and to whom.

Every function is one aggregate query; tiltak/intern/charts.py turns the numbers
into shapes.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from kontakter.models import Aktor
from tiltak.models import Innsatsomrade, Tiltak, TiltakAktor

AGES = range(0, 26)


def per_area() -> list[tuple[str, int]]:
    """Published tiltak per innsatsområde, as (name, count) rows."""
    return [
        (area.navn, area.tiltak_count) for area in Innsatsomrade.objects.with_counts()
    ]


@dataclass(frozen=True)
class Matrix:
    column_labels: list[str]
    rows: list[tuple[str, list[int]]]

    def column_totals(self) -> list[tuple[str, int]]:
        """Each column's total: a tiltak has one innsatsområde, so none counts
        twice within a column."""
        labels = self.column_labels
        values = (row_values for _, row_values in self.rows)
        totals = [sum(column) for column in zip(*values, strict=True)]
        return list(zip(labels, totals or [0] * len(labels), strict=True))


def area_by_actor_type() -> Matrix:
    """Published tiltak per innsatsområde (down) and kind of responsible actor
    (across): where the offer has gaps. A tiltak with actors of two kinds counts
    under both."""
    rows = (
        TiltakAktor.objects.filter(tiltak__status=Tiltak.Status.PUBLISERT)
        .values("tiltak__innsatsomrade", "aktor__type")
        .annotate(tiltak_count=Count("tiltak", distinct=True))
        .order_by()
    )
    counts = {
        (row["tiltak__innsatsomrade"], row["aktor__type"]): row["tiltak_count"]
        for row in rows
    }
    areas = Innsatsomrade.objects.all()
    return Matrix(
        column_labels=[label for _, label in Aktor.Type.choices],
        rows=[
            (
                area.navn,
                [counts.get((area.pk, value), 0) for value, _ in Aktor.Type.choices],
            )
            for area in areas
        ],
    )


def new_and_continued() -> dict[str, int]:
    """How many published tiltak are new in this plan period, how many continued."""
    return Tiltak.objects.published().aggregate(
        new=Count("pk", filter=Q(nytt=True)),
        continued=Count("pk", filter=Q(nytt=False)),
    )


@dataclass(frozen=True)
class AgeCoverage:
    per_age: list[tuple[str, int]]
    without_age: int


def age_coverage() -> AgeCoverage:
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
        without_age=Count("pk", filter=~has_range), **covers
    )
    return AgeCoverage(
        per_age=[(str(age), counts[f"a{age}"]) for age in AGES],
        without_age=counts["without_age"],
    )
