"""The plan cycle on /intern/planer/: the kommune's plans, one plan's tiltak with
their standing and follow-up, and «Lag neste års plan», «Vedta» and «Publiser»,
each allowed only with its permission."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from tests.accounts import log_in_verified
from tests.factories import make_tiltak
from tiltak.models import Handlingsplan, Oppfolgingstall, Plantiltak, Tiltak

pytestmark = pytest.mark.django_db

PLANER = reverse("intern:planer")
OLD, NEW = "2023-2024", "2024-2025"
# tests/tiltak/test_scale.py STAFF_PLAN_BUDGETS holds the same at 20,000 tiltak.
BUDGETS = {
    "intern:planer": 9,
    "intern:plan": 12,
    # The draft's form; the adopted plan's confirmation.
    "intern:vedta_plan": 9,
    "intern:publiser_plan": 14,
    # The public page of the draft, as the coordinator's preview.
    "plan_detalj": 19,
}


def staff_with(client, *codenames: str):
    """A staff client who may see /intern/ and has exactly these plan permissions."""
    user = User.objects.create_user("ansatt", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="tiltak",
            codename__in=["view_tiltak", *codenames],
        )
    )
    log_in_verified(client, user)
    return client


def url(name: str, periode: str = OLD) -> str:
    return reverse(f"intern:{name}", args=[periode])


def make_next(client) -> Handlingsplan:
    response = client.post(url("lag_neste_plan"))
    assert response.status_code == 302
    return Handlingsplan.objects.get(fra_ar=2024)


def adopt(client, periode: str = NEW, **overrides):
    data = {"dato": "2024-06-12", "organ": "politiradet", "saksnummer": "24/1234"}
    return client.post(url("vedta_plan", periode), data | overrides)


def page(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


# --- The list of plans -----------------------------------------------------------


def test_the_list_shows_the_plans_with_their_status_and_tiltak(coordinator, seeded):
    html = page(coordinator, PLANER)
    assert "Handlingsplan 2023–2024" in html
    assert "Gjeldende plan" in html
    assert '<td class="tall">42</td>' in html
    assert f'action="{url("lag_neste_plan")}"' in html
    assert f'href="{url("plan")}"' in html
    assert 'href="/planer/2023-2024/"' in html


def test_the_staff_menu_leads_to_the_plans(coordinator, seeded):
    html = page(coordinator, reverse("intern:tiltak"))
    assert f'<a href="{PLANER}">Planer</a>' in html


def test_making_the_next_plan_opens_the_draft(coordinator, seeded):
    response = coordinator.post(url("lag_neste_plan"))

    assert response.status_code == 302
    assert response["Location"] == url("plan", NEW)
    draft = Handlingsplan.objects.get(fra_ar=2024)
    assert draft.status == Handlingsplan.Status.UTKAST
    assert draft.medlemmer.count() == 42
    html = page(coordinator, response["Location"])
    assert "Utkastet til handlingsplan 2024–2025 er laget med 42 tiltak" in html
    assert 'href="/planer/2024-2025/">Forhåndsvis' in html
    # The newest plan is now a draft: no second «Lag neste års plan».
    assert "lag-neste/" not in page(coordinator, PLANER)


def test_making_the_next_plan_twice_says_why_in_norwegian(coordinator, seeded):
    make_next(coordinator)

    response = coordinator.post(url("lag_neste_plan"), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(PLANER, 302)]
    assert "har allerede en plan for 2024–2025" in response.content.decode()
    assert Handlingsplan.objects.filter(fra_ar=2024).count() == 1


def test_a_draft_cannot_make_the_next_plan(coordinator, seeded):
    make_next(coordinator)
    response = coordinator.post(url("lag_neste_plan", NEW), follow=True)
    assert "er et utkast" in response.content.decode()
    assert not Handlingsplan.objects.filter(fra_ar=2025).exists()


def test_making_the_next_plan_takes_a_post(coordinator, seeded):
    assert coordinator.get(url("lag_neste_plan")).status_code == 405
    assert not Handlingsplan.objects.filter(fra_ar=2024).exists()


def test_an_unknown_period_is_404(coordinator, seeded):
    assert coordinator.get(url("plan", "2030-2031")).status_code == 404
    assert coordinator.post(url("lag_neste_plan", "2030-2031")).status_code == 404


# --- One plan ----------------------------------------------------------------------


def test_the_plan_page_shows_what_the_draft_changes(coordinator, seeded):
    draft = make_next(coordinator)
    members = list(draft.medlemmer.order_by("pk"))
    ended, changed = members[0], members[1]
    ended.delete()
    changed.beskrivelse += " Nå på alle skoler."
    changed.save()
    added = make_tiltak(tittel="Helt nytt tiltak", innsatsomrade=changed.innsatsomrade)
    Plantiltak.objects.create(
        plan=draft,
        tiltak=added,
        innsatsomrade=added.innsatsomrade,
        tittel=added.tittel,
        beskrivelse=added.beskrivelse,
    )

    html = page(coordinator, url("plan", NEW))

    assert '<th scope="row">Nytt</th><td class="tall">1</td>' in html
    assert '<th scope="row">Endret</th><td class="tall">1</td>' in html
    assert '<th scope="row">Avsluttet</th><td class="tall">1</td>' in html
    assert '<th scope="row">Videreført</th><td class="tall">40</td>' in html
    assert "Avsluttet: i planen 2023–2024, ikke i denne (1)" in html
    assert ended.tittel in html
    change = reverse("admin:tiltak_plantiltak_change", args=[changed.pk])
    assert f'href="{change}"' in html
    assert "(tiltaket er publisert)" not in html
    assert f'href="{url("vedta_plan", NEW)}"' in html


def test_the_plan_page_shows_the_follow_up(coordinator, seeded):
    member = Plantiltak.objects.filter(plan__fra_ar=2023).first()
    member.oppfolging = Plantiltak.Oppfolging.I_GANG
    member.oppfolging_kommentar = "Startet på tre skoler."
    member.save()
    Oppfolgingstall.objects.create(medlem=member, etikett="antall skoler", antall=3)

    html = page(coordinator, url("plan"))

    assert "I gang: Startet på tre skoler." in html
    assert "Antall skoler: 3" in html
    assert '<th scope="row">I gang</th><td class="tall">1</td>' in html


@pytest.mark.parametrize("name", BUDGETS)
def test_the_plan_pages_keep_their_query_budgets(
    coordinator, seeded, django_assert_max_num_queries, name
):
    make_next(coordinator)
    if name == "intern:publiser_plan":
        assert adopt(coordinator).status_code == 302
    address = {
        "intern:planer": PLANER,
        "intern:plan": url("plan", NEW),
        "intern:vedta_plan": url("vedta_plan", NEW),
        "intern:publiser_plan": url("publiser_plan", NEW),
        "plan_detalj": reverse("plan_detalj", args=[NEW]),
    }[name]
    with django_assert_max_num_queries(BUDGETS[name]):
        response = coordinator.get(address)
    assert response.status_code == 200
    assert "2024–2025" in response.content.decode()


# --- Adopting and publishing -----------------------------------------------------


def test_adopting_asks_for_date_body_and_case_in_norwegian(coordinator, seeded):
    make_next(coordinator)

    response = coordinator.post(url("vedta_plan", NEW), {"organ": "regjeringen"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv inn datoen planen ble vedtatt." in html
    assert "Velg et av organene i listen." in html
    assert "Skriv inn saksnummeret planen ble vedtatt i." in html
    assert Handlingsplan.objects.get(fra_ar=2024).status == "utkast"


def test_a_refused_adoption_is_shown_on_the_form(coordinator, seeded):
    make_next(coordinator)
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = adopt(coordinator, dato=tomorrow)
    assert response.status_code == 400
    assert "Vedtaksdatoen kan ikke være fram i tid." in response.content.decode()


def test_adopting_and_publishing_switch_the_public_site(coordinator, client, seeded):
    make_next(coordinator)
    form = page(coordinator, url("vedta_plan", NEW))
    assert '<label class="ds-label" for="id_organ">Vedtatt av</label>' in form

    adopted = adopt(coordinator)
    assert adopted.status_code == 302 and adopted["Location"] == url("plan", NEW)
    plan = Handlingsplan.objects.get(fra_ar=2024)
    assert plan.status == "vedtatt" and plan.saksnummer == "24/1234"
    assert plan.vedtatt_dato == date(2024, 6, 12) and plan.vedtatt_av == "politiradet"
    confirm = page(coordinator, url("publiser_plan", NEW))
    assert "Handlingsplan 2023–2024 blir avsluttet" in confirm
    assert "0 tiltak merkes som nye" in confirm
    assert "0 tiltak er ikke med i den nye planen" in confirm

    published = coordinator.post(url("publiser_plan", NEW), follow=True)

    assert "Handlingsplan 2024–2025 er publisert" in published.content.decode()
    assert "Planen 2023–2024 er avsluttet." in published.content.decode()
    assert Handlingsplan.objects.gjeldende().fra_ar == 2024
    assert "skoleåret 2024–2025" in page(client, "/")
    listed = page(client, "/planer/")
    assert listed.index("Handlingsplan 2024–2025") < listed.index("Gjeldende plan")
    assert listed.index("Gjeldende plan") < listed.index("Handlingsplan 2023–2024")


def test_publishing_a_draft_is_refused_with_a_message(coordinator, seeded):
    make_next(coordinator)
    response = coordinator.post(url("publiser_plan", NEW), follow=True)
    assert response.status_code == 200
    assert "Bare en vedtatt plan kan publiseres." in response.content.decode()
    assert Handlingsplan.objects.gjeldende().fra_ar == 2023


def test_the_confirmation_counts_new_and_ended_tiltak(coordinator, seeded):
    draft = make_next(coordinator)
    draft.medlemmer.order_by("pk").first().delete()
    added = make_tiltak(status=Tiltak.Status.UTKAST)
    Plantiltak.objects.create(
        plan=draft,
        tiltak=added,
        innsatsomrade=added.innsatsomrade,
        tittel=added.tittel,
        beskrivelse=added.beskrivelse,
    )
    assert adopt(coordinator).status_code == 302
    confirm = page(coordinator, url("publiser_plan", NEW))
    assert "1 tiltak merkes som nye" in confirm
    assert "1 tiltak er ikke med i den nye planen" in confirm


# --- Who may do what -------------------------------------------------------------

STEPS = [
    ("post", "lag_neste_plan", OLD),
    ("get", "vedta_plan", NEW),
    ("post", "vedta_plan", NEW),
    ("get", "publiser_plan", NEW),
    ("post", "publiser_plan", NEW),
]


def test_staff_without_the_plan_permission_cannot_see_the_plans(client, seeded):
    staff_with(client)
    for address in (PLANER, url("plan")):
        response = client.get(address)
        assert response.status_code == 403
        assert "Du har ikke tilgang til denne siden" in response.content.decode()


def test_staff_who_may_only_read_plans_cannot_change_them(client, seeded):
    Handlingsplan.objects.create(
        tittel="Utkast",
        kommune=Handlingsplan.objects.get().kommune,
        periode="skoleåret 2024–2025",
        fra_ar=2024,
        til_ar=2025,
    )
    staff_with(client, "view_handlingsplan")
    assert client.get(PLANER).status_code == 200
    html = page(client, PLANER)
    assert "lag-neste/" not in html
    for method, name, periode in STEPS:
        response = getattr(client, method)(url(name, periode))
        assert response.status_code == 403, (method, name)
        assert "Du har ikke tilgang til denne siden" in response.content.decode()
    assert Handlingsplan.objects.get(fra_ar=2024).status == "utkast"


def test_users_who_are_not_staff_are_refused(client, seeded):
    for method, name, periode in STEPS:
        response = getattr(client, method)(url(name, periode))
        assert response.status_code == 302, (method, name)
        assert response["Location"].startswith(reverse("intern:logg_inn"))
    user = User.objects.create_user("forelder")
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="plan"))
    client.force_login(user)
    for address in (PLANER, url("plan")):
        assert client.get(address).status_code == 403
    assert client.post(url("lag_neste_plan")).status_code == 403
    assert not Handlingsplan.objects.filter(fra_ar=2024).exists()
