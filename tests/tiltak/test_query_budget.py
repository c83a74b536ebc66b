"""Every public page costs a fixed number of queries, whatever the number of tiltak.

The budgets are pinned on the real plan (42 tiltak) here; test_scale.py pins the
same budgets at 20,000 demo tiltak. The page cache is empty for each request, so
the count is the real cost of building the page.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kontakter.models import Aktor
from tiltak import caching
from tiltak.models import Handlingsplan, Innsatsomrade, Plantiltak, Tiltak

# Each includes the data version the page cache asks for. Not included: the one
# query a process makes when the data changed or a line opened or closed since
# its last request, for the next such moment (warm_staffing_window).
BUDGETS = {
    "forside": 3,
    "liste": 5,
    "liste_filtrert": 5,
    # The search also reads the editors' synonyms.
    "sok": 6,
    # A tiltak page also names the plan it comes from (Tiltak.plan).
    "detalj": 6,
    "innsatsomrade": 6,
    "bekymret": 6,
    "om": 3,
    "planer": 2,
    # The plan, its sections, its tiltak per area (the contents and the page
    # count), a page of its members with their tiltak, actors and channels, and
    # its «nytt» marks (the plan before it and the members again, tiltak.
    # endringer.standing).
    "plan_detalj": 10,
}
# A plan that has a plan before it also reads that plan's members; one that is
# not current also the current plan, to link to it.
LATER_PLAN_BUDGET = BUDGETS["plan_detalj"] + 2
# A tiltak no longer in the plan also reads the plans made current since.
ENDED_TILTAK_BUDGET = BUDGETS["detalj"] + 1


def budget_pages() -> dict[str, str]:
    tiltak = Tiltak.objects.published().order_by("pk").first()
    omrade = Innsatsomrade.objects.order_by("rekkefolge").first()
    aktor = Aktor.objects.filter(tiltakaktor__isnull=False).order_by("pk").first()
    return {
        "forside": "/",
        "liste": "/tiltak/",
        "liste_filtrert": (
            f"/tiltak/?innsatsomrade={omrade.slug}&ansvar={aktor.slug}&alder=15&nytt=on"
        ),
        "sok": "/tiltak/?q=rus",
        "detalj": tiltak.get_absolute_url(),
        "innsatsomrade": f"/innsatsomrader/{omrade.slug}/",
        "bekymret": "/er-du-bekymret/",
        "om": "/om/",
        "planer": "/planer/",
        "plan_detalj": Handlingsplan.objects.gjeldende().get_absolute_url(),
    }


def warm_staffing_window() -> None:
    """What a process reads once per change of the data, not per page: when the
    next line opens or closes (tiltak.caching.staffing_window)."""
    caching.staffing_window(caching.current())


def assert_budget(client, url: str, budget: int) -> None:
    caches["default"].clear()
    warm_staffing_window()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert len(queries) <= budget, (url, len(queries))


def assert_budgets(client) -> None:
    for name, url in budget_pages().items():
        assert_budget(client, url, BUDGETS[name])


@pytest.mark.django_db
def test_every_public_page_keeps_its_query_budget_on_the_plan(client, seeded):
    assert_budgets(client)


@pytest.mark.django_db
def test_the_list_costs_the_same_on_every_page(client, seeded):
    counts = []
    for side in (1, 2, 3):
        caches["default"].clear()
        warm_staffing_window()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/tiltak/?side={side}").status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


@pytest.mark.django_db
def test_the_plan_pages_keep_their_budgets_after_the_next_plan_is_published(
    client, seeded
):
    """2024–2025 made from the plan with one tiltak less, and published, as
    ordinary saves do it: the pages of both plans and of the tiltak that left."""
    old = Handlingsplan.objects.gjeldende()
    new = Handlingsplan.objects.create(
        tittel=old.tittel,
        kommune=old.kommune,
        periode="skoleåret 2024–2025",
        fra_ar=2024,
        til_ar=2025,
        status=Handlingsplan.Status.VEDTATT,
    )
    members = list(Plantiltak.objects.filter(plan=old).order_by("pk"))
    for member in members[1:]:
        member.pk = None
        member.plan = new
        member.save()
    old.status = Handlingsplan.Status.AVSLUTTET
    old.save()
    new.status = Handlingsplan.Status.GJELDENDE
    new.save()
    ended = members[0].tiltak
    ended.status = Tiltak.Status.AVSLUTTET
    ended.save()
    assert_budget(client, "/planer/", BUDGETS["planer"])
    assert_budget(client, new.get_absolute_url(), BUDGETS["plan_detalj"] + 1)
    assert_budget(client, old.get_absolute_url(), LATER_PLAN_BUDGET)
    assert_budget(client, ended.get_absolute_url(), ENDED_TILTAK_BUDGET)
