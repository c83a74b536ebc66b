"""Two editors, one record: the second of two conflicting saves is refused with
the same message, the editor's text stays in the form, and the first save
stands. Every admin of kontakter, its inlines and its editable columns."""

import pytest
from django.urls import reverse

from kontakter.models import (
    Aktor,
    Bekymringstema,
    Kontaktkanal,
    Kontaktkort,
    Kortkanal,
    Nodnummer,
    Temakanal,
)
from tests.admin_forms import changelist_data, form_data, inline_prefix, two_editors
from tests.factories import make_aktor, make_kanal

pytestmark = pytest.mark.django_db

REFUSED = "Endringene dine er ikke lagret, og ingenting er overskrevet."


@pytest.fixture
def editors(django_user_model):
    return two_editors(django_user_model)


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def assert_refused(response, verbose_name: str) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert "Noen andre lagret denne posten kl." in html
    assert REFUSED in html
    return html


def row_form(response, obj):
    prefix = inline_prefix(response, obj)
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            if form.prefix == prefix:
                return form
    raise LookupError(prefix)


# --- The channel in its actor's inline ------------------------------------------


def test_a_channel_edited_in_its_actors_inline_cannot_undo_a_save_on_its_page(
    editors,
):
    kari, ola = editors
    kanal = make_kanal(verdi="+4746934634", etikett="Vakttelefon")
    aktor_page = kari.get(change_url(kanal.aktor))
    kanal_page = ola.get(change_url(kanal))

    saved = ola.post(change_url(kanal), form_data(kanal_page, verdi="469 34 635"))
    assert saved.status_code == 302
    row = inline_prefix(aktor_page, kanal)
    # The row's version is in the page, as a browser sends it back.
    assert f'name="{row}-base_version"' in aktor_page.content.decode()
    refused = kari.post(
        change_url(kanal.aktor),
        form_data(aktor_page, **{f"{row}-etikett": "Vakttelefonen (OUT)"}),
    )

    assert_refused(refused, "kontaktkanal")
    # The message stands on the row, and the row keeps what Kari typed.
    form = row_form(refused, kanal)
    assert "Noen andre lagret denne posten" in str(form.non_field_errors())
    assert form["etikett"].value() == "Vakttelefonen (OUT)"
    kanal.refresh_from_db()
    assert (kanal.verdi, kanal.etikett) == ("+4746934635", "Vakttelefon")


def test_a_row_left_as_it_was_shown_does_not_put_the_old_number_back(editors):
    kari, ola = editors
    kanal = make_kanal(verdi="+4746934634", etikett="Vakttelefon")
    aktor_page = kari.get(change_url(kanal.aktor))
    kanal_page = ola.get(change_url(kanal))
    ola.post(change_url(kanal), form_data(kanal_page, verdi="469 34 635"))

    # Kari changes only the actor; the row still holds the number she saw.
    refused = kari.post(change_url(kanal.aktor), form_data(aktor_page, kortnavn="OUT"))

    assert_refused(refused, "kontaktkanal")
    kanal.refresh_from_db()
    assert kanal.verdi == "+4746934635"
    assert Aktor.objects.get(pk=kanal.aktor_id).kortnavn != "OUT"


def test_a_channel_deleted_meanwhile_is_not_made_again_from_the_inline(editors):
    kari, ola = editors
    kanal = make_kanal(verdi="+4746934634", etikett="Vakttelefon")
    aktor = kanal.aktor
    aktor_page = kari.get(change_url(aktor))
    row = inline_prefix(aktor_page, kanal)
    kanal.delete()

    refused = kari.post(
        change_url(aktor), form_data(aktor_page, **{f"{row}-etikett": "Vakt"})
    )

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Noen andre slettet denne posten" in html
    assert REFUSED in html
    assert not Kontaktkanal.objects.filter(aktor=aktor).exists()


def test_deleting_a_row_someone_changed_meanwhile_is_refused(editors):
    kari, ola = editors
    kanal = make_kanal(verdi="+4746934634", etikett="Vakttelefon")
    aktor_page = kari.get(change_url(kanal.aktor))
    kanal_page = ola.get(change_url(kanal))
    ola.post(change_url(kanal), form_data(kanal_page, etikett="Vakt"))

    row = inline_prefix(aktor_page, kanal)
    refused = kari.post(
        change_url(kanal.aktor), form_data(aktor_page, **{f"{row}-DELETE": "on"})
    )

    assert_refused(refused, "kontaktkanal")
    kanal.refresh_from_db()
    assert kanal.etikett == "Vakt"


def test_a_channel_saved_in_the_inline_refuses_its_own_page_opened_before(editors):
    kari, ola = editors
    kanal = make_kanal(verdi="+4746934634", etikett="Vakttelefon")
    kanal_page = kari.get(change_url(kanal))
    aktor_page = ola.get(change_url(kanal.aktor))
    row = inline_prefix(aktor_page, kanal)
    saved = ola.post(
        change_url(kanal.aktor), form_data(aktor_page, **{f"{row}-etikett": "Vakt"})
    )
    assert saved.status_code == 302

    refused = kari.post(change_url(kanal), form_data(kanal_page, apningstid="døgnet"))

    assert_refused(refused, "kontaktkanal")
    assert "døgnet" in refused.content.decode()
    kanal.refresh_from_db()
    assert (kanal.etikett, kanal.apningstid) == ("Vakt", "")


# --- Kontaktkort and its channels -----------------------------------------------


@pytest.fixture
def kort() -> Kontaktkort:
    kort = Kontaktkort.objects.create(
        rolle="SLT-koordinator", kilde="Kommunens nettside", beskrivelse="Ring oss."
    )
    Kortkanal.objects.create(kort=kort, kanal=make_kanal(), rekkefolge=1)
    return kort


def test_a_contact_card_refuses_the_second_of_two_saves(editors, kort):
    kari, ola = editors
    first, second = kari.get(change_url(kort)), ola.get(change_url(kort))
    ola.post(change_url(kort), form_data(second, beskrivelse="Fra Ola."))

    refused = kari.post(change_url(kort), form_data(first, beskrivelse="Fra Kari."))

    assert "Fra Kari." in assert_refused(refused, "kontaktkort")
    kort.refresh_from_db()
    assert kort.beskrivelse == "Fra Ola."


def test_a_contact_cards_channel_list_refuses_the_second_of_two_saves(editors, kort):
    kari, ola = editors
    link = kort.kortkanal_set.get()
    first, second = kari.get(change_url(kort)), ola.get(change_url(kort))
    row = inline_prefix(first, link)
    saved = ola.post(change_url(kort), form_data(second, **{f"{row}-rekkefolge": 5}))
    assert saved.status_code == 302

    refused = kari.post(change_url(kort), form_data(first, **{f"{row}-rekkefolge": 7}))

    assert_refused(refused, "kontaktkort")
    assert row_form(refused, link)["rekkefolge"].value() == "7"
    link.refresh_from_db()
    assert link.rekkefolge == 5


# --- Nødnumre, on their pages and in the list -----------------------------------


@pytest.fixture
def nodnummer() -> Nodnummer:
    return Nodnummer.objects.create(nummer="116111", navn="Alarmtelefonen", nar="Nå")


def test_an_emergency_number_refuses_the_second_of_two_saves(editors, nodnummer):
    kari, ola = editors
    first, second = kari.get(change_url(nodnummer)), ola.get(change_url(nodnummer))
    ola.post(change_url(nodnummer), form_data(second, nar="Hele døgnet"))

    refused = kari.post(change_url(nodnummer), form_data(first, nar="Når du trenger"))

    assert "Når du trenger" in assert_refused(refused, "nødnummer")
    nodnummer.refresh_from_db()
    assert nodnummer.nar == "Hele døgnet"


def test_the_list_of_emergency_numbers_refuses_an_order_saved_over_another(
    editors, nodnummer
):
    kari, ola = editors
    url = reverse("admin:kontakter_nodnummer_changelist")
    first, second = kari.get(url), ola.get(url)
    assert 'name="form-0-base_version"' in first.content.decode()
    saved = ola.post(url, changelist_data(second, {nodnummer.pk: {"rekkefolge": 3}}))
    assert saved.status_code == 302

    refused = kari.post(url, changelist_data(first, {nodnummer.pk: {"rekkefolge": 9}}))

    assert_refused(refused, "nødnummer")
    (form,) = refused.context["cl"].formset.forms
    assert form["rekkefolge"].value() == "9"
    nodnummer.refresh_from_db()
    assert nodnummer.rekkefolge == 3


def test_the_list_saves_rows_nobody_else_changed(editors, nodnummer):
    kari, ola = editors
    other = Nodnummer.objects.create(nummer="112", navn="Politi", nar="Nå")
    url = reverse("admin:kontakter_nodnummer_changelist")
    page = kari.get(url)
    other.navn = "Politiet"
    other.save()  # someone else saved another row: it is not Kari's change

    response = kari.post(url, changelist_data(page, {nodnummer.pk: {"rekkefolge": 4}}))

    assert response.status_code == 302
    nodnummer.refresh_from_db()
    assert nodnummer.rekkefolge == 4


# --- Bekymringstema and the channels to call first ------------------------------


@pytest.fixture
def tema() -> Bekymringstema:
    tema = Bekymringstema.objects.create(
        tittel="Rus", slug="rus", sporsmal="Er du bekymret for rus?"
    )
    Temakanal.objects.create(
        tema=tema, kanal=make_kanal(aktor=make_aktor()), malgruppe="foreldre"
    )
    return tema


def test_a_concern_refuses_the_second_of_two_saves(editors, tema):
    kari, ola = editors
    first, second = kari.get(change_url(tema)), ola.get(change_url(tema))
    ola.post(change_url(tema), form_data(second, rad_foreldre="Fra Ola."))

    refused = kari.post(change_url(tema), form_data(first, rad_foreldre="Fra Kari."))

    assert "Fra Kari." in assert_refused(refused, "bekymringstema")
    tema.refresh_from_db()
    assert tema.rad_foreldre == "Fra Ola."


def test_a_concerns_channel_note_refuses_the_second_of_two_saves(editors, tema):
    kari, ola = editors
    link = tema.temakanal_set.get()
    first, second = kari.get(change_url(tema)), ola.get(change_url(tema))
    row = inline_prefix(first, link)
    ola.post(change_url(tema), form_data(second, **{f"{row}-merknad": "Fra Ola."}))

    refused = kari.post(
        change_url(tema), form_data(first, **{f"{row}-merknad": "Fra Kari."})
    )

    assert_refused(refused, "bekymringstema")
    assert row_form(refused, link)["merknad"].value() == "Fra Kari."
    link.refresh_from_db()
    assert link.merknad == "Fra Ola."


def test_saving_a_page_unchanged_makes_no_new_version(editors, tema):
    kari, _ = editors
    response = kari.post(change_url(tema), form_data(kari.get(change_url(tema))))
    assert response.status_code == 302
    assert Bekymringstema.objects.get(pk=tema.pk).versjon == tema.versjon
