"""Security headers on every kind of response, and the cookies' flags."""

import pytest
from django.contrib.auth.models import User

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
