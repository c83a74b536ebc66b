import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from tiltak.models import Tiltak

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("slt", "slt@example.no", "x")
    client.force_login(user)
    return client


def test_the_admin_lists_every_tiltak_with_its_area_and_actors(seeded, staff_client):
    response = staff_client.get(reverse("admin:tiltak_tiltak_changelist"), {"all": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "42 tiltak" in html
    assert "Forebygge vold i nære relasjoner og seksuelle overgrep" in html
    assert "Skolehelsetjenesten, OUT, PHFS-U, HFU" in html


def test_the_tiltak_list_uses_a_fixed_number_of_queries(
    seeded, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        staff_client.get(reverse("admin:tiltak_tiltak_changelist"))


def test_a_tiltak_page_shows_its_actors_and_channels(seeded, staff_client):
    tiltak = Tiltak.objects.get(slug="gatemegling")
    response = staff_client.get(reverse("admin:tiltak_tiltak_change", args=[tiltak.pk]))
    html = response.content.decode()
    assert "Møteplasser for barn og unge" in html
    assert "Vakttelefon (OUT): 469 34 634" in html


def test_the_list_display_methods_show_actors_and_channel_counts(seeded):
    admin = site._registry[Tiltak]
    tiltak = admin.get_queryset(None).get(slug="gatemegling")
    assert admin.vis_aktorer(tiltak) == "OUT, Møteplassene"
    assert admin.antall_kanaler(tiltak) == 3
