"""Security headers on every kind of response, and the cookies' flags."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = [
    ("/", 200),
    ("/tiltak/?q=rus", 200),
    ("/er-du-bekymret/", 200),
    ("/admin/login/", 302),
    ("/intern/logg-inn/", 200),
    ("/intern/", 302),
    ("/finnes-ikke/", 404),
    ("/static/css/slt.css", 200),
    ("/healthz", 200),
]


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_every_response_carries_the_security_headers(client, path, status):
    response = client.get(path, secure=True)
    assert response.status_code == status
    headers = response.headers
    hsts = dict(
        part.strip().partition("=")[::2]
        for part in headers["Strict-Transport-Security"].split(";")
    )
    assert int(hsts["max-age"]) >= 365 * 24 * 60 * 60
    assert "includeSubDomains" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer")
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in headers["Permissions-Policy"]
    csp = dict(
        directive.strip().partition(" ")[::2]
        for directive in headers["Content-Security-Policy"].split(";")
    )
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp["script-src"]
    assert "unsafe" not in csp["default-src"]


def test_pages_forbid_being_framed(client):
    assert client.get("/", secure=True)["X-Frame-Options"] == "DENY"


def test_hsts_is_only_sent_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/")


def test_the_csrf_cookie_is_httponly_and_same_site(client):
    cookie = client.get("/intern/logg-inn/").cookies["csrftoken"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_session_cookie_is_httponly_and_same_site(client):
    User.objects.create_user("ansatt", password="et-langt-passord", is_staff=True)
    response = client.post(
        "/intern/logg-inn/", {"username": "ansatt", "password": "et-langt-passord"}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def csp_of(response) -> dict[str, str]:
    return dict(
        directive.strip().partition(" ")[::2]
        for directive in response.headers["Content-Security-Policy"].split(";")
    )


def test_a_csrf_failure_is_a_norwegian_page_the_csp_allows():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/intern/logg-inn/", {"username": "gry", "password": "et-langt-passord"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="nb">' in page
    assert "Skjemaet ble ikke sendt" in page
    assert "Tillat informasjonskapsler for dette nettstedet" in page
    assert response["X-Request-ID"] in page
    # Nothing inline the policy would block: Django's own page has a <style>.
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe" not in csp_of(response)["style-src"]
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page)
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_a_csrf_failure_with_an_old_token_says_to_load_the_page_again():
    client = Client(enforce_csrf_checks=True)
    client.get("/intern/logg-inn/")  # the cookie, then a token that does not match
    response = client.post("/intern/logg-inn/", {"csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    page = response.content.decode()
    assert "har stått åpen lenge" in page
    assert "informasjonskapselen" not in page
