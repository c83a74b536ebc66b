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
from tiltak.models import Innsatsomrade, Tiltak

# Each includes the data version the page cache asks for.
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
}


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
    }


def assert_budgets(client) -> None:
    for name, url in budget_pages().items():
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(queries) <= BUDGETS[name], (url, len(queries))


@pytest.mark.django_db
def test_every_public_page_keeps_its_query_budget_on_the_plan(client, seeded):
    assert_budgets(client)


@pytest.mark.django_db
def test_the_list_costs_the_same_on_every_page(client, seeded):
    counts = []
    for side in (1, 2, 3):
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/tiltak/?side={side}").status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
