"""Normalising and formatting contact values: phone numbers, e-mail and web addresses.

Used by the model's validation, the importer and the templates alike, so a number
is parsed and shown the same way everywhere. Errors are Norwegian sentences because
they end up on an editor's form field or in an import report.
"""

import re
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from phonenumbers import shortnumberinfo

REGION = "NO"
NORWAY = 47
NATIONAL_LENGTH = 8
MOBILE_PREFIXES = ("4", "9")

# National short numbers grouped as Norwegians write them.
SHORT_NUMBER_GROUPS = {6: (3, 3)}

BARE_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?$", re.I)


def clean_field(instance, field: str, normalizer: Callable[[str], str]) -> None:
    """Normalise one field of a model in place; an error belongs to that field."""
    value = getattr(instance, field)
    if not value:
        return
    try:
        setattr(instance, field, normalizer(value))
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def normalize_phone(raw: str, allow_short: bool = True) -> str:
    """Return E.164 for an ordinary number, or the digits of a valid short number.

    Short numbers (112, 02800, 116 111) are national services; where only an
    ordinary number makes sense the caller passes allow_short=False.
    """
    digits = re.sub(r"[\s.\-()]", "", raw)
    if not digits:
        raise ValidationError("Telefonnummeret er tomt.")
    try:
        number = phonenumbers.parse(digits, REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            f"«{raw}» er ikke et telefonnummer. Skriv det som 469 34 634."
        ) from error
    national = phonenumbers.national_significant_number(number)
    is_norwegian = number.country_code == NORWAY
    if phonenumbers.is_valid_number(number) and not (
        is_norwegian and len(national) < NATIONAL_LENGTH
    ):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # Short numbers (112, 02800, 116 111) have no E.164 form: keep the digits.
    if digits.isdigit() and (
        phonenumbers.is_valid_number(number)
        or shortnumberinfo.is_valid_short_number_for_region(number, REGION)
    ):
        if not allow_short:
            raise ValidationError(
                f"«{raw}» er et kortnummer. Kortnumre som 02800 og 116 111 kan bare "
                "registreres på statlige aktører. Skriv et vanlig nummer med åtte "
                "sifre."
            )
        return digits
    raise ValidationError(
        f"«{raw}» er ikke et gyldig norsk telefonnummer. Sjekk antall sifre."
    )


def is_short_number(value: str) -> bool:
    return not value.startswith("+")


def format_phone(value: str) -> str:
    """Show a stored number the Norwegian way: 469 34 634, 66 93 21 61, 116 111."""
    if is_short_number(value):
        groups = SHORT_NUMBER_GROUPS.get(len(value))
        if groups:
            return f"{value[: groups[0]]} {value[groups[0] :]}"
        return value
    number = phonenumbers.parse(value, REGION)
    national = phonenumbers.national_significant_number(number)
    if number.country_code == NORWAY and len(national) == NATIONAL_LENGTH:
        # Mobiles are written 469 34 634, landlines 66 93 21 61.
        if national.startswith(MOBILE_PREFIXES):
            return f"{national[:3]} {national[3:5]} {national[5:]}"
        return " ".join(national[i : i + 2] for i in range(0, NATIONAL_LENGTH, 2))
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )


def tel_uri(value: str) -> str:
    return f"tel:{value}"


def normalize_email(raw: str) -> str:
    value = raw.strip().lower()
    try:
        EmailValidator()(value)
    except ValidationError as error:
        raise ValidationError(
            f"«{raw}» er ikke en gyldig e-postadresse, for eksempel post@kommune.no."
        ) from error
    return value


def normalize_url(raw: str) -> str:
    """Give a bare domain https://, lowercase scheme and host, keep the path as is."""
    value = raw.strip()
    if BARE_DOMAIN.match(value):
        value = f"https://{value}"
    parts = urlsplit(value)
    value = urlunsplit(
        parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower())
    )
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise ValidationError(
            f"«{raw}» er ikke en gyldig nettadresse. Den skal begynne med https://."
        ) from error
    return value


def short_url(url: str) -> str:
    """A web address short enough to read: «lillestrom.kommune.no/…/hfu»."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        return host
    if len(segments) == 1:
        return f"{host}/{segments[0]}"
    return f"{host}/…/{segments[-1]}"
