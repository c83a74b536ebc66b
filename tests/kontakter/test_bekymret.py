import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from kontakter.bekymret import load_bekymret, read_bekymret
from kontakter.models import (
    Bekymringstema,
    Kontaktkanal,
    Kontaktkort,
    Kortkanal,
    Nodnummer,
    Temakanal,
)
from tests.factories import make_aktor
from tests.routes import PUBLIC
from tiltak.models import Tiltak

URL = reverse("bekymret")
DROFTING = "+4790952580"


def tema_url(slug: str) -> str:
    return reverse("bekymret_tema", args=[slug])


def section(html: str, start: str, end: str | None = None) -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin) if end else None]


@pytest.mark.django_db
def test_emergency_numbers_then_the_concerns_come_first(client, seeded):
    html = client.get(URL).text
    numbers = re.findall(r'class="nodnummer" href="tel:(\d+)"', html)
    assert numbers == ["112", "113", "110", "02800", "116111", "116117"]
    assert "116 111" in html and "Alarmtelefonen for barn og unge" in html
    concerns = re.findall(r'<a href="/er-du-bekymret/([\w-]+)/">', html)
    assert concerns == [t.slug for t in Bekymringstema.objects.all()]
    assert html.index("nodnummer") < html.index('class="tema-meny"')
    assert html.index('class="tema-meny"') < html.index("SLT-koordinator</h3>")


@pytest.mark.django_db
def test_the_main_page_tells_when_to_call_each_number(client, seeded):
    html = client.get(URL).text
    for nummer in Nodnummer.objects.all():
        assert nummer.nar in html


@pytest.mark.django_db
def test_the_slt_koordinator_card_shows_its_channels(client, seeded):
    html = client.get(URL).text
    card = section(html, "SLT-koordinator</h3>", "</article>")
    assert "Gry Løge Lid" in card
    assert 'href="mailto:grli03@lillestrom.kommune.no"' in card
    assert 'href="tel:+4747792507">477 92 507</a>' in card


@pytest.mark.django_db
def test_the_politikontakt_card_shows_the_polices_drofting_channel(client, seeded):
    html = client.get(URL).text
    card = section(html, "Politikontakt</h3>", "</article>")
    kanal = Kontaktkanal.objects.get(aktor__slug="politiet", verdi=DROFTING)
    assert list(Kontaktkort.objects.get(rolle="Politikontakt").kanaler.all()) == [kanal]
    assert 'href="tel:+4790952580">909 52 580</a>' in card
    assert "Betjent hverdager 08:00–23:00" in card
    # The description's numbers are links too.
    assert '<a href="tel:02800">02800</a>' in card


@pytest.mark.django_db
def test_editor_notes_are_never_shown(client, seeded):
    kort = Kontaktkort.objects.get(rolle="Politikontakt")
    assert "oppgir ikke navnet" in kort.intern_merknad
    pages = [URL, *(t.get_absolute_url() for t in Bekymringstema.objects.all())]
    for url in pages:
        html = client.get(url).text
        assert "oppgir ikke navnet" not in html, url
        assert "Kilde:" not in html, url
        for kort in Kontaktkort.objects.all():
            assert kort.kilde not in html, url


@pytest.mark.django_db
def test_a_number_changed_once_shows_everywhere_the_old_one_nowhere(client, seeded):
    kanal = Kontaktkanal.objects.get(aktor__slug="politiet", verdi=DROFTING)
    kanal.verdi = "+4790952599"
    kanal.save()
    pages = [
        URL,
        *(t.get_absolute_url() for t in Bekymringstema.objects.all()),
        *(t.get_absolute_url() for t in kanal.tiltak.all()),
        reverse("tiltak_liste"),
        *(path for path, status in PUBLIC.values() if status == 200),
    ]
    shown_on = set()
    for url in pages:
        html = client.get(url).text
        assert "909 52 580" not in html and DROFTING not in html, url
        if "909 52 599" in html:
            assert 'href="tel:+4790952599"' in html, url
            shown_on.add(url)
    assert URL in shown_on
    for slug in ("rus", "kriminalitet-og-gjeng", "radikalisering"):
        assert tema_url(slug) in shown_on
    assert all(t.get_absolute_url() in shown_on for t in kanal.tiltak.all())


@pytest.mark.django_db
def test_a_concern_page_separates_parents_from_professionals(client, seeded):
    html = client.get(tema_url("vold-og-overgrep")).text
    parents = section(html, 'id="foreldre"', 'id="fagfolk"')
    professionals = section(html, 'id="fagfolk"', 'id="tiltak-tittel"')
    assert "For foreldre og unge</h2>" in parents
    assert "For deg som jobber med barn og unge</h2>" in professionals
    # Each audience calls its own first: the police's drøftingstelefoner are for
    # professionals, the krisesenter for a family.
    assert 'href="tel:+4740437933"' in professionals
    assert 'href="tel:+4740437933"' not in parents
    assert 'href="tel:+4766932310"' in parents
    assert "Drøftingstelefon: vold mot barn" in professionals
    # Numbers in the advice are tel: links.
    assert '<a href="tel:116111">116 111</a>' in parents


@pytest.mark.django_db
def test_a_concern_page_lists_its_published_tiltak_with_phones(client, seeded):
    html = client.get(tema_url("rus")).text
    tiltak = section(html, 'id="tiltak-tittel"')
    assert reverse("tiltak_detalj", args=["hasjavvenningsprogram-hap"]) in tiltak
    # HAP's number has no label in the plan: it is HFU Lillestrøm's.
    assert re.search(
        r'HFU Lillestrøm:</span>(?:\s|&nbsp;)*<a class="telefon__nummer" '
        r'href="tel:\+4766932161">66 93 21 61</a>',
        tiltak,
    )


@pytest.mark.django_db
def test_unpublished_tiltak_are_left_out_of_the_concerns(client, seeded):
    Tiltak.objects.filter(slug="hasjavvenningsprogram-hap").update(
        status=Tiltak.Status.UTKAST
    )
    html = client.get(tema_url("rus")).text
    assert reverse("tiltak_detalj", args=["hasjavvenningsprogram-hap"]) not in html


@pytest.mark.django_db
def test_an_unknown_concern_is_a_404(client, seeded):
    assert client.get(tema_url("finnes-ikke")).status_code == 404


@pytest.mark.django_db
def test_a_concern_without_advice_for_an_audience_still_shows_the_way(client, seeded):
    Bekymringstema.objects.filter(slug="nett").update(rad_fagfolk="")
    Temakanal.objects.filter(tema__slug="nett", malgruppe="fagfolk").delete()
    html = client.get(tema_url("nett")).text
    professionals = section(html, 'id="fagfolk"', 'id="tiltak-tittel"')
    assert "ring et av numrene øverst på siden" in professionals


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
def test_a_saved_card_or_concern_refreshes_the_cached_pages(client, seeded):
    client.get(URL), client.get(tema_url("rus"))
    kort = Kontaktkort.objects.get(rolle="SLT-koordinator")
    kort.navn = "Ny Koordinator"
    kort.save()
    assert "Ny Koordinator" in client.get(URL).text
    out = Kontaktkanal.objects.get(verdi="+4746934634")
    kort.kanaler.add(out, through_defaults={"rekkefolge": 5})
    card = section(client.get(URL).text, "SLT-koordinator</h3>", "</article>")
    assert 'href="tel:+4746934634"' in card
    tema = Bekymringstema.objects.get(slug="rus")
    hfu = Kontaktkanal.objects.get(verdi="+4740020730")
    Temakanal.objects.create(tema=tema, kanal=hfu, malgruppe="foreldre")
    parents = section(client.get(tema_url("rus")).text, 'id="foreldre"', 'id="fagfolk"')
    assert 'href="tel:+4740020730"' in parents


@pytest.mark.django_db
def test_the_quick_exit_is_first_and_works_without_javascript(client, seeded):
    for url in (URL, tema_url("rus")):
        html = client.get(url).text
        body = html[html.index("<body") :]
        first_link = re.search(r"<a [^>]*>", body).group(0)
        assert 'id="forlat-siden"' in first_link
        assert 'href="https://www.yr.no/"' in first_link
        assert "privat vindu" in html
        # The Esc hint is hidden until the script, which makes Esc work, shows it.
        assert re.search(r'class="forlat-siden__esc" hidden>', html)


@pytest.mark.django_db
def test_the_pages_use_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    # One more than the concern pages' six: the lines open now («Åpent nå»).
    with django_assert_max_num_queries(7):
        client.get(URL)
    with django_assert_max_num_queries(8):
        client.get(tema_url("rus"))
    for tema in Bekymringstema.objects.all():
        tema.tiltak.add(*Tiltak.objects.all())
    with django_assert_max_num_queries(7):
        client.get(URL)
    with django_assert_max_num_queries(8):
        client.get(tema_url("rus"))


# --- The page's data, loaded from fixtures/source/er-du-bekymret.toml ----------


@pytest.mark.django_db
def test_loading_twice_creates_nothing_new_and_keeps_edits():
    data = read_bekymret(settings.BEKYMRET_FILE)
    load_bekymret(data)
    Nodnummer.objects.filter(nummer="112").update(navn="Politi (endret)")
    links = Kortkanal.objects.count() + Temakanal.objects.count()
    counts = load_bekymret(data)
    assert Nodnummer.objects.count() == 6
    assert Kontaktkort.objects.count() == 2
    assert Bekymringstema.objects.count() == 5
    assert Kortkanal.objects.count() + Temakanal.objects.count() == links
    assert Nodnummer.objects.get(nummer="112").navn == "Politi (endret)"
    assert all(outcome == "uendret" for (_, outcome) in counts)


@pytest.mark.django_db
def test_the_seed_references_the_plans_channels_instead_of_copying_them(seeded):
    # The seed has one drøftingstelefon: the plan's, shown by the card too.
    assert Kontaktkanal.objects.filter(verdi=DROFTING).count() == 1
    kanal = Kontaktkanal.objects.get(verdi=DROFTING)
    assert kanal.aktor.slug == "politiet"
    assert kanal.tiltak.exists() and kanal.kontaktkort.exists()
    # The hours the plan gives in the description are now on the channel.
    assert kanal.apningstid.startswith("hverdager 08:00–23:00")
    # The coordinator's channels belong to the SLT-koordinator actor.
    kort = Kontaktkort.objects.get(rolle="SLT-koordinator")
    assert {(k.aktor.slug, k.type) for k in kort.kanaler.all()} == {
        ("slt-koordinator", "telefon"),
        ("slt-koordinator", "epost"),
    }


@pytest.mark.django_db
def test_a_channel_the_actor_lacks_is_made_normalised_with_the_sources_hours():
    politiet = make_aktor(slug="politiet", type="statlig")
    load_bekymret(read_bekymret(settings.BEKYMRET_FILE))
    kanal = Kontaktkort.objects.get(rolle="Politikontakt").kanaler.get()
    assert kanal.aktor == politiet
    assert kanal.verdi == DROFTING
    assert kanal.display_value() == "909 52 580"
    assert kanal.apningstid.startswith("hverdager 08:00–23:00")
    assert (
        str(Nodnummer.objects.get(nummer="116111"))
        == "116 111 Alarmtelefonen for barn og unge"
    )


@pytest.mark.django_db
def test_a_bad_number_in_the_source_is_refused_with_a_norwegian_message():
    data = {"nodnummer": [{"nummer": "12", "navn": "Feil", "nar": "Aldri"}]}
    with pytest.raises(ValidationError, match="telefonnummer"):
        load_bekymret(data)


@pytest.mark.django_db
def test_channels_of_actors_the_database_lacks_are_left_out_and_counted():
    counts = load_bekymret(read_bekymret(settings.BEKYMRET_FILE))
    assert not Kontaktkanal.objects.exists()
    assert Kontaktkort.objects.count() == 2
    assert counts["kontaktkanaler", "uten aktør, utelatt"] > 0


@pytest.mark.django_db
def test_a_bad_number_on_a_card_is_refused_with_a_norwegian_message():
    make_aktor(slug="slt-koordinator")
    data = {
        "kontaktkort": [
            {
                "rolle": "SLT-koordinator",
                "aktor": "slt-koordinator",
                "kilde": "Test",
                "kanaler": [{"type": "telefon", "verdi": "12 34"}],
            }
        ]
    }
    with pytest.raises(ValidationError, match="telefonnummer"):
        load_bekymret(data)


@pytest.mark.django_db
def test_the_source_writes_no_local_number_into_free_text():
    """A number in free text is a copy: it would not change with its channel."""
    from kontakter.templatetags.telefon import find_numbers

    data = read_bekymret(settings.BEKYMRET_FILE)
    national = {row["nummer"].replace(" ", "") for row in data["nodnummer"]}
    texts = [k.get("beskrivelse", "") for k in data["kontaktkort"]]
    texts += [
        t[field] for t in data["tema"] for field in ("rad_foreldre", "rad_fagfolk")
    ]
    for text in texts:
        for start, end, href in find_numbers(text):
            assert href.removeprefix("tel:") in national, text[start:end]
