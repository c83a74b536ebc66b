"""Conditional GET and the page cache (tiltak.caching): fast, and never stale."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kontakter.models import Aktor
from tests.factories import make_aktor, make_kanal, make_tiltak
from tiltak.caching import current
from tiltak.models import Tiltak

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiltak() -> Tiltak:
    aktor = make_aktor(navn="Uteseksjonen", kortnavn="Uteseksjonen")
    kanal = make_kanal(aktor=aktor, verdi="+4746934634", etikett="Vakttelefon")
    return make_tiltak(tittel="Natteravn", aktorer=[aktor], kanaler=[kanal])


def pages(tiltak: Tiltak) -> list[str]:
    return [
        reverse("tiltak_liste"),
        reverse("tiltak_liste") + "?q=natteravn",
        reverse("tiltak_detalj", args=[tiltak.slug]),
        reverse("forside"),
        reverse("bekymret"),
    ]


def test_public_pages_carry_an_etag_and_last_modified(client, tiltak):
    for url in pages(tiltak):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('"'), url
        assert response["Last-Modified"].endswith("GMT"), url
        assert "no-cache" in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url


def test_a_matching_etag_gets_a_304_without_building_the_page(client, tiltak):
    for url in pages(tiltak):
        etag = client.get(url)["ETag"]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers={"if-none-match": etag})
        assert response.status_code == 304, url
        assert response.content == b""
        assert len(queries) == 1, url  # only the data version


def test_an_unchanged_page_is_not_modified_since_its_last_modified(client, tiltak):
    url = reverse("tiltak_detalj", args=[tiltak.slug])
    last_modified = client.get(url)["Last-Modified"]
    response = client.get(url, headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_the_etag_changes_when_an_editor_saves(client, tiltak):
    url = reverse("tiltak_detalj", args=[tiltak.slug])
    before = client.get(url)["ETag"]
    tiltak.beskrivelse = "Voksne går natteravn i sentrum fredag og lørdag."
    tiltak.save()
    response = client.get(url, headers={"if-none-match": before})
    assert response.status_code == 200
    assert response["ETag"] != before
    assert "fredag og lørdag" in response.text


def test_a_changed_phone_number_is_never_served_from_the_cache(client, tiltak):
    url = reverse("tiltak_detalj", args=[tiltak.slug])
    liste = reverse("tiltak_liste")
    assert "469 34 634" in client.get(url).text
    assert "469 34 634" in client.get(liste).text
    kanal = tiltak.kanaler.get()
    kanal.verdi = "+4722334455"
    kanal.save()
    for address in (url, liste):
        html = client.get(address).text
        assert "22 33 44 55" in html, address
        assert "469 34 634" not in html, address


def test_every_kind_of_change_counts(tiltak):
    steps = [
        lambda: Aktor.objects.filter(pk=tiltak.aktorer.get().pk).get().save(),
        lambda: tiltak.kanaler.get().save(),
        lambda: tiltak.aktorer.add(make_aktor()),
        lambda: tiltak.tiltakkanal_set.get().delete(),
        lambda: tiltak.save(),
    ]
    for step in steps:
        before = current()
        step()
        assert current()[0] > before[0]


def test_a_cached_page_costs_one_query(client, tiltak):
    url = reverse("tiltak_liste")
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert len(queries) == 1
    assert second.content == first.content


def test_logged_in_editors_get_no_cached_pages(client, tiltak):
    user = User.objects.create_user("redaktor", password="x", is_staff=True)
    client.force_login(user)
    url = reverse("tiltak_liste")
    response = client.get(url)
    assert "ETag" not in response
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) > 1


def test_pages_that_are_not_found_are_not_cached(client):
    url = reverse("tiltak_detalj", args=["finnes-ikke"])
    assert client.get(url).status_code == 404
    make_tiltak(slug="finnes-ikke")
    assert client.get(url).status_code == 200
