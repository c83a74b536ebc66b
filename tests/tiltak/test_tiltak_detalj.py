from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape

from kontakter.models import Kontaktkanal
from tests.accounts import PASSWORD, enroll, log_in_verified
from tests.factories import make_aktor, make_innsatsomrade, make_kanal, make_tiltak
from tests.tiltak.test_query_budget import warm_staffing_window
from tiltak.intern.roles import CHANNEL_EDITOR, COORDINATOR
from tiltak.models import TidligereAdresse, Tiltak, TiltakKanal


def detail(client, slug: str):
    return client.get(reverse("tiltak_detalj", args=[slug]))


@pytest.mark.django_db
def test_every_published_tiltak_of_the_plan_has_a_page(client, seeded):
    for slug in Tiltak.objects.published().values_list("slug", flat=True):
        assert detail(client, slug).status_code == 200, slug


@pytest.mark.django_db
def test_every_tiltak_shows_every_contact_channel_as_a_working_link(client, seeded):
    for tiltak in Tiltak.objects.published().prefetch_related("kanaler"):
        html = detail(client, tiltak.slug).content.decode()
        for kanal in tiltak.kanaler.all():
            if kanal.href():
                assert f'href="{escape(kanal.href())}"' in html, (tiltak.slug, kanal)
            else:
                assert escape(kanal.etikett or kanal.verdi) in html, (
                    tiltak.slug,
                    kanal,
                )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Tiltak.Status.UTKAST, Tiltak.Status.ARKIVERT])
def test_draft_and_archived_tiltak_are_not_found(client, status):
    tiltak = make_tiltak(status=status)
    response = detail(client, tiltak.slug)
    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.text


@pytest.mark.django_db
def test_it_shows_the_facts_of_the_tiltak(client, seeded):
    response = detail(client, "moteplasser-for-barn-og-ungdom")
    assert "<h1" in response.text and response.text.count("<h1") == 1
    assert "Møteplasser for barn og ungdom" in response.text
    assert "10–18 år" in response.text
    assert "Ungdomskriminalitet og kriminelle ungdomsnettverk" in response.text
    assert "Avdeling Barn og unge, kultur" in response.text
    assert "Nytt tiltak" in detail(client, "gatemegling").text


@pytest.mark.django_db
def test_the_description_keeps_the_plans_paragraphs_and_lists(client, seeded):
    response = detail(client, "ung-i-jobb")
    assert "<ol><li>Til all ungdom:" in response.text
    assert response.text.count("<li>", response.text.index("<ol>")) >= 3


@pytest.mark.django_db
def test_phones_are_tel_links_in_norwegian_format_with_label_hours_and_note(
    client, seeded
):
    brobyggerne = detail(client, "brobyggerne").text
    assert 'href="tel:+4790821722">908 21 722</a>' in brobyggerne
    assert "Betjent mandag–torsdag 12.00–14.30" in brobyggerne
    out = detail(client, "gatemegling").text
    assert "Vakttelefon (OUT):" in out
    network = detail(client, "politiets-innsats-mot-kriminelle-nettverk").text
    assert 'href="tel:+4790952580">909 52 580</a>' in network
    assert "henvendelser om kriminelle nettverk" in network


@pytest.mark.django_db
def test_email_web_and_social_media_are_shown_as_they_should_be(client, seeded):
    out = detail(client, "oppsokende-virksomhet-pa-skole-og-kveldstid").text
    assert 'href="mailto:out@lillestrom.kommune.no"' in out
    assert 'href="https://www.lillestrom.kommune.no/helse-og-omsorg/oppsokende' in out
    patrol = detail(client, "politiets-nettpatrulje").text
    assert "Facebook:" in patrol and "Politiets Nettpatrulje" in patrol
    assert "Instagram:" in patrol and "nettpatruljen_ost_pd" in patrol
    assert "Messenger" in patrol


@pytest.mark.django_db
def test_a_web_page_without_address_is_plain_text(client, seeded):
    response = detail(client, "politiets-radikaliseringskontakter")
    assert "Hat, ytringer og trusler – Politiet.no" in response.text
    assert "planen gir ingen adresse" in response.text
    assert '<a href="">' not in response.text


@pytest.mark.django_db
def test_other_contact_text_is_shown(client, seeded):
    response = detail(client, "miljoarbeidere-pa-vgs")
    assert "Den enkelte videregående skole" in response.text


@pytest.mark.django_db
def test_it_lists_other_published_tiltak_from_the_same_actor(client):
    actor = make_aktor()
    tiltak = make_tiltak(tittel="Hovedtiltak", aktorer=[actor])
    make_tiltak(tittel="Søstertiltak", aktorer=[actor])
    make_tiltak(tittel="Skjult søster", aktorer=[actor], status=Tiltak.Status.UTKAST)
    make_tiltak(tittel="Fremmed tiltak", aktorer=[make_aktor()])
    response = detail(client, tiltak.slug)
    assert [t.tittel for t in response.context["andre"]] == ["Søstertiltak"]
    assert "Skjult søster" not in response.text


@pytest.mark.django_db
def test_quick_exit_only_on_tiltak_about_violence(client, seeded):
    violence = detail(client, "romerike-krisesenter").text
    assert 'id="forlat-siden"' in violence
    assert violence.index('id="forlat-siden"') < violence.index("ds-skip-link")
    assert 'id="forlat-siden"' not in detail(client, "gatemegling").text


@pytest.mark.django_db
def test_the_detail_page_uses_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    area = make_innsatsomrade()
    actors = [make_aktor() for _ in range(3)]
    tiltak = make_tiltak(innsatsomrade=area, aktorer=actors)
    for n in range(10):
        kanal = make_kanal(aktor=actors[n % 3], verdi=f"+47469346{n:02}")
        TiltakKanal.objects.create(tiltak=tiltak, kanal=kanal, rekkefolge=n)
    make_kanal(aktor=actors[0], type=Kontaktkanal.Type.NETT, etikett="Side uten lenke")
    for _ in range(10):
        make_tiltak(aktorer=actors[:1])
    warm_staffing_window()
    with django_assert_max_num_queries(6):
        response = detail(client, tiltak.slug)
    assert response.status_code == 200


@pytest.mark.django_db
def test_it_says_where_an_unconfirmed_tiltak_comes_from_not_when_it_was_loaded(
    client, seeded
):
    response = detail(client, "moteplasser-for-barn-og-ungdom")
    assert "Sist oppdatert" not in response.text
    source = 'Fra <a href="/planer/2023-2024/">handlingsplanen 2023–2024</a>'
    assert source in response.text


@pytest.mark.django_db
def test_it_says_when_a_tiltak_was_last_confirmed(client, seeded):
    Tiltak.objects.filter(slug="gatemegling").update(sist_verifisert=date(2026, 5, 3))
    response = detail(client, "gatemegling")
    assert 'Sist bekreftet <time datetime="2026-05-03">3. mai 2026</time>' in (
        response.text
    )
    assert "Fra <a" not in response.text


@pytest.mark.django_db
def test_a_tiltak_made_in_the_admin_claims_no_plan(client, seeded):
    response = detail(client, make_tiltak().slug)
    assert "handlingsplanen 2023–2024" not in response.text
    assert "Sist bekreftet" not in response.text


@pytest.mark.django_db
def test_the_address_ending_the_description_is_the_tiltaks_web_link(client, seeded):
    response = detail(client, "politiets-nettsider-for-barn-og-unge")
    assert 'href="https://politiet.no/rad"' in response.text
    assert "Planen oppgir ingen kontaktinformasjon" not in response.text


@pytest.mark.django_db
def test_phone_numbers_in_the_description_are_tel_links(client, seeded):
    response = detail(client, "forebyggende-politi")
    assert 'ringe <a href="tel:02800">02800</a> eller <a href="tel:112">112</a>' in (
        response.text
    )


@pytest.mark.django_db
def test_phone_numbers_in_contact_and_ansvar_text_are_tel_links(client):
    tiltak = make_tiltak(
        kontakt_tekst="Ring sentralbordet på 66 93 80 00.",
        ansvar_tekst="Kommunen (vakt 469 34 634)",
    )
    html = detail(client, tiltak.slug).text
    assert '<a href="tel:+4766938000">66 93 80 00</a>' in html
    assert '<a href="tel:+4746934634">469 34 634</a>' in html


@pytest.mark.django_db
def test_running_text_is_still_escaped(client):
    tiltak = make_tiltak(beskrivelse="<script>x</script> ring 112")
    html = detail(client, tiltak.slug).text
    assert '&lt;script&gt;x&lt;/script&gt; ring <a href="tel:112">112</a>' in html


# --- What is not public: drafts, archived tiltak, old addresses ----------------

HIDDEN = [Tiltak.Status.UTKAST, Tiltak.Status.ARKIVERT]


@pytest.fixture
def make_staff(django_user_model):
    def make(username: str, group: str | None = None, **extra):
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True, **extra
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("status", HIDDEN)
def test_a_coordinator_who_has_not_given_the_code_gets_404_on_a_hidden_tiltak(
    client, make_staff, status
):
    tiltak = make_tiltak(status=status, beskrivelse="Hemmelig utkasttekst.")
    coordinator = make_staff("koordinator", COORDINATOR)
    # Without an app (the staff pages say 403 until one is set up) …
    client.force_login(coordinator)
    response = detail(client, tiltak.slug)
    assert response.status_code == 404
    assert "Hemmelig utkasttekst" not in response.text
    # … and with one, but logged in with the password alone.
    enroll(coordinator)
    assert detail(client, tiltak.slug).status_code == 404
    log_in_verified(client, coordinator)
    response = detail(client, tiltak.slug)
    assert response.status_code == 200
    assert "Forhåndsvisning for redaktører" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("status", HIDDEN)
def test_a_superuser_sees_a_hidden_tiltak_only_after_the_code(
    client, make_staff, status
):
    tiltak = make_tiltak(status=status)
    superuser = make_staff("drift", is_superuser=True)
    client.force_login(superuser)
    assert detail(client, tiltak.slug).status_code == 404
    log_in_verified(client, superuser)
    assert detail(client, tiltak.slug).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("status", HIDDEN)
def test_staff_who_may_not_view_tiltak_get_404_on_a_hidden_tiltak(
    client, make_staff, status
):
    tiltak = make_tiltak(status=status)
    for user in (make_staff("redaktor", CHANNEL_EDITOR), make_staff("ansatt")):
        log_in_verified(client, user)
        assert detail(client, tiltak.slug).status_code == 404


@pytest.mark.django_db
def test_an_old_address_of_a_hidden_tiltak_is_404_for_those_who_may_not_see_it(
    client, make_staff
):
    draft = make_tiltak(slug="nytt-navn", status=Tiltak.Status.UTKAST)
    TidligereAdresse.objects.create(slug="gammelt-navn", tiltak=draft)
    old = reverse("tiltak_detalj", args=["gammelt-navn"])
    assert client.get(old).status_code == 404
    coordinator = make_staff("koordinator", COORDINATOR)
    client.force_login(coordinator)
    assert client.get(old).status_code == 404
    log_in_verified(client, coordinator)
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == draft.get_absolute_url()


@pytest.mark.django_db
def test_an_old_address_of_a_published_tiltak_redirects_everyone(client):
    tiltak = make_tiltak(slug="nytt-navn")
    TidligereAdresse.objects.create(slug="gammelt-navn", tiltak=tiltak)
    response = client.get(reverse("tiltak_detalj", args=["gammelt-navn"]))
    assert response.status_code == 301
    assert response["Location"] == "/tiltak/nytt-navn/"
    tiltak.status = Tiltak.Status.ARKIVERT
    tiltak.save()
    assert client.get(reverse("tiltak_detalj", args=["gammelt-navn"])).status_code == (
        404
    )
