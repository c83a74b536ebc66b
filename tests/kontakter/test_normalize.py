import pytest
from django.core.exceptions import ValidationError

from kontakter.normalize import (
    format_phone,
    normalize_email,
    normalize_phone,
    normalize_url,
    short_url,
    tel_uri,
)


@pytest.mark.parametrize(
    ("raw", "stored", "shown"),
    [
        ("469 34 634", "+4746934634", "469 34 634"),
        ("66 93 21 61", "+4766932161", "66 93 21 61"),
        ("47792507", "+4747792507", "477 92 507"),
        ("+47 908 21 722", "+4790821722", "908 21 722"),
        ("0047 21 50 71 09", "+4721507109", "21 50 71 09"),
        ("112", "112", "112"),
        ("02800", "02800", "02800"),
        ("116 111", "116111", "116 111"),
        ("+46 8 123 456 78", "+46812345678", "+46 8 123 456 78"),
    ],
)
def test_it_stores_phone_numbers_in_e164_and_shows_them_the_norwegian_way(
    raw, stored, shown
):
    assert normalize_phone(raw) == stored
    assert format_phone(stored) == shown


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("123", "ikke et gyldig norsk telefonnummer"),
        ("4693463", "ikke et gyldig norsk telefonnummer"),
        ("ring oss", "er ikke et telefonnummer"),
        ("   ", "Telefonnummeret er tomt"),
    ],
)
def test_it_refuses_what_is_not_a_phone_number_with_a_norwegian_sentence(raw, message):
    with pytest.raises(ValidationError, match=message):
        normalize_phone(raw)


def test_it_links_phone_numbers_for_one_tap_calling():
    assert tel_uri("+4746934634") == "tel:+4746934634"
    assert tel_uri("112") == "tel:112"


def test_it_lowercases_email_and_refuses_malformed_ones():
    assert normalize_email(" Ung@Lillestrom.kommune.no ") == "ung@lillestrom.kommune.no"
    with pytest.raises(ValidationError, match="ikke en gyldig e-postadresse"):
        normalize_email("ung@")


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("konfliktraadet.no", "https://konfliktraadet.no"),
        ("Politiet.no/rad", "https://politiet.no/rad"),
        ("www.imdi.no", "https://www.imdi.no"),
        ("HTTPS://Viken.NO/Skoler/", "https://viken.no/Skoler/"),
    ],
)
def test_it_gives_urls_a_scheme_and_keeps_their_path(raw, url):
    assert normalize_url(raw) == url


@pytest.mark.parametrize(
    "raw", ["Vold og overgrep – Politiet.no", "ftp://x.no", "http://"]
)
def test_it_refuses_what_is_not_a_web_address(raw):
    with pytest.raises(ValidationError, match="ikke en gyldig nettadresse"):
        normalize_url(raw)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://konfliktraadet.no", "konfliktraadet.no"),
        ("https://politiet.no/rad", "politiet.no/rad"),
        (
            "https://www.lillestrom.kommune.no/helse-og-omsorg/oppsokende-ungdomsteam/",
            "lillestrom.kommune.no/…/oppsokende-ungdomsteam",
        ),
    ],
)
def test_it_shortens_long_web_addresses_for_reading(url, shown):
    assert short_url(url) == shown
