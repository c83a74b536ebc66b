import pytest
from django.urls import reverse

from tests.factories import make_innsatsomrade, make_tiltak
from tiltak.models import Tiltak


@pytest.mark.django_db
def test_the_home_page_counts_published_tiltak_per_area(client):
    area = make_innsatsomrade(navn="Et område")
    make_tiltak(innsatsomrade=area)
    make_tiltak(innsatsomrade=area)
    make_tiltak(innsatsomrade=area, status=Tiltak.Status.UTKAST)
    response = client.get(reverse("forside"))
    assert "2 tiltak" in response.text
    # The search lands on the results, not on the filters above them on a phone.
    assert 'action="/tiltak/#resultater"' in response.text
    assert reverse("bekymret") in response.text
