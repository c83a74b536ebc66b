"""A national-size directory: 20,000 demo tiltak keep every page's query budget,
and the list stays small enough to send.

The demo data is generated once for the module (about half a minute) and rolled
back after it; each test runs in its own savepoint inside that transaction.
"""

import gzip

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction

from tests.accounts import log_in_verified
from tests.tiltak.test_query_budget import assert_budgets
from tiltak.demo.generator import generate
from tiltak.models import Tiltak

NATIONAL = 20_000
# What a phone on a slow line should have to fetch for one page of the list.
MAX_LIST_GZIPPED = 15 * 1024


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker) -> None:
    with django_db_blocker.unblock(), transaction.atomic():
        generate(NATIONAL, seed=1)
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_public_page_keeps_its_query_budget_at_20000_tiltak(client, national):
    assert Tiltak.objects.count() == NATIONAL
    assert_budgets(client)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "q=rus", "q=ungdom+skole", "nytt=on&alder=15"])
def test_a_page_of_the_list_stays_under_15_kb_gzipped(client, national, query):
    response = client.get(f"/tiltak/?{query}")
    assert response.status_code == 200
    assert len(response.context["page"]) == 20
    assert len(gzip.compress(response.content)) <= MAX_LIST_GZIPPED


@pytest.mark.django_db
def test_the_staff_list_costs_the_same_at_20000_tiltak(
    client, national, django_user_model, django_assert_max_num_queries
):
    from tests.tiltak.intern.test_tiltak_liste import STAFF_LIST_BUDGET

    user = django_user_model.objects.create_user("ansatt", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_tiltak"))
    log_in_verified(client, user)
    with django_assert_max_num_queries(STAFF_LIST_BUDGET):
        response = client.get("/intern/", {"status": "publisert", "q": "rus"})
    assert response.status_code == 200
