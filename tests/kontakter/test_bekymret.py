import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from kontakter.bekymret import load_bekymret, read_bekymret
from kontakter.models import Bekymringstema, Kontaktkort, Nodnummer
from tiltak.models import Tiltak

URL = reverse("bekymret")


@pytest.mark.django_db
def test_emergency_numbers_come_first_in_order(client, seeded):
    html = client.get(URL).text
    numbers = re.findall(r'class="nodnummer__nummer" href="tel:(\d+)"', html)
    assert numbers == ["112", "113", "110", "02800", "116111", "116117"]
    assert "116 111" in html and "Alarmtelefonen for barn og unge" in html
    assert html.index("nodnummer__nummer") < html.index("SLT-koordinator</h3>")


@pytest.mark.django_db
def test_the_slt_koordinator_is_the_one_the_municipality_publishes(client, seeded):
    html = client.get(URL).text
    assert "Gry Løge Lid" in html
    assert 'href="mailto:grli03@lillestrom.kommune.no"' in html
    assert 'href="tel:+4747792507">477 92 507</a>' in html


@pytest.mark.django_db
def test_the_politikontakt_card_uses_the_plans_drofting_phone_and_says_so(
    client, seeded
):
    html = client.get(URL).text
    assert "Politikontakt</h3>" in html
    assert 'href="tel:+4790952580">909 52 580</a>' in html
    assert "oppgir ikke navnet på politikontakten" in html


@pytest.mark.django_db
def test_each_concern_points_to_its_tiltak_and_their_phones(client, seeded):
    html = client.get(URL).text
    for slug in ("rus", "vold-og-overgrep", "kriminalitet-og-gjeng", "nett"):
        assert f'id="{slug}"' in html
    assert 'id="radikalisering"' in html
    rus = html[html.index('id="rus"') : html.index('id="vold-og-overgrep"')]
    assert reverse("tiltak_detalj", args=["hasjavvenningsprogram-hap"]) in rus
    violence = html[html.index('id="vold-og-overgrep"') :]
    assert 'href="tel:+4740437933">404 37 933</a>' in violence


@pytest.mark.django_db
def test_a_number_under_a_concern_says_whose_it_is(client, seeded):
    # HAP's number has no label in the plan: it is HFU Lillestrøm's.
    html = client.get(URL).text
    rus = html[html.index('id="rus"') : html.index('id="vold-og-overgrep"')]
    assert re.search(
        r'HFU Lillestrøm:</span>\s*<a class="telefon__nummer" '
        r'href="tel:\+4766932161">66 93 21 61</a>',
        rus,
    )
    assert not re.search(r'<span class="telefon">\s*<a class="telefon__nummer"', rus)


@pytest.mark.django_db
def test_unpublished_tiltak_are_left_out_of_the_concerns(client, seeded):
    Tiltak.objects.filter(slug="hasjavvenningsprogram-hap").update(
        status=Tiltak.Status.UTKAST
    )
    html = client.get(URL).text
    assert reverse("tiltak_detalj", args=["hasjavvenningsprogram-hap"]) not in html


@pytest.mark.django_db
def test_an_editors_change_shows_on_the_page(client, seeded):
    Kontaktkort.objects.filter(rolle="SLT-koordinator").update(navn="Ny Koordinator")
    Bekymringstema.objects.filter(slug="nett").update(tittel="Nett og spill")
    Nodnummer.objects.create(nummer="116123", navn="Mental Helse", nar="Hjelp.")
    html = client.get(URL).text
    assert "Ny Koordinator" in html and "Gry Løge Lid" not in html
    assert "Nett og spill" in html
    assert 'href="tel:116123"' in html


@pytest.mark.django_db
def test_the_quick_exit_is_first_and_works_without_javascript(client, seeded):
    html = client.get(URL).text
    body = html[html.index("<body") :]
    first_link = re.search(r"<a [^>]*>", body).group(0)
    assert 'id="forlat-siden"' in first_link
    assert 'href="https://www.yr.no/"' in first_link
    assert "privat vindu" in html


@pytest.mark.django_db
def test_the_page_uses_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        client.get(URL)
    for tema in Bekymringstema.objects.all():
        tema.tiltak.add(*Tiltak.objects.all())
    with django_assert_max_num_queries(6):
        client.get(URL)


# --- The page's data, loaded from fixtures/source/er-du-bekymret.toml ----------


@pytest.mark.django_db
def test_loading_twice_creates_nothing_new_and_keeps_edits():
    data = read_bekymret(settings.BEKYMRET_FILE)
    load_bekymret(data)
    Nodnummer.objects.filter(nummer="112").update(navn="Politi (endret)")
    counts = load_bekymret(data)
    assert Nodnummer.objects.count() == 6
    assert Kontaktkort.objects.count() == 2
    assert Bekymringstema.objects.count() == 5
    assert Nodnummer.objects.get(nummer="112").navn == "Politi (endret)"
    assert all(outcome == "uendret" for (_, outcome) in counts)


@pytest.mark.django_db
def test_numbers_are_stored_normalised_and_shown_the_norwegian_way():
    load_bekymret(read_bekymret(settings.BEKYMRET_FILE))
    kort = Kontaktkort.objects.get(rolle="Politikontakt")
    assert kort.telefon == "+4790952580"
    assert kort.display_value() == "909 52 580"
    assert (
        str(Nodnummer.objects.get(nummer="116111"))
        == "116 111 Alarmtelefonen for barn og unge"
    )


@pytest.mark.django_db
def test_a_bad_number_in_the_source_is_refused_with_a_norwegian_message():
    data = {"nodnummer": [{"nummer": "12", "navn": "Feil", "nar": "Aldri"}]}
    with pytest.raises(ValidationError, match="telefonnummer"):
        load_bekymret(data)
