import re

import pytest

from kontakter.models import Aktor
from tests.factories import make_aktor, make_innsatsomrade, make_tiltak
from tiltak.intern import oversikt
from tiltak.models import Innsatsomrade, Tiltak

pytestmark = pytest.mark.django_db


def test_age_coverage_counts_ranges_open_ends_and_tiltak_without_an_age():
    make_tiltak(alder_fra=10, alder_til=12)
    make_tiltak(alder_fra=24)
    make_tiltak(alder_til=1)
    make_tiltak()
    make_tiltak(alder_fra=0, alder_til=25, status=Tiltak.Status.UTKAST)

    coverage = oversikt.age_coverage()

    counts = dict(coverage.per_age)
    assert list(counts) == [str(age) for age in range(26)]
    assert [counts[a] for a in ("0", "1", "2", "9", "10", "12", "13")] == [
        1,
        1,
        0,
        0,
        1,
        1,
        0,
    ]
    assert (counts["24"], counts["25"]) == (1, 1)
    assert coverage.without_age == 1


def test_the_matrix_counts_each_tiltak_once_per_kind_of_actor():
    vold = make_innsatsomrade(navn="Vold")
    rus = make_innsatsomrade(navn="Rus")
    kommune = make_aktor(type=Aktor.Type.KOMMUNAL)
    bydel = make_aktor(type=Aktor.Type.KOMMUNAL)
    politi = make_aktor(type=Aktor.Type.STATLIG)
    make_tiltak(innsatsomrade=vold, aktorer=[kommune, bydel, politi])
    make_tiltak(innsatsomrade=vold, aktorer=[kommune])
    make_tiltak(innsatsomrade=rus, aktorer=[politi])
    make_tiltak(innsatsomrade=rus, aktorer=[kommune], status=Tiltak.Status.UTKAST)

    matrix = oversikt.area_by_actor_type()

    assert matrix.column_labels == [label for _, label in Aktor.Type.choices]
    assert matrix.rows == [("Vold", [2, 0, 1, 0, 0]), ("Rus", [0, 0, 1, 0, 0])]
    assert matrix.column_totals()[:3] == [
        ("Kommunal", 2),
        ("Fylkeskommunal", 0),
        ("Statlig", 2),
    ]


def test_an_empty_plan_gives_zeros_not_errors():
    assert oversikt.area_by_actor_type().column_totals() == [
        (label, 0) for _, label in Aktor.Type.choices
    ]
    assert oversikt.age_coverage().without_age == 0
    assert oversikt.new_and_continued() == {"new": 0, "continued": 0}


def test_the_real_plan_by_area_and_new_or_continued(seeded):
    per_area = dict(oversikt.per_area())
    assert sum(per_area.values()) == 42
    assert len(per_area) == Innsatsomrade.objects.count()
    assert oversikt.new_and_continued() == {"new": 6, "continued": 36}


def test_the_page_draws_accessible_charts_with_tables(
    seeded, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = staff_client.get("/intern/oversikt/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 3
    assert "<title id=" in html and "<desc id=" in html
    assert "Ungdomskriminalitet og kriminelle ungdomsnettverk: 23" in html
    assert "28 tiltak har ingen aldersgruppe" in html
    assert html.count("<table") == 4
    assert "<script" not in html
    # SVG wants 12.5: a localized decimal comma would break the drawing.
    numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', html)
    assert numbers
    assert not [number for number in numbers if "," in number]


def test_a_user_who_is_not_staff_is_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("forelder"))
    assert client.get("/intern/oversikt/").status_code == 403
