"""check_links against a local HTTP server: never a real external host."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from kontakter.link_check import check_url
from kontakter.models import Kontaktkanal
from tests.factories import make_kanal

Status = Kontaktkanal.Lenkestatus


class Handler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        if self.path == "/bare-get" and self.command == "HEAD":
            self.send_response(405)
        elif self.path in ("/", "/bare-get"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def refused() -> str:
    """An address on this machine where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def silent():
    """A server that accepts the connection and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"


def test_a_page_that_answers_is_ok(server):
    assert check_url(f"{server}/", timeout=2).status == Status.OK


def test_a_missing_page_is_broken_with_the_servers_answer(server):
    result = check_url(f"{server}/finnes-ikke", timeout=2)
    assert result.status == Status.FEIL
    assert result.melding.startswith("Svarte 404")


def test_a_server_that_refuses_head_is_asked_with_get(server):
    assert check_url(f"{server}/bare-get", timeout=2).status == Status.OK


def test_a_refused_connection_is_not_checked_and_says_why(refused):
    result = check_url(refused, timeout=2)
    assert result.status == Status.IKKE_SJEKKET
    assert result.melding == "Fikk ikke kontakt: tilkoblingen ble avvist"


def test_a_server_that_never_answers_is_not_checked_after_the_timeout(silent):
    result = check_url(silent, timeout=0.2)
    assert result.status == Status.IKKE_SJEKKET
    assert "ingen svar innen 0.2 sekunder" in result.melding


def test_a_name_that_does_not_resolve_is_not_checked():
    result = check_url("http://finnes-ikke.invalid/", timeout=2)
    assert result.status == Status.IKKE_SJEKKET
    assert "navneoppslaget feilet" in result.melding


@pytest.mark.django_db
def test_the_command_records_each_result_and_prints_a_summary(server, refused, capsys):
    ok = make_kanal(type=Kontaktkanal.Type.NETT, verdi=f"{server}/")
    broken = make_kanal(type=Kontaktkanal.Type.NETT, verdi=f"{server}/borte")
    unreachable = make_kanal(type=Kontaktkanal.Type.NETT, verdi=refused)
    unnamed = make_kanal(type=Kontaktkanal.Type.NETT, verdi="", etikett="Politiet.no")
    phone = make_kanal()

    call_command("check_links", "--timeout", "2")

    out = capsys.readouterr().out
    assert "Sjekket 3 nettadresser: 1 virker, 1 feil, 1 ikke sjekket." in out
    assert f"Feil: {server}/borte" in out
    assert f"Ikke sjekket: {refused}" in out
    for kanal, status in [
        (ok, Status.OK),
        (broken, Status.FEIL),
        (unreachable, Status.IKKE_SJEKKET),
        (unnamed, Status.IKKE_SJEKKET),
        (phone, Status.IKKE_SJEKKET),
    ]:
        kanal.refresh_from_db()
        assert kanal.lenke_status == status
    assert broken.lenke_sjekket is not None
    assert broken.lenke_melding.startswith("Svarte 404")
    assert unnamed.lenke_sjekket is None


@pytest.mark.django_db
def test_the_command_leaves_versions_and_history_alone(server):
    kanal = make_kanal(type=Kontaktkanal.Type.NETT, verdi=f"{server}/borte")
    versions = kanal.history.count()

    call_command("check_links", "--timeout", "2")

    kanal.refresh_from_db()
    assert kanal.versjon == 1
    assert kanal.history.count() == versions


@pytest.mark.django_db
def test_without_any_server_answering_the_command_says_so_and_does_not_fail(
    refused, capsys
):
    make_kanal(type=Kontaktkanal.Type.NETT, verdi=refused)

    call_command("check_links", "--timeout", "1")

    out = capsys.readouterr().out
    assert "0 virker, 0 feil, 1 ikke sjekket" in out
    assert "Har maskinen tilgang til nettet?" in out


@pytest.mark.django_db
def test_with_no_web_addresses_the_command_says_there_is_nothing_to_check(capsys):
    make_kanal()
    call_command("check_links")
    assert "Ingen kontaktkanaler har en nettadresse" in capsys.readouterr().out
