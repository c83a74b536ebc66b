"""«Hva er endret» between two plans (tiltak.endringer.compare) and its word diff."""

import pytest

from tests.factories import (
    add_to_plan,
    make_innsatsomrade,
    make_plan,
    make_plan_pair,
    make_tiltak,
)
from tiltak.endringer import Segment, compare, ended, standing, standing_of, word_diff
from tiltak.models import Handlingsplan, Plantiltak

pytestmark = pytest.mark.django_db


def rebuilt(segments: list[Segment]) -> tuple[str, str]:
    old = "".join(s.text for s in segments if s.kind != "insert")
    new = "".join(s.text for s in segments if s.kind != "delete")
    return old, new


def test_word_diff_marks_inserted_and_deleted_words():
    segments = word_diff("Et tilbud for ungdom.", "Et nytt tilbud for unge voksne.")
    assert segments == [
        Segment("equal", "Et"),
        Segment("insert", " nytt"),
        Segment("equal", " tilbud for "),
        Segment("delete", "ungdom."),
        Segment("insert", "unge voksne."),
    ]


def test_word_diff_keeps_whitespace_so_both_texts_can_be_rebuilt():
    old = "Første avsnitt.\n\nAndre  avsnitt med\tto mellomrom."
    new = "Første avsnitt, nå lengre.\n\nAndre  avsnitt med\tto mellomrom."
    assert rebuilt(word_diff(old, new)) == (old, new)


def test_word_diff_takes_the_spaces_between_changed_words_with_the_change():
    assert word_diff("a b c", "x y z") == [
        Segment("delete", "a b c"),
        Segment("insert", "x y z"),
    ]


def test_word_diff_of_equal_texts_is_one_equal_segment():
    assert word_diff("Samme tekst.", "Samme tekst.") == [
        Segment("equal", "Samme tekst.")
    ]
    assert word_diff("", "") == []


@pytest.fixture
def plans():
    return make_plan_pair(Handlingsplan.Status.AVSLUTTET)


def test_compare_counts_exactly_one_new_one_ended_and_one_changed(plans):
    old, new = plans
    comparison = compare(old, new)
    assert [area.omrade.navn for area in comparison.areas] == [
        "Forebygging",
        "Vold og overgrep",
    ]
    forebygging, vold = comparison.areas
    assert [m.tittel for m in forebygging.new] == []
    assert [c.new.tittel for c in forebygging.changed] == ["Ungdomslos"]
    assert forebygging.unchanged == 1
    assert [m.tittel for m in vold.new] == ["Trygg hjem"]
    assert [m.tittel for m in vold.ended] == ["Gatemegling"]
    assert comparison.total == {"new": 1, "ended": 1, "changed": 1, "unchanged": 1}


def test_a_changed_member_has_a_word_diff_of_each_changed_field_only(plans):
    old, new = plans
    (change,) = compare(old, new).areas[0].changed
    (field,) = change.fields
    assert (field.name, field.label) == ("beskrivelse", "beskrivelse")
    assert Segment("delete", "har droppet") in field.segments
    assert Segment("insert", "står i fare for å droppe") in field.segments
    assert rebuilt(field.segments) == (change.old.beskrivelse, change.new.beskrivelse)


def test_a_tiltak_moved_to_another_area_is_changed_and_listed_under_the_new_one():
    fra = make_innsatsomrade(navn="Rus")
    til = make_innsatsomrade(navn="Psykisk helse")
    tiltak = make_tiltak(innsatsomrade=fra, alder_fra=13)
    old = make_plan(tiltak=[tiltak], status=Handlingsplan.Status.AVSLUTTET)
    new = make_plan(fra_ar=2024)
    add_to_plan(new, tiltak, innsatsomrade=til, alder_fra=None)
    (area,) = compare(old, new).areas
    assert area.omrade == til
    fields = {f.name: f.segments for f in area.changed[0].fields}
    assert fields["innsatsomrade"] == [
        Segment("delete", "Rus"),
        Segment("insert", "Psykisk helse"),
    ]
    assert fields["alder_fra"] == [
        Segment("delete", "13"),
        Segment("insert", "ikke oppgitt"),
    ]


def test_compare_takes_two_queries_whatever_the_size_of_the_plans(
    plans, django_assert_num_queries
):
    old, new = plans
    for _ in range(20):
        add_to_plan(new, make_tiltak())
    with django_assert_num_queries(2):
        compare(old, new)


def test_standing_of_agrees_with_standing_and_ended(plans):
    old, new = plans
    members = list(Plantiltak.objects.filter(plan=new))
    before = list(Plantiltak.objects.filter(plan=old))
    assert standing_of(members, before) == standing(new, old)
    kept = set(standing_of(members, before))
    assert [m for m in before if m.tiltak_id not in kept] == list(ended(new, old))
