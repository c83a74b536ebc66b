import re

import pytest
from django.db.models.functions import Length

from tiltak.models import Tiltak

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_longest_tiltak_prints_on_one_page_with_its_contacts(site, page):
    longest = (
        Tiltak.objects.published()
        .annotate(length=Length("beskrivelse"))
        .order_by("-length")
        .first()
    )
    page.goto(f"{site}/tiltak/{longest.slug}/")
    page.emulate_media(media="print")
    assert page.locator(".kontakt").is_visible()
    assert not page.locator(".topp nav").is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
