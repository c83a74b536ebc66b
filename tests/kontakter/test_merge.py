"""Near-duplicate actors: found by their names, listed by the quality report."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from kontakter.merge import similar_actors
from kontakter.models import Aktor
from tests.accounts import reads_tiltak
from tests.factories import make_aktor

pytestmark = pytest.mark.django_db


def pairs(actors) -> set[frozenset[str]]:
    return {frozenset((a.navn, b.navn)) for a, b in similar_actors(actors)}


def test_a_name_that_begins_with_another_whole_name_is_a_near_duplicate(seeded):
    found = pairs(Aktor.objects.all())
    assert (
        frozenset(
            (
                "Helsestasjon for ungdom (HFU)",
                "Helsestasjon for ungdom (HFU) Lillestrøm",
            )
        )
        in found
    )
    assert frozenset(("Politiet", "Politikontakt")) in found


def test_names_that_only_share_a_word_or_a_short_start_are_not(db):
    actors = [
        make_aktor(navn="Kommunalområdet kultur", kortnavn="Kultur", aliaser=""),
        make_aktor(
            navn="Avdeling Barn og unge, kultur", kortnavn="Barn og unge", aliaser=""
        ),
        make_aktor(navn="Barneverntjenesten", kortnavn="Barnevernet", aliaser=""),
        make_aktor(navn="Oppvekst", kortnavn="", aliaser=""),
        make_aktor(navn="Oppsøkende ungdomsteam (OUT)", kortnavn="OUT", aliaser=""),
    ]
    assert pairs(actors) == set()


def test_the_quality_report_lists_near_duplicate_actors(client, seeded):
    staff = reads_tiltak(User.objects.create_user("ansatt", is_staff=True))
    client.force_login(staff)
    page = client.get(reverse("intern:kvalitet")).content.decode()
    section = page.split('id="like-aktorer"')[1].split("</section>")[0]
    assert "Politiet</a> og <a" in section and "Politikontakt</a>" in section
    assert "Slå sammen to aktører" in section
    # The report names what the coordinator can do, never a command to run.
    assert "manage.py" not in page and "make " not in page
