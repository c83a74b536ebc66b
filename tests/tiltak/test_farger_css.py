import pytest
from django.test import override_settings
from django.urls import reverse


@pytest.mark.django_db
@override_settings(KOMMUNE_FARGE="#123456", KOMMUNE_NAVN="Testby kommune")
def test_the_municipality_name_and_colour_come_from_settings(client):
    assert "#123456" in client.get(reverse("farger_css")).text
    assert "Testby kommune" in client.get(reverse("tilgjengelighet")).text
