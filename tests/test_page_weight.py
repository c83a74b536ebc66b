"""What a phone has to fetch: the list needs no JavaScript, and every stylesheet
the pages link weighs at most 30 KB gzipped together."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

MAX_CSS_GZIPPED = 30 * 1024
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


def gzipped_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=9))


@pytest.mark.django_db
def test_the_stylesheets_weigh_at_most_30_kb_gzipped(client, seeded):
    html = client.get("/tiltak/").text
    total = 0
    for href in STYLESHEET.findall(html):
        if href.startswith("/static/"):
            path = finders.find(href.removeprefix("/static/"))
            assert path, href
            with open(path, "rb") as file:
                total += gzipped_size(file.read())
        else:
            total += gzipped_size(client.get(href).content)
    assert len(STYLESHEET.findall(html)) >= 3
    assert total <= MAX_CSS_GZIPPED, total


@pytest.mark.django_db
def test_the_list_needs_no_javascript(client, seeded):
    html = client.get("/tiltak/?q=rus").text
    assert "<script" not in html
