"""Phone numbers in running text become tel: links: «ring 909 52 580» → a tap.

`{{ text|telefonlenker }}` takes plain text (escaped here) or the safe HTML of a
filter like `plantekst` (only its text is touched, never tags or existing links).
Ordinary numbers are found by phonenumbers' matcher; it does not see short
numbers in text, so a narrow pattern adds the emergency numbers (110, 112, 113)
and the harmonised 116 numbers (116 111, 116 117), each checked against
phonenumbers' short-number data. The href is the stored form from
`kontakter.normalize`, the link text is the number as the text writes it.
"""

import html
import re
from collections.abc import Iterator

import phonenumbers
from django import template
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from phonenumbers import shortnumberinfo

from kontakter.normalize import REGION, normalize_phone, tel_uri

register = template.Library()

# A short-number candidate stands alone: not part of a longer number, a date
# (1.12.2026), a time (11:30), a range (110–120), an amount (110 000), a code
# (#112) or a word.
SHORT_CANDIDATE = re.compile(
    r"(?<![\w+#&§])(?<!§\s)(?<!\d[.,:/–-])"
    r"(?P<number>116[ \u00a0]?\d{3}|1\d{2}(?![ \u00a0]\d{3}(?!\d)))"
    r"(?![\w])(?![.,:/–-]\d)"
)
# «110 år», «112 kr», «113 %» are quantities, not numbers to call.
QUANTITY_AFTER = re.compile(r"[ \u00a0]*(?:-?år\w*|kr\b|kroner|%|prosent)", re.I)
HARMONISED_PREFIX = "116"

# Digits in an address are part of it: …/tiltak/47792507, 47792507@sms.no.
ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+", re.I)

# Tags of already safe HTML, and the <a> elements whose text must stay as it is.
TAG_OR_LINK = re.compile(r"(<a\b.*?</a\s*>|<[^>]*>)", re.I | re.S)


def _is_short_number(text: str, end: int, digits: str) -> bool:
    if QUANTITY_AFTER.match(text, end):
        return False
    if len(digits) == 3:
        return shortnumberinfo.is_emergency_number(digits, REGION)
    number = phonenumbers.parse(digits, REGION)
    return digits.startswith(
        HARMONISED_PREFIX
    ) and shortnumberinfo.is_valid_short_number_for_region(number, REGION)


def _ordinary_numbers(text: str, offset: int = 0) -> Iterator[tuple[int, int]]:
    position = 0
    for match in phonenumbers.PhoneNumberMatcher(text, REGION):
        start, raw = match.start, match.raw_string
        # The matcher keeps an opening parenthesis: «(909 52 580)» → «(909 52 580».
        if raw.startswith("(") and ")" not in raw:
            start, raw = start + 1, raw[1:]
        # A candidate spanning two numbers yields only one of them
        # («(909 52 580) 47792507»): look again in the text it skipped.
        yield from _ordinary_numbers(text[position:start], offset + position)
        yield offset + start, offset + start + len(raw)
        position = match.end
    if position:
        yield from _ordinary_numbers(text[position:], offset + position)


def _short_numbers(text: str) -> Iterator[tuple[int, int]]:
    for match in SHORT_CANDIDATE.finditer(text):
        digits = re.sub(r"\s", "", match["number"])
        if _is_short_number(text, match.end(), digits):
            yield match.start(), match.end()


def find_numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, href) of every phone number in plain text, in order."""
    found: list[tuple[int, int, str]] = []
    addresses = [match.span() for match in ADDRESS.finditer(text)]
    spans = sorted([*_ordinary_numbers(text), *_short_numbers(text)])
    for start, end in spans:
        if found and start < found[-1][1]:
            continue  # already inside a number found by the matcher
        if any(first <= start < last for first, last in addresses):
            continue
        try:
            href = tel_uri(normalize_phone(text[start:end]))
        except ValidationError:
            continue
        found.append((start, end, href))
    return found


def _link_text(text: str, autoescape: bool) -> str:
    escape = conditional_escape if autoescape else str
    parts, position = [], 0
    for start, end, href in find_numbers(text):
        parts.append(escape(text[position:start]))
        parts.append(f'<a href="{escape(href)}">{escape(text[start:end])}</a>')
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def _link_html(markup: str) -> str:
    parts = []
    for index, piece in enumerate(TAG_OR_LINK.split(markup)):
        # Odd pieces are tags or whole links; even pieces are escaped text.
        parts.append(piece if index % 2 else _link_text(html.unescape(piece), True))
    return "".join(parts)


@register.filter(needs_autoescape=True)
def telefonlenker(text, autoescape: bool = True) -> SafeString:
    if not text:
        return mark_safe("")
    if isinstance(text, SafeData):
        return mark_safe(_link_html(str(text)))
    return mark_safe(_link_text(str(text), autoescape))
