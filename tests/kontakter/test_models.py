import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from kontakter.models import (
    Bekymringstema,
    Kommune,
    Kontaktkanal,
    Kontaktkort,
    Kortkanal,
    Temakanal,
)
from tests.factories import make_aktor, make_kanal

pytestmark = pytest.mark.django_db


def test_a_channel_normalises_its_value_when_validated():
    kanal = Kontaktkanal(aktor=make_aktor(), type="telefon", verdi="469 34 634")
    kanal.full_clean()
    assert kanal.verdi == "+4746934634"
    assert kanal.display_value() == "469 34 634"
    assert kanal.href() == "tel:+4746934634"


def test_a_bad_phone_number_is_an_error_on_the_value_field():
    kanal = Kontaktkanal(aktor=make_aktor(), type="telefon", verdi="12 34")
    with pytest.raises(ValidationError) as error:
        kanal.full_clean()
    assert "ikke et gyldig norsk telefonnummer" in error.value.message_dict["verdi"][0]


def test_a_phone_channel_needs_a_number():
    kanal = Kontaktkanal(aktor=make_aktor(), type="telefon", etikett="Vakttelefon")
    with pytest.raises(ValidationError, match="Telefon og e-post må ha en verdi"):
        kanal.full_clean()


def test_a_web_reference_without_address_is_kept_and_marked_for_completion():
    kanal = Kontaktkanal(aktor=make_aktor(), type="nett", etikett="Politiet.no")
    kanal.full_clean()
    assert kanal.lacks_link
    assert kanal.href() == ""
    assert str(kanal) == "Politiet.no"


def test_an_actor_cannot_have_the_same_value_twice():
    kanal = make_kanal()
    twin = Kontaktkanal(aktor=kanal.aktor, type="telefon", verdi="469 34 634")
    with pytest.raises(ValidationError, match="har allerede en kanal med denne"):
        twin.full_clean()


def test_channels_link_by_kind():
    aktor = make_aktor()
    assert (
        make_kanal(aktor=aktor, type="epost", verdi="a@b.no").href() == "mailto:a@b.no"
    )
    web = make_kanal(aktor=aktor, type="nett", verdi="https://politiet.no")
    assert web.href() == "https://politiet.no"
    social = make_kanal(
        aktor=aktor, type="sosiale_medier", verdi="x", etikett="Instagram"
    )
    assert social.href() == ""
    assert str(social) == "Instagram: x"


def test_an_actor_lists_its_aliases_one_per_line():
    aktor = make_aktor(aliaser="OUT\n\n Oppsøkende ungdomsteam \n")
    assert aktor.alias_list() == ["OUT", "Oppsøkende ungdomsteam"]


def test_saving_updates_the_updated_time_but_not_the_created_time():
    kanal = make_kanal()
    created, updated = kanal.opprettet, kanal.oppdatert
    kanal.etikett = "Vakttelefon"
    kanal.save(update_fields=["etikett"])
    kanal.refresh_from_db()
    assert kanal.opprettet == created
    assert kanal.oppdatert > updated


# --- «Er du bekymret?» ----------------------------------------------------------


def make_kort(**overrides) -> Kontaktkort:
    values = {"rolle": "SLT-koordinator", "kilde": "Kommunens nettside"}
    return Kontaktkort.objects.create(**values | overrides)


def test_a_card_shows_its_channels_in_the_editors_order():
    aktor = make_aktor()
    mobil = make_kanal(aktor=aktor, etikett="Mobil")
    epost = make_kanal(aktor=aktor, type="epost", verdi="koordinator@kommune.no")
    kort = make_kort(aktor=aktor)
    Kortkanal.objects.create(kort=kort, kanal=epost, rekkefolge=1)
    Kortkanal.objects.create(kort=kort, kanal=mobil, rekkefolge=0)
    assert kort.channels() == [mobil, epost]
    assert list(mobil.kontaktkort.all()) == [kort]


def test_a_card_cannot_show_the_same_channel_twice():
    kanal = make_kanal()
    kort = make_kort()
    Kortkanal.objects.create(kort=kort, kanal=kanal)
    with pytest.raises(ValidationError, match="allerede vist på kortet"):
        Kortkanal(kort=kort, kanal=kanal).validate_constraints()


def test_a_channel_on_a_card_cannot_be_deleted_from_under_it():
    kanal = make_kanal()
    Kortkanal.objects.create(kort=make_kort(), kanal=kanal)
    with pytest.raises(ProtectedError):
        kanal.delete()


def test_a_card_holds_no_copy_of_a_number():
    fields = {field.name for field in Kontaktkort._meta.get_fields()}
    assert not fields & {"telefon", "telefon_etikett", "apningstid", "epost"}


def test_a_concern_gives_each_audience_its_own_advice_and_first_calls():
    tema = Bekymringstema.objects.create(
        tittel="Rus",
        slug="rus",
        sporsmal="Er du bekymret for rus?",
        rad_foreldre="Snakk med ungdommen.",
        rad_fagfolk="Drøft med PHFS.",
    )
    hfu, politi = make_kanal(), make_kanal(verdi="+4790952580")
    Temakanal.objects.create(tema=tema, kanal=hfu, malgruppe="foreldre")
    link = Temakanal.objects.create(tema=tema, kanal=politi, malgruppe="fagfolk")
    assert tema.advice("foreldre") == "Snakk med ungdommen."
    assert tema.advice("fagfolk") == "Drøft med PHFS."
    assert [t.kanal for t in tema.first_calls("foreldre")] == [hfu]
    assert [t.kanal for t in tema.first_calls("fagfolk")] == [politi]
    assert str(link) == "Rus (fagfolk): 909 52 580"
    assert tema.get_absolute_url() == "/er-du-bekymret/rus/"


# --- Kommune ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "nummer, message",
    [
        ("320", "fire sifre"),
        ("32055", "fire sifre"),
        ("32a5", "fire sifre"),
        ("３２０５", "fire sifre"),
        ("9905", "99 er ikke et fylke"),
    ],
)
def test_a_kommunenummer_has_four_digits_and_a_county(nummer, message):
    with pytest.raises(ValidationError) as error:
        Kommune(navn="Lillestrøm", nummer=nummer, slug="lillestrom").full_clean()
    assert message in " ".join(error.value.messages)


@pytest.mark.django_db
def test_lillestrom_is_3205_and_the_installation_kommune():
    Kommune.objects.create(navn="Lillestrøm", nummer="3205", slug="lillestrom")
    Kommune(navn="Oslo", nummer="0301", slug="oslo").full_clean()
    assert Kommune.objects.installation().nummer == "3205"
