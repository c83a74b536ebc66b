"""Each editor role reaches what it needs and nothing more (tiltak.intern.roles,
enforced by tiltak.intern.access and the admin's permissions)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from kontakter.models import Kontaktkanal
from tests.accounts import PASSWORD, log_in_verified
from tests.admin_forms import form_data
from tests.factories import make_tiltak
from tiltak.intern.roles import CHANNEL_EDITOR, COORDINATOR
from tiltak.models import Tiltak

pytestmark = pytest.mark.django_db

# Every staff page that shows tiltak: drafts, archived ones, internal notes.
TILTAK_PAGES = [
    "intern:tiltak",
    "intern:utskrift",
    "intern:eksport_csv",
    "intern:eksport_xlsx",
    "intern:kvalitet",
    "intern:oversikt",
]


@pytest.fixture
def make_staff(django_user_model):
    def make(username: str, group: str | None = None):
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def channel_editor(client, make_staff):
    """As the role logs in: with the password alone, or with its app if it has one."""
    client.force_login(make_staff("redaktor", CHANNEL_EDITOR))
    return client


@pytest.fixture
def draft() -> Tiltak:
    return make_tiltak(
        tittel="Hemmelig utkast",
        status=Tiltak.Status.UTKAST,
        intern_merknad="INTERN-MERKNAD",
    )


@pytest.mark.parametrize("name", TILTAK_PAGES)
def test_the_channel_editor_gets_403_on_every_staff_page_that_shows_tiltak(
    channel_editor, draft, name
):
    response = channel_editor.get(reverse(name), {"status": "utkast"})
    assert response.status_code == 403
    assert "Du har ikke tilgang til denne siden" in response.text
    assert "Hemmelig utkast" not in response.text
    assert "INTERN-MERKNAD" not in response.text


def test_a_verified_channel_editor_gets_no_further(client, make_staff, draft):
    log_in_verified(client, make_staff("redaktor", CHANNEL_EDITOR))
    for name in TILTAK_PAGES:
        assert client.get(reverse(name)).status_code == 403, name


def test_the_channel_editor_gets_403_on_a_drafts_admin_pages(channel_editor, draft):
    for name in ("change", "history"):
        url = reverse(f"admin:tiltak_tiltak_{name}", args=[draft.pk])
        assert channel_editor.get(url).status_code == 403, name
    changelist = channel_editor.get(reverse("admin:tiltak_tiltak_changelist"))
    assert changelist.status_code == 403
    # Nor through a picker that lists tiltak.
    params = {
        "term": "Hemmelig",
        "app_label": "tiltak",
        "model_name": "tidligereadresse",
        "field_name": "tiltak",
    }
    assert channel_editor.get(reverse("admin:autocomplete"), params).status_code == 403


def test_the_channel_editor_still_edits_a_channel_and_picks_its_actor(
    channel_editor, seeded
):
    kanal = Kontaktkanal.objects.get(verdi="+4746934634")
    url = reverse("admin:kontakter_kontaktkanal_change", args=[kanal.pk])
    page = channel_editor.get(url)
    assert page.status_code == 200
    response = channel_editor.post(url, form_data(page, verdi="469 34 635"))
    assert response.status_code == 302
    kanal.refresh_from_db()
    assert kanal.verdi == "+4746934635"
    params = {
        "term": "Politi",
        "app_label": "kontakter",
        "model_name": "kontaktkanal",
        "field_name": "aktor",
    }
    answer = channel_editor.get(reverse("admin:autocomplete"), params)
    assert answer.status_code == 200
    assert any("Politi" in result["text"] for result in answer.json()["results"])


def test_staff_without_a_role_see_no_staff_page_that_shows_tiltak(
    client, make_staff, draft
):
    client.force_login(make_staff("ansatt"))
    for name in TILTAK_PAGES:
        assert client.get(reverse(name)).status_code == 403, name


def test_viewing_tiltak_is_what_opens_the_staff_pages(client, make_staff, draft):
    user = make_staff("leser")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="tiltak", codename="view_tiltak")
    )
    client.force_login(user)
    page = client.get(reverse("intern:tiltak"), {"status": "utkast"})
    assert page.status_code == 200
    assert "Hemmelig utkast" in page.text


def test_a_coordinator_reaches_every_staff_page_after_the_code(
    client, make_staff, draft
):
    coordinator = make_staff("koordinator", COORDINATOR)
    client.force_login(coordinator)
    assert client.get(reverse("intern:tiltak")).status_code == 403
    log_in_verified(client, coordinator)
    for name in TILTAK_PAGES:
        assert client.get(reverse(name)).status_code == 200, name


def test_each_role_lands_where_it_may_work_after_logging_in(client, make_staff):
    # The channel editor may not see tiltak: the admin, not a 403 on /intern/.
    make_staff("kanal", CHANNEL_EDITOR)
    login = reverse("intern:logg_inn")
    response = client.post(login, {"username": "kanal", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    client.logout()
    reader = make_staff("leser")
    reader.user_permissions.add(Permission.objects.get(codename="view_tiltak"))
    response = client.post(login, {"username": "leser", "password": PASSWORD})
    assert response.url == reverse("intern:tiltak")
