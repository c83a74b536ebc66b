"""The filters of the tiltak list: one FilterSet, its facet counts and its chips.

Free text goes through tiltak.search once; every other filter narrows that result.
A facet counts what its option would give with all the *other* filters kept, so a
count never promises an empty page.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Count, F, Q, QuerySet, Value
from django.http import QueryDict

from kontakter.models import Aktor
from tiltak.models import MAX_AGE, Innsatsomrade, Tiltak, TiltakAktor
from tiltak.search import search_tiltak

PAGE_PARAM = "side"
# Longer is a pasted text, not a search; tiltak.search also reads only MAX_TERMS words.
MAX_QUERY_LENGTH = 200
# «Not verified for more than N months»: up to ten years back.
MAX_MONTHS = 120


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


class TiltakFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Søk",
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"Søket kan være på høyst {MAX_QUERY_LENGTH} tegn."
        },
    )
    innsatsomrade = django_filters.ModelChoiceFilter(
        label="Innsatsområde",
        queryset=Innsatsomrade.objects.all(),
        to_field_name="slug",
        error_messages={
            "invalid_choice": "Vi fant ikke det innsatsområdet. Velg et fra listen."
        },
    )
    ansvar = django_filters.ModelChoiceFilter(
        label="Ansvarlig",
        field_name="aktorer",
        queryset=Aktor.objects.all(),
        to_field_name="slug",
        error_messages={
            "invalid_choice": "Vi fant ikke den ansvarlige. Velg en fra listen."
        },
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

    # The search runs first, in filter_queryset, so ranking and facets share it.
    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_alder(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.for_alder(value) if value is not None else queryset

    def filter_nytt(self, queryset: QuerySet, name: str, value: bool | None):
        return queryset.filter(nytt=True) if value else queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        result = search_tiltak(queryset, self.form.cleaned_data.get("q") or "")
        self.suggestion = result.suggestion
        self.searched = result.tiltak
        return self._narrow(self.searched)

    def _narrow(self, queryset: QuerySet, *leave_out: str) -> QuerySet:
        for name, value in self.form.cleaned_data.items():
            if name not in leave_out:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def _facet_ids(self, *leave_out: str) -> QuerySet:
        """The result without some filters, as a plain id subquery for counting."""
        return self._narrow(self.searched, *leave_out).order_by().values("pk")

    def _facet_base(self, *leave_out: str) -> QuerySet:
        return Tiltak.objects.filter(pk__in=self._facet_ids(*leave_out))

    @property
    def value(self) -> dict:
        return self.form.cleaned_data if self.is_bound else {}

    def facets(self) -> Facets:
        """The total and the area, actor and «nytt» counts, in one query.

        Each tiltak has one innsatsområde, so counting the result per area
        without the area and «nytt» filters, all tiltak and new ones, gives the
        area options, the «nytt» count and the total as sums. The actors are
        counted over their links without the actor filter. Both are GROUP BYs in
        the database, sent with the list of all areas as one UNION ALL: one query
        whatever the number of tiltak.
        """
        chosen_area = self.value.get("innsatsomrade")
        chosen_actor = self.value.get("ansvar")
        only_new = bool(self.value.get("nytt"))
        # Names of their own: the models' fields (slug, navn) may not be reused.
        columns = ("f_kind", "f_sort", "f_slug", "f_label", "f_n", "f_new")
        all_areas = (
            Innsatsomrade.objects.order_by()
            .annotate(f_kind=Value("alle"), f_sort=F("rekkefolge"))
            .annotate(f_slug=F("slug"), f_label=F("navn"), f_n=Value(0))
            .annotate(f_new=Value(0))
            .values_list(*columns)
        )
        area_counts = (
            self._narrow(self.searched, "innsatsomrade", "nytt")
            .order_by()
            .values(f_slug=F("innsatsomrade__slug"))
            .annotate(
                f_kind=Value("omrade"),
                f_sort=Value(0),
                f_label=Value(""),
                f_n=Count("pk", distinct=True),
                f_new=Count("pk", filter=Q(nytt=True), distinct=True),
            )
            .values_list(*columns)
        )
        actor_counts = (
            TiltakAktor.objects.filter(tiltak__in=self._facet_ids("ansvar"))
            .order_by()
            .values(f_slug=F("aktor__slug"), f_label=F("aktor__navn"))
            .annotate(
                f_kind=Value("ansvar"),
                f_sort=Value(0),
                f_n=Count("tiltak", distinct=True),
                f_new=Value(0),
            )
            .values_list(*columns)
        )
        areas, counts, actors = [], {}, []
        # The UNION's own order_by(): it would take the first model's ordering.
        rows = all_areas.union(area_counts, actor_counts, all=True).order_by()
        for kind, sort, slug, navn, n, n_nytt in rows:
            if kind == "alle":
                areas.append((sort, navn, slug))
            elif kind == "omrade":
                counts[slug] = (n, n_nytt)
            else:
                selected = chosen_actor is not None and slug == chosen_actor.slug
                actors.append(Option(slug, navn, n, selected))
        facets = Facets(total=0, omrader=[], ansvar=[], nytt=0)
        for _, navn, slug in sorted(areas):
            n, n_nytt = counts.get(slug, (0, 0))
            selected = chosen_area is not None and slug == chosen_area.slug
            facets.omrader.append(
                Option(slug, navn, n_nytt if only_new else n, selected)
            )
            if selected or chosen_area is None:
                facets.nytt += n_nytt
                facets.total += n_nytt if only_new else n
        facets.ansvar = sorted(actors, key=lambda option: option.label)
        if chosen_actor and not any(option.selected for option in actors):
            # Chosen, but with no tiltak under the other filters: still shown.
            facets.ansvar.insert(
                0, Option(chosen_actor.slug, chosen_actor.navn, 0, True)
            )
        return facets

    def _choice_options(self, name: str, choices, field: str) -> list[Option]:
        """Options for a TextChoices filter, counted over one grouped column."""
        counts = dict(
            self._facet_base(name)
            .values_list(field)
            .annotate(n=Count("pk", distinct=True))
        )
        chosen = self.value.get(name)
        return [
            Option(value, label, counts.get(value, 0), value == chosen)
            for value, label in choices
        ]

    def chip_label(self, name: str, value) -> str:
        labels = {
            "q": lambda v: f"Søk: «{v}»",
            "innsatsomrade": lambda v: f"Innsatsområde: {v.navn}",
            "ansvar": lambda v: f"Ansvarlig: {v.navn}",
            "alder": lambda v: f"Alder: {v} år",
            "nytt": lambda v: "Bare nye tiltak",
        }
        return labels[name](value)

    def chips(self, params: QueryDict) -> list[Chip]:
        """The active filters, each with the address of the list without it."""
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

    def status_options(self) -> list[Option]:
        return self._choice_options("status", Tiltak.Status.choices, "status")

    def aktortype_options(self) -> list[Option]:
        return self._choice_options(
            "aktortype", Aktor.Type.choices, "tiltakaktor__aktor__type"
        )

    def uten_kanal_count(self) -> int:
        return self._facet_base("uten_kanal").uten_kontaktkanal().count()

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
