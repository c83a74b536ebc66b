import gzip
import re

import pytest
from django.urls import reverse

from tests.factories import make_aktor, make_innsatsomrade, make_kanal, make_tiltak
from tiltak import facets, filters
from tiltak.models import Tiltak
from tiltak.search import SearchResult
from tiltak.views import PAGE_SIZE

URL = reverse("tiltak_liste")


def titles(response) -> list[str]:
    return [tiltak.tittel for tiltak in response.context["page"].object_list]


def result_count(response) -> int:
    return response.context["page"].paginator.count


@pytest.mark.django_db
def test_it_lists_every_published_tiltak_of_the_plan(client, seeded):
    response = client.get(URL)
    assert response.status_code == 200
    assert result_count(response) == 42
    assert "42 tiltak" in response.text


@pytest.mark.django_db
def test_it_hides_draft_and_archived_tiltak(client):
    make_tiltak(tittel="Synlig tiltak")
    make_tiltak(tittel="Utkast til tiltak", status=Tiltak.Status.UTKAST)
    make_tiltak(tittel="Gammelt tiltak", status=Tiltak.Status.ARKIVERT)
    response = client.get(URL)
    assert titles(response) == ["Synlig tiltak"]
    assert "Utkast til tiltak" not in response.text
    assert "Gammelt tiltak" not in response.text


@pytest.mark.django_db
def test_it_filters_by_innsatsomrade(client, seeded):
    response = client.get(URL, {"innsatsomrade": "vold-og-overgrep"})
    assert result_count(response) == 12
    assert "Romerike Krisesenter" in titles(response)
    assert "Gatemegling" not in titles(response)


@pytest.mark.django_db
def test_it_filters_by_responsible_actor(client, seeded):
    response = client.get(URL, {"ansvar": "out"})
    found = titles(response)
    assert "Gatemegling" in found
    assert "Ungdomsmentorer" in found
    assert "Romerike Krisesenter" not in found
    assert all(
        Tiltak.objects.get(tittel=title).aktorer.filter(slug="out").exists()
        for title in found
    )


@pytest.mark.django_db
def test_age_filter_keeps_ranges_that_include_it_and_marks_tiltak_without_age(client):
    make_tiltak(tittel="For 10 til 18", alder_fra=10, alder_til=18)
    make_tiltak(tittel="For 18 til 25", alder_fra=18, alder_til=25)
    make_tiltak(tittel="Fra 18", alder_fra=18)
    make_tiltak(tittel="Uten alder")
    response = client.get(URL, {"alder": "15"})
    assert sorted(titles(response)) == ["For 10 til 18", "Uten alder"]
    assert "Planen oppgir ingen alder" in response.text


@pytest.mark.django_db
def test_it_filters_new_tiltak(client, seeded):
    response = client.get(URL, {"nytt": "on"})
    assert result_count(response) == Tiltak.objects.filter(nytt=True).count() > 0
    assert all(tiltak.nytt for tiltak in response.context["page"].object_list)


@pytest.mark.django_db
def test_filters_combine(client, seeded):
    response = client.get(
        URL, {"innsatsomrade": "ungdomskriminalitet", "ansvar": "out", "nytt": "on"}
    )
    assert titles(response) == [
        "Gatemegling",
        "Rusundervisning på 5. og 8. trinn og 1. vgs",
    ]


@pytest.mark.django_db
def test_free_text_goes_through_the_search_module(client, seeded):
    response = client.get(URL, {"q": "hasj"})
    assert "Hasjavvenningsprogram (HAP)" in titles(response)
    assert "Gatemegling" not in titles(response)


@pytest.mark.django_db
def test_it_says_what_a_corrected_search_shows_and_links_to_the_words_as_written(
    client, seeded, monkeypatch
):
    def fake_search(queryset, q, **kwargs):
        return SearchResult(
            tiltak=queryset.filter(slug="hasjavvenningsprogram-hap"),
            text="hajs",
            searched="hasj",
            corrected=(("hajs", "hasj"),),
        )

    monkeypatch.setattr(filters, "search_tiltak", fake_search)
    response = client.get(URL, {"q": "hajs", "alder": "15"})
    assert re.search(
        r"Ingen treff på «hajs»\. Viser treff for «hasj»\. "
        r'<a href="\?q=hajs&amp;alder=15&amp;eksakt=1">Søk bare etter «hajs»</a>',
        response.text,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"innsatsomrade": "finnes-ikke"}, "Vi fant ikke det innsatsområdet"),
        ({"ansvar": "finnes-ikke"}, "Vi fant ikke den ansvarlige"),
        ({"alder": "femten"}, "Skriv alderen som et helt tall"),
        ({"alder": "12.5"}, "Skriv alderen som et helt tall"),
        ({"alder": "500"}, "Alderen kan ikke være over 120 år"),
        ({"alder": "-1"}, "Alderen kan ikke være under 0 år"),
        ({"q": "x" * 300}, "Søket kan være på høyst 200 tegn"),
    ],
)
def test_invalid_filter_values_give_a_norwegian_message(
    client, seeded, params, message
):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.text
    assert "Listen under viser resultatet uten dette filteret" in response.text


@pytest.mark.django_db
def test_an_invalid_filter_leaves_the_valid_ones_in_force(client, seeded):
    response = client.get(URL, {"alder": "abc", "innsatsomrade": "vold-og-overgrep"})
    assert response.status_code == 400
    assert result_count(response) == 12


@pytest.mark.django_db
def test_a_bad_page_number_shows_a_page_instead_of_an_error(client, seeded):
    assert client.get(URL, {"side": "abc"}).status_code == 200
    assert client.get(URL, {"side": "999"}).context["page"].number == 3


@pytest.mark.django_db
def test_facet_counts_count_what_each_option_would_give(client, seeded):
    response = client.get(URL, {"nytt": "on"})
    options = {o.value: o.count for o in response.context["omrade_options"]}
    for slug, count in options.items():
        filtered = client.get(URL, {"nytt": "on", "innsatsomrade": slug})
        assert result_count(filtered) == count
    assert sum(options.values()) == result_count(response)
    actors = {o.value: o.count for o in response.context["ansvar_options"]}
    assert actors["out"] == result_count(
        client.get(URL, {"nytt": "on", "ansvar": "out"})
    )
    chosen = client.get(URL, {"innsatsomrade": "vold-og-overgrep"})
    new_in_area = Tiltak.objects.filter(
        nytt=True, innsatsomrade__slug="vold-og-overgrep"
    ).count()
    assert chosen.context["nytt_count"] == new_in_area


@pytest.mark.django_db
def test_facet_counts_are_shown_beside_the_options(client, seeded):
    response = client.get(URL)
    assert re.search(
        r"Forebygge menneskehandel <span class=\"antall\">\(2\)</span>", response.text
    )
    assert re.search(r"Oppsøkende ungdomsteam \(OUT\) \(\d+\)</option>", response.text)


@pytest.mark.django_db
def test_each_active_filter_is_a_chip_that_removes_only_itself(client, seeded):
    response = client.get(
        URL, {"innsatsomrade": "vold-og-overgrep", "alder": "15", "side": "2"}
    )
    chips = {chip.label: chip.remove_url for chip in response.context["chips"]}
    area = "Innsatsområde: Forebygge vold i nære relasjoner og seksuelle overgrep"
    assert chips == {
        area: "?alder=15",
        "Alder: 15 år": "?innsatsomrade=vold-og-overgrep",
    }
    assert 'aria-label="Fjern filteret Alder: 15 år"' in response.text


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, seeded):
    response = client.get(URL, {"innsatsomrade": "ungdomskriminalitet", "q": ""})
    assert response.context["page"].paginator.num_pages == 2
    assert (
        'href="?innsatsomrade=ungdomskriminalitet&amp;q=&amp;side=2"' in response.text
    )
    second = client.get(URL, {"innsatsomrade": "ungdomskriminalitet", "side": "2"})
    assert {t.innsatsomrade.slug for t in second.context["page"].object_list} == {
        "ungdomskriminalitet"
    }


@pytest.mark.django_db
def test_an_empty_result_says_what_to_do_next(client, seeded):
    response = client.get(URL, {"innsatsomrade": "menneskehandel", "ansvar": "out"})
    assert result_count(response) == 0
    assert "Ingen tiltak passer med disse filtrene" in response.text
    assert "se alle tiltak" in response.text
    assert reverse("bekymret") in response.text


@pytest.mark.django_db
def test_cards_show_phone_numbers_as_tel_links(client, seeded):
    response = client.get(URL, {"q": "hasj"})
    assert (
        '<a class="telefon__nummer" href="tel:+4766932161">66 93 21 61</a>'
        in response.text
    )


@pytest.mark.django_db
def test_cards_show_when_a_number_is_staffed_and_whose_it_is(client):
    # The plan's PHFS number is staffed four days a week, two and a half hours.
    actor = make_aktor(navn="Psykisk helse og familiestøtte", kortnavn="PHFS")
    staffed = make_kanal(
        aktor=actor, verdi="+4790821722", apningstid="mandag–torsdag 12.00–14.30"
    )
    make_tiltak(tittel="Brobyggerne", aktorer=[actor], kanaler=[staffed])
    html = client.get(URL).text
    card = html[html.index("Brobyggerne") :]
    assert re.search(
        r'PHFS:</span> <a class="telefon__nummer" href="tel:\+4790821722">'
        r"908 21 722</a></span>\s*<span class=\"telefon__tid\">Betjent mandag–torsdag "
        r"12.00–14.30</span>",
        card,
    )


@pytest.mark.django_db
def test_an_unlabelled_number_of_an_actor_without_short_name_has_its_name(client):
    actor = make_aktor(navn="Konfliktrådet", kortnavn="")
    make_tiltak(aktorer=[actor], kanaler=[make_kanal(aktor=actor)])
    html = client.get(URL).text
    assert '<span class="telefon__etikett">Konfliktrådet:</span>' in html


def filtrer(response) -> str:
    """The text of the «Filtrer» disclosure's summary."""
    match = re.search(r'class="filtre__filtrer">(.*?)</summary>', response.text)
    return match[1] if match else ""


@pytest.mark.django_db
def test_the_filters_fold_into_filtrer_and_the_search_stays_outside(client, seeded):
    html = client.get(URL, {"q": "rus"}).text
    details = html[html.index("<details") : html.index("</details>")]
    assert 'name="innsatsomrade"' in details and 'name="nytt"' in details
    assert 'name="q"' not in details
    assert html.index('name="q"') < html.index("<details")
    assert "<details open" not in html


@pytest.mark.django_db
def test_filtrer_counts_the_chosen_filters_but_not_the_search(client, seeded):
    assert filtrer(client.get(URL)) == "Filtrer"
    assert filtrer(client.get(URL, {"q": "rus"})) == "Filtrer"
    chosen = {"q": "rus", "alder": "15", "nytt": "on"}
    assert filtrer(client.get(URL, chosen)) == "Filtrer (2 valgt)"
    assert filtrer(client.get(URL, {"innsatsomrade": "vold-og-overgrep"})) == (
        "Filtrer (1 valgt)"
    )


@pytest.mark.django_db
def test_a_filter_error_opens_filtrer_so_its_field_can_be_reached(client, seeded):
    response = client.get(URL, {"alder": "mange"})
    assert '<details class="ds-details filtre__valg" data-variant="default" open>' in (
        response.text
    )


@pytest.mark.django_db
def test_the_search_lands_on_the_results(client, seeded):
    html = client.get(URL, {"q": "rus"}).text
    assert f'action="{URL}#resultater"' in html
    assert '<section class="resultat" id="resultater"' in html
    assert '<a href="#resultater">Gå til ' in html


@pytest.mark.django_db
def test_the_list_uses_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    params = {"alder": "15", "q": "ungdom", "ansvar": "out"}
    with django_assert_max_num_queries(14):
        client.get(URL, params)
    area = make_innsatsomrade()
    actor = make_aktor()
    for n in range(30):
        phone = make_kanal(aktor=actor, verdi=f"+47469346{n:02}")
        make_tiltak(innsatsomrade=area, aktorer=[actor], kanaler=[phone])
    with django_assert_max_num_queries(14):
        client.get(URL)
    with django_assert_max_num_queries(14):
        client.get(URL, params)


@pytest.mark.django_db
def test_the_list_page_is_at_most_15_kb_gzipped(client, seeded):
    response = client.get(URL)
    assert len(gzip.compress(response.content)) <= 15 * 1024


@pytest.mark.django_db
def test_a_misspelt_search_is_corrected_when_it_finds_nothing(client, seeded):
    response = client.get(URL, {"q": "gatemeglng", "alder": "15"})
    assert response.status_code == 200
    assert "Ingen treff på «gatemeglng». Viser treff for «gatemegling»." in (
        response.text
    )
    assert "Gatemegling" in titles(response)


@pytest.mark.django_db
def test_a_search_that_finds_something_is_not_corrected(client, seeded):
    # «hasj» is in the vocabulary, and close to nothing else; found, never «fixed».
    response = client.get(URL, {"q": "hasj"})
    assert "Ingen treff" not in response.text
    assert result_count(response) > 0


@pytest.mark.django_db
def test_a_search_finding_nothing_in_an_area_offers_no_false_correction(client, seeded):
    # Spelt right, but not in this area: nothing to correct, nothing found.
    response = client.get(URL, {"q": "gatemegling", "innsatsomrade": "menneskehandel"})
    assert response.status_code == 200
    assert result_count(response) == 0
    assert "Viser treff for" not in response.text


@pytest.mark.django_db
def test_an_unknown_area_with_a_search_reports_the_area_and_keeps_the_search(
    client, seeded
):
    response = client.get(URL, {"q": "gatemegling", "innsatsomrade": "finnes-ikke"})
    assert response.status_code == 400
    assert "Vi fant ikke det innsatsområdet" in response.text
    assert titles(response) == ["Gatemegling"]
    chips = [chip.label for chip in response.context["chips"]]
    assert chips == ["Søk: «gatemegling»"]


@pytest.mark.django_db
def test_a_national_list_offers_the_actors_with_the_most_tiltak(client):
    area = make_innsatsomrade()
    actors = [make_aktor(navn=f"Tjeneste {n:02}") for n in range(facets.MAX_ACTORS + 5)]
    for n, actor in enumerate(actors):
        # The first five actors have one tiltak each, the rest two.
        for _ in range(1 if n < 5 else 2):
            make_tiltak(innsatsomrade=area, aktorer=[actor])
    response = client.get(URL)
    offered = [option.label for option in response.context["ansvar_options"]]
    assert offered == [actor.navn for actor in actors[5:]]
    assert "Søk etter navnet for å finne de 5 andre" in response.text
    # A chosen actor outside the most common is offered, selected, all the same.
    chosen = client.get(URL, {"ansvar": actors[0].slug, "side": "1"})
    options = chosen.context["ansvar_options"]
    assert len(options) == facets.MAX_ACTORS
    assert [o.label for o in options if o.selected] == [actors[0].navn]
    assert result_count(chosen) == 1
    assert "Ansvarlig: Tjeneste 00" in chosen.text


# Page links stay few however long the list: the ends and the pages around.
@pytest.mark.django_db
def test_a_long_list_links_the_ends_and_the_pages_around_this_one(client):
    area = make_innsatsomrade()
    for n in range(PAGE_SIZE * 12):
        make_tiltak(innsatsomrade=area, slug=f"t-{n}")
    html = client.get("/tiltak/", {"side": 6}).text
    shown = [n for n in range(1, 13) if f'aria-label="Side {n}"' in html]
    assert shown == [1, 4, 5, 6, 7, 8, 12]
    assert html.count('aria-hidden="true">…</li>') == 2
    assert 'aria-current="page" aria-label="Side 6"' in html


# --- What the search says (issue 17: search must never mislead) ---------------------


@pytest.mark.django_db
def test_nettvett_finds_the_polices_pages_for_young_people(client, seeded):
    response = client.get(URL, {"q": "nettvett"})
    assert "Politiets innsats mot kriminelle nettverk" not in titles(response)
    assert {"Politiets nettpatrulje"} <= set(titles(response))
    chips = [chip.label for chip in response.context["chips"]]
    assert chips == ["Søk: «nettvett»"]


@pytest.mark.django_db
def test_a_typo_is_corrected_in_words_on_the_page_and_on_the_chip(client, seeded):
    response = client.get(URL, {"q": "nettvet"})
    assert "Ingen treff på «nettvet». Viser treff for «nettvett»." in response.text
    assert "Politiets innsats mot kriminelle nettverk" not in titles(response)
    assert [chip.label for chip in response.context["chips"]] == ["Søk: «nettvett»"]
    assert 'href="?q=nettvet&amp;eksakt=1"' in response.text


@pytest.mark.django_db
def test_searching_exactly_corrects_nothing_and_says_nothing_was_found(client, seeded):
    response = client.get(URL, {"q": "nettvet", "eksakt": "1"})
    assert result_count(response) == 0
    assert "Viser treff for" not in response.text
    assert "Ingen tiltak inneholder «nettvet»." in response.text
    chip = response.context["chips"][0]
    assert (chip.label, chip.remove_url) == ("Søk: «nettvet»", "?")


@pytest.mark.django_db
def test_sommer_finds_only_texts_about_summer(client, seeded):
    found = set(titles(client.get(URL, {"q": "sommer"})))
    assert "Ung i jobb" in found
    assert len(found) <= 4


@pytest.mark.django_db
def test_partial_matches_are_shown_with_a_sentence_saying_so(client, seeded):
    response = client.get(URL, {"q": "gatemegling krisesenter"})
    assert set(titles(response)) == {"Gatemegling", "Romerike Krisesenter"}
    assert (
        "Ingen tiltak inneholder alle ordene. Viser tiltak som inneholder noen av dem."
        in response.text
    )


@pytest.mark.django_db
def test_a_search_holding_every_word_says_nothing_more(client, seeded):
    response = client.get(URL, {"q": "hvem kan jeg ringe om hasj"})
    assert titles(response)[0] == "Hasjavvenningsprogram (HAP)"
    assert "Ingen tiltak inneholder alle ordene" not in response.text
    assert "Ingen treff" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["15-åring hasj", "15 år hasj", "hasj 15 åring"])
def test_an_age_in_the_search_becomes_the_age_filter_with_its_own_chip(
    client, seeded, q
):
    response = client.get(URL, {"q": q})
    assert titles(response)[0] == "Hasjavvenningsprogram (HAP)"
    chips = {chip.label: chip.remove_url for chip in response.context["chips"]}
    # Removing the age leaves the words; removing the words leaves the age.
    assert chips == {"Søk: «hasj»": "?alder=15", "Alder: 15 år": "?q=hasj"}
    assert 'aria-label="Fjern filteret Alder: 15 år"' in response.text


@pytest.mark.django_db
def test_an_age_in_the_search_narrows_like_the_age_filter(client, seeded):
    by_search = titles(client.get(URL, {"q": "16-åring rus"}))
    by_filter = titles(client.get(URL, {"q": "rus", "alder": "16"}))
    assert by_search == by_filter
    assert "Rusoppfølging/veiledning voksne" not in by_search


@pytest.mark.django_db
def test_an_age_chosen_in_the_form_wins_over_one_in_the_search(client, seeded):
    response = client.get(URL, {"q": "15-åring rus", "alder": "20"})
    chips = [chip.label for chip in response.context["chips"]]
    assert chips == ["Søk: «rus»", "Alder: 20 år"]


@pytest.mark.django_db
def test_only_an_age_filters_by_age_without_a_search_chip(client, seeded):
    response = client.get(URL, {"q": "15 år"})
    assert [chip.label for chip in response.context["chips"]] == ["Alder: 15 år"]
    assert result_count(response) == result_count(client.get(URL, {"alder": "15"}))


@pytest.mark.django_db
def test_a_search_of_only_small_words_says_so(client, seeded):
    response = client.get(URL, {"q": "hva er det"})
    assert result_count(response) == 0
    assert "Søket har bare små, vanlige ord" in response.text
