"""The counts of a filtered tiltak list: its total and every filter option's.

A facet counts what its option would give with all the *other* filters kept, so a
count never promises an empty page. Whatever the size of the list, the counts
are one query: the area and actor counts and the names of every area and actor,
and any further counts a caller adds (the staff list's), sent as one UNION ALL.
The same rows tell whether a chosen area or actor exists (Facets.area_name,
Facets.actor_name), which tiltak.filters reports as an error on its field.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Value

from kontakter.models import Aktor
from tiltak.models import Innsatsomrade, TiltakAktor

# Actors offered in the «Ansvarlig» filter at most (actor_options).
MAX_ACTORS = 50

# The facet query's columns. Names of their own: the models' fields (slug,
# navn) may not be reused in annotations.
COLUMNS = ("f_kind", "f_id", "f_sort", "f_slug", "f_label", "f_n", "f_new")
# The kinds of row the query itself asks for; any other kind is a caller's.
AREA_COUNTS = "area"
ACTOR_COUNTS = "actor"
ALL_AREAS = "all_areas"
ALL_ACTORS = "all_actors"
OWN_KINDS = (AREA_COUNTS, ACTOR_COUNTS, ALL_AREAS, ALL_ACTORS)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Row:
    """One row of the facet query, after its kind."""

    id: int
    sort: int
    slug: str
    label: str
    n: int
    new: int


@dataclass(frozen=True)
class Chosen:
    """The filter values the counts depend on: the chosen area's and actor's
    slugs (None or empty when none is chosen) and the «nytt» filter."""

    area: str | None = None
    actor: str | None = None
    only_new: bool = False


@dataclass
class Facets:
    """Every count a list shows: its total and each filter option's."""

    total: int
    areas: list[Option]
    actors: list[Option]
    # Tiltak in the result marked «nytt».
    new: int
    # Actors with tiltak in the result that the list leaves out (actor_options).
    hidden_actors: int = 0
    # The chosen area's and actor's names; None when the database has no such row.
    area_name: str | None = None
    actor_name: str | None = None
    # The caller's further counts (count_facets' `extra`), by kind.
    extra: dict[str, list[Row]] = field(default_factory=dict)

    def rows(self, kind: str) -> list[Row]:
        """The rows of one of the caller's further counts."""
        return self.extra.get(kind, [])


def name_rows(model, kind: str, sort: str) -> QuerySet:
    """Every row of an area or actor table, by id, as rows of the facet query."""
    return (
        model.objects.order_by()
        .annotate(f_kind=Value(kind), f_id=F("pk"), f_sort=F(sort))
        .annotate(f_slug=F("slug"), f_label=F("navn"))
        .annotate(f_n=Value(0), f_new=Value(0))
        .values_list(*COLUMNS)
    )


def facet_rows(
    queryset: QuerySet, kind: str, *, by_id: str = "", by_slug: str = "", **counts
) -> QuerySet:
    """`queryset` counted per id or per text value, as rows of the facet query.

    `n` (default: rows) and `new` (default: 0) may be given as aggregates.
    """
    keys = {
        "f_id": F(by_id) if by_id else Value(0),
        "f_slug": F(by_slug) if by_slug else Value(""),
    }
    return (
        queryset.order_by()
        .values(**keys)
        .annotate(f_kind=Value(kind), f_sort=Value(0), f_label=Value(""))
        .annotate(f_n=counts.get("n", Count("pk")), f_new=counts.get("new", Value(0)))
        .values_list(*COLUMNS)
    )


def count_facets(
    area_tiltak: QuerySet,
    actor_tiltak: QuerySet,
    chosen: Chosen,
    extra: Sequence[QuerySet] = (),
) -> Facets:
    """The total and the area, actor and «nytt» counts, in one query.

    `area_tiltak` is the result without the area and «nytt» filters. Each
    tiltak has one innsatsområde, so counting it per area, all tiltak and new
    ones, gives the area options, the «nytt» count and the total as sums.
    `actor_tiltak` is the ids of the result without the actor filter; the
    actors are counted over their links to it. Both group by the id alone,
    over indexes, and are sent with the names of all areas and actors and the
    `extra` facet_rows() as one UNION ALL. Every join these filters make is to
    at most one row per tiltak, so plain counts do.
    """
    found = fetch_rows(area_tiltak, actor_tiltak, extra)
    facets = area_facets(found, chosen)
    facets.actors, facets.hidden_actors, facets.actor_name = actor_facets(
        found, chosen.actor
    )
    facets.extra = {kind: rows for kind, rows in found.items() if kind not in OWN_KINDS}
    return facets


def fetch_rows(
    area_tiltak: QuerySet, actor_tiltak: QuerySet, extra: Sequence[QuerySet]
) -> dict[str, list[Row]]:
    """Run the facet query: its rows by kind."""
    area_counts = facet_rows(
        area_tiltak,
        AREA_COUNTS,
        by_id="innsatsomrade_id",
        new=Count("pk", filter=Q(nytt=True)),
    )
    actor_counts = facet_rows(
        TiltakAktor.objects.filter(tiltak__in=actor_tiltak),
        ACTOR_COUNTS,
        by_id="aktor_id",
    )
    query = (
        name_rows(Innsatsomrade, ALL_AREAS, "rekkefolge")
        .union(
            name_rows(Aktor, ALL_ACTORS, "pk"),
            area_counts,
            actor_counts,
            *extra,
            all=True,
        )
        # The UNION's own order_by(): it would take the first model's ordering.
        .order_by()
    )
    found: dict[str, list[Row]] = {}
    for kind, *row in query:
        found.setdefault(kind, []).append(Row(*row))
    return found


def area_facets(found: dict[str, list[Row]], chosen: Chosen) -> Facets:
    """The area options, in the plan's order, and the total and «nytt» count.

    With a chosen area the database has, the total and «nytt» count are that
    area's; otherwise every area's.
    """
    counted = {row.id: row for row in found.get(AREA_COUNTS, [])}
    areas = sorted(found.get(ALL_AREAS, []), key=lambda a: (a.sort, a.label))
    name = next((a.label for a in areas if a.slug == chosen.area), None)
    facets = Facets(total=0, areas=[], actors=[], new=0, area_name=name)
    for area in areas:
        row = counted.get(area.id)
        n, n_new = (row.n, row.new) if row else (0, 0)
        count = n_new if chosen.only_new else n
        selected = area.slug == chosen.area and name is not None
        facets.areas.append(Option(area.slug, area.label, count, selected))
        if selected or name is None:
            facets.new += n_new
            facets.total += count
    return facets


def actor_facets(
    found: dict[str, list[Row]], chosen: str | None
) -> tuple[list[Option], int, str | None]:
    """The actor options to offer, how many are left out, and the chosen
    actor's name (None when the database has no such actor)."""
    counted = {row.id: row.n for row in found.get(ACTOR_COUNTS, [])}
    options = []
    name = None
    for actor in found.get(ALL_ACTORS, []):
        n = counted.get(actor.id, 0)
        selected = actor.slug == chosen
        if selected:
            name = actor.label
        if n or selected:
            # The chosen one is shown even with no tiltak under the others.
            options.append(Option(actor.slug, actor.label, n, selected))
    offered, hidden = actor_options(options)
    return offered, hidden, name


def actor_options(actors: list[Option]) -> tuple[list[Option], int]:
    """The actors to offer, by name, and how many are left out.

    A municipality has a few dozen actors; a national directory has hundreds,
    and a list of hundreds helps no one (and weighs 40 KB). Past MAX_ACTORS the
    list keeps those with the most tiltak in the result, and the chosen one;
    the search finds the rest by name.
    """
    if len(actors) > MAX_ACTORS:
        by_size = sorted(actors, key=lambda o: (not o.selected, -o.count, o.label))
        kept = by_size[:MAX_ACTORS]
    else:
        kept = actors
    return sorted(kept, key=lambda option: option.label), len(actors) - len(kept)
