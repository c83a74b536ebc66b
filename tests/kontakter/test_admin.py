import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from kontakter.models import Aktor, Kontaktkanal
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
    assert "Endringen vises nå på 4 tiltak som bruker denne kanalen." in messages


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
    assert "Noen andre lagret denne kontaktkanal" in response.content.decode()
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
