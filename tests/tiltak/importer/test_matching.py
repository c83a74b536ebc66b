"""How a plan text's tiltak are matched to the tiltak they continue."""

import pytest

from tests.factories import add_to_plan, make_plan, make_tiltak
from tiltak.importer.matching import (
    BY_KEY,
    BY_SIMILARITY,
    BY_SLUG,
    BY_TITLE,
    SIMILARITY,
    match_tiltak,
    normalise,
    similarity,
)
from tiltak.importer.parsing import ParsedTiltak, slugify_nb
from tiltak.models import TidligereAdresse, Tiltak

pytestmark = pytest.mark.django_db


def entry(tittel: str, *, key: str = "", slug: str = "") -> ParsedTiltak:
    return ParsedTiltak(
        tittel=tittel,
        source_title=tittel,
        slug=slug or slugify_nb(tittel),
        key=key or slugify_nb(tittel),
        innsatsomrade="ungdomskriminalitet",
    )


def how(matches, index: int) -> tuple[Tiltak, str] | None:
    match = matches.get(index)
    return None if match is None else (match.tiltak, match.how)


def test_normalise_ignores_case_spacing_and_dash_kind():
    assert normalise("  Psykisk helse – ungdomsteam  (PHFS-U). ") == (
        "psykisk helse - ungdomsteam (phfs-u)"
    )


def test_the_import_key_wins_over_everything_else():
    renamed = make_tiltak(tittel="Noe helt annet", slug="annet", kilde_nokkel="nabo")
    make_tiltak(tittel="Nabovakt", slug="nabovakt")
    matches = match_tiltak([entry("Nabovakt", key="nabo")])
    assert how(matches, 0) == (renamed, BY_KEY)


def test_the_address_and_a_former_address_are_found():
    current = make_tiltak(tittel="Gatemegling for ungdom", slug="gatemegling")
    renamed = make_tiltak(tittel="Mentorordning", slug="mentorordning")
    TidligereAdresse.objects.create(slug="ungdomsmentorer", tiltak=renamed)
    matches = match_tiltak([entry("Gatemegling"), entry("Ungdomsmentorer")])
    assert how(matches, 0) == (current, BY_SLUG)
    assert how(matches, 1) == (renamed, BY_SLUG)


def test_the_same_title_is_found_whatever_the_address():
    tiltak = make_tiltak(tittel="Sisterhood – Brotherhood grupper", slug="grupper")
    matches = match_tiltak([entry("sisterhood - brotherhood  GRUPPER")])
    assert how(matches, 0) == (tiltak, BY_TITLE)


def test_a_title_a_plan_adopted_is_found_after_the_tiltak_was_renamed():
    tiltak = make_tiltak(tittel="Natteravn", slug="natt")
    add_to_plan(make_plan(), tiltak, tittel="Natteravnene i Lillestrøm")
    matches = match_tiltak([entry("Natteravnene i Lillestrøm")])
    assert how(matches, 0) == (tiltak, BY_TITLE)


def test_two_tiltak_with_the_same_title_are_not_guessed_between():
    make_tiltak(tittel="Foreldremøte", slug="a")
    make_tiltak(tittel="Foreldremøte", slug="b")
    assert match_tiltak([entry("Foreldremøte", slug="c")]) == {}


def test_a_similar_title_is_matched_at_the_threshold_with_its_ratio():
    tiltak = make_tiltak(tittel="Hasjavvenningsprogram (HAP)", slug="hap")
    matches = match_tiltak([entry("Hasjavvenningsprogrammet (HAP)")])
    assert how(matches, 0) == (tiltak, BY_SIMILARITY)
    assert matches[0].ratio == pytest.approx(0.947, abs=0.001)
    assert matches[0].describe() == "likhet 0,95"


def test_the_threshold_keeps_different_short_titles_apart():
    make_tiltak(tittel="Foreldrekurs", slug="kurs")
    assert similarity("foreldremøter", "foreldrekurs") < SIMILARITY
    assert match_tiltak([entry("Foreldremøter")]) == {}


def test_a_tie_in_similarity_is_not_matched():
    make_tiltak(tittel="Fagdag om rus A", slug="a")
    make_tiltak(tittel="Fagdag om rus B", slug="b")
    assert match_tiltak([entry("Fagdag om rus C")]) == {}


def test_a_tiltak_is_matched_once_to_the_entry_most_like_it():
    tiltak = make_tiltak(tittel="Rusundervisning på 5. og 8. trinn", slug="rus")
    matches = match_tiltak(
        [
            entry("Rusundervisning på 8. trinn"),
            entry("Rusundervisning på 5. og 8 trinn"),
        ]
    )
    assert how(matches, 1) == (tiltak, BY_SIMILARITY)
    assert 0 not in matches


def test_an_earlier_step_takes_the_tiltak_first():
    tiltak = make_tiltak(tittel="Gatemegling", slug="gatemegling", kilde_nokkel="g")
    matches = match_tiltak(
        [entry("Gatemegling", key="x", slug="y"), entry("Annet", key="g")]
    )
    assert how(matches, 1) == (tiltak, BY_KEY)
    assert 0 not in matches


def test_an_ended_tiltak_is_continued_too():
    tiltak = make_tiltak(
        tittel="Trygghetsuka", slug="trygghetsuka", status=Tiltak.Status.AVSLUTTET
    )
    assert how(match_tiltak([entry("Trygghetsuka")]), 0) == (tiltak, BY_SLUG)
