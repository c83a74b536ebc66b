"""The coordinator's guide at /intern/hjelp/: staff only, linked where they work."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.accounts import log_in_verified

pytestmark = pytest.mark.django_db

HJELP = reverse("intern:hjelp")


def test_the_guide_is_for_staff_only(client):
    response = client.get(HJELP)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("intern:logg_inn"))
    client.force_login(User.objects.create_user("gjest"))
    assert client.get(HJELP).status_code == 403


def test_the_guide_covers_what_a_coordinator_does(staff_client):
    page = staff_client.get(HJELP).content.decode()
    for heading in (
        "Første innlogging og tofaktorkode",
        "Redigere et tiltak",
        "Endre et telefonnummer",
        "Utkast, publisering og arkivering",
        "Historikk og å angre en endring",
        "Rapportene",
    ):
        assert heading in page
    # Written for the coordinator: what to do or whom to ask, never a command.
    assert "manage.py" not in page and "make " not in page


def test_the_admin_and_the_staff_menu_link_to_the_guide(client, admin_user):
    log_in_verified(client, admin_user)
    for url in (reverse("admin:index"), reverse("intern:tiltak")):
        assert f'href="{HJELP}"' in client.get(url).content.decode(), url
