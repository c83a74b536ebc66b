"""A national-size directory: 20,000 demo tiltak keep every page's query budget,
and the list stays small enough to send.

The demo data is generated once for the module (about half a minute) and rolled
back after it; each test runs in its own savepoint inside that transaction. The
demo plan is current and holds every published demo tiltak (about 17,000), so the
plan pages are as big as a national plan's.
"""

import gzip

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts import log_in_verified
from tests.factories import adopt
from tests.tiltak.test_query_budget import (
    BUDGETS,
    ENDED_TILTAK_BUDGET,
    LATER_PLAN_BUDGET,
    assert_budget,
    assert_budgets,
)
from tiltak.demo.generator import generate
from tiltak.models import PLAN_TEXT_FIELDS, Handlingsplan, Plantiltak, Tiltak
from tiltak.planer import lag_neste_plan, publiser

# Every test here uses the database, so pytest-django keeps them together and
# the national directory is generated once.
pytestmark = pytest.mark.django_db

NATIONAL = 20_000
# What a phone on a slow line should have to fetch for one page of the list.
MAX_LIST_GZIPPED = 15 * 1024


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker) -> None:
    with django_db_blocker.unblock(), transaction.atomic():
        generate(NATIONAL, seed=1)
        yield
        transaction.set_rollback(True)


def test_every_public_page_keeps_its_query_budget_at_20000_tiltak(client, national):
    assert Tiltak.objects.count() == NATIONAL
    assert_budgets(client)


@pytest.mark.parametrize("query", ["", "q=rus", "q=ungdom+skole", "nytt=on&alder=15"])
def test_a_page_of_the_list_stays_under_15_kb_gzipped(client, national, query):
    response = client.get(f"/tiltak/?{query}")
    assert response.status_code == 200
    assert len(response.context["page"]) == 20
    assert len(gzip.compress(response.content)) <= MAX_LIST_GZIPPED


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


# --- The plan pages -------------------------------------------------------------

# The staff plan pages' queries, whatever the size of the plan. Each includes the
# three every staff request costs (the session's device, the user's permissions,
# saving the session for its idle timeout: tests/tiltak/conftest.py).
STAFF_PLAN_BUDGETS = {
    "intern:planer": 9,
    "intern:plan": 12,
    "intern:plan_endringer": 12,
    "intern:arsrapport": 12,
    "intern:arsrapport_docx": 12,
    "intern:plan_docx": 12,
    # The public page of a draft, as the staff preview shows it: the public
    # page's queries, what a coordinator's request costs (the session, the user,
    # the device, two permission lookups, the session saved in a savepoint) and
    # the current plan the preview links to.
    "plan_detalj": 19,
    # The decision form of the draft, and the publish page once it is adopted
    # (the same as at 42 tiltak: tests/tiltak/intern/test_planer_intern.py).
    "intern:vedta_plan": 9,
    "intern:publiser_plan": 14,
}
# What the next plan changes against the demo plan, at this scale.
ENDED, CHANGED, ADDED = 200, 300, 100


def next_plan(plan: Handlingsplan) -> Handlingsplan:
    """«Lag neste års plan», then the draft edited: ENDED members taken out,
    CHANGED described anew and ADDED draft tiltak put in."""
    draft = lag_neste_plan(plan)
    members = list(Plantiltak.objects.filter(plan=draft).order_by("pk"))
    Plantiltak.objects.filter(pk__in=[m.pk for m in members[:ENDED]]).delete()
    changed = members[ENDED : ENDED + CHANGED]
    for member in changed:
        member.beskrivelse += " Tiltaket utvides til flere skoler neste år."
    Plantiltak.objects.bulk_update(changed, ["beskrivelse"], batch_size=1000)
    new = Tiltak.objects.filter(status=Tiltak.Status.UTKAST).order_by("pk")[:ADDED]
    Plantiltak.objects.bulk_create(
        Plantiltak(
            plan=draft,
            tiltak=tiltak,
            innsatsomrade_id=tiltak.innsatsomrade_id,
            **{name: getattr(tiltak, name) for name in PLAN_TEXT_FIELDS},
        )
        for tiltak in new
    )
    return draft


def test_the_demo_plan_holds_the_published_tiltak(national):
    plan = Handlingsplan.objects.gjeldende()
    assert plan is not None and plan.kilde.startswith("demo:")
    members = Plantiltak.objects.filter(plan=plan).count()
    assert members == Tiltak.objects.published().count() > 0.8 * NATIONAL


def queries_of(client, url: str) -> int:
    """The queries of a page that is not cached."""
    caches["default"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_the_staff_plan_pages_keep_their_budgets_at_20000_tiltak(coordinator, national):
    plan = Handlingsplan.objects.gjeldende()
    draft = next_plan(plan)
    pages = {
        "intern:planer": reverse("intern:planer"),
        "intern:plan": reverse("intern:plan", args=[plan.slug]),
        "intern:plan_endringer": reverse(
            "intern:plan_endringer", args=[plan.slug, draft.slug]
        ),
        "intern:arsrapport": reverse("intern:arsrapport", args=[plan.slug]),
        "intern:arsrapport_docx": reverse("intern:arsrapport_docx", args=[plan.slug]),
        "intern:plan_docx": reverse("intern:plan_docx", args=[plan.slug]),
        "plan_detalj": reverse("plan_detalj", args=[draft.slug]),
        "intern:vedta_plan": reverse("intern:vedta_plan", args=[draft.slug]),
    }
    counts = {name: queries_of(coordinator, url) for name, url in pages.items()}
    adopt(draft)
    publish_page = reverse("intern:publiser_plan", args=[draft.slug])
    counts["intern:publiser_plan"] = queries_of(coordinator, publish_page)
    over = {
        name: count
        for name, count in counts.items()
        if count > STAFF_PLAN_BUDGETS[name]
    }
    assert not over, counts


def test_the_public_plan_pages_keep_their_budgets_after_the_next_plan_is_published(
    client, national
):
    """The next plan made, adopted and published as the coordinator does it: both
    plans' pages and a tiltak that left keep their budgets, and publishing a
    national plan takes queries in batches, not per tiltak."""
    old = Handlingsplan.objects.gjeldende()
    new = next_plan(old)
    adopt(new)
    with CaptureQueriesContext(connection) as queries:
        publiser(new)
    # Mostly batches of 1,000 updated tiltak and their history rows.
    assert len(queries) < 200, len(queries)
    ended = Tiltak.objects.filter(status=Tiltak.Status.AVSLUTTET).order_by("pk")
    assert ended.count() == ENDED
    assert_budget(client, "/planer/", BUDGETS["planer"])
    assert_budget(client, new.get_absolute_url(), BUDGETS["plan_detalj"] + 1)
    assert_budget(client, old.get_absolute_url(), LATER_PLAN_BUDGET)
    assert_budget(client, ended.first().get_absolute_url(), ENDED_TILTAK_BUDGET)
