"""slt/views.py: the probes for a load balancer (/livez, /healthz: never cached,
never an error) and the error pages."""

import logging

import pytest
from django.urls import reverse

from tests.dbfaults import failing_queries


def test_livez_answers_without_the_database(client):
    # No database mark: pytest-django fails any test that touches the database.
    response = client.get(reverse("livez"))
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, caplog):
    with failing_queries():
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.text == "database unavailable\n"
    assert "no-store" in response["Cache-Control"]
    assert [r.levelno for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "the database does not answer" in caplog.text


def test_the_probes_work_over_plain_http_when_https_is_required(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("livez")).status_code == 200
    assert client.get(reverse("tilgjengelighet")).status_code == 301


@pytest.mark.django_db
def test_an_unknown_address_gives_the_norwegian_404_page(client):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.text
    assert '<html lang="nb">' in response.text


def test_the_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Noe gikk galt hos oss" in html
    assert 'href="tel:112"' in html
