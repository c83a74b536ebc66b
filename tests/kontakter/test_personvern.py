"""No identity number of a child in any free text: the rule, every model, the admin."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from simple_history.models import HistoricalChanges

from kontakter import personvern
from kontakter.models import Kontaktkanal
from tests.admin_forms import form_data, inline_prefix
from tests.factories import make_aktor, make_fodselsnummer, make_kanal, make_tiltak

FNR = make_fodselsnummer()  # born 1855: valid control digits, no living person
D_NUMMER = make_fodselsnummer("520355")  # 40 added to the day
H_NUMMER = make_fodselsnummer("124355")  # 40 added to the month
FH_NUMMER = make_fodselsnummer("812345", individual=0)  # health, no date


def spaced(number: str, separator: str = " ") -> str:
    return number[:6] + separator + number[6:]


def wrong_control_digit(number: str) -> str:
    return number[:10] + str((int(number[10]) + 1) % 10)


@pytest.mark.parametrize(
    "text",
    [
        FNR,
        spaced(FNR),
        spaced(FNR, "-"),
        spaced(FNR, "."),
        f"Ola Nordmann (f. 12.03.1855, fnr {spaced(FNR)}) går på skolen.",
        D_NUMMER,
        f"D-nr. {spaced(D_NUMMER, '-')}",
        H_NUMMER,
        FH_NUMMER,
        f"Første linje.\n\nAndre linje med {FNR}.",
    ],
)
def test_it_refuses_an_identity_number_in_any_common_form(text):
    assert personvern.has_identity_number(text)
    with pytest.raises(ValidationError) as refused:
        personvern.validate_no_identity_number(text)
    assert refused.value.messages == [personvern.MESSAGE]


@pytest.mark.parametrize(
    "text",
    [
        wrong_control_digit(FNR),
        spaced(wrong_control_digit(D_NUMMER)),
        "12345678901",
        "Ring 469 34 634 eller 66 93 21 61, vakt +4746934634.",
        "Org.nr. 974 700 000 og 974700000",
        "Født 12.03.2011, møte 12032011 kl. 12.00–14.30",
        "Tilskudd på kr 1 200 000 og 12 000,50 kr i 2023–2024",
        "Kontonummer 1234.56.78903",
        # Eleven valid digits inside a longer number are not a fødselsnummer.
        "Saksnummer 9" + FNR + "7",
        "",
    ],
)
def test_it_accepts_numbers_that_are_no_identity_number(text):
    assert not personvern.has_identity_number(text)
    personvern.validate_no_identity_number(text)


def test_the_sentence_says_why_in_norwegian():
    assert "fødselsnummer eller D-nummer" in personvern.MESSAGE
    assert "enkelt barn, en ungdom eller en familie" in personvern.MESSAGE


def test_masking_hides_each_number_and_keeps_the_rest():
    text = f"Ola ({spaced(FNR)}) og Kari ({D_NUMMER}), ring 469 34 634"
    masked = personvern.mask(text)
    assert FNR[6:] not in masked and D_NUMMER[6:] not in masked
    assert masked == (
        f"Ola ({personvern.MASK}) og Kari ({personvern.MASK}), ring 469 34 634"
    )


# --- Every free-text field of every model ----------------------------------------


def free_text_fields() -> list[tuple[type, str]]:
    """Every editable CharField and TextField of every model of kontakter and
    tiltak, found by introspection: a new field or model is covered at once."""
    found = []
    for label in ("kontakter", "tiltak"):
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges):
                continue
            for field in model._meta.concrete_fields:
                kind = field.get_internal_type()
                text = kind in ("CharField", "TextField", "SlugField")
                if text and field.editable and not field.choices:
                    found.append((model, field.name))
    return found


FIELDS = free_text_fields()


def test_the_introspection_finds_the_fields_of_the_red_team_report():
    names = {f"{model.__name__}.{name}" for model, name in FIELDS}
    assert {
        "Tiltak.beskrivelse",
        "Tiltak.intern_merknad",
        "Tiltak.kontakt_tekst",
        "Kontaktkanal.etikett",
        "Kontaktkanal.verdi",
        "Kontaktkort.beskrivelse",
        "Bekymringstema.rad_foreldre",
        "Synonym.betyr",
        "TiltakKanal.merknad",
        "Temakanal.merknad",
    } <= names


def errors_on(model, name: str, value: str) -> list[str]:
    instance = model(**{name: value})
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict.get(name, [])
    return []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "name"), FIELDS, ids=[f"{m.__name__}.{n}" for m, n in FIELDS]
)
def test_every_free_text_field_refuses_an_identity_number(model, name):
    max_length = model._meta.get_field(name).max_length or 10_000
    sentence = f"Ola Nordmann (f. 12.03.1855, fnr {spaced(FNR)})"
    value = sentence if len(sentence) <= max_length else FNR
    assert personvern.MESSAGE in errors_on(model, name, value)
    assert personvern.MESSAGE in errors_on(model, name, D_NUMMER)
    assert personvern.MESSAGE not in errors_on(model, name, "46934634")


@pytest.mark.django_db
def test_a_valid_record_is_refused_only_for_the_field_that_holds_it():
    tiltak = make_tiltak()
    tiltak.intern_merknad = f"Gjelder eleven med fnr {spaced(FNR)}."
    with pytest.raises(ValidationError) as refused:
        tiltak.full_clean()
    assert refused.value.message_dict == {"intern_merknad": [personvern.MESSAGE]}


@pytest.mark.django_db
def test_a_field_left_out_of_the_check_is_not_refused():
    tiltak = make_tiltak()
    tiltak.intern_merknad = FNR
    tiltak.full_clean(exclude=["intern_merknad"])


# --- The admin -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_shows_the_sentence_on_the_field_and_keeps_the_text(admin_client):
    tiltak = make_tiltak(aktorer=[make_aktor()])
    url = reverse("admin:tiltak_tiltak_change", args=[tiltak.pk])
    text = f"Ola Nordmann (f. 12.03.1855, fnr {spaced(FNR)}) trenger hjelp."
    response = admin_client.post(
        url, form_data(admin_client.get(url), beskrivelse=text)
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["beskrivelse"] == [personvern.MESSAGE]
    assert text in response.text
    assert personvern.MESSAGE in response.text
    tiltak.refresh_from_db()
    assert FNR[6:] not in tiltak.beskrivelse


@pytest.mark.django_db
def test_an_inline_row_refuses_it_too(admin_client):
    aktor = make_aktor()
    kanal = make_kanal(aktor=aktor, etikett="Vakttelefon")
    url = reverse("admin:kontakter_aktor_change", args=[aktor.pk])
    page = admin_client.get(url)
    key = f"{inline_prefix(page, kanal)}-etikett"
    data = form_data(page, **{key: f"Kari, D-nr. {D_NUMMER}"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert personvern.MESSAGE in response.text
    assert f"Kari, D-nr. {D_NUMMER}" in response.text
    assert Kontaktkanal.objects.get(pk=kanal.pk).etikett == "Vakttelefon"
