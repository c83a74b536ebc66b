"""The yearly plan cycle (tiltak.planer): next year's draft, adoption, publishing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tests.factories import (
    add_to_plan,
    adopt,
    make_innsatsomrade,
    make_kommune,
    make_plan,
    make_tiltak,
)
from tiltak import caching
from tiltak.models import Handlingsplan, Planseksjon, Plantiltak, Tiltak
from tiltak.planer import (
    PlanError,
    lag_neste_plan,
    next_period,
    publiser,
    texts_of,
    vedta,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)


@pytest.fixture
def plan():
    omrade = make_innsatsomrade()
    kept, ending = (make_tiltak(innsatsomrade=omrade) for _ in range(2))
    old_plan = make_plan(tiltak=[kept, ending])
    Planseksjon.objects.create(
        plan=old_plan, tittel="Bakgrunn", slug="bakgrunn", tekst="Planen bygger på …"
    )
    return old_plan


def test_the_next_plan_is_a_draft_of_the_next_school_year_with_everything_carried(
    plan,
):
    edited = plan.medlemmer.first().tiltak
    edited.beskrivelse = "Rettet i løpet av året."
    edited.save()
    archived = make_tiltak(status=Tiltak.Status.ARKIVERT)
    add_to_plan(plan, archived)
    in_no_plan = make_tiltak()
    make_tiltak(status=Tiltak.Status.UTKAST)
    member = plan.medlemmer.get(tiltak=edited)
    member.oppfolging = Plantiltak.Oppfolging.GJENNOMFORT
    member.save()

    draft = lag_neste_plan(plan)

    assert draft.status == Handlingsplan.Status.UTKAST
    assert (draft.fra_ar, draft.til_ar, draft.periode) == (
        2024,
        2025,
        "skoleåret 2024–2025",
    )
    assert draft.kommune == plan.kommune and draft.tittel == plan.tittel
    assert [s.tittel for s in draft.seksjoner.all()] == ["Bakgrunn"]
    carried = {m.tiltak: m for m in draft.medlemmer.all()}
    assert set(carried) == {m.tiltak for m in plan.medlemmer.all()} - {archived} | {
        in_no_plan
    }
    # Today's text, not last year's; follow-up starts afresh.
    assert carried[edited].beskrivelse == "Rettet i løpet av året."
    assert carried[edited].oppfolging == Plantiltak.Oppfolging.IKKE_STARTET
    assert not any(m.merket_nytt for m in carried.values())
    # The plan it came from is untouched.
    assert plan.medlemmer.get(tiltak=edited).beskrivelse != edited.beskrivelse


def test_the_next_plan_is_made_once_and_never_from_a_draft(plan):
    draft = lag_neste_plan(plan)
    with pytest.raises(PlanError, match="allerede en plan for 2024–2025"):
        lag_neste_plan(plan)
    with pytest.raises(PlanError, match="er et utkast"):
        lag_neste_plan(draft)


def test_a_second_current_plan_in_a_kommune_is_refused_by_the_database(plan):
    other = make_kommune(navn="Lørenskog", nummer="3222", slug="lorenskog")
    theirs = make_plan(kommune=other, status=Handlingsplan.Status.GJELDENDE)
    draft = lag_neste_plan(plan)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, Handlingsplan._meta.db_table
        )
    rule = constraints["tiltak_handlingsplan_one_gjeldende_per_kommune"]
    assert rule["unique"] and rule["columns"] == ["kommune_id"]
    # SQLite names the column, PostgreSQL the constraint.
    refused = r"one_gjeldende_per_kommune|tiltak_handlingsplan\.kommune_id"
    # Past clean(): a publish that forgot to end the plan before, and a second
    # current plan written as such.
    with pytest.raises(IntegrityError, match=refused), transaction.atomic():
        Handlingsplan.objects.filter(pk=draft.pk).update(
            status=Handlingsplan.Status.GJELDENDE
        )
    with pytest.raises(IntegrityError, match=refused), transaction.atomic():
        make_plan(kommune=plan.kommune, fra_ar=2030)
    assert Handlingsplan.objects.gjeldende(plan.kommune) == plan
    assert Handlingsplan.objects.gjeldende(other) == theirs
    # The editor is told in a sentence before the database is asked.
    draft.status = Handlingsplan.Status.GJELDENDE
    with pytest.raises(ValidationError, match="allerede en gjeldende plan"):
        draft.full_clean()


def test_a_plan_that_ends_before_it_begins_is_refused(plan):
    plan.fra_ar, plan.til_ar = 2024, 2023
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert error.value.messages == ["Fra år kan ikke være etter til år."]
    with (
        pytest.raises(IntegrityError, match="tiltak_handlingsplan_period_in_order"),
        transaction.atomic(),
    ):
        Handlingsplan.objects.filter(pk=plan.pk).update(fra_ar=2025)
    plan.refresh_from_db()
    assert (plan.fra_ar, plan.til_ar) == (2023, 2024)


def test_a_period_in_other_words_becomes_the_school_year():
    plan = Handlingsplan(fra_ar=2023, til_ar=2024, periode="august 2023 - juni 2024")
    assert next_period(plan) == "august 2024 - juni 2025"
    plan.periode = "Planperiode"
    assert next_period(plan) == "skoleåret 2024–2025"


def test_the_next_plan_skips_tiltak_ended_by_hand_and_keeps_an_adopted_plans_texts(
    plan,
):
    ended_by_hand = plan.medlemmer.first().tiltak
    ended_by_hand.status = Tiltak.Status.AVSLUTTET
    ended_by_hand.save()
    draft = lag_neste_plan(plan)
    assert ended_by_hand not in {m.tiltak for m in draft.medlemmer.all()}
    # From a plan adopted but not current, its own texts (the tiltak's are still
    # the current plan's).
    adopt(draft)
    member = draft.medlemmer.first()
    assert member.beskrivelse == member.tiltak.beskrivelse
    Plantiltak.objects.filter(pk=member.pk).update(beskrivelse="Vedtatt for 2024.")
    after = lag_neste_plan(draft)
    assert after.medlemmer.get(tiltak=member.tiltak).beskrivelse == "Vedtatt for 2024."


def test_a_second_click_on_lag_neste_is_a_message_not_an_error(plan, monkeypatch):
    # The other click's plan is saved between this one's check and its save.
    monkeypatch.setattr(
        "tiltak.models.HandlingsplanQuerySet.exists", lambda self: False
    )
    make_plan(kommune=plan.kommune, fra_ar=2024, status=Handlingsplan.Status.UTKAST)
    with pytest.raises(PlanError, match="allerede en plan for 2024–2025"):
        lag_neste_plan(plan)


def test_adopting_needs_a_draft_with_tiltak_a_past_date_a_body_and_a_case(plan):
    draft = lag_neste_plan(plan)
    today = timezone.localdate()
    good = {"dato": today, "organ": "politiradet", "saksnummer": " 26/12 "}
    for bad, message in (
        ({"dato": today + timedelta(days=1)}, "fram i tid"),
        ({"organ": "bystyret"}, "hvem som vedtok"),
        ({"saksnummer": "  "}, "saksnummeret"),
    ):
        with pytest.raises(PlanError, match=message):
            vedta(draft, **good | bad)
    empty = make_plan(fra_ar=2030, status=Handlingsplan.Status.UTKAST)
    with pytest.raises(PlanError, match="ingen tiltak"):
        vedta(empty, **good)
    vedta(draft, **good)
    draft.refresh_from_db()
    assert draft.status == Handlingsplan.Status.VEDTATT
    assert (draft.vedtatt_dato, draft.vedtatt_av, draft.saksnummer) == (
        today,
        Handlingsplan.Organ.POLITIRADET,
        "26/12",
    )
    with pytest.raises(PlanError, match="ikke et utkast"):
        vedta(draft, **good)


def test_an_adopted_plans_texts_are_frozen_but_its_follow_up_is_not(plan):
    member = plan.medlemmer.first()
    member.oppfolging = Plantiltak.Oppfolging.I_GANG
    member.oppfolging_kommentar = "Startet på tre skoler."
    member.full_clean()
    member.beskrivelse = "En annen tekst."
    member.innsatsomrade = make_innsatsomrade()
    with pytest.raises(ValidationError, match="vedtatt med planen"):
        member.full_clean()
    draft = lag_neste_plan(plan)
    carried = draft.medlemmer.first()
    carried.beskrivelse = "Ny tekst i utkastet."
    carried.full_clean()


def test_publishing_switches_the_public_plan_and_the_tiltak_in_one_step(plan):
    kept, ending = (m.tiltak for m in plan.medlemmer.order_by("rekkefolge"))
    draft = lag_neste_plan(plan)
    draft.medlemmer.filter(tiltak=ending).delete()
    added = make_tiltak(status=Tiltak.Status.UTKAST, tittel="Foreldreveiledning")
    Plantiltak.objects.create(plan=draft, tiltak=added, **texts_of(added))
    stale_version = kept.versjon
    changed = draft.medlemmer.get(tiltak=kept)
    changed.beskrivelse = "Utvidet til alle ungdomsskoler."
    changed.save()
    adopt(draft)
    version = caching.current()

    replaced = publiser(draft)

    assert replaced == plan
    plan.refresh_from_db()
    draft.refresh_from_db()
    assert plan.status == Handlingsplan.Status.AVSLUTTET
    assert plan.avsluttet_dato == timezone.localdate()
    assert draft.status == Handlingsplan.Status.GJELDENDE
    assert draft.gjeldende_fra == timezone.localdate()
    assert Handlingsplan.objects.gjeldende() == draft
    kept.refresh_from_db()
    ending.refresh_from_db()
    added.refresh_from_db()
    assert (kept.status, kept.nytt, kept.beskrivelse) == (
        Tiltak.Status.PUBLISERT,
        False,
        "Utvidet til alle ungdomsskoler.",
    )
    assert (added.status, added.nytt) == (Tiltak.Status.PUBLISERT, True)
    assert (ending.status, ending.nytt) == (Tiltak.Status.AVSLUTTET, False)
    assert set(Tiltak.objects.published()) == {kept, added}
    # The old plan still says what it adopted; the page cache knows.
    assert plan.medlemmer.get(tiltak=kept).beskrivelse != kept.beskrivelse
    assert caching.current() != version
    assert kept.history.first().history_change_reason == (
        "Handlingsplanen 2024–2025 ble gjeldende"
    )
    # A form opened before publishing is stale now.
    assert kept.versjon > stale_version


def test_only_an_adopted_plan_newer_than_the_current_one_is_published(plan):
    draft = lag_neste_plan(plan)
    with pytest.raises(PlanError, match="Bare en vedtatt plan"):
        publiser(draft)
    with pytest.raises(PlanError, match="Bare en vedtatt plan"):
        publiser(plan)
    older = make_plan(
        kommune=plan.kommune,
        fra_ar=2020,
        status=Handlingsplan.Status.VEDTATT,
        tiltak=[make_tiltak()],
    )
    with pytest.raises(PlanError, match="nyere enn 2020–2021"):
        publiser(older)
    assert Handlingsplan.objects.gjeldende() == plan


def test_a_failed_publish_changes_nothing(plan, monkeypatch):
    draft = lag_neste_plan(plan)
    adopt(draft)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("tiltak.planer.bulk_update_with_history", broken)
    with pytest.raises(RuntimeError):
        publiser(draft)
    assert Handlingsplan.objects.gjeldende() == plan
    draft.refresh_from_db()
    assert draft.status == Handlingsplan.Status.VEDTATT


def test_the_first_plan_published_has_no_plan_before_it_and_keeps_its_own_marks():
    marked = make_tiltak(nytt=True)
    plain = make_tiltak()
    first = make_plan(tiltak=[marked, plain], status=Handlingsplan.Status.VEDTATT)
    assert publiser(first) is None
    marked.refresh_from_db()
    plain.refresh_from_db()
    assert (marked.nytt, plain.nytt) == (True, False)


def test_an_edit_of_a_tiltak_after_the_draft_was_made_is_not_lost_on_publishing(plan):
    kept = plan.medlemmer.order_by("rekkefolge").first().tiltak
    draft = lag_neste_plan(plan)
    kept.beskrivelse = "Rettet etter at utkastet ble laget."
    kept.save()
    adopt(draft)
    publiser(draft)
    kept.refresh_from_db()
    assert kept.beskrivelse == "Rettet etter at utkastet ble laget."


def test_an_adopted_plan_is_not_skipped_over(plan):
    between = make_plan(
        kommune=plan.kommune,
        fra_ar=2024,
        status=Handlingsplan.Status.VEDTATT,
        tiltak=[make_tiltak()],
    )
    later = make_plan(
        kommune=plan.kommune,
        fra_ar=2025,
        status=Handlingsplan.Status.VEDTATT,
        tiltak=[make_tiltak()],
    )
    with pytest.raises(PlanError, match="2024–2025 er vedtatt, men ikke publisert"):
        publiser(later)
    publiser(between)
    publiser(later)
    assert Handlingsplan.objects.gjeldende() == later


def test_publishing_one_kommunes_plan_leaves_another_kommunes_tiltak_alone(plan):
    other = make_kommune(navn="Lørenskog", nummer="3222", slug="lorenskog")
    theirs = make_tiltak()
    make_plan(kommune=other, tiltak=[theirs])
    draft = lag_neste_plan(plan)
    adopt(draft)
    publiser(draft)
    theirs.refresh_from_db()
    assert theirs.status == Tiltak.Status.PUBLISERT
    assert Handlingsplan.objects.gjeldende(other) is not None
