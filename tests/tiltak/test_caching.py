"""Conditional GET and the page cache (tiltak.caching): fast, and never stale."""

import time

import pytest
from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kontakter.models import Aktor, Kontaktkanal
from tests.factories import make_aktor, make_kanal, make_tiltak
from tiltak import caching
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


# --- Told of changes by PostgreSQL (tiltak.caching.Watcher) -------------------------

# LISTEN/NOTIFY is PostgreSQL's.
postgresql_only = pytest.mark.only_on("postgresql")


def eventually(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def watcher():
    caching.WATCHER.start()
    assert eventually(lambda: caching.WATCHER.version is not None)
    yield caching.WATCHER
    caching.WATCHER.stop()


@pytest.fixture
def elsewhere():
    """A connection of its own, as another server process would have."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    other.connect()
    yield other.connection
    other.close()


def stored_version(raw) -> tuple:
    return caching.as_version(raw.execute(caching._counter_sql()).fetchone())


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_with_a_watcher_a_cached_page_costs_no_query(client, tiltak, watcher):
    url = reverse("tiltak_liste")
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
        etag = client.get(url, headers={"if-none-match": first["ETag"]})
    assert len(queries) == 0
    assert second.content == first.content
    assert etag.status_code == 304


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_change_committed_elsewhere_reaches_the_watcher(
    client, tiltak, watcher, elsewhere
):
    url = reverse("tiltak_detalj", args=[tiltak.slug])
    assert "469 34 634" in client.get(url).text
    kanal = tiltak.kanaler.get()
    # Plain SQL in another connection: no signal in this process hears it, only
    # the database's trigger.
    table = Kontaktkanal._meta.db_table
    elsewhere.execute(f"UPDATE {table} SET verdi = '+4722334455' WHERE id = {kanal.pk}")
    elsewhere.execute("UPDATE tiltak_dataversjon SET teller = teller + 1")
    new = stored_version(elsewhere)
    assert eventually(lambda: watcher.version == new)
    html = client.get(url).text
    assert "22 33 44 55" in html
    assert "469 34 634" not in html


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_saving_process_forgets_at_once(client, tiltak, watcher):
    url = reverse("tiltak_detalj", args=[tiltak.slug])
    assert "469 34 634" in client.get(url).text
    kanal = tiltak.kanaler.get()
    kanal.verdi = "+4722334455"
    kanal.save()  # committed at once: no atomic block around it
    # Not waiting for the notice: the save itself made the watcher forget.
    assert "22 33 44 55" in client.get(url).text


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_watcher_that_loses_its_connection_asks_then_listens_again(
    client, tiltak, watcher, elsewhere
):
    lost = watcher.backend_pid
    elsewhere.execute("SELECT pg_terminate_backend(%s)", [lost])
    assert eventually(lambda: watcher.version is None or watcher.backend_pid != lost)
    # Changed while the watcher may be away: never served stale.
    elsewhere.execute("UPDATE tiltak_dataversjon SET teller = teller + 1")
    new = stored_version(elsewhere)
    assert caching.current() == new
    assert eventually(
        lambda: watcher.backend_pid not in (None, lost) and watcher.version == new
    )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_watcher_checks_that_notices_reach_its_connection(elsewhere):
    elsewhere.execute(f"LISTEN {caching.CHANNEL}")
    assert caching.Watcher.probe(elsewhere)
    # Like a pooler that runs the LISTEN on one server connection and the
    # notice on another: nothing comes back.
    elsewhere.execute(f"UNLISTEN {caching.CHANNEL}")
    assert not caching.Watcher.probe(elsewhere)


def test_a_watcher_that_knows_nothing_asks_the_database(tiltak):
    caching.WATCHER.forget()
    with CaptureQueriesContext(connection) as queries:
        version = current()
    assert len(queries) == 1
    assert version[0] > 0
