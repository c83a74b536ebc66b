"""When the database fails, and when a request is too large: clear Norwegian pages."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError
from django.urls import reverse

from tests.admin_forms import form_data
from tests.dbfaults import failing_queries, locked_database
from tests.factories import make_aktor, make_tiltak
from tiltak.models import Tiltak


@pytest.fixture(autouse=True)
def as_in_production(client) -> None:
    """The test client re-raises a view's exception; a real server answers instead."""
    client.raise_request_exception = False


def assert_the_503_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.text
    assert "Tjenesten er midlertidig utilgjengelig" in text
    assert 'href="tel:112"' in text
    assert f"<code>{response['X-Request-ID']}</code>" in text
    assert "Traceback" not in text
    assert "Error" not in text


# serialized_rollback: the flush after a transactional test would also remove what
# migrations made (the editor groups, the search synonyms) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_answers_503_in_norwegian_when_the_database_is_locked(client):
    with locked_database():
        response = client.get(reverse("forside"))
    assert_the_503_page(response)
    assert client.get(reverse("forside")).status_code == 200


@pytest.mark.django_db
def test_it_answers_503_when_the_database_goes_away_mid_request(client):
    make_tiltak()
    with failing_queries("tiltak_tiltak"):
        response = client.get(reverse("tiltak_liste"))
    assert_the_503_page(response)


@pytest.mark.django_db
def test_it_answers_503_when_the_session_cannot_be_read(client):
    client.force_login(User.objects.create_user("ansatt", is_staff=True))
    with failing_queries("django_session"):
        response = client.get(reverse("admin:index"))
    assert_the_503_page(response)


@pytest.mark.django_db
def test_a_database_error_that_is_a_bug_stays_a_500(client):
    make_tiltak()
    with failing_queries("tiltak_tiltak", error=IntegrityError("a bug")):
        response = client.get(reverse("tiltak_liste"))
    assert response.status_code == 500
    assert "Noe gikk galt hos oss" in response.text
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_it_leaves_no_half_done_admin_action_when_the_database_fails(admin_client):
    admin_client.raise_request_exception = False
    drafts = [make_tiltak(status=Tiltak.Status.UTKAST) for _ in range(3)]
    data = {
        "action": "publish",
        "_selected_action": [tiltak.pk for tiltak in drafts],
    }
    # The action saves tiltak one by one; the database goes away after the first.
    with failing_queries('UPDATE "tiltak_tiltak"', skip=1):
        response = admin_client.post(reverse("admin:tiltak_tiltak_changelist"), data)
    assert_the_503_page(response)
    assert set(Tiltak.objects.values_list("status", flat=True)) == {
        Tiltak.Status.UTKAST
    }
    assert Tiltak.history.filter(status=Tiltak.Status.PUBLISERT).count() == 0


@pytest.mark.django_db
def test_it_refuses_a_form_larger_than_a_megabyte_with_a_norwegian_400(client):
    response = client.post(
        reverse("intern:logg_inn"), {"username": "x" * (1024 * 1024), "password": "y"}
    )
    assert response.status_code == 400
    assert "Skjemaet var for stort" in response.text
    assert '<html lang="nb">' in response.text


@pytest.mark.django_db
def test_it_accepts_a_large_but_reasonable_form(admin_client):
    tiltak = make_tiltak()
    page = admin_client.get(reverse("admin:tiltak_tiltak_change", args=[tiltak.pk]))
    data = form_data(page, beskrivelse="Et tiltak. " * 50_000)
    response = admin_client.post(
        reverse("admin:tiltak_tiltak_change", args=[tiltak.pk]), data
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_it_refuses_a_form_with_too_many_fields_with_a_norwegian_400(client):
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    fields = {f"felt{number}": "x" for number in range(limit + 1)}
    response = client.post(reverse("intern:logg_inn"), fields)
    assert response.status_code == 400
    assert "Skjemaet var for stort" in response.text


@pytest.mark.django_db
def test_an_admin_save_of_a_tiltak_with_its_inlines_is_all_or_nothing(admin_client):
    admin_client.raise_request_exception = False
    tiltak = make_tiltak(tittel="Gatemegling", aktorer=[make_aktor(navn="Politiet")])
    url = reverse("admin:tiltak_tiltak_change", args=[tiltak.pk])
    page = admin_client.get(url)
    data = form_data(page, tittel="Gatemegling for ungdom")
    data["tiltakaktor_set-0-rekkefolge"] = "7"
    # The tiltak's row is saved first; the database goes away at its inline.
    with failing_queries('UPDATE "tiltak_tiltakaktor"'):
        response = admin_client.post(url, data)
    assert_the_503_page(response)
    tiltak.refresh_from_db()
    assert tiltak.tittel == "Gatemegling"
    assert tiltak.versjon == 1
    assert list(tiltak.tiltakaktor_set.values_list("rekkefolge", flat=True)) != [7]
