import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from tests.factories import make_tiltak
from tests.transactions import transaction_flags

INTERN_PAGES = [
    "intern:tiltak",
    "intern:utskrift",
    "intern:eksport_csv",
    "intern:eksport_xlsx",
]


@pytest.mark.parametrize("name", INTERN_PAGES)
def test_it_sends_anonymous_visitors_to_the_login_page_and_back(client, db, name):
    url = reverse(name)
    response = client.get(url, {"status": "utkast"})
    assert response.status_code == 302
    login = reverse("intern:logg_inn")
    assert response["Location"].startswith(f"{login}?next=")
    assert "status%3Dutkast" in response["Location"]


def test_it_logs_staff_in_and_returns_to_the_page_they_asked_for(client, db):
    user = User.objects.create_user("gry", password="et-langt-passord", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_tiltak"))
    target = reverse("intern:utskrift") + "?nytt=on"
    response = client.post(
        reverse("intern:logg_inn"),
        {"username": "gry", "password": "et-langt-passord", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_the_login_page_is_in_norwegian_and_names_a_wrong_password(client, db):
    User.objects.create_user("gry", password="et-langt-passord", is_staff=True)
    page = client.get(reverse("intern:logg_inn")).content.decode()
    assert "Brukernavn" in page and "Passord" in page and "Logg inn" in page
    response = client.post(
        reverse("intern:logg_inn"), {"username": "gry", "password": "feil"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Vi kunne ikke logge deg inn" in text
    assert "korrekt brukernavn og passord" in text


def test_it_refuses_a_logged_in_user_who_is_not_staff_with_a_norwegian_page(client, db):
    client.force_login(User.objects.create_user("forelder", password="x"))
    for name in INTERN_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "Du har ikke tilgang til denne siden" in response.content.decode()


def test_it_logs_out_only_by_post(staff_client):
    assert staff_client.get(reverse("intern:logg_ut")).status_code == 405
    response = staff_client.post(reverse("intern:logg_ut"))
    assert "Du er logget ut" in response.content.decode()
    assert staff_client.get(reverse("intern:tiltak")).status_code == 302


def test_internal_pages_are_not_cached(staff_client):
    response = staff_client.get(reverse("intern:tiltak"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_staff_menu_names_the_internal_pages_and_a_logout_button(staff_client):
    page = staff_client.get(reverse("intern:tiltak")).content.decode()
    assert 'aria-label="Intern meny"' in page
    for link in (reverse("intern:utskrift"), reverse("admin:index")):
        assert f'href="{link}"' in page
    assert f'action="{reverse("intern:logg_ut")}"' in page


def test_public_pages_never_show_internal_fields(client, db):
    tiltak = make_tiltak(intern_merknad="INTERN-MERKNAD-SOM-IKKE-SKAL-VISES")
    pages = [
        "/",
        reverse("tiltak_liste"),
        reverse("tiltak_detalj", args=[tiltak.slug]),
        reverse("innsatsomrade", args=[tiltak.innsatsomrade.slug]),
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert tiltak.tittel in text or url == "/"
        assert "INTERN-MERKNAD-SOM-IKKE-SKAL-VISES" not in text
        assert "Intern meny" not in text


def test_public_search_does_not_find_words_from_the_internal_note(client, db):
    make_tiltak(tittel="Natteravn", intern_merknad="Budsjettkutt varslet")
    response = client.get(reverse("tiltak_liste"), {"q": "budsjettkutt"})
    assert response.context["page"].paginator.count == 0


# serialized_rollback: the flush after a transactional test would also remove what
# migrations made (the editor groups, the search synonyms) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("name", [*INTERN_PAGES, "intern:kvalitet", "intern:oversikt"])
def test_staff_pages_that_only_read_open_no_transaction(staff_client, name):
    """On SQLite a transaction takes the write lock when it begins
    (slt.settings.SQLITE_OPTIONS): a report or an export inside one would hold
    up every editor's save while it runs."""
    with transaction_flags() as in_transaction:
        assert staff_client.get(reverse(name)).status_code == 200
    assert in_transaction and not any(in_transaction)
