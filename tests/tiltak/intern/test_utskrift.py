import re

from django.urls import reverse

from tests.factories import make_aktor, make_innsatsomrade, make_kanal, make_tiltak
from tiltak.models import Innsatsomrade, Tiltak

URL = reverse("intern:utskrift")


def area_headings(text: str) -> list[str]:
    return re.findall(r'<h2 id="omrade-[^"]+"[^>]*>([^<]+)</h2>', text)


def test_it_prints_the_whole_published_plan_grouped_by_area(staff_client, seeded):
    response = staff_client.get(URL)
    text = response.content.decode()
    areas = [a.navn for a in Innsatsomrade.objects.all() if a.tiltak.exists()]
    assert area_headings(text) == areas
    published = Tiltak.objects.published()
    assert len(response.context["tiltak"]) == published.count()
    assert "hele den publiserte planen" in text
    assert not any(t.status != "publisert" for t in response.context["tiltak"])


def test_each_tiltak_has_description_age_actors_and_contacts(staff_client):
    aktor = make_aktor(navn="Oppsøkende ungdomsteam (OUT)")
    kanal = make_kanal(aktor=aktor, etikett="Vakttelefon", apningstid="hverdager")
    make_tiltak(
        tittel="Gatemegling",
        beskrivelse="Megling mellom ungdom i konflikt.",
        alder_fra=12,
        alder_til=18,
        aktorer=[aktor],
        kanaler=[kanal],
    )
    text = staff_client.get(URL).content.decode()
    for part in (
        "Gatemegling",
        "Megling mellom ungdom i konflikt.",
        "12–18 år",
        "Oppsøkende ungdomsteam (OUT)",
        "Vakttelefon:",
        "469 34 634",
        "Betjent hverdager",
    ):
        assert part in text


def test_it_honours_the_current_filter_and_names_it(staff_client):
    vold = make_innsatsomrade(navn="Vold", slug="vold")
    make_tiltak(tittel="Om vold", innsatsomrade=vold)
    make_tiltak(tittel="Utkast om vold", innsatsomrade=vold, status="utkast")
    make_tiltak(tittel="Om noe annet")
    response = staff_client.get(URL, {"innsatsomrade": "vold"})
    assert [t.tittel for t in response.context["tiltak"]] == ["Om vold"]
    assert "Utvalg: Innsatsområde: Vold; Status: Publisert" in response.content.decode()
    drafts = staff_client.get(URL, {"innsatsomrade": "vold", "status": "utkast"})
    assert [t.tittel for t in drafts.context["tiltak"]] == ["Utkast om vold"]


def test_it_loads_the_print_stylesheet_and_no_inline_style(staff_client):
    make_tiltak()
    text = staff_client.get(URL).content.decode()
    assert re.search(r'href="[^"]*css/plan-print\.css" media="print"', text)
    assert "style=" not in text and "<style" not in text


def test_a_bad_filter_gives_400_with_a_message(staff_client):
    response = staff_client.get(URL, {"alder": "-3"})
    assert response.status_code == 400
    assert "Alderen kan ikke være under 0 år." in response.content.decode()


def test_the_print_view_takes_a_fixed_number_of_queries(
    staff_client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        staff_client.get(URL, {"q": "rus", "aktortype": "kommunal"})
    with django_assert_max_num_queries(13):
        staff_client.get(URL)
