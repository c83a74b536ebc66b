import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from kontakter.models import Aktor, Bekymringstema, Kontaktkanal, Kontaktkort
from tests.accounts import log_in_verified
from tests.admin_forms import form_data
from tests.factories import make_aktor, make_kanal
from tiltak.intern.roles import CHANNEL_EDITOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel_editor(client, django_user_model):
    user = django_user_model.objects.create_user("redaktor", is_staff=True)
    user.groups.add(Group.objects.get(name=CHANNEL_EDITOR))
    client.force_login(user)
    return client


def kanal_url(kanal: Kontaktkanal) -> str:
    return reverse("admin:kontakter_kontaktkanal_change", args=[kanal.pk])


def save_kanal(client, kanal: Kontaktkanal, **changes):
    page = client.get(kanal_url(kanal))
    return client.post(kanal_url(kanal), form_data(page, **changes))


def test_the_channel_editor_changes_a_number_once_for_every_tiltak(
    channel_editor, seeded
):
    vakttelefon = Kontaktkanal.objects.get(verdi="+4746934634")
    response = save_kanal(channel_editor, vakttelefon, verdi="469 34 635")
    assert response.status_code == 302
    vakttelefon.refresh_from_db()
    assert vakttelefon.verdi == "+4746934635"
    shown = {t.slug for t in vakttelefon.tiltak.all()}
    assert len(shown) == 4
    messages = [str(m) for m in response.wsgi_request._messages]
    # OUT's vakttelefon is one to call first under two concerns of «Er du
    # bekymret?»: the message says so.
    assert (
        "Endringen vises nå på 4 tiltak som bruker denne kanalen og på «Er du "
        "bekymret?»." in messages
    )


def test_the_message_names_er_du_bekymret_only_where_it_shows_the_channel(
    channel_editor, seeded
):
    unused = Kontaktkanal.objects.get(verdi="+4763886120")  # Tjenestetorget
    assert not unused.kontaktkort.exists() and not unused.bekymringstemaer.exists()
    response = save_kanal(channel_editor, unused, verdi="63 88 61 21")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Endringen vises nå på 1 tiltak som bruker denne kanalen." in messages
    assert not any("Er du bekymret" in m for m in messages)


def test_changing_the_police_number_in_the_admin_changes_the_card_too(
    channel_editor, client, seeded
):
    drofting = Kontaktkanal.objects.get(verdi="+4790952580")
    before = client.get(reverse("bekymret")).text
    assert "909 52 580" in before
    response = save_kanal(channel_editor, drofting, verdi="909 52 599")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("og på «Er du bekymret?»" in m for m in messages)
    page = client.get(reverse("bekymret")).text
    assert "909 52 580" not in page
    card = page[page.index("Politikontakt</h3>") :]
    assert 'href="tel:+4790952599">909 52 599</a>' in card


def test_the_channel_list_counts_er_du_bekymret_in_shown_on(channel_editor, seeded):
    liste = reverse("admin:kontakter_kontaktkanal_changelist")
    page = channel_editor.get(liste, {"q": "909 52 580"})
    assert page.status_code == 200
    assert "3 tiltak og «Er du bekymret?»" in page.text
    page = channel_editor.get(liste, {"q": "63 88 61 20"})
    assert "1 tiltak<" in page.text and "Er du bekymret?»<" not in page.text


def test_a_malformed_number_is_a_norwegian_error_on_the_field(channel_editor, seeded):
    vakttelefon = Kontaktkanal.objects.get(verdi="+4746934634")
    response = save_kanal(channel_editor, vakttelefon, verdi="469 34")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["verdi"]
    assert "ikke et gyldig norsk telefonnummer" in errors[0]


def test_short_numbers_are_refused_for_a_municipal_service():
    kanal = Kontaktkanal(
        aktor=make_aktor(type="kommunal"), type="telefon", verdi="02800"
    )
    with pytest.raises(Exception, match="kortnummer"):
        kanal.full_clean()


def test_short_numbers_are_accepted_for_a_national_service():
    politi = make_aktor(type=Aktor.Type.STATLIG)
    kanal = Kontaktkanal(aktor=politi, type="telefon", verdi="02800")
    kanal.full_clean()
    assert kanal.verdi == "02800"
    assert kanal.href() == "tel:02800"


def test_the_channel_editor_cannot_change_actors(channel_editor):
    aktor = make_aktor()
    url = reverse("admin:kontakter_aktor_change", args=[aktor.pk])
    response = channel_editor.post(url, {"navn": "Nytt navn"})
    assert response.status_code == 403


def test_a_channel_change_is_in_its_history(channel_editor):
    kanal = make_kanal(etikett="Vakttelefon")
    save_kanal(channel_editor, kanal, etikett="Vakttelefonen")
    record = kanal.history.first()
    assert record.history_user.username == "redaktor"
    assert [c.field for c in record.diff_against(record.prev_record).changes] == [
        "etikett"
    ]


def test_two_editors_cannot_overwrite_each_others_channel_edits(channel_editor):
    kanal = make_kanal()
    first = channel_editor.get(kanal_url(kanal))
    second = channel_editor.get(kanal_url(kanal))
    channel_editor.post(kanal_url(kanal), form_data(first, etikett="Sentralbord"))
    response = channel_editor.post(kanal_url(kanal), form_data(second, etikett="Vakt"))
    assert "Noen andre lagret denne posten" in response.content.decode()
    kanal.refresh_from_db()
    assert kanal.etikett == "Sentralbord"


def test_an_unused_actor_is_deleted_with_its_channels(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "", "x")
    log_in_verified(client, admin)
    kanal = make_kanal()
    url = reverse("admin:kontakter_aktor_delete", args=[kanal.aktor_id])
    client.post(url, {"post": "yes"})
    assert not Kontaktkanal.objects.filter(pk=kanal.pk).exists()


def test_the_channel_admin_shows_what_the_link_check_found(channel_editor):
    aktor = make_aktor(navn="Uteseksjonen")
    broken = make_kanal(
        aktor=aktor,
        type=Kontaktkanal.Type.NETT,
        verdi="https://example.no/borte",
        etikett="Nettside",
        lenke_status=Kontaktkanal.Lenkestatus.FEIL,
        lenke_melding="Svarte 404 (finnes ikke).",
        lenke_sjekket=timezone.now(),
    )
    make_kanal(
        aktor=aktor,
        type=Kontaktkanal.Type.NETT,
        verdi="https://example.no/her",
        etikett="Hjemmeside",
        lenke_status=Kontaktkanal.Lenkestatus.OK,
        lenke_sjekket=timezone.now(),
    )
    liste = reverse("admin:kontakter_kontaktkanal_changelist")
    page = channel_editor.get(liste, {"lenke_status__exact": "feil"})
    assert page.status_code == 200
    assert "Nettside" in page.text
    assert "Hjemmeside" not in page.text
    assert ">Feil<" in page.text
    form = channel_editor.get(kanal_url(broken))
    assert "Feil, sjekket" in form.text
    assert "Svarte 404 (finnes ikke)." in form.text
    # The verdict is shown, not sent: saving leaves it as the check wrote it.
    response = save_kanal(channel_editor, broken, etikett="Gammel nettside")
    assert response.status_code == 302
    broken.refresh_from_db()
    assert broken.lenke_status == Kontaktkanal.Lenkestatus.FEIL


def test_a_card_is_edited_with_its_channels_and_internal_fields(client, seeded):
    django_user_model_superuser(client)
    kort = Kontaktkort.objects.get(rolle="Politikontakt")
    page = client.get(reverse("admin:kontakter_kontaktkort_change", args=[kort.pk]))
    assert page.status_code == 200
    text = page.text
    assert "Internt (vises ikke på nettsiden)" in text
    assert "intern merknad" in text.lower()
    assert "kortkanal_set-TOTAL_FORMS" in text
    liste = client.get(reverse("admin:kontakter_kontaktkort_changelist")).text
    assert "Drøftingstelefonen" in liste


def test_a_concern_is_edited_with_whom_each_audience_calls_first(client, seeded):
    django_user_model_superuser(client)
    tema = Bekymringstema.objects.get(slug="rus")
    url = reverse("admin:kontakter_bekymringstema_change", args=[tema.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "temakanal_set-TOTAL_FORMS" in page.text
    # The tiltak app's inline for the tiltak under the concern stays.
    assert "tiltaktema_set-TOTAL_FORMS" in page.text
    assert "råd til foreldre og unge" in page.text.lower()
    assert "råd til fagfolk" in page.text.lower()


def django_user_model_superuser(client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("sjef", "", "x")
    log_in_verified(client, admin)
    return admin


# --- Pickers, numbers and history as the coordinator reads them -----------------


DROFTING = "Politiet – Drøftingstelefonen – 909 52 580"


def test_the_channel_picker_names_whose_channel_it_is(coordinator, seeded):
    params = {
        "term": "Politi",
        "app_label": "tiltak",
        "model_name": "tiltakkanal",
        "field_name": "kanal",
    }
    results = coordinator.get(reverse("admin:autocomplete"), params).json()["results"]
    labels = [result["text"] for result in results]
    assert DROFTING in labels
    # Every channel of the police, found by the actor's name, says whose it is.
    assert labels and all(label.startswith("Politi") for label in labels)
    params["term"] = "Lillestrøm politistasjon"  # one of the police's other names
    results = coordinator.get(reverse("admin:autocomplete"), params).json()["results"]
    assert DROFTING in [result["text"] for result in results]


def test_a_tiltak_form_shows_its_chosen_channels_with_their_actor(coordinator, seeded):
    from tiltak.models import TiltakKanal

    link = TiltakKanal.objects.filter(kanal__verdi="+4790952580").first()
    page = coordinator.get(reverse("admin:tiltak_tiltak_change", args=[link.tiltak_id]))
    assert f">{DROFTING}</option>" in page.content.decode()


def test_a_channels_number_reads_as_the_plan_writes_it_in_its_form(coordinator, seeded):
    kanal = Kontaktkanal.objects.get(verdi="+4790952580")
    page = coordinator.get(kanal_url(kanal)).content.decode()
    assert 'value="909 52 580"' in page
    assert "+4790952580" not in page
    aktor_page = coordinator.get(
        reverse("admin:kontakter_aktor_change", args=[kanal.aktor_id])
    ).content.decode()
    assert 'value="909 52 580"' in aktor_page and "+4790952580" not in aktor_page


def test_saving_a_channel_unchanged_records_no_change(coordinator, seeded):
    kanal = Kontaktkanal.objects.get(verdi="+4790952580")
    before = (kanal.history.count(), kanal.versjon)
    assert save_kanal(coordinator, kanal).status_code == 302
    kanal.refresh_from_db()
    assert (kanal.history.count(), kanal.versjon) == before
    assert kanal.verdi == "+4790952580"


def test_line_breaks_from_a_browser_are_no_change(coordinator, seeded):
    """A browser sends a textarea's lines with \\r\\n; the stored text has \\n."""
    aktor = Aktor.objects.get(navn="Politiet")
    url = reverse("admin:kontakter_aktor_change", args=[aktor.pk])
    history = aktor.history.count()
    data = form_data(coordinator.get(url), aliaser=aktor.aliaser.replace("\n", "\r\n"))
    assert "\n" in aktor.aliaser
    assert coordinator.post(url, data).status_code == 302
    aktor.refresh_from_db()
    assert "\r" not in aktor.aliaser
    assert aktor.history.count() == history
    # The model keeps \n whoever saves it.
    aktor.aliaser = "Politiet\r\nForebyggende politi"
    aktor.save()
    aktor.refresh_from_db()
    assert aktor.aliaser == "Politiet\nForebyggende politi"


def test_a_history_shows_no_none_and_numbers_as_written(coordinator, seeded):
    kanal = Kontaktkanal.objects.get(verdi="+4790952580")
    save_kanal(coordinator, kanal, verdi="909 52 999", apningstid="")
    kanal.refresh_from_db()
    page = coordinator.get(
        reverse("admin:kontakter_kontaktkanal_history", args=[kanal.pk])
    ).content.decode()
    assert "909 52 580" in page and "909 52 999" in page
    assert "+47" not in page.split("change-history")[1]
    assert "None" not in page
    assert "(tom)" in page  # the staffed hours, emptied


def test_a_tiltaks_history_shows_a_changed_number_as_a_change(coordinator, seeded):
    from tiltak.models import TiltakKanal

    link = TiltakKanal.objects.filter(kanal__verdi="+4790952580").first()
    # The link made in the admin, before the number changed.
    link.save()
    save_kanal(coordinator, link.kanal, verdi="909 52 999")
    url = reverse("admin:tiltak_tiltak_history", args=[link.tiltak_id])
    page = coordinator.get(url).content.decode()
    relations = page.split("Endringer i ansvarlige aktører og kontaktkanaler")[1]
    assert "Kanalen endret" in relations
    assert "909 52 580 → 909 52 999" in relations
    # The row of the link names the channel as it was then, not today's number.
    assert "Politiet – Drøftingstelefonen – 909 52 580" in relations
    assert " as of " not in relations and "None" not in relations


# --- Merging two actors ---------------------------------------------------------


def merge_post(client, *actors, follow=False, **extra):
    data = {"action": "merge", "_selected_action": [a.pk for a in actors], **extra}
    url = reverse("admin:kontakter_aktor_changelist")
    return client.post(url, data, follow=follow)


def test_merging_asks_which_actor_to_keep_in_norwegian(coordinator, seeded):
    hfu = Aktor.objects.get(kortnavn="HFU")
    lillestrom = Aktor.objects.get(kortnavn="HFU Lillestrøm")
    page = merge_post(coordinator, hfu, lillestrom).content.decode()
    assert "Velg aktøren som skal bli stående." in page
    assert f'name="behold" value="{hfu.pk}"' in page
    assert Aktor.objects.filter(pk__in=[hfu.pk, lillestrom.pk]).count() == 2
    one = merge_post(coordinator, hfu, follow=True)
    assert "Velg nøyaktig to aktører å slå sammen." in one.content.decode()


def test_merging_moves_tiltak_channels_and_names_with_history(coordinator, seeded):
    from tiltak.models import Tiltak

    keep = Aktor.objects.get(kortnavn="HFU Lillestrøm")
    remove = Aktor.objects.get(kortnavn="HFU")
    tiltak = {
        *Tiltak.objects.filter(aktorer=keep),
        *Tiltak.objects.filter(aktorer=remove),
    }
    values = {*keep.kanaler.values_list("type", "verdi")} | {
        *remove.kanaler.values_list("type", "verdi")
    }
    # A tiltak both are responsible for, and a channel both have: no duplicate.
    both = Tiltak.objects.filter(aktorer=remove).first()
    both.tiltakaktor_set.create(aktor=keep, rekkefolge=9)
    shared = keep.kanaler.exclude(verdi="").first()
    twin = make_kanal(aktor=remove, type=shared.type, verdi=shared.verdi)
    both.tiltakkanal_set.create(kanal=twin)
    values |= {(twin.type, twin.verdi)}
    response = merge_post(
        coordinator, keep, remove, post="ja", behold=str(keep.pk), follow=True
    )
    assert "er slått sammen med" in response.content.decode()
    assert not Aktor.objects.filter(pk=remove.pk).exists()
    assert set(Tiltak.objects.filter(aktorer=keep)) == tiltak
    assert both.tiltakaktor_set.filter(aktor=keep).count() == 1
    assert {*keep.kanaler.values_list("type", "verdi")} == values
    assert not Kontaktkanal.objects.filter(pk=twin.pk).exists()
    assert both in shared.tiltak.all()
    keep.refresh_from_db()
    for name in (remove.navn, remove.kortnavn, *remove.alias_list()):
        assert name in keep.alias_list()
    reasons = set(keep.history.values_list("history_change_reason", flat=True))
    assert f"Slått sammen med «{remove.navn}»" in reasons


# --- «Er du bekymret?» as the coordinator edits it ------------------------------


def test_the_coordinator_adds_a_channel_to_a_card_and_a_first_call_to_a_concern(
    coordinator, seeded
):
    kort = Kontaktkort.objects.get(rolle="Politikontakt")
    nettpatrulje = Kontaktkanal.objects.get(verdi="nettpatruljen_ost_pd")
    url = reverse("admin:kontakter_kontaktkort_change", args=[kort.pk])
    page = coordinator.get(url)
    assert page.status_code == 200
    data = form_data(page)
    data |= {
        "kortkanal_set-TOTAL_FORMS": "2",
        "kortkanal_set-1-kanal": str(nettpatrulje.pk),
        "kortkanal_set-1-rekkefolge": "1",
    }
    response = coordinator.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert nettpatrulje in kort.kanaler.all()

    tema = Bekymringstema.objects.get(slug="nett")
    url = reverse("admin:kontakter_bekymringstema_change", args=[tema.pk])
    page = coordinator.get(url)
    data = form_data(page)
    count = int(data["temakanal_set-TOTAL_FORMS"])
    data |= {
        "temakanal_set-TOTAL_FORMS": str(count + 1),
        f"temakanal_set-{count}-kanal": str(
            Kontaktkanal.objects.get(verdi="+4790952580").pk
        ),
        f"temakanal_set-{count}-malgruppe": "foreldre",
        f"temakanal_set-{count}-merknad": "Politiets forebyggende drøftingstelefon",
        f"temakanal_set-{count}-rekkefolge": "5",
    }
    response = coordinator.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert [link.kanal.verdi for link in tema.first_calls("foreldre")][-1] == (
        "+4790952580"
    )
