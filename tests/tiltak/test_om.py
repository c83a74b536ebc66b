import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_om_page_shows_the_plans_sections_with_a_table_of_contents(client, seeded):
    html = client.get(reverse("om")).text
    assert '<a href="#slt-modellen">' in html
    assert 'id="slt-modellen"' in html
    assert "SLT-møtestrukturen i Lillestrøm kommune" in html
    assert "<h3" in html  # the levels of the meeting structure are subsections
