"""«Betjent nå»: the plan's hours as rules, and each phone line's state at the
moments that matter, with a frozen clock in Europe/Oslo."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from kontakter import betjening
from kontakter.models import Betjeningsavvik, Betjeningstid, Kontaktkanal, Nodnummer
from tests.admin_forms import form_data, new_inline_row
from tests.factories import make_kanal
from tiltak.intern import kvalitet
from tiltak.models import Tiltak

OSLO = betjening.OSLO
PHFS = "+4790821722"
FOREBYGGENDE = "+4790952580"
DROFTING = ("+4796940342", "+4740437933", "+4794018416")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=OSLO)


def states(moment: datetime) -> dict[str, str]:
    """Every phone line of the real plan: what a page says about it then."""
    with time_machine.travel(moment, tick=False):
        return {
            kanal.verdi: kanal.betjent_na_tekst
            for kanal in Kontaktkanal.objects.filter(type=Kontaktkanal.Type.TELEFON)
        }


def expect(found: dict[str, str], phfs: str, forebyggende: str, drofting: str):
    assert found.pop(PHFS) == phfs
    assert found.pop(FOREBYGGENDE) == forebyggende
    for number in DROFTING:
        assert found.pop(number) == drofting
    # Every other line of the plan gives no hours: nothing is claimed about it.
    assert set(found.values()) == {""}


# --- Reading the plan's words ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("mandag til torsdag 12.00 - 14.30", "mandag–torsdag 12:00–14:30"),
        ("Telefontid mandag til torsdag 12.00 - 14.30", "mandag–torsdag 12:00–14:30"),
        ("mandag–torsdag 12.00–14.30", "mandag–torsdag 12:00–14:30"),
        ("hverdager mellom 08:00-15:00", "hverdager 08:00–15:00"),
        ("Hverdager mellom 08:00-15:00", "hverdager 08:00–15:00"),
        ("kl 8–15 på hverdager", "hverdager 08:00–15:00"),
        ("mellom kl. 8 og 15 alle hverdager", "hverdager 08:00–15:00"),
        (
            "mandag–torsdag 8–15, fredag 8–14",
            "mandag–torsdag 08:00–15:00, fredag 08:00–14:00",
        ),
        ("mandag, onsdag og fredag 10–12", "mandag, onsdag og fredag 10:00–12:00"),
        (
            "08:00 – 23:00 på hverdager og 18:00 – 04:00 på natt til lørdag og natt "
            "til søndag",
            "mandag–torsdag 08:00–23:00, fredag 08:00–04:00 (natt til lørdag), "
            "lørdag 18:00–04:00 (natt til søndag)",
        ),
        (
            "hverdager 08:00–23:00, natt til lørdag og natt til søndag 18:00–04:00",
            "mandag–torsdag 08:00–23:00, fredag 08:00–04:00 (natt til lørdag), "
            "lørdag 18:00–04:00 (natt til søndag)",
        ),
    ],
)
def test_the_plans_ways_of_writing_hours_become_rules(text, sentence):
    rules = betjening.parse(text)
    assert isinstance(rules, tuple)
    described = betjening.describe(betjening.Timeplan(rules).to_json(), False)
    assert described == f"Betjent {sentence}, stengt på helligdager"
    assert not betjening.overlaps(list(rules))


@pytest.mark.parametrize(
    "text",
    [
        "mandag–torsdag",  # days without hours
        "kl 8–15",  # hours without days are not guessed
        "hverdager",
        "se kommunens hjemmeside for åpnings- og telefontider",
        "drop-in onsdager 14–16",
        "hverdager 25:00–26:00",
        "torsdag–mandag 8–15",
        "hverdager 18–04",  # over midnight only when the text says «natt til»
    ],
)
def test_a_text_that_is_not_only_hours_stays_text(text):
    assert betjening.parse(text) is None


def test_always_open_is_a_word_not_a_number():
    assert betjening.parse("Døgnåpen") == "døgnåpen"
    assert betjening.parse("hele døgnet") == "døgnåpen"


# --- Every phone line of the real plan at the moments that matter -------------------


@pytest.mark.django_db
def test_the_import_structures_the_plans_hours_and_keeps_the_words(seeded):
    phfs = Kontaktkanal.objects.get(verdi=PHFS)
    assert phfs.apningstid == "mandag–torsdag 12.00–14.30"
    assert phfs.describe_hours() == (
        "Betjent mandag–torsdag 12:00–14:30, stengt på helligdager"
    )
    police = Kontaktkanal.objects.get(verdi=FOREBYGGENDE)
    assert [str(rule) for rule in police.betjeningstider.all()] == [
        "mandag–torsdag 08:00–23:00",
        "fredag 08:00–04:00 (natt til lørdag)",
        "lørdag 18:00–04:00 (natt til søndag)",
    ]
    assert Nodnummer.objects.filter(dognapen=False).count() == 0


@pytest.mark.django_db
def test_a_tuesday_at_one(seeded):
    expect(
        states(at(2026, 12, 1, 13, 0)),
        phfs="Åpen nå · til 14:30",
        forebyggende="Åpen nå · til 23:00",
        drofting="Åpen nå · til 15:00",
    )


@pytest.mark.django_db
def test_a_tuesday_at_half_past_three(seeded):
    expect(
        states(at(2026, 12, 1, 15, 30)),
        phfs="Stengt nå · åpner i morgen kl. 12:00",
        forebyggende="Åpen nå · til 23:00",
        drofting="Stengt nå · åpner i morgen kl. 08:00",
    )


@pytest.mark.django_db
def test_a_friday_at_half_past_eleven_at_night(seeded):
    expect(
        states(at(2026, 12, 4, 23, 30)),
        phfs="Stengt nå · åpner mandag kl. 12:00",
        forebyggende="Åpen nå · til 04:00 i natt",
        drofting="Stengt nå · åpner mandag kl. 08:00",
    )


@pytest.mark.django_db
def test_a_saturday_at_three_in_the_night_belongs_to_friday(seeded):
    expect(
        states(at(2026, 12, 5, 3, 0)),
        phfs="Stengt nå · åpner mandag kl. 12:00",
        forebyggende="Åpen nå · til 04:00",
        drofting="Stengt nå · åpner mandag kl. 08:00",
    )


@pytest.mark.django_db
def test_a_saturday_at_five(seeded):
    expect(
        states(at(2026, 12, 5, 5, 0)),
        phfs="Stengt nå · åpner mandag kl. 12:00",
        forebyggende="Stengt nå · åpner kl. 18:00",
        drofting="Stengt nå · åpner mandag kl. 08:00",
    )


@pytest.mark.django_db
def test_17_may_is_a_holiday_even_on_a_monday(seeded):
    # 17 May 2027 is a Monday: «hverdager» does not include it.
    expect(
        states(at(2027, 5, 17, 10, 0)),
        phfs="Stengt nå · åpner i morgen kl. 12:00",
        forebyggende="Stengt nå · åpner i morgen kl. 08:00",
        drofting="Stengt nå · åpner i morgen kl. 08:00",
    )


@pytest.mark.django_db
def test_christmas_eve_is_a_thursday_and_not_a_holiday(seeded):
    # Julaften is no public holiday: the lines keep their hours unless an
    # editor adds an exception (below). 1. and 2. juledag are holidays, so the
    # Friday and Saturday nights after it are closed too.
    expect(
        states(at(2026, 12, 24, 13, 0)),
        phfs="Åpen nå · til 14:30",
        forebyggende="Åpen nå · til 23:00",
        drofting="Åpen nå · til 15:00",
    )
    expect(
        states(at(2026, 12, 24, 23, 30)),
        phfs="Stengt nå · åpner mandag kl. 12:00",
        forebyggende="Stengt nå · åpner mandag kl. 08:00",
        drofting="Stengt nå · åpner mandag kl. 08:00",
    )


@pytest.mark.django_db
def test_an_exception_closes_a_line_on_christmas_eve(seeded):
    phfs = Kontaktkanal.objects.get(verdi=PHFS)
    Betjeningsavvik.objects.create(
        kanal=phfs, fra_dato=date(2026, 12, 24), merknad="Julaften"
    )
    with time_machine.travel(at(2026, 12, 24, 13, 0), tick=False):
        phfs = Kontaktkanal.objects.get(verdi=PHFS)
        assert phfs.betjent_na_tekst == "Stengt nå · åpner mandag kl. 12:00"


@pytest.mark.django_db
def test_special_hours_replace_the_weekly_ones(seeded):
    phfs = Kontaktkanal.objects.get(verdi=PHFS)
    Betjeningsavvik.objects.create(
        kanal=phfs,
        fra_dato=date(2027, 7, 1),
        til_dato=date(2027, 7, 31),
        apner=time(10),
        stenger=time(12),
        merknad="Sommer",
    )
    with time_machine.travel(at(2027, 7, 5, 11, 0), tick=False):  # a Monday
        assert Kontaktkanal.objects.get(pk=phfs.pk).betjent_na_tekst == (
            "Åpen nå · til 12:00"
        )
    with time_machine.travel(at(2027, 7, 5, 13, 0), tick=False):
        assert Kontaktkanal.objects.get(pk=phfs.pk).betjent_na_tekst == (
            "Stengt nå · åpner i morgen kl. 10:00"
        )


CLOSED_SUNDAY = "Stengt nå · åpner i morgen kl. 08:00"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        # The night to Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST at
        # 01:00 UTC; the line closes at 04:00 CEST, after nine hours.
        (datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC), "Åpen nå · til 04:00"),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "Åpen nå · til 04:00"),
        (datetime(2026, 3, 29, 1, 59, 59, tzinfo=UTC), "Åpen nå · til 04:00"),
        (
            datetime(2026, 3, 29, 2, 0, tzinfo=UTC),
            "Stengt nå · åpner i morgen kl. 08:00",
        ),
        # The night to Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET at
        # 01:00 UTC; the line closes at 04:00 CET, after eleven hours.
        (datetime(2026, 10, 25, 0, 59, 59, tzinfo=UTC), "Åpen nå · til 04:00"),
        (datetime(2026, 10, 25, 1, 0, tzinfo=UTC), "Åpen nå · til 04:00"),
        (datetime(2026, 10, 25, 2, 59, 59, tzinfo=UTC), "Åpen nå · til 04:00"),
        (
            datetime(2026, 10, 25, 3, 0, tzinfo=UTC),
            "Stengt nå · åpner i morgen kl. 08:00",
        ),
    ],
)
def test_the_summer_time_switch_nights(seeded, utc, expected):
    with time_machine.travel(utc, tick=False):
        police = Kontaktkanal.objects.get(verdi=FOREBYGGENDE)
        assert police.betjent_na_tekst == expected


def test_a_night_is_as_long_as_the_clocks_make_it():
    rule = betjening.Regel(frozenset({5}), time(18), time(4))
    plan = betjening.Timeplan((rule,))
    spring = plan.hours_on(date(2026, 3, 28))
    autumn = plan.hours_on(date(2026, 10, 24))
    assert [(end - start).total_seconds() / 3600 for start, end in spring] == [9]
    assert [(end - start).total_seconds() / 3600 for start, end in autumn] == [11]


@pytest.mark.django_db
def test_an_always_open_line_says_so():
    kanal = make_kanal(dognapen=True)
    assert kanal.betjent_na_tekst == "Døgnåpen"
    assert kanal.describe_hours() == "Døgnåpen"


# --- On the pages ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_closed_line_on_a_detail_page_says_where_to_turn(client, seeded):
    police = Kontaktkanal.objects.get(verdi=FOREBYGGENDE)
    tiltak = Tiltak.objects.published().filter(kanaler=police).first()
    with time_machine.travel(at(2026, 12, 5, 5, 0), tick=False):
        html = client.get(tiltak.get_absolute_url()).text
    assert "Stengt nå · åpner kl. 18:00" in html
    assert "Send en sms eller legg igjen en beskjed" in html
    assert 'href="tel:02800"' in html


@pytest.mark.django_db
def test_a_closed_line_without_its_own_text_takes_its_concerns(client, seeded):
    with time_machine.travel(at(2026, 12, 5, 12, 0), tick=False):
        html = client.get(reverse("bekymret_tema", args=["vold-og-overgrep"])).text
    assert "Stengt nå · åpner mandag kl. 08:00" in html
    assert "Alarmtelefonen for barn og unge, " in html
    assert html.count('class="telefon__nar-stengt"') >= 3


@pytest.mark.django_db
def test_a_closed_line_with_no_text_points_to_the_emergency_numbers(client, seeded):
    drofting = Kontaktkanal.objects.get(verdi=DROFTING[0])
    tiltak = Tiltak.objects.published().filter(kanaler=drofting).first()
    with time_machine.travel(at(2026, 12, 5, 12, 0), tick=False):
        html = client.get(tiltak.get_absolute_url()).text
    assert "nødnumrene, som er døgnåpne" in html


@pytest.mark.django_db
def test_er_du_bekymret_at_night_lists_the_lines_open_now(client, seeded):
    with time_machine.travel(at(2026, 12, 1, 21, 30), tick=False):
        html = client.get(reverse("bekymret")).text
    start = html.index('id="apent-tittel"')
    open_now = html[start : html.index("</section>", start)]
    assert "kl. 21:30" in open_now
    numbers = [n.display_value() for n in Nodnummer.objects.all()]
    positions = [open_now.index(f">{number}</a>") for number in numbers]
    assert positions == sorted(positions)
    assert "909 52 580" in open_now and "Åpen nå · til 23:00" in open_now
    assert positions[-1] < open_now.index("909 52 580")
    assert "908 21 722" not in open_now  # PHFS closed at 14:30
    assert "969 40 342" not in open_now


# --- Caching stays right to the minute ----------------------------------------------


@pytest.mark.django_db
def test_no_cached_page_or_304_says_open_after_the_line_closes(client, seeded):
    phfs = Kontaktkanal.objects.get(verdi=PHFS)
    tiltak = Tiltak.objects.published().filter(kanaler=phfs).first()
    url = tiltak.get_absolute_url()
    # A Tuesday after the data was loaded (Last-Modified is never before it).
    with time_machine.travel(at(2027, 1, 5, 14, 29), tick=False):
        first = client.get(url)
        again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert "Åpen nå · til 14:30" in first.text
    assert again.status_code == 304
    with time_machine.travel(at(2027, 1, 5, 14, 30), tick=False):
        later = client.get(url, headers={"if-none-match": first["ETag"]})
        since = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert later.status_code == 200
    assert "Stengt nå · åpner i morgen kl. 12:00" in later.text
    assert later["ETag"] != first["ETag"]
    assert since.status_code == 200
    assert "max-age" not in later["Cache-Control"]
    with time_machine.travel(at(2027, 1, 6, 12, 0), tick=False):
        opened = client.get(url, headers={"if-none-match": later["ETag"]})
    assert opened.status_code == 200
    assert "Åpen nå · til 14:30" in opened.text


def test_the_window_ends_at_the_next_opening_closing_or_midnight():
    rule = betjening.Regel(frozenset({1}), time(12), time(14, 30))
    plan = betjening.Timeplan((rule,)).to_json()
    since, until = betjening.window([plan], at(2026, 12, 1, 13, 0))
    assert (since, until) == (at(2026, 12, 1, 12, 0), at(2026, 12, 1, 14, 30))
    since, until = betjening.window([plan], at(2026, 12, 1, 15, 0))
    assert (since, until) == (at(2026, 12, 1, 14, 30), at(2026, 12, 2, 0, 0))


# --- Editing ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_rule_that_closes_before_it_opens_must_say_over_midnight():
    kanal = make_kanal()
    rule = Betjeningstid(kanal=kanal, dager="FR", apner=time(18), stenger=time(4))
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert "kryss av for «over midnatt»" in str(refused.value)
    rule.over_midnatt = True
    rule.full_clean()
    rule.save()
    assert str(rule) == "fredag 18:00–04:00 (natt til lørdag)"
    kanal.refresh_from_db()
    assert kanal.describe_hours() == (
        "Betjent fredag 18:00–04:00 (natt til lørdag), stengt på helligdager"
    )


def test_overlapping_rules_are_found_also_over_sunday_night():
    sunday_night = betjening.Regel(frozenset({6}), time(22), time(2))
    monday = betjening.Regel(frozenset({0}), time(1), time(8))
    tuesday = betjening.Regel(frozenset({1}), time(1), time(8))
    assert betjening.overlaps([sunday_night, monday]) == [(sunday_night, monday)]
    assert betjening.overlaps([sunday_night, tuesday]) == []


def test_the_schedule_maps_onto_hsds():
    rules = betjening.parse("hverdager 08:00–15:00")
    closed = betjening.Avvik(date(2026, 12, 24), date(2026, 12, 24), note="Julaften")
    data = betjening.Timeplan(rules, (closed,)).to_json()
    assert betjening.to_hsds(data) == [
        {
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": "MO,TU,WE,TH,FR",
            "opens_at": "08:00",
            "closes_at": "15:00",
            "description": "hverdager 08:00–15:00",
        },
        {
            "valid_from": "2026-12-24",
            "valid_to": "2026-12-24",
            "description": "24. desember (Julaften): stengt",
        },
    ]


# --- In the admin ---------------------------------------------------------------


def kanal_url(kanal: Kontaktkanal) -> str:
    return reverse("admin:kontakter_kontaktkanal_change", args=[kanal.pk])


def add_rule(client, kanal, **values):
    page = client.get(kanal_url(kanal))
    data = form_data(page) | new_inline_row(page, Betjeningstid, **values)
    return client.post(kanal_url(kanal), data)


@pytest.mark.django_db
def test_the_coordinator_adds_hours_and_sees_them_read_back(coordinator, seeded):
    kanal = Kontaktkanal.objects.get(verdi="+4746934634")  # OUT's vakttelefon
    response = add_rule(
        coordinator,
        kanal,
        dager=["FR", "SA"],
        apner="18:00",
        stenger="02:00",
        over_midnatt="on",
    )
    assert response.status_code == 302
    kanal.refresh_from_db()
    assert kanal.describe_hours() == (
        "Betjent fredag og lørdag 18:00–02:00 (over midnatt), stengt på helligdager"
    )
    page = coordinator.get(kanal_url(kanal)).text
    assert "Betjent fredag og lørdag 18:00–02:00 (over midnatt)" in page
    history = coordinator.get(
        reverse("admin:kontakter_kontaktkanal_history", args=[kanal.pk])
    ).text
    assert "fredag og lørdag 18:00–02:00 (over midnatt)" in history
    assert "koordinator" in history


@pytest.mark.django_db
def test_closing_before_opening_without_over_midnight_is_explained(coordinator, seeded):
    kanal = Kontaktkanal.objects.get(verdi="+4746934634")
    response = add_rule(
        coordinator, kanal, dager=["FR"], apner="18:00", stenger="04:00"
    )
    assert response.status_code == 200
    assert "kryss av for «over midnatt»" in response.text
    assert not kanal.betjeningstider.exists()


@pytest.mark.django_db
def test_overlapping_rules_are_refused(coordinator, seeded):
    police = Kontaktkanal.objects.get(verdi=FOREBYGGENDE)
    response = add_rule(
        coordinator, police, dager=["TU"], apner="20:00", stenger="23:30"
    )
    assert response.status_code == 200
    assert "overlapper" in response.text
    assert police.betjeningstider.count() == 3


@pytest.mark.django_db
def test_the_admin_shows_the_holidays_ahead_that_close_a_line(coordinator, seeded):
    drofting = Kontaktkanal.objects.get(verdi=DROFTING[0])
    shown = admin.site.get_model_admin(Kontaktkanal).coming_holidays
    assert "(Første juledag)" in coordinator.get(kanal_url(drofting)).text or (
        "Ingen helligdager" in coordinator.get(kanal_url(drofting)).text
    )
    with time_machine.travel(at(2026, 12, 3, 10, 0), tick=False):
        page = shown(drofting)
    assert "fredag 25.12.2026 (Første juledag)" in page
    assert "fredag 01.01.2027 (Første nyttårsdag)" in page
    # Saturday 26 December: no rule opens on a Saturday.
    assert "Andre juledag" not in page
    assert page.endswith(": stengt.")


@pytest.mark.django_db
def test_the_data_quality_report_lists_unstructured_hours(client, seeded):
    kanal = make_kanal(apningstid="etter avtale", etikett="Kontor")
    assert list(kvalitet.unstructured_hours()) == [kanal]
    assert kanal.hours_unstructured
