"""Free-text search over tiltak: the one place search logic lives.

First version: plain substring matching on titles, descriptions, actors and
contact labels, ranked title > actor > description. Stemming, synonyms and typo
suggestions follow.
"""

from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, When

from tiltak.models import Tiltak, TiltakAktor, TiltakKanal


@dataclass
class SearchResult:
    tiltak: QuerySet[Tiltak]
    suggestion: str


def search_tiltak(queryset: QuerySet[Tiltak], q: str) -> SearchResult:
    q = " ".join(q.split())
    if not q:
        return SearchResult(tiltak=queryset, suggestion="")
    actor_hit = Exists(
        TiltakAktor.objects.filter(tiltak=OuterRef("pk")).filter(
            Q(aktor__navn__icontains=q)
            | Q(aktor__kortnavn__icontains=q)
            | Q(aktor__aliaser__icontains=q)
        )
    )
    label_hit = Exists(
        TiltakKanal.objects.filter(tiltak=OuterRef("pk"), kanal__etikett__icontains=q)
    )
    hits = (
        queryset.alias(actor_hit=actor_hit, label_hit=label_hit)
        .filter(
            Q(tittel__icontains=q)
            | Q(beskrivelse__icontains=q)
            | Q(actor_hit=True)
            | Q(label_hit=True)
        )
        .alias(
            relevance=Case(
                When(tittel__icontains=q, then=3),
                When(Q(actor_hit=True) | Q(label_hit=True), then=2),
                default=1,
                output_field=IntegerField(),
            )
        )
        .order_by("-relevance", *Tiltak._meta.ordering)
    )
    return SearchResult(tiltak=hits, suggestion="")
