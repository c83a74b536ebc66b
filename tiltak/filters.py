"""The filters of the tiltak list: one FilterSet, its facet counts and its chips.

Free text goes through tiltak.search once; every other filter narrows that result.
A facet counts what its option would give with all the *other* filters kept, so a
count never promises an empty page.
"""

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Count, F, Q, QuerySet, Value
from django.http import QueryDict

from kontakter.models import Aktor
from tiltak.models import MAX_AGE, Innsatsomrade, Tiltak, TiltakAktor
from tiltak.search import SearchResult, search_tiltak

PAGE_PARAM = "side"
# Longer is a pasted text, not a search; tiltak.search also reads only MAX_TERMS words.
MAX_QUERY_LENGTH = 200
# «Not verified for more than N months»: up to ten years back.
MAX_MONTHS = 120
# Actors offered in the «Ansvarlig» filter at most (actor_options).
MAX_ACTORS = 50


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facets:
    """Every count a list shows: its total and each filter option's."""

    total: int
    omrader: list[Option]
    ansvar: list[Option]
    nytt: int
    # Actors with tiltak in the result that the list leaves out (actor_options).
    ansvar_skjult: int = 0


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


@dataclass
class Chip:
    label: str
    remove_url: str


class WholeNumberFilter(django_filters.NumberFilter):
    # Whole numbers (years, months): NumberFilter's DecimalField would take 12.5.
    field_class = forms.IntegerField


class OneValueEachForm(forms.Form):
    """Each filter takes one value. An address that repeats one (crafted, since
    the forms never do) gets a message instead of a silent pick, and can never
    grow into a long SQL IN list."""

    def clean(self) -> dict:
        cleaned_data = super().clean()
        for name, field in self.fields.items():
            if len(self.data.getlist(name)) > 1:
                message = f"Adressen har flere verdier for «{field.label}». Velg én."
                self.add_error(name, message)
        return cleaned_data


# The facet query's columns. Names of their own: the models' fields (slug,
# navn) may not be reused in annotations.
FACET_COLUMNS = ("f_kind", "f_id", "f_sort", "f_slug", "f_label", "f_n", "f_new")


@dataclass
class FacetRow:
    """One row of the facet query, after its kind."""

    id: int
    sort: int
    slug: str
    label: str
    n: int
    new: int


def name_rows(model, kind: str, sort: str) -> QuerySet:
    """Every row of an area or actor table, by id, as rows of the facet query."""
    return (
        model.objects.order_by()
        .annotate(f_kind=Value(kind), f_id=F("pk"), f_sort=F(sort))
        .annotate(f_slug=F("slug"), f_label=F("navn"))
        .annotate(f_n=Value(0), f_new=Value(0))
        .values_list(*FACET_COLUMNS)
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
        .values_list(*FACET_COLUMNS)
    )


class SlugChoiceFilter(django_filters.CharFilter):
    """One row of a table by its slug. The filterset checks that the row exists
    (TiltakFilter.facets) and reports `unknown` on the field when it does not."""

    def __init__(self, *args, unknown: str, **kwargs) -> None:
        self.unknown = unknown
        # Slugs are at most 80 characters (SlugField); longer is never a choice.
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("error_messages", {"max_length": unknown})
        super().__init__(*args, **kwargs)


class TiltakFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Søk",
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"Søket kan være på høyst {MAX_QUERY_LENGTH} tegn."
        },
    )
    # Slugs, checked against the database by the facet query (see facets()):
    # a ModelChoiceFilter would cost a lookup query of its own for each.
    innsatsomrade = SlugChoiceFilter(
        label="Innsatsområde",
        field_name="innsatsomrade__slug",
        unknown="Vi fant ikke det innsatsområdet. Velg et fra listen.",
    )
    ansvar = SlugChoiceFilter(
        label="Ansvarlig",
        field_name="aktorer__slug",
        unknown="Vi fant ikke den ansvarlige. Velg en fra listen.",
    )
    alder = WholeNumberFilter(
        label="Alder",
        method="filter_alder",
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            "invalid": "Skriv alderen som et helt tall, for eksempel 15.",
            "min_value": "Alderen kan ikke være under 0 år.",
            "max_value": f"Alderen kan ikke være over {MAX_AGE} år.",
        },
    )
    nytt = django_filters.BooleanFilter(
        label="Bare nye tiltak",
        method="filter_nytt",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Tiltak
        fields = ["q", "innsatsomrade", "ansvar", "alder", "nytt"]
        form = OneValueEachForm

    def __init__(self, data: QueryDict | None = None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.suggestion = ""
        self.searched: QuerySet | None = None
        # The search again with a misspelt word corrected, for when it finds nothing.
        self._if_empty: Callable[[], SearchResult | None] | None = None
        self._facets: Facets | None = None
        # The chosen area's and actor's names, from the facet query.
        self._names: dict[str, str] = {}
        self._found: dict[str, list[FacetRow]] = {}

    # The search runs first, in _search(), so ranking and facets share it.
    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_alder(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.for_alder(value) if value is not None else queryset

    def filter_nytt(self, queryset: QuerySet, name: str, value: bool | None):
        return queryset.filter(nytt=True) if value else queryset

    @property
    def errors(self):
        """The form's errors, and a chosen area or actor the database lacks.

        The second kind is found by the facet query, so asking for the errors
        (as `qs` does first) runs it, once, when there is something to check:
        a chosen area or actor, or a search's spelling.
        """
        self._settle()
        return self.form.errors

    def _settle(self) -> None:
        """Run the facet query if the choices or the search depend on it."""
        self.form.is_valid()
        chosen = self.value.get("innsatsomrade") or self.value.get("ansvar")
        self._search()
        if chosen or self._if_empty is not None:
            self.facets()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self._narrow(self._search())

    def _search(self) -> QuerySet:
        """The queryset searched for `q`, once; every other filter narrows it."""
        if self.searched is None:
            self.form.is_valid()
            q = self.form.cleaned_data.get("q") or ""
            self._use(search_tiltak(self.queryset.all(), q, check_later=True))
        return self.searched

    def _use(self, result: SearchResult) -> None:
        self.searched = result.tiltak
        self.suggestion = result.suggestion
        self._if_empty = result.if_empty

    def _narrow(self, queryset: QuerySet, *leave_out: str) -> QuerySet:
        for name, value in self.form.cleaned_data.items():
            if name not in leave_out:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def _facet_ids(self, *leave_out: str) -> QuerySet:
        """The result without some filters, as a plain id subquery for counting."""
        return self._narrow(self._search(), *leave_out).order_by().values("pk")

    def _facet_base(self, *leave_out: str) -> QuerySet:
        return Tiltak.objects.filter(pk__in=self._facet_ids(*leave_out))

    @property
    def value(self) -> dict:
        return self.form.cleaned_data if self.is_bound else {}

    def facets(self) -> Facets:
        """The total and every option's count: one query, whatever the size.

        The same query checks the chosen area and actor. Only when it finds one
        missing (an error, reported on its field), or finds nothing for a search
        whose word may be misspelt, is it run again: without that filter, or
        with the word corrected («Mente du …?»).
        """
        if self._facets is None:
            self.form.is_valid()
            facets = self._count()
            if self._unknown_choices():
                facets = self._count()
            if facets.total == 0 and self._if_empty is not None:
                corrected, self._if_empty = self._if_empty(), None
                if corrected is not None:
                    self._use(corrected)
                    facets = self._count()
            self._facets = facets
        return self._facets

    def _unknown_choices(self) -> bool:
        """Report a chosen area or actor the facet query did not find."""
        unknown = False
        for name in ("innsatsomrade", "ansvar"):
            if self.value.get(name) and name not in self._names:
                self.form.add_error(name, self.filters[name].unknown)
                unknown = True
        return unknown

    def _count(self) -> Facets:
        """The total and the area, actor and «nytt» counts, in one query.

        Each tiltak has one innsatsområde, so counting the result per area
        without the area and «nytt» filters, all tiltak and new ones, gives the
        area options, the «nytt» count and the total as sums. The actors are
        counted over their links without the actor filter. Both group by the
        id alone, over indexes, and are sent with the names of all areas and
        actors (and any counts _more_counts() adds) as one UNION ALL. Every
        join these filters make is to at most one row per tiltak, so plain
        counts do.
        """
        chosen_area = self.value.get("innsatsomrade")
        chosen_actor = self.value.get("ansvar")
        only_new = bool(self.value.get("nytt"))
        area_counts = facet_rows(
            self._narrow(self._search(), "innsatsomrade", "nytt"),
            "omrade",
            by_id="innsatsomrade_id",
            new=Count("pk", filter=Q(nytt=True)),
        )
        actor_counts = facet_rows(
            TiltakAktor.objects.filter(tiltak__in=self._facet_ids("ansvar")),
            "ansvar",
            by_id="aktor_id",
        )
        rows = (
            name_rows(Innsatsomrade, "alle_omrader", "rekkefolge")
            .union(
                name_rows(Aktor, "alle_ansvar", "pk"),
                area_counts,
                actor_counts,
                *self._more_counts(),
                all=True,
            )
            # The UNION's own order_by(): it would take the first model's ordering.
            .order_by()
        )
        self._found = {}
        for kind, *row in rows:
            self._found.setdefault(kind, []).append(FacetRow(*row))
        found = self._found
        counted_areas = {row.id: row for row in found.get("omrade", [])}
        actors = {row.id: row.n for row in found.get("ansvar", [])}
        areas = sorted(found.get("alle_omrader", []), key=lambda a: (a.sort, a.label))
        self._names = {}
        for area in areas:
            if area.slug == chosen_area:
                self._names["innsatsomrade"] = area.label
        facets = Facets(total=0, omrader=[], ansvar=[], nytt=0)
        for area in areas:
            counted = counted_areas.get(area.id)
            n, n_nytt = (counted.n, counted.new) if counted else (0, 0)
            selected = area.slug == chosen_area and "innsatsomrade" in self._names
            facets.omrader.append(
                Option(area.slug, area.label, n_nytt if only_new else n, selected)
            )
            if selected or "innsatsomrade" not in self._names:
                facets.nytt += n_nytt
                facets.total += n_nytt if only_new else n
        options = []
        for actor in found.get("alle_ansvar", []):
            n = actors.get(actor.id, 0)
            if actor.slug == chosen_actor:
                self._names["ansvar"] = actor.label
            if n or actor.slug == chosen_actor:
                # The chosen one is shown even with no tiltak under the others.
                selected = actor.slug == chosen_actor
                options.append(Option(actor.slug, actor.label, n, selected))
        facets.ansvar, facets.ansvar_skjult = actor_options(options)
        return facets

    def _more_counts(self) -> list[QuerySet]:
        """Further facet_rows() for the facet query (InternTiltakFilter's)."""
        return []

    def found(self, kind: str) -> list["FacetRow"]:
        """The facet query's rows of one kind."""
        self.facets()
        return self._found.get(kind, [])

    def chip_label(self, name: str, value) -> str:
        labels = {
            "q": lambda v: f"Søk: «{v}»",
            "innsatsomrade": lambda v: f"Innsatsområde: {self._names[name]}",
            "ansvar": lambda v: f"Ansvarlig: {self._names[name]}",
            "alder": lambda v: f"Alder: {v} år",
            "nytt": lambda v: "Bare nye tiltak",
        }
        return labels[name](value)

    def chips(self, params: QueryDict) -> list[Chip]:
        """The active filters, each with the address of the list without it."""
        self._settle()  # the chosen area's and actor's names
        chips = []
        for name, value in self.value.items():
            if value in (None, "", False):
                continue
            rest = params.copy()
            for key in (name, PAGE_PARAM):
                rest.pop(key, None)
            url = f"?{rest.urlencode()}" if rest else "?"
            chips.append(Chip(self.chip_label(name, value), url))
        return chips


class InternTiltakFilter(TiltakFilter):
    """The staff list: every public filter, plus status, actor kind, age of the
    last verification and tiltak no one can be contacted through."""

    status = django_filters.ChoiceFilter(
        label="Status",
        choices=Tiltak.Status.choices,
        error_messages={"invalid_choice": "Velg en status fra listen."},
    )
    aktortype = django_filters.ChoiceFilter(
        label="Type aktør",
        choices=Aktor.Type.choices,
        method="filter_aktortype",
        error_messages={"invalid_choice": "Velg en type aktør fra listen."},
    )
    ikke_verifisert = WholeNumberFilter(
        label="Sist verifisert for mer enn … måneder siden",
        method="filter_ikke_verifisert",
        min_value=0,
        max_value=MAX_MONTHS,
        error_messages={
            "invalid": "Skriv antall måneder som et helt tall, for eksempel 12.",
            "min_value": "Antall måneder kan ikke være under 0.",
            "max_value": f"Antall måneder kan ikke være over {MAX_MONTHS}.",
        },
    )
    uten_kanal = django_filters.BooleanFilter(
        label="Mangler kontaktkanal",
        method="filter_uten_kanal",
        widget=forms.CheckboxInput,
    )

    class Meta(TiltakFilter.Meta):
        fields = [
            *TiltakFilter.Meta.fields,
            "status",
            "aktortype",
            "ikke_verifisert",
            "uten_kanal",
        ]

    def filter_aktortype(self, queryset: QuerySet, name: str, value: str):
        return queryset.med_aktortype(value)

    def filter_ikke_verifisert(self, queryset: QuerySet, name: str, value):
        return queryset.ikke_verifisert_pa(value) if value is not None else queryset

    def filter_uten_kanal(self, queryset: QuerySet, name: str, value: bool | None):
        return queryset.uten_kontaktkanal() if value else queryset

    def _more_counts(self) -> list[QuerySet]:
        return [
            facet_rows(self._facet_base("status"), "status", by_slug="status"),
            # A tiltak may have several actors of a kind: count each tiltak once.
            facet_rows(
                self._facet_base("aktortype"),
                "aktortype",
                by_slug="tiltakaktor__aktor__type",
                n=Count("pk", distinct=True),
            ),
            # Grouped by status only to have a group; summed below.
            facet_rows(
                self._facet_base("uten_kanal").uten_kontaktkanal(),
                "uten_kanal",
                by_slug="status",
            ),
        ]

    def _choice_options(self, name: str, choices) -> list[Option]:
        counts = {row.slug: row.n for row in self.found(name)}
        chosen = self.value.get(name)
        return [
            Option(value, label, counts.get(value, 0), value == chosen)
            for value, label in choices
        ]

    def status_options(self) -> list[Option]:
        return self._choice_options("status", Tiltak.Status.choices)

    def aktortype_options(self) -> list[Option]:
        return self._choice_options("aktortype", Aktor.Type.choices)

    def uten_kanal_count(self) -> int:
        return sum(row.n for row in self.found("uten_kanal"))

    def chip_label(self, name: str, value) -> str:
        labels = {
            "status": lambda v: f"Status: {Tiltak.Status(v).label}",
            "aktortype": lambda v: f"Type aktør: {Aktor.Type(v).label}",
            "ikke_verifisert": lambda v: f"Ikke verifisert på {v} måneder",
            "uten_kanal": lambda v: "Mangler kontaktkanal",
        }
        if name in labels:
            return labels[name](value)
        return super().chip_label(name, value)
