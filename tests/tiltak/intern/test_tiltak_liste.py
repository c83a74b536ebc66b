from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from kontakter.models import Aktor, Kontaktkanal
from tests.factories import make_aktor, make_kanal, make_tiltak
from tiltak.models import Tiltak, months_before

URL = reverse("intern:tiltak")


def titles(response) -> set[str]:
    return {t.tittel for t in response.context["page"].paginator.object_list}


def test_it_lists_drafts_and_archived_tiltak_with_their_status(staff_client):
    make_tiltak(tittel="Publisert tiltak")
    make_tiltak(tittel="Utkast til tiltak", status=Tiltak.Status.UTKAST)
    make_tiltak(tittel="Gammelt tiltak", status=Tiltak.Status.ARKIVERT)
    response = staff_client.get(URL)
    assert titles(response) == {
        "Publisert tiltak",
        "Utkast til tiltak",
        "Gammelt tiltak",
    }
    text = response.content.decode()
    for label in ("Publisert", "Utkast", "Arkivert"):
        assert f">{label}</span>" in text


def test_it_shows_the_internal_note_the_verification_date_and_contact_persons(
    staff_client,
):
    aktor = make_aktor(navn="Oppsøkende ungdomsteam (OUT)")
    kanal = make_kanal(aktor=aktor, etikett="Kari i OUT", verdi="+4790952580")
    tiltak = make_tiltak(
        aktorer=[aktor],
        kanaler=[kanal],
        intern_merknad="Ring før revisjonen.",
        sist_verifisert=date(2024, 3, 5),
    )
    text = staff_client.get(URL).content.decode()
    assert "Ring før revisjonen." in text
    assert "5. mars 2024" in text
    assert "Kari i OUT:" in text and "909 52 580" in text
    assert "Oppsøkende ungdomsteam (OUT)" in text
    admin_url = reverse("admin:tiltak_tiltak_change", args=[tiltak.pk])
    assert f'href="{admin_url}"' in text


def test_it_says_never_for_a_tiltak_never_verified(staff_client):
    make_tiltak(sist_verifisert=None)
    assert "Aldri" in staff_client.get(URL).content.decode()


def test_it_filters_by_status_with_counts(staff_client):
    make_tiltak(tittel="A")
    make_tiltak(tittel="B", status=Tiltak.Status.UTKAST)
    make_tiltak(tittel="C", status=Tiltak.Status.UTKAST)
    response = staff_client.get(URL, {"status": "utkast"})
    assert titles(response) == {"B", "C"}
    counts = {
        o.value: (o.count, o.selected) for o in response.context["status_options"]
    }
    assert counts == {
        "utkast": (2, True),
        "publisert": (1, False),
        "avsluttet": (0, False),
        "arkivert": (0, False),
    }
    chips = [chip.label for chip in response.context["chips"]]
    assert chips == ["Status: Utkast"]


def test_it_filters_by_actor_kind_once_per_tiltak(staff_client):
    kommunal = make_aktor(type=Aktor.Type.KOMMUNAL)
    statlig = make_aktor(type=Aktor.Type.STATLIG)
    make_tiltak(tittel="Begge", aktorer=[kommunal, statlig])
    make_tiltak(tittel="To kommunale", aktorer=[kommunal, make_aktor()])
    make_tiltak(tittel="Bare staten", aktorer=[statlig])
    response = staff_client.get(URL, {"aktortype": "kommunal"})
    assert titles(response) == {"Begge", "To kommunale"}
    assert response.context["page"].paginator.count == 2
    counts = {o.value: o.count for o in response.context["aktortype_options"]}
    assert counts["kommunal"] == 2
    assert counts["statlig"] == 2
    assert counts["ideell"] == 0


def test_it_filters_tiltak_not_verified_for_more_than_n_months(staff_client):
    today = timezone.localdate()
    make_tiltak(tittel="Nylig", sist_verifisert=today)
    make_tiltak(tittel="Gammel", sist_verifisert=date(today.year - 2, 1, 1))
    make_tiltak(tittel="Aldri", sist_verifisert=None)
    make_tiltak(tittel="Akkurat", sist_verifisert=months_before(today, 12))
    response = staff_client.get(URL, {"ikke_verifisert": "12"})
    assert titles(response) == {"Gammel", "Aldri"}
    assert [c.label for c in response.context["chips"]] == [
        "Ikke verifisert på 12 måneder"
    ]


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2024, 1, 15), 12) == date(2023, 1, 15)
    assert months_before(date(2024, 1, 15), 1) == date(2023, 12, 15)
    assert months_before(date(2024, 5, 2), 0) == date(2024, 5, 2)


def test_it_filters_tiltak_without_a_usable_contact_channel(staff_client):
    aktor = make_aktor()
    make_tiltak(tittel="Med telefon", kanaler=[make_kanal(aktor=aktor)])
    make_tiltak(tittel="Uten kanal")
    bare_navn = make_kanal(
        aktor=aktor, type=Kontaktkanal.Type.NETT, verdi="", etikett="Politiet.no"
    )
    make_tiltak(tittel="Bare lenketekst", kanaler=[bare_navn])
    response = staff_client.get(URL, {"uten_kanal": "on"})
    assert titles(response) == {"Uten kanal", "Bare lenketekst"}
    assert response.context["uten_kanal_count"] == 2


def test_it_keeps_every_public_filter(staff_client):
    aktor = make_aktor()
    make_tiltak(
        tittel="Nytt for ungdom", nytt=True, alder_fra=13, alder_til=18, aktorer=[aktor]
    )
    make_tiltak(tittel="Nytt for voksne", nytt=True, alder_fra=20, aktorer=[aktor])
    make_tiltak(tittel="Gammelt", alder_fra=13, alder_til=18)
    response = staff_client.get(
        URL, {"nytt": "on", "alder": "15", "ansvar": aktor.slug}
    )
    assert titles(response) == {"Nytt for ungdom"}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"status": "slettet"}, "status"),
        ({"aktortype": "privat"}, "aktortype"),
        ({"ikke_verifisert": "tolv"}, "ikke_verifisert"),
        ({"ikke_verifisert": "-1"}, "ikke_verifisert"),
        ({"ikke_verifisert": "9999"}, "ikke_verifisert"),
    ],
)
def test_it_answers_a_bad_filter_value_with_400_and_a_norwegian_message(
    staff_client, params, field
):
    make_tiltak()
    response = staff_client.get(URL, params)
    assert response.status_code == 400
    assert field in response.context["filter"].errors
    assert "Noe i filteret kunne ikke brukes" in response.content.decode()


def test_it_offers_the_export_and_print_of_the_same_filter(staff_client):
    make_tiltak()
    text = staff_client.get(URL, {"status": "utkast", "side": "1"}).content.decode()
    assert f'href="{reverse("intern:eksport_csv")}?status=utkast"' in text
    assert f'href="{reverse("intern:eksport_xlsx")}?status=utkast"' in text
    assert f'href="{reverse("intern:utskrift")}?status=utkast"' in text


def test_it_pages_the_list_and_keeps_the_filters(staff_client, seeded):
    response = staff_client.get(URL, {"status": "publisert", "side": "2"})
    assert response.context["page"].number == 2
    assert "status=publisert&amp;side=1" in response.content.decode()


# The list's own queries (the search's synonyms; every facet in one, with the
# status, actor kind and «mangler kontaktkanal» counts; the page and its actors
# and channels), the session, the user, the two-factor device and the role check,
# and the session save that keeps an idle session alive.
STAFF_LIST_BUDGET = 13


def test_the_list_takes_a_fixed_number_of_queries(
    staff_client, seeded, django_assert_max_num_queries
):
    params = {
        "q": "vold",
        "status": "publisert",
        "aktortype": "kommunal",
        "ikke_verifisert": "12",
        "uten_kanal": "",
    }
    with django_assert_max_num_queries(STAFF_LIST_BUDGET):
        response = staff_client.get(URL, params)
    assert response.status_code == 200
    with django_assert_max_num_queries(STAFF_LIST_BUDGET):
        staff_client.get(URL)
