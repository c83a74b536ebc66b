"""The filters of the tiltak list: one FilterSet, its validation and its chips.

Free text goes through tiltak.search once; every other filter narrows that result.
The counts beside each option, and the check that a chosen area or actor exists,
come from tiltak.facets.
"""

from dataclasses import dataclass, replace

import django_filters
from django import forms
from django.db.models import Count, QuerySet
from django.forms.utils import ErrorDict
from django.http import QueryDict

from kontakter.models import Aktor
from tiltak.facets import Chosen, Facets, Option, count_facets, facet_rows
from tiltak.models import MAX_AGE, Tiltak
from tiltak.search import SearchResult, search_tiltak

PAGE_PARAM = "side"
# «eksakt=1»: search the words as written, correcting none (tiltak.search).
EXACT_PARAM = "eksakt"
# Longer is a pasted text, not a search; tiltak.search also reads only MAX_TERMS words.
MAX_QUERY_LENGTH = 200
# «Not verified for more than N months»: up to ten years back.
MAX_MONTHS = 120


@dataclass
class Chip:
    label: str
    remove_url: str


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number from 0 to `max_value` (years, months), with messages that
    name it: `subject` («Alderen»), its `unit` (« år») and an `example`."""

    # NumberFilter's DecimalField would take 12.5.
    field_class = forms.IntegerField

    def __init__(
        self, *args, max_value: int, subject: str, example: int, unit: str = "", **kw
    ) -> None:
        how = f"som et helt tall, for eksempel {example}"
        kw["error_messages"] = {
            "invalid": f"Skriv {subject.lower()} {how}.",
            "min_value": f"{subject} kan ikke være under 0{unit}.",
            "max_value": f"{subject} kan ikke være over {max_value}{unit}.",
        }
        super().__init__(*args, min_value=0, max_value=max_value, **kw)


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


class SlugChoiceFilter(django_filters.CharFilter):
    """One row of a table by its slug. The facet query checks that the row
    exists (TiltakFilter.facets), and the filterset reports `unknown` on the
    field when it does not."""

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
        max_value=MAX_AGE,
        subject="Alderen",
        unit=" år",
        example=15,
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
        # The two things worked out once, each when first asked for: the search
        # for `q` (_search()), which every other filter narrows, and the counts
        # (facets()), which may replace the search with its spelling corrected.
        self._searched: SearchResult | None = None
        self._facets: Facets | None = None
        # The age filter was read from the search's words, not chosen.
        self._age_from_q = False

    # The search runs first, in _search(), so ranking and facets share it.
    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_alder(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.for_age(value) if value is not None else queryset

    def filter_nytt(self, queryset: QuerySet, name: str, value: bool | None):
        return queryset.filter(nytt=True) if value else queryset

    @property
    def value(self) -> dict:
        return self.form.cleaned_data if self.is_bound else {}

    @property
    def search(self) -> SearchResult | None:
        """What the search did with `q` (corrected, partial …), for the page to
        say; None without a search."""
        return self._search() if self.is_bound and self.value.get("q") else None

    @property
    def suggestion(self) -> str:
        """The search with a misspelt word corrected, or ""."""
        return self._search().suggestion if self.is_bound else ""

    @property
    def errors(self) -> ErrorDict:
        """The form's errors, and a chosen area or actor the database lacks.

        django-filter reads `errors` before it filters (`qs` does), and by then
        an unknown area or actor must be reported and out of the cleaned data,
        and a search that finds nothing must have its spelling corrected. Both
        are found by the facet query, not by the form (a lookup of each slug
        would cost a query of its own), so this runs that query (once, see
        check_with_database()) when there is something to check.
        """
        self.check_with_database()
        return self.form.errors

    def check_with_database(self) -> None:
        """Validate the form, then run the facet query if a chosen area or
        actor, or the search's spelling, is to be checked against the database.

        Without either, nothing waits on the counts, and a page that shows none
        (the plan to print) is spared the query.
        """
        self.form.is_valid()
        search = self._search()
        chosen = self.value.get("innsatsomrade") or self.value.get("ansvar")
        if chosen or search.if_empty is not None:
            self.facets()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self._narrow(self._search().tiltak)

    def _search(self) -> SearchResult:
        """The queryset searched for `q`, once; every other filter narrows it.

        An age written in the search («15-åring hasj») becomes the age filter,
        unless the address chooses one itself.
        """
        if self._searched is None:
            self.form.is_valid()
            q = self.form.cleaned_data.get("q") or ""
            exact = self.data.get(EXACT_PARAM) == "1"
            self._searched = search_tiltak(
                self.queryset.all(), q, check_later=True, exact=exact
            )
            age = self._searched.age
            if age is not None and not self.data.get("alder"):
                self.form.cleaned_data["alder"] = age
                self._age_from_q = True
        return self._searched

    def _narrow(self, queryset: QuerySet, *leave_out: str) -> QuerySet:
        for name, value in self.form.cleaned_data.items():
            if name not in leave_out:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def _facet_ids(self, *leave_out: str) -> QuerySet:
        """The result without some filters, as a plain id subquery for counting."""
        return self._narrow(self._search().tiltak, *leave_out).order_by().values("pk")

    def _facet_base(self, *leave_out: str) -> QuerySet:
        return Tiltak.objects.filter(pk__in=self._facet_ids(*leave_out))

    def facets(self) -> Facets:
        """The total and every option's count: one query, whatever the size.

        The same query checks the chosen area and actor. Only when it finds one
        missing (an error, reported on its field), or finds nothing for a search
        no tiltak holds every word of, is it run again: without that filter, or
        with the search that is shown instead (tiltak.search.search_tiltak).
        """
        if self._facets is None:
            self.form.is_valid()
            facets = self._count()
            if self._report_unknown(facets):
                facets = self._count()
            # Each search to show instead is tried once, in turn: the words
            # corrected, then the tiltak holding some of them.
            while facets.total == 0 and self._search().if_empty is not None:
                instead = self._search().if_empty()
                self._searched = instead or replace(self._searched, if_empty=None)
                if instead is not None:
                    facets = self._count()
            self._facets = facets
        return self._facets

    def _report_unknown(self, facets: Facets) -> bool:
        """Report a chosen area or actor the facet query did not find.

        The error takes the value out of the cleaned data, so the next count
        and the list go without that filter.
        """
        names = {"innsatsomrade": facets.area_name, "ansvar": facets.actor_name}
        unknown = False
        for name, found in names.items():
            if self.value.get(name) and found is None:
                self.form.add_error(name, self.filters[name].unknown)
                unknown = True
        return unknown

    def _count(self) -> Facets:
        """The facet query over the result as the filters stand now."""
        chosen = Chosen(
            area=self.value.get("innsatsomrade"),
            actor=self.value.get("ansvar"),
            only_new=bool(self.value.get("nytt")),
        )
        return count_facets(
            area_tiltak=self._narrow(self._search().tiltak, "innsatsomrade", "nytt"),
            actor_tiltak=self._facet_ids("ansvar"),
            chosen=chosen,
            extra=self._extra_counts(),
        )

    def _extra_counts(self) -> list[QuerySet]:
        """Further facet_rows() for the facet query (InternTiltakFilter's)."""
        return []

    def chip_label(self, name: str, value) -> str:
        labels = {
            "q": lambda v: f"Søk: «{self._search().searched}»",
            "innsatsomrade": lambda v: f"Innsatsområde: {self.facets().area_name}",
            "ansvar": lambda v: f"Ansvarlig: {self.facets().actor_name}",
            "alder": lambda v: f"Alder: {v} år",
            "nytt": lambda v: "Bare nye tiltak",
        }
        return labels[name](value)

    def chips(self, params: QueryDict) -> list[Chip]:
        """The active filters, each with the address of the list without it."""
        # First, so an unknown area or actor is out of the values, not a chip.
        self.check_with_database()
        chips = []
        for name, value in self.value.items():
            if value in (None, "", False):
                continue
            if name == "q" and not self._search().text:
                # Only an age was written: its chip is the age filter's.
                continue
            rest = params.copy()
            for key in (name, PAGE_PARAM):
                rest.pop(key, None)
            if name == "q":
                rest.pop(EXACT_PARAM, None)
                if self._age_from_q:
                    # Without the words, the age written with them stays.
                    rest["alder"] = str(self.value["alder"])
            if name == "alder" and self._age_from_q:
                # The age is in the search's words: take it out of them.
                rest.pop("q", None)
                if text := self._search().text:
                    rest["q"] = text
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
        max_value=MAX_MONTHS,
        subject="Antall måneder",
        example=12,
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
        return queryset.with_aktortype(value)

    def filter_ikke_verifisert(self, queryset: QuerySet, name: str, value):
        return queryset.not_verified_in(value) if value is not None else queryset

    def filter_uten_kanal(self, queryset: QuerySet, name: str, value: bool | None):
        return queryset.without_kontaktkanal() if value else queryset

    def _extra_counts(self) -> list[QuerySet]:
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
                self._facet_base("uten_kanal").without_kontaktkanal(),
                "uten_kanal",
                by_slug="status",
            ),
        ]

    def _choice_options(self, name: str, choices) -> list[Option]:
        counts = {row.slug: row.n for row in self.facets().rows(name)}
        chosen = self.value.get(name)
        return [
            Option(value, label, counts.get(value, 0), value == chosen)
            for value, label in choices
        ]

    def status_options(self) -> list[Option]:
        return self._choice_options("status", Tiltak.Status.choices)

    def aktortype_options(self) -> list[Option]:
        return self._choice_options("aktortype", Aktor.Type.choices)

    def without_channel_count(self) -> int:
        return sum(row.n for row in self.facets().rows("uten_kanal"))

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
