"""kontakter 0005: contact cards' copies of numbers become references to channels.

Run with MigrationExecutor on a transactional database: back to 0004, write cards
as they were, forward to 0005, and back again.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("kontakter", "0004_link_check")]
AFTER = [("kontakter", "0005_kort_viser_kanaler")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# serialized_rollback: a plain transactional test's flush would make the content
# types and editor groups again, which the next serialized test restores too.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_apps():
    apps = migrate(BEFORE)
    yield apps
    migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def seed_old_cards(apps) -> None:
    """The two cards as the seed had them before 0005, and the plan's channel."""
    Aktor = apps.get_model("kontakter", "Aktor")
    Kontaktkanal = apps.get_model("kontakter", "Kontaktkanal")
    Kontaktkort = apps.get_model("kontakter", "Kontaktkort")
    Bekymringstema = apps.get_model("kontakter", "Bekymringstema")
    politiet = Aktor.objects.create(navn="Politiet", slug="politiet", type="statlig")
    Aktor.objects.create(navn="Politikontakt", slug="politikontakt", type="statlig")
    Kontaktkanal.objects.create(
        aktor=politiet,
        type="telefon",
        verdi="+4790952580",
        etikett="Drøftingstelefonen",
    )
    Kontaktkort.objects.create(
        rolle="SLT-koordinator",
        navn="Gry Løge Lid",
        epost="grli03@lillestrom.kommune.no",
        telefon="+4747792507",
        telefon_etikett="Mobil",
        kilde="Kommunens nettside",
        rekkefolge=0,
    )
    Kontaktkort.objects.create(
        rolle="Politikontakt",
        telefon="+4790952580",
        telefon_etikett="Forebyggende drøftingstelefon",
        apningstid="hverdager 08:00–23:00",
        kilde="Handlingsplanen",
        rekkefolge=1,
    )
    Bekymringstema.objects.create(
        tittel="Rus", slug="rus", sporsmal="Rus?", rad="Snakk med ungdommen."
    )


def test_cards_copies_become_references_without_losing_anything(old_apps):
    seed_old_cards(old_apps)
    apps = migrate(AFTER)
    Kontaktkanal = apps.get_model("kontakter", "Kontaktkanal")
    Kontaktkort = apps.get_model("kontakter", "Kontaktkort")
    Kortkanal = apps.get_model("kontakter", "Kortkanal")
    Bekymringstema = apps.get_model("kontakter", "Bekymringstema")

    # The police number: the existing channel, not a second copy of it.
    assert Kontaktkanal.objects.filter(verdi="+4790952580").count() == 1
    drofting = Kontaktkanal.objects.get(verdi="+4790952580")
    politikontakt = Kontaktkort.objects.get(rolle="Politikontakt")
    links = Kortkanal.objects.filter(kort=politikontakt)
    assert [link.kanal_id for link in links] == [drofting.pk]
    assert politikontakt.aktor.navn == "Politikontakt"
    # The card's staffed hours filled the channel's empty ones; its other label
    # is kept in the internal note.
    assert drofting.apningstid == "hverdager 08:00–23:00"
    assert drofting.etikett == "Drøftingstelefonen"
    assert "Forebyggende drøftingstelefon" in politikontakt.intern_merknad

    # The coordinator's mobile and e-mail: new channels of a new actor named
    # after the role, in the card's order, with the card's label.
    koordinator = Kontaktkort.objects.get(rolle="SLT-koordinator")
    kanaler = [
        link.kanal
        for link in Kortkanal.objects.filter(kort=koordinator).order_by("rekkefolge")
    ]
    assert [(k.type, k.verdi, k.etikett) for k in kanaler] == [
        ("telefon", "+4747792507", "Mobil"),
        ("epost", "grli03@lillestrom.kommune.no", ""),
    ]
    assert {k.aktor.navn for k in kanaler} == {"SLT-koordinator"}
    assert koordinator.aktor.slug == "slt-koordinator"
    assert koordinator.kilde == "Kommunens nettside"

    # A concern's old advice is the parents' advice now.
    tema = Bekymringstema.objects.get(slug="rus")
    assert tema.rad_foreldre == "Snakk med ungdommen."
    assert tema.rad_fagfolk == ""


def test_the_migration_reverses_to_copies(old_apps):
    seed_old_cards(old_apps)
    migrate(AFTER)
    apps = migrate(BEFORE)
    Kontaktkort = apps.get_model("kontakter", "Kontaktkort")
    Bekymringstema = apps.get_model("kontakter", "Bekymringstema")
    koordinator = Kontaktkort.objects.get(rolle="SLT-koordinator")
    assert koordinator.telefon == "+4747792507"
    assert koordinator.telefon_etikett == "Mobil"
    assert koordinator.epost == "grli03@lillestrom.kommune.no"
    politikontakt = Kontaktkort.objects.get(rolle="Politikontakt")
    assert politikontakt.telefon == "+4790952580"
    assert politikontakt.apningstid == "hverdager 08:00–23:00"
    assert Bekymringstema.objects.get(slug="rus").rad == "Snakk med ungdommen."
