import pytest
from django.urls import reverse

from tests.factories import make_innsatsomrade, make_tiltak
from tiltak.models import Tiltak


@pytest.mark.django_db
def test_the_area_page_lists_only_its_published_tiltak(client):
    area = make_innsatsomrade()
    make_tiltak(tittel="Med", innsatsomrade=area)
    make_tiltak(tittel="Utkastet", innsatsomrade=area, status=Tiltak.Status.UTKAST)
    make_tiltak(tittel="Annet sted")
    response = client.get(reverse("innsatsomrade", args=[area.slug]))
    assert [t.tittel for t in response.context["page"]] == ["Med"]
    assert client.get("/innsatsomrader/finnes-ikke/").status_code == 404


@pytest.mark.django_db
def test_a_large_area_is_shown_a_page_at_a_time(client):
    area = make_innsatsomrade()
    for n in range(45):
        make_tiltak(tittel=f"Tiltak {n:02}", innsatsomrade=area)
    url = reverse("innsatsomrade", args=[area.slug])
    response = client.get(url, {"side": 3})
    assert len(response.context["page"]) == 5
    assert "45 tiltak, side 3 av 3" in response.text
    assert 'aria-label="Side 1"' in response.text
