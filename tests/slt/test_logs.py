"""Request ids and the JSON request log."""

import io
import json
import logging

import pytest
from django.urls import reverse

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
