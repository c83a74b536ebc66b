"""Request ids and the JSON request log."""

import io
import json
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from slt.logs import JsonFormatter, RequestIdFilter
from tests.dbfaults import failing_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The JSON lines logged during the test, as the stdout handler writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_it_gives_every_response_a_new_request_id(client):
    first = client.get(reverse("livez"))["X-Request-ID"]
    second = client.get(reverse("livez"))["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_it_keeps_a_request_id_from_the_proxy(client):
    response = client.get(reverse("livez"), headers={"X-Request-ID": "abc-123-DEF"})
    assert response["X-Request-ID"] == "abc-123-DEF"


@pytest.mark.parametrize(
    "incoming", ["kort", "x" * 65, "abc 123 def", "abc123def\nfalsk linje", "æøå12345"]
)
def test_it_replaces_a_request_id_it_cannot_trust(client, incoming):
    response = client.get(reverse("livez"), headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


def test_it_logs_one_line_per_request_without_the_query_string(client, log_lines):
    response = client.get("/tiltak/?q=navnet+til+en+person")
    [line] = [line for line in log_lines() if line["logger"] == "slt.request"]
    assert line["method"] == "GET"
    assert line["path"] == "/tiltak/"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    assert "person" not in json.dumps(log_lines())


def test_it_logs_a_database_failure_with_the_request_id(client, log_lines):
    client.raise_request_exception = False
    with failing_queries():
        response = client.get(reverse("forside"))
    assert response.status_code == 503
    [error] = [line for line in log_lines() if line["level"] == "ERROR"]
    assert error["logger"] == "django.request"
    assert error["request_id"] == response["X-Request-ID"]
    assert error["status"] == 503
    assert "OperationalError: server closed the connection" in error["exception"]


def test_django_s_warning_for_a_4xx_carries_the_request_id(client, log_lines):
    # Logged by Django's handler after the middleware has returned.
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    [warning] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert warning["level"] == "WARNING"
    assert warning["status"] == 404
    assert warning["request_id"] == response["X-Request-ID"]


def test_a_request_for_another_host_is_one_warning_line(client, log_lines):
    response = client.get("/", HTTP_HOST="angriper.example")
    assert response.status_code == 400
    lines = log_lines()
    [line] = [line for line in lines if line["logger"].startswith("django.security")]
    assert line["logger"] == "django.security.DisallowedHost"
    assert line["level"] == "WARNING"
    assert "exception" not in line
    assert "\n" not in line["message"] and "angriper.example" in line["message"]
    assert line["request_id"] == response["X-Request-ID"]
    assert [line for line in lines if line["level"] == "ERROR"] == []


USERNAME = "koordinator-gry"
PASSWORD = "et-langt-passord-for-test"
BROWSER = {"HTTP_USER_AGENT": "Testnettleser/9.9", "REMOTE_ADDR": "203.0.113.7"}


def log_in(client, password: str = PASSWORD):
    data = {"username": USERNAME, "password": password}
    return client.post(reverse("intern:logg_inn"), data, **BROWSER)


def test_logins_keep_no_record_and_log_no_browser_address_or_username(
    client, log_lines
):
    User.objects.create_user(USERNAME, password=PASSWORD, is_staff=True)
    assert log_in(client, "feil").status_code == 200
    assert log_in(client).status_code == 302
    assert not AccessLog.objects.exists()
    assert not AccessFailureLog.objects.exists()
    axes_lines = [line for line in log_lines() if line["logger"].startswith("axes")]
    assert any("login failure" in line["message"] for line in axes_lines)
    text = json.dumps(log_lines())
    assert "Testnettleser" not in text
    assert "203.0.113.7" not in text
    assert USERNAME not in text


def test_a_wrong_password_is_forgotten_after_the_cool_off(client, settings):
    User.objects.create_user(USERNAME, password=PASSWORD, is_staff=True)
    log_in(client, "feil")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    log_in(client, "feil igjen")
    assert AccessAttempt.objects.get().failures_since_start == 1
    log_in(client)
    assert not AccessAttempt.objects.exists()
