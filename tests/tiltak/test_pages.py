import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_innsatsomrade, make_tiltak
from tiltak.models import Tiltak

PAGES = [
    ("forside", []),
    ("tiltak_liste", []),
    ("tiltak_detalj", ["hasjavvenningsprogram-hap"]),
    ("innsatsomrade", ["vold-og-overgrep"]),
    ("bekymret", []),
    ("om", []),
    ("tilgjengelighet", []),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_page_renders_in_norwegian_with_one_h1_and_landmarks(
    client, seeded, name, args
):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    html = response.text
    assert '<html lang="nb">' in html
    assert html.count("<h1") == 1
    for landmark in ("<header", "<main", "<footer", 'href="#innhold"'):
        assert landmark in html
    assert reverse("tilgjengelighet") in html


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_page_uses_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries, name, args
):
    with django_assert_max_num_queries(14):
        client.get(reverse(name, args=args))


@pytest.mark.django_db
def test_pages_have_a_strict_content_security_policy(client, seeded):
    policy = client.get(reverse("forside")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.django_db
def test_no_page_has_inline_script_or_style(client, seeded):
    for name, args in PAGES:
        html = client.get(reverse(name, args=args)).text
        assert "<script>" not in html and "<style" not in html and " style=" not in html


@pytest.mark.django_db
def test_the_home_page_counts_published_tiltak_per_area(client):
    area = make_innsatsomrade(navn="Et område")
    make_tiltak(innsatsomrade=area)
    make_tiltak(innsatsomrade=area)
    make_tiltak(innsatsomrade=area, status=Tiltak.Status.UTKAST)
    response = client.get(reverse("forside"))
    assert "2 tiltak" in response.text
    assert 'action="/tiltak/"' in response.text
    assert reverse("bekymret") in response.text


@pytest.mark.django_db
def test_the_area_page_lists_only_its_published_tiltak(client):
    area = make_innsatsomrade()
    make_tiltak(tittel="Med", innsatsomrade=area)
    make_tiltak(tittel="Utkastet", innsatsomrade=area, status=Tiltak.Status.UTKAST)
    make_tiltak(tittel="Annet sted")
    response = client.get(reverse("innsatsomrade", args=[area.slug]))
    assert [t.tittel for t in response.context["page"]] == ["Med"]
    assert client.get("/innsatsomrader/finnes-ikke/").status_code == 404


@pytest.mark.django_db
def test_a_large_area_is_shown_a_page_at_a_time(client):
    area = make_innsatsomrade()
    for n in range(45):
        make_tiltak(tittel=f"Tiltak {n:02}", innsatsomrade=area)
    url = reverse("innsatsomrade", args=[area.slug])
    response = client.get(url, {"side": 3})
    assert len(response.context["page"]) == 5
    assert "45 tiltak, side 3 av 3" in response.text
    assert 'aria-label="Side 1"' in response.text


@pytest.mark.django_db
def test_the_om_page_shows_the_plans_sections_with_a_table_of_contents(client, seeded):
    html = client.get(reverse("om")).text
    assert '<a href="#slt-modellen">' in html
    assert 'id="slt-modellen"' in html
    assert "SLT-møtestrukturen i Lillestrøm kommune" in html
    assert "<h3" in html  # the levels of the meeting structure are subsections


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


@pytest.mark.django_db
@override_settings(KOMMUNE_FARGE="#123456", KOMMUNE_NAVN="Testby kommune")
def test_the_municipality_name_and_colour_come_from_settings(client):
    assert "#123456" in client.get(reverse("farger_css")).text
    assert "Testby kommune" in client.get(reverse("tilgjengelighet")).text
