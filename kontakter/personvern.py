"""No personal data about a child: text that holds a Norwegian identity number is
refused wherever it is written.

An identity number is found as eleven digits, written whole («12031112345») or
with a space, dot or hyphen between the date and the personal number («120311
12345», «120311-12345»), whose control digits are right (python-stdnum's
`stdnum.no.fodselsnummer`). That covers the fødselsnummer, the D-nummer (40 added
to the day) and the H-nummer (40 added to the month), which stdnum reads too, and
the FH-nummer (first digit 8 or 9, no date), whose control digits are the same.
Eleven random digits rarely pass (org numbers have 9 digits, phone numbers 8), so
those are not refused.

Every model an editor or the importer writes checks its free-text fields in
clean_fields (kontakter.versioning.Timestamped, and NoIdentityNumbers for the rest),
so the admin, the importer and any later form share the rule.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from stdnum.no import fodselsnummer

# The sentence of every help text where an editor writes free text.
NO_PERSONAL_DATA = (
    "Skriv aldri opplysninger om et enkelt barn, en ungdom eller en familie her."
)
MESSAGE = (
    "Teksten ser ut til å inneholde et fødselsnummer eller D-nummer. "
    + NO_PERSONAL_DATA
)
CODE = "identity_number"

CANDIDATE = re.compile(r"(?<![\d])(\d{6})[ .\-\u00a0]?(\d{5})(?![\d])")
MASK = "•" * 11


def _is_identity_number(number: str) -> bool:
    if fodselsnummer.is_valid(number):
        return True
    # FH-nummer (helse): no date, the fødselsnummer's control digits.
    return (
        number[0] in "89"
        and number[9] == fodselsnummer.calc_check_digit1(number)
        and number[10] == fodselsnummer.calc_check_digit2(number)
    )


def identity_numbers(text: str) -> list[re.Match]:
    """The identity numbers written in the text, as matches of CANDIDATE."""
    return [
        match
        for match in CANDIDATE.finditer(text)
        if _is_identity_number(match[1] + match[2])
    ]


def has_identity_number(text: str) -> bool:
    return bool(identity_numbers(text))


def mask(text: str) -> str:
    """The text with each identity number blanked out, to be shown or logged."""
    for match in reversed(identity_numbers(text)):
        text = text[: match.start()] + MASK + text[match.end() :]
    return text


def validate_no_identity_number(value: str) -> None:
    if isinstance(value, str) and has_identity_number(value):
        raise ValidationError(MESSAGE, code=CODE)


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields an editor or the importer writes free text into: every editable
    CharField and TextField (slugs too) that is not a fixed choice."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
    ]


def clean_fields(instance: models.Model, exclude, clean) -> None:
    """Run the model's own clean_fields (`clean`), then refuse each free-text
    field that holds an identity number, with all errors in one ValidationError.

    A field already refused for this reason (by a base class that checks too) is
    not refused twice.
    """
    errors: dict[str, list[ValidationError]] = {}
    try:
        clean(exclude)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field in text_fields(type(instance)):
        if exclude and field.name in exclude:
            continue
        if any(getattr(e, "code", None) == CODE for e in errors.get(field.name, [])):
            continue
        try:
            validate_no_identity_number(getattr(instance, field.attname))
        except ValidationError as error:
            errors.setdefault(field.name, []).append(error)
    if errors:
        raise ValidationError(errors)


class NoIdentityNumbers:
    """Model mixin for models that are not Timestamped (links with a note): their
    free-text fields refuse an identity number like every other model's."""

    def clean_fields(self, exclude=None) -> None:
        clean_fields(self, exclude, super().clean_fields)
