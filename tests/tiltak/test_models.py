import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import make_tiltak
from tiltak.models import Tiltak

pytestmark = pytest.mark.django_db


def test_published_hides_drafts_and_archived_tiltak():
    shown = make_tiltak(status=Tiltak.Status.PUBLISERT)
    make_tiltak(status=Tiltak.Status.UTKAST)
    make_tiltak(status=Tiltak.Status.ARKIVERT)
    assert list(Tiltak.objects.published()) == [shown]


@pytest.mark.parametrize(
    ("alder_fra", "alder_til", "field", "message"),
    [
        (18, 10, "alder_til", "må være lik eller høyere"),
        (None, 130, "alder_til", "mellom 0 og 120"),
        (121, None, "alder_fra", "mellom 0 og 120"),
    ],
)
def test_an_impossible_age_range_is_a_sentence_on_the_field(
    alder_fra, alder_til, field, message
):
    tiltak = make_tiltak()
    tiltak.alder_fra, tiltak.alder_til = alder_fra, alder_til
    with pytest.raises(ValidationError) as error:
        tiltak.full_clean()
    assert message in error.value.message_dict[field][0]


@pytest.mark.parametrize(
    ("alder_fra", "alder_til", "shown"),
    [(13, 24, "13–24 år"), (18, None, "fra 18 år"), (None, 23, "til og med 23 år")],
)
def test_it_describes_its_age_group(alder_fra, alder_til, shown):
    assert make_tiltak(alder_fra=alder_fra, alder_til=alder_til).age_range == shown


def test_the_database_refuses_an_age_range_in_the_wrong_order():
    tiltak = make_tiltak()
    with pytest.raises(IntegrityError), transaction.atomic():
        Tiltak.objects.filter(pk=tiltak.pk).update(alder_fra=20, alder_til=10)
