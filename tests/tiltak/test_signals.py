"""What a save triggers (tiltak/signals.py), and bulk_write() for many rows at once."""

import pytest

from tests.factories import make_aktor, make_innsatsomrade, make_tiltak
from tiltak import search, signals
from tiltak.caching import current
from tiltak.models import Sokeindeks, Sokeord, Tiltak, TiltakAktor
from tiltak.search import search_tiltak

pytestmark = pytest.mark.django_db


@pytest.fixture
def reindexed(monkeypatch) -> list[list[int]]:
    """The ids of every call to search.reindex, in order (None: everything)."""
    calls = []
    real = search.reindex

    def spy(tiltak_ids=None, **kwargs):
        calls.append(None if tiltak_ids is None else sorted(tiltak_ids))
        return real(tiltak_ids, **kwargs)

    monkeypatch.setattr(search, "reindex", spy)
    return calls


def found(q: str) -> list[str]:
    return [t.slug for t in search_tiltak(Tiltak.objects.all(), q).tiltak]


def test_a_save_reindexes_the_tiltak_at_once(reindexed):
    tiltak = make_tiltak(tittel="Natteravn")
    tiltak.tittel = "Gatemegling"
    tiltak.save()
    assert reindexed[-1] == [tiltak.pk]
    assert found("gatemegling") == [tiltak.slug]


def test_a_bulk_write_indexes_each_changed_tiltak_once_and_counts_one_change(
    reindexed,
):
    aktor = make_aktor(navn="Utekontakten")
    area = make_innsatsomrade()
    reindexed.clear()
    before = current()[0]
    with signals.bulk_write():
        tiltak = make_tiltak(tittel="Natteravn", innsatsomrade=area)
        tiltak.beskrivelse = "Voksne ute om kvelden."
        tiltak.save()
        TiltakAktor.objects.create(tiltak=tiltak, aktor=aktor)
        assert reindexed == []
    assert reindexed == [[tiltak.pk]]
    assert found("utekontakten") == [tiltak.slug]
    # The saves inside count nothing: the block counts one change, at its end.
    assert current()[0] == before + 1


def test_a_bulk_write_that_reindexes_everything_indexes_nothing_twice(reindexed):
    make_tiltak(tittel="Natteravn")
    reindexed.clear()
    with signals.bulk_write(reindex=signals.ALL):
        make_tiltak(tittel="Gatemegling")
    assert reindexed == [None]
    assert Sokeindeks.objects.count() == 2


def test_a_bulk_write_afresh_drops_words_no_tiltak_uses(reindexed):
    make_tiltak(tittel="Natteravn")
    Sokeord.objects.create(ord="ingensteds")
    with signals.bulk_write(reindex=signals.AFRESH):
        pass
    assert not Sokeord.objects.filter(ord="ingensteds").exists()
    assert Sokeord.objects.filter(ord="natteravn").exists()


def test_a_bulk_write_that_fails_writes_nothing(reindexed):
    before = current()
    with pytest.raises(RuntimeError), signals.bulk_write():
        make_tiltak(tittel="Natteravn")
        raise RuntimeError("the database went away")
    assert not Tiltak.objects.exists()
    assert not Sokeindeks.objects.exists()
    assert current() == before
    assert reindexed == []


def test_history_copies_and_derived_rows_are_not_content():
    models = set(signals.content_models())
    assert Tiltak in models and TiltakAktor in models
    assert not models & {Sokeindeks, Sokeord, Tiltak.history.model}
