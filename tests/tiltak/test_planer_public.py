"""The public plan pages: /planer/ and /planer/<periode>/, the staff preview of a
draft, and the pages of tiltak that are no longer in the plan."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts import PASSWORD, log_in_verified
from tests.factories import (
    add_to_plan,
    adopt,
    make_aktor,
    make_innsatsomrade,
    make_kanal,
    make_kommune,
    make_plan,
    make_tiltak,
)
from tiltak.intern.roles import COORDINATOR
from tiltak.models import (
    Handlingsplan,
    Plantiltak,
    TidligereAdresse,
    Tiltak,
    TiltakKanal,
    TiltakTema,
)
from tiltak.planer import lag_neste_plan, publiser

Status = Handlingsplan.Status


def text(response) -> str:
    """The page's words without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.text).split())


def plan_page(client, plan: Handlingsplan):
    return client.get(reverse("plan_detalj", args=[plan.slug]))


def article(html: str, title: str) -> str:
    """The part of a plan page about the tiltak titled `title`."""
    start = html.index(f">{title}<")
    return html[start : html.index("</article>", start)]


def publish(new: Handlingsplan, old: Handlingsplan | None = None, ended=()) -> None:
    """What publishing a plan does, by ordinary saves: the old plan ends, the new
    one becomes current, the tiltak it lacks leave the plan."""
    if old is not None:
        old.status = Status.AVSLUTTET
        old.avsluttet_dato = date(2024, 7, 31)
        old.save()
    new.status = Status.GJELDENDE
    new.gjeldende_fra = date(2024, 8, 1)
    new.save()
    for tiltak in ended:
        tiltak.status = Tiltak.Status.AVSLUTTET
        tiltak.save()


@pytest.fixture
def coordinator(db, django_user_model):
    user = django_user_model.objects.create_user(
        "koordinator", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=COORDINATOR))
    return user


@pytest.fixture
def two_years(db):
    """2023–2024 (ended) with tiltak A, B, C, and 2024–2025 (current) with A
    (described anew) and D: B and C have left the plan."""
    area = make_innsatsomrade(navn="Ungdomskriminalitet")
    a, b, c = (
        make_tiltak(tittel=name, innsatsomrade=area, slug=name.lower())
        for name in ("Alfa", "Beta", "Gamma")
    )
    old = make_plan(tiltak=[a, b, c], status=Status.GJELDENDE)
    d = make_tiltak(tittel="Delta", slug="delta", innsatsomrade=area)
    new = make_plan(tiltak=[a, d], fra_ar=2024, status=Status.VEDTATT)
    Plantiltak.objects.filter(plan=new, tiltak=a).update(beskrivelse="Ny tekst.")
    publish(new, old, ended=[b, c])
    return {"old": old, "new": new, "a": a, "b": b, "c": c, "d": d}


# --- /planer/ -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_seed_plan_is_listed_as_current_without_adoption_data(client, seeded):
    response = client.get(reverse("planer"))
    assert response.status_code == 200
    words = text(response)
    assert "Handlingsplan 2023–2024" in words
    assert "Gjeldende plan" in words
    assert "Vedtak ikke registrert" in words
    assert "42 tiltak" in words
    assert 'href="/planer/2023-2024/"' in response.text


@pytest.mark.django_db
def test_the_list_says_who_adopted_a_plan_when_and_in_which_sak(client):
    make_plan(
        vedtatt_dato=date(2024, 6, 12),
        vedtatt_av=Handlingsplan.Organ.POLITIRADET,
        saksnummer="24/123",
    )
    html = client.get(reverse("planer")).text
    words = re.sub("<[^>]+>", "", html)
    assert "Vedtatt av politirådet 12.06.2024, sak 24/123" in words
    assert '<time datetime="2024-06-12">' in html


@pytest.mark.django_db
def test_the_list_holds_adopted_plans_newest_first_and_never_a_draft(client):
    make_plan(fra_ar=2023, status=Status.AVSLUTTET)
    make_plan(fra_ar=2024, status=Status.GJELDENDE)
    make_plan(fra_ar=2025, status=Status.VEDTATT)
    make_plan(fra_ar=2026, status=Status.UTKAST)
    make_plan(kommune=make_kommune(navn="Lørenskog", nummer="3222", slug="lorenskog"))
    response = client.get(reverse("planer"))
    years = re.findall(r"Handlingsplan (\d{4})–", response.text)
    assert years == ["2025", "2024", "2023"]
    words = text(response)
    assert "Vedtatt, ikke gjeldende ennå" in words
    assert "Avsluttet" in words


@pytest.mark.django_db
def test_the_list_says_so_when_no_plan_is_adopted(client):
    make_plan(status=Status.UTKAST)
    assert "Ingen handlingsplan er vedtatt ennå" in client.get(reverse("planer")).text


@pytest.mark.django_db
def test_the_footer_links_to_the_plans(client, seeded):
    assert f'href="{reverse("planer")}"' in client.get(reverse("forside")).text


# --- /planer/<periode>/ --------------------------------------------------------------


@pytest.mark.django_db
def test_the_seed_plan_shows_every_tiltak_by_area_with_its_own_new_marks(
    client, seeded
):
    plan = Handlingsplan.objects.gjeldende()
    response = plan_page(client, plan)
    assert response.status_code == 200
    assert response.text.count('class="plantiltak"') == 42
    assert response.text.count(">Nytt</span>") == 6
    assert 'id="omrade-' in response.text
    assert 'href="/tiltak/gatemegling/"' in response.text
    assert 'href="#om-planen"' in response.text
    assert 'id="slt-modellen"' in response.text
    # The current plan needs no banner.
    assert "Gjeldende plan er" not in response.text
    assert "Forhåndsvisning" not in response.text


@pytest.mark.django_db
def test_the_contents_follow_the_plans_order_and_link_to_each_areas_page(
    client, monkeypatch
):
    """Areas made in one order and named in another: the contents list them in
    the areas' order, as the pages do, each linked to the page it starts on."""
    monkeypatch.setattr("tiltak.views.PLAN_PAGE_SIZE", 2)
    second = make_innsatsomrade(navn="Aaa siste", slug="siste", rekkefolge=2)
    first = make_innsatsomrade(navn="Zzz første", slug="forste", rekkefolge=1)
    plan = make_plan(
        tiltak=[make_tiltak(innsatsomrade=second) for _ in range(2)]
        + [make_tiltak(innsatsomrade=first) for _ in range(3)]
    )
    html = plan_page(client, plan).text
    start = html.index('id="innhold-tittel"')
    contents = html[start : html.index("</nav>", start)]
    assert contents.index("Zzz første") < contents.index("Aaa siste")
    assert 'href="#omrade-forste"' in contents  # page 1, this page
    assert 'href="?side=2#omrade-siste"' in contents
    assert html.index('id="omrade-forste"') < html.index("</main>")
    page_two = client.get(reverse("plan_detalj", args=[plan.slug]), {"side": 2}).text
    assert 'id="omrade-siste"' in page_two


@pytest.mark.django_db
def test_a_plan_shows_its_adopted_texts_not_todays(client, two_years):
    a = two_years["a"]
    a.beskrivelse = "Endret i dag."
    a.save()
    old = plan_page(client, two_years["old"]).text
    new = plan_page(client, two_years["new"]).text
    assert "Et lavterskeltilbud for ungdom." in old and "Endret i dag." not in old
    assert "Ny tekst." in new and "Endret i dag." not in new


@pytest.mark.django_db
def test_a_later_plan_marks_as_new_what_the_plan_before_did_not_have(client, two_years):
    # An imported mark is data of the first plan only.
    Plantiltak.objects.filter(plan=two_years["new"], tiltak=two_years["a"]).update(
        merket_nytt=True
    )
    html = plan_page(client, two_years["new"]).text
    assert html.count(">Nytt</span>") == 1
    assert ">Nytt</span>" in article(html, "Delta")
    assert ">Nytt</span>" not in article(html, "Alfa")


@pytest.mark.django_db
def test_contact_channels_are_todays(client, two_years):
    a = two_years["a"]
    kanal = make_kanal(verdi="+4746934634")
    TiltakKanal.objects.create(tiltak=a, kanal=kanal)
    kanal.verdi = "+4790821722"
    kanal.save()
    html = plan_page(client, two_years["old"]).text
    assert 'href="tel:+4790821722"' in html
    assert "+4746934634" not in html


@pytest.mark.django_db
def test_an_ended_plan_says_so_and_links_to_the_current_one(client, two_years):
    response = plan_page(client, two_years["old"])
    words = text(response)
    assert "Dette er en tidligere plan" in words
    assert "Gjeldende plan er handlingsplanen 2024–2025" in words
    assert 'href="/planer/2024-2025/"' in response.text
    # Its members that left the plan still link to their pages, and say so.
    assert 'href="/tiltak/beta/"' in response.text
    assert "Ikke lenger i planen" in words


@pytest.mark.django_db
def test_an_adopted_plan_not_yet_current_says_so(client, two_years):
    later = make_plan(fra_ar=2025, status=Status.VEDTATT)
    words = text(plan_page(client, later))
    assert "Denne planen er vedtatt, men gjelder ikke ennå" in words
    assert "Gjeldende plan er handlingsplanen 2024–2025" in words


@pytest.mark.django_db
def test_an_archived_member_of_an_old_plan_is_named_without_a_link(client, two_years):
    b = two_years["b"]
    b.status = Tiltak.Status.ARKIVERT
    b.save()
    html = plan_page(client, two_years["old"]).text
    assert ">Beta<" in html
    assert 'href="/tiltak/beta/"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("periode", ["2019-2020", "2024-2025"])
def test_a_period_without_a_plan_of_the_kommune_is_not_found(client, periode):
    make_plan(fra_ar=2023)  # the installation's kommune: the first one made
    lorenskog = make_kommune(navn="Lørenskog", nummer="3222", slug="lorenskog")
    make_plan(fra_ar=2024, kommune=lorenskog)
    assert client.get(f"/planer/{periode}/").status_code == 404


@pytest.mark.django_db
def test_an_address_that_is_no_period_is_not_found(client):
    make_plan()
    assert client.get("/planer/2023-24/").status_code == 404
    assert client.get("/planer/abc/").status_code == 404


@pytest.mark.django_db
def test_the_plan_page_costs_the_same_queries_whatever_its_size(client, two_years):
    def count() -> int:
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert plan_page(client, two_years["new"]).status_code == 200
        return len(queries)

    before = count()
    actor = make_aktor()
    for n in range(15):
        tiltak = make_tiltak(
            aktorer=[actor], kanaler=[make_kanal(aktor=actor, verdi=f"+474693460{n}")]
        )
        add_to_plan(two_years["new"], tiltak)
    assert count() == before


# --- Drafts: 404 for the public, a preview for staff --------------------------------


@pytest.fixture
def draft(two_years):
    return make_plan(tiltak=[two_years["a"]], fra_ar=2025, status=Status.UTKAST)


@pytest.mark.django_db
def test_a_draft_plan_is_not_found_by_the_public(client, draft):
    response = plan_page(client, draft)
    assert response.status_code == 404
    assert "Forhåndsvisning" not in response.text


@pytest.mark.django_db
def test_staff_who_may_not_view_plans_get_404_on_a_draft(staff_client, draft):
    assert plan_page(staff_client, draft).status_code == 404


@pytest.mark.django_db
def test_a_coordinator_needs_the_code_to_preview_a_draft(client, coordinator, draft):
    client.force_login(coordinator)
    assert plan_page(client, draft).status_code == 404
    log_in_verified(client, coordinator)
    response = plan_page(client, draft)
    assert response.status_code == 200
    assert "Forhåndsvisning – utkast, ikke publisert" in response.text
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    # Not left in the page cache for the next visitor either.
    client.logout()
    assert plan_page(client, draft).status_code == 404


# --- A tiltak that is no longer in the plan ------------------------------------------


@pytest.mark.django_db
def test_a_tiltak_that_left_the_plan_keeps_its_page_with_a_banner(client, two_years):
    response = client.get(two_years["b"].get_absolute_url())
    assert response.status_code == 200
    words = text(response)
    assert "Tiltaket er ikke med i den gjeldende handlingsplanen for 2024–2025" in (
        words
    )
    assert "Det har ikke vært med siden 1. august 2024" in words
    assert 'Det var sist med i <a href="/planer/2023-2024/">' in response.text
    assert f'href="{reverse("tiltak_liste")}"' in response.text
    assert "Forhåndsvisning" not in words


@pytest.mark.django_db
def test_since_when_is_the_period_when_the_plan_has_no_start_date(client, two_years):
    Handlingsplan.objects.filter(pk=two_years["new"].pk).update(gjeldende_fra=None)
    words = text(client.get(two_years["b"].get_absolute_url()))
    assert "Det har ikke vært med siden planperioden 2024–2025" in words


@pytest.mark.django_db
def test_a_tiltak_that_left_the_plan_is_cached_as_a_public_page(client, two_years):
    response = client.get(two_years["b"].get_absolute_url())
    assert "ETag" in response
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_an_old_address_of_a_tiltak_that_left_the_plan_still_works(client, two_years):
    b = two_years["b"]
    TidligereAdresse.objects.create(slug="beta-gammel", tiltak=b)
    response = client.get("/tiltak/beta-gammel/")
    assert response.status_code == 301
    assert response["Location"] == b.get_absolute_url()


@pytest.mark.django_db
def test_a_tiltak_that_left_the_plan_is_in_no_list_facet_search_or_area(
    client, two_years
):
    listed = client.get(reverse("tiltak_liste"))
    assert [t.slug for t in listed.context["page"].object_list] == ["alfa", "delta"]
    assert listed.context["page"].paginator.count == 2
    assert [o.count for o in listed.context["omrade_options"]] == [2]
    search = client.get(reverse("tiltak_liste"), {"q": "Beta"})
    assert "/tiltak/beta/" not in search.text
    omrade = two_years["a"].innsatsomrade
    area = client.get(reverse("innsatsomrade", args=[omrade.slug]))
    assert "/tiltak/beta/" not in area.text and "/tiltak/alfa/" in area.text
    home = client.get(reverse("forside"))
    assert "2 tiltak" in text(home)


@pytest.mark.django_db
def test_a_tiltak_that_left_the_plan_is_not_under_er_du_bekymret(client, seeded):
    link = TiltakTema.objects.select_related("tiltak", "tema").first()
    tiltak, page = link.tiltak, reverse("bekymret_tema", args=[link.tema.slug])
    assert tiltak.get_absolute_url() in client.get(page).text
    tiltak.status = Tiltak.Status.AVSLUTTET
    tiltak.save()
    assert tiltak.get_absolute_url() not in client.get(page).text


# --- The page cache and the current plan --------------------------------------------


@pytest.mark.django_db
def test_publishing_a_plan_changes_the_etag_and_what_the_pages_show(client):
    area = make_innsatsomrade()
    a, b = make_tiltak(innsatsomrade=area), make_tiltak(innsatsomrade=area)
    old = make_plan(tiltak=[a, b])
    new = make_plan(tiltak=[a], fra_ar=2024, status=Status.VEDTATT)
    urls = [reverse("tiltak_liste"), reverse("planer"), b.get_absolute_url()]
    before = {url: client.get(url) for url in urls}
    publish(new, old, ended=[b])
    for url in urls:
        response = client.get(url, HTTP_IF_NONE_MATCH=before[url]["ETag"])
        assert response.status_code == 200, url
        assert response["ETag"] != before[url]["ETag"], url
    assert b.get_absolute_url() not in client.get(reverse("tiltak_liste")).text
    assert "ikke med i den gjeldende" in client.get(b.get_absolute_url()).text
    assert "Gjeldende plan" in text(client.get(new.get_absolute_url()))


@pytest.mark.django_db
def test_the_real_adopt_and_publish_of_next_years_draft_change_the_etags(client):
    area = make_innsatsomrade()
    kept = make_tiltak(innsatsomrade=area, tittel="Alfa", slug="alfa")
    ending = make_tiltak(innsatsomrade=area, tittel="Beta", slug="beta")
    old = make_plan(tiltak=[kept, ending])
    draft = lag_neste_plan(old)
    draft.medlemmer.filter(tiltak=ending).delete()
    assert plan_page(client, draft).status_code == 404
    adopt(draft)
    urls = [reverse("tiltak_liste"), reverse("planer"), draft.get_absolute_url()]
    before = {url: client.get(url) for url in urls}
    assert "vedtatt, men gjelder ikke ennå" in text(before[draft.get_absolute_url()])
    assert 'href="/tiltak/beta/"' in before[reverse("tiltak_liste")].text

    publiser(draft)

    for url in urls:
        response = client.get(url, HTTP_IF_NONE_MATCH=before[url]["ETag"])
        assert response.status_code == 200, url
        assert response["ETag"] != before[url]["ETag"], url
    assert 'href="/tiltak/beta/"' not in client.get(reverse("tiltak_liste")).text
    listed = text(client.get(reverse("planer")))
    assert listed.index("Handlingsplan 2024–2025") < listed.index("Gjeldende plan")
    assert listed.index("Gjeldende plan") < listed.index("Handlingsplan 2023–2024")
    words = text(plan_page(client, draft))
    assert "vedtatt, men gjelder ikke ennå" not in words
    assert "Dette er en tidligere plan" in text(plan_page(client, old))


@pytest.mark.django_db
def test_a_drafts_new_text_is_shown_only_once_its_plan_is_published(client):
    tiltak = make_tiltak(tittel="Alfa", slug="alfa", beskrivelse="Gammel tekst.")
    old = make_plan(tiltak=[tiltak])
    draft = lag_neste_plan(old)
    member = draft.medlemmer.get(tiltak=tiltak)
    member.beskrivelse = "Ny tekst for neste år."
    member.save()

    for page in (client.get(tiltak.get_absolute_url()), plan_page(client, old)):
        assert "Gammel tekst." in page.text
        assert "Ny tekst for neste år." not in page.text

    adopt(draft)
    # Adopted, not yet current: the tiltak's page is still this year's.
    assert "Gammel tekst." in client.get(tiltak.get_absolute_url()).text
    publiser(draft)

    new = plan_page(client, draft).text
    assert "Ny tekst for neste år." in new and "Gammel tekst." not in new
    assert "Ny tekst for neste år." in client.get(tiltak.get_absolute_url()).text
    # The plan before keeps what it adopted.
    assert "Gammel tekst." in plan_page(client, old).text


@pytest.mark.django_db
def test_the_om_page_and_the_home_page_show_the_current_plan(client, two_years):
    Handlingsplan.objects.filter(pk=two_years["new"].pk).update(
        periode="skoleåret 2024–2025"
    )
    om = text(client.get(reverse("om")))
    assert "skoleåret 2024–2025" in om
    assert "hele planen 2024–2025" in om
    assert "skoleåret 2024–2025" in text(client.get(reverse("forside")))


@pytest.mark.django_db
def test_the_om_page_without_a_current_plan_says_so(client):
    make_plan(status=Status.AVSLUTTET)
    response = client.get(reverse("om"))
    assert response.status_code == 200
    assert "Kommunen har ingen gjeldende handlingsplan registrert" in response.text
    assert client.get(reverse("forside")).status_code == 200


@pytest.mark.django_db
def test_a_long_plan_is_read_in_pages_with_contents_for_the_whole_plan(client):
    first, second = make_innsatsomrade(navn="Rus"), make_innsatsomrade(navn="Vold")
    tiltak = [make_tiltak(innsatsomrade=first) for _ in range(45)]
    tiltak += [make_tiltak(innsatsomrade=second) for _ in range(15)]
    plan = make_plan(tiltak=tiltak)
    plan.seksjoner.create(tittel="Bakgrunn", slug="bakgrunn", tekst="Om planen.")
    one = plan_page(client, plan)
    two = client.get(reverse("plan_detalj", args=[plan.slug]), {"side": 2})
    assert one.text.count('<article class="plantiltak"') == 50
    assert two.text.count('<article class="plantiltak"') == 10
    assert "45 tiltak" in text(one) and "15 tiltak" in text(one)
    # The second area starts on page 1; the background closes the last page.
    assert 'href="#omrade-' in one.text
    assert 'href="?side=2#om-planen"' in one.text
    assert "Om planen." not in one.text and "Om planen." in two.text
    assert 'aria-label="Sider"' in one.text
