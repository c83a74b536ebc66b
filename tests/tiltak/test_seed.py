import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kontakter.models import Bekymringstema, Nodnummer
from tiltak.models import Sokeindeks, Tiltak
from tiltak.search import search_tiltak
from tiltak.seed import SEED_MODELS, build_seed, canonical_content


def test_the_committed_fixture_matches_a_fresh_import(db):
    build_seed()
    imported = canonical_content()
    for model in reversed(SEED_MODELS):
        model.objects.all().delete()
    call_command("loaddata", str(settings.SEED_FIXTURE), verbosity=0)
    assert canonical_content() == imported, "run `make fixtures` and commit the result"


def test_seed_loads_the_plan_into_an_empty_database(db, capsys):
    call_command("seed")
    assert Tiltak.objects.count() == 42
    assert Nodnummer.objects.filter(nummer="116111").exists()
    assert Bekymringstema.objects.get(slug="rus").tiltak.exists()
    assert "Lastet" in capsys.readouterr().out


def test_seed_leaves_a_database_with_data_alone(db, capsys):
    call_command("seed")
    Tiltak.objects.filter(slug="gatemegling").update(tittel="Gatemegling for alle")
    call_command("seed")
    assert Tiltak.objects.count() == 42
    assert Tiltak.objects.get(slug="gatemegling").tittel == "Gatemegling for alle"
    assert "ingenting er endret" in capsys.readouterr().out


@pytest.mark.django_db
def test_seeded_rows_get_timestamps(seeded):
    tiltak = Tiltak.objects.get(slug="gatemegling")
    assert tiltak.opprettet is not None
    assert tiltak.oppdatert is not None


def test_a_plain_loaddata_indexes_each_tiltak_once(db):
    """The fixture saves each tiltak and then its links, each a raw save that
    touches the tiltak's index row; tiltak's loaddata writes the rows once."""
    with CaptureQueriesContext(connection) as queries:
        call_command("loaddata", str(settings.SEED_FIXTURE), verbosity=0)
    index_writes = [
        query
        for query in queries
        if query["sql"].startswith(f'INSERT INTO "{Sokeindeks._meta.db_table}"')
    ]
    assert len(index_writes) == 1
    assert Sokeindeks.objects.count() == Tiltak.objects.count() == 42
    found = search_tiltak(Tiltak.objects.published(), "gatemegling").tiltak
    assert found.first().slug == "gatemegling"
