import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from kontakter.templatetags.telefon import telefonlenker
from tiltak.templatetags.plantekst import plantekst


def render(source: str, **context) -> str:
    return Template("{% load telefon %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("text", "href", "shown"),
    [
        ("Ring drøftingstelefonen 909 52 580 i dag.", "tel:+4790952580", "909 52 580"),
        ("Mobil 47792507.", "tel:+4747792507", "47792507"),
        ("Ring +47 477 92 507.", "tel:+4747792507", "+47 477 92 507"),
        ("Telefon: 66 93 21 61", "tel:+4766932161", "66 93 21 61"),
        ("Ring politiet på 02800.", "tel:02800", "02800"),
        ("Er noen i fare, ring 112.", "tel:112", "112"),
        ("Medisinsk nødhjelp: 113", "tel:113", "113"),
        ("Brann: 110!", "tel:110", "110"),
        ("Alarmtelefonen for barn og unge, 116 111,", "tel:116111", "116 111"),
        ("Legevakt 116117", "tel:116117", "116117"),
    ],
)
def test_it_links_a_phone_number_as_the_text_writes_it(text, href, shown):
    assert f'<a href="{href}">{shown}</a>' in telefonlenker(text)


@pytest.mark.parametrize(
    "text",
    [
        "Handlingsplanen for skoleåret 2023–2024 (2023-2024).",
        "For ungdom 10-18 år, og 15-åringer.",
        "Åpent hverdager 08:00–15:00 og 18:00–04:00, mandag 12.00–14.30.",
        "Adresse: Postboks 313, 2001 Lillestrøm.",
        "Organisasjonsnummer 944 117 784 og 944117784.",
        "Sist oppdatert 1. desember 2026, eller 01.12.2026.",
        "Tiltaket fikk 110 000 kroner; 112 år gammel bygning; 113 %.",
        "Møte 11:30, rom 112-114, kode #112, tlf1120.",
        "Kontonummer 1234.56.78903 og 20 000 kr.",
        "Straffeloven § 112 og §113, saksnummer 2023/112.",
        "Se https://www.lillestrom.kommune.no/tiltak/47792507 eller 47792507@sms.no.",
    ],
)
def test_it_leaves_numbers_that_are_not_phone_numbers(text):
    assert "<a " not in telefonlenker(text)


def test_it_finds_every_number_in_a_list():
    html = telefonlenker("(909 52 580) 47792507, eller 02800 eller 112 (nød)")
    assert html.count("<a ") == 4
    assert html.startswith('(<a href="tel:+4790952580">909 52 580</a>) ')


def test_it_escapes_the_text_around_the_numbers():
    html = render("{{ text|telefonlenker }}", text="<b>Ring</b> 112 & «spør»")
    assert html == '&lt;b&gt;Ring&lt;/b&gt; <a href="tel:112">112</a> &amp; «spør»'


def test_it_respects_autoescape_off():
    html = render(
        "{% autoescape off %}{{ text|telefonlenker }}{% endautoescape %}",
        text="<em>Ring</em> 112",
    )
    assert html == '<em>Ring</em> <a href="tel:112">112</a>'


def test_it_links_only_the_text_of_safe_html():
    html = telefonlenker(plantekst("Ring 909 52 580 <x>\n\n• 112 eller 113"))
    assert html == (
        '<p>Ring <a href="tel:+4790952580">909 52 580</a> &lt;x&gt;</p>\n'
        '<ul><li><a href="tel:112">112</a> eller <a href="tel:113">113</a></li></ul>'
    )


def test_it_leaves_tags_and_existing_links_of_safe_html_alone():
    markup = mark_safe(
        '<a href="tel:112" data-n="909 52 580">112</a> <span title="116 111">x</span>'
    )
    assert telefonlenker(markup) == markup


def test_empty_text_gives_nothing():
    assert telefonlenker("") == ""
    assert telefonlenker(None) == ""
