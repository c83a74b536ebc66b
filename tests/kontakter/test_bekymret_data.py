import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from kontakter.bekymret import load_bekymret, read_bekymret
from kontakter.models import Bekymringstema, Kontaktkort, Nodnummer


@pytest.mark.django_db
def test_loading_twice_creates_nothing_new_and_keeps_edits():
    data = read_bekymret(settings.BEKYMRET_FILE)
    load_bekymret(data)
    Nodnummer.objects.filter(nummer="112").update(navn="Politi (endret)")
    counts = load_bekymret(data)
    assert Nodnummer.objects.count() == 6
    assert Kontaktkort.objects.count() == 2
    assert Bekymringstema.objects.count() == 5
    assert Nodnummer.objects.get(nummer="112").navn == "Politi (endret)"
    assert all(outcome == "uendret" for (_, outcome) in counts)


@pytest.mark.django_db
def test_numbers_are_stored_normalised_and_shown_the_norwegian_way():
    load_bekymret(read_bekymret(settings.BEKYMRET_FILE))
    kort = Kontaktkort.objects.get(rolle="Politikontakt")
    assert kort.telefon == "+4790952580"
    assert kort.display_value() == "909 52 580"
    assert (
        str(Nodnummer.objects.get(nummer="116111"))
        == "116 111 Alarmtelefonen for barn og unge"
    )


@pytest.mark.django_db
def test_a_bad_number_in_the_source_is_refused_with_a_norwegian_message():
    data = {"nodnummer": [{"nummer": "12", "navn": "Feil", "nar": "Aldri"}]}
    with pytest.raises(ValidationError, match="telefonnummer"):
        load_bekymret(data)
