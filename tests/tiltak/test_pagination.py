"""Page links stay few however long the list: the ends and the pages around."""

import pytest

from tests.factories import make_innsatsomrade, make_tiltak
from tiltak.views import PAGE_SIZE


@pytest.mark.django_db
def test_a_long_list_links_the_ends_and_the_pages_around_this_one(client):
    area = make_innsatsomrade()
    for n in range(PAGE_SIZE * 12):
        make_tiltak(innsatsomrade=area, slug=f"t-{n}")
    html = client.get("/tiltak/", {"side": 6}).text
    shown = [n for n in range(1, 13) if f'aria-label="Side {n}"' in html]
    assert shown == [1, 4, 5, 6, 7, 8, 12]
    assert html.count('aria-hidden="true">…</li>') == 2
    assert 'aria-current="page" aria-label="Side 6"' in html
