"""The SLT-koordinator's day in the admin, in a real browser, against public pages."""

import pytest
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from kontakter.models import Kontaktkanal
from tests.accounts import PASSWORD, enroll, log_in_in_browser
from tiltak.intern.roles import CHANNEL_EDITOR, COORDINATOR
from tiltak.models import Tiltak

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def make_editor(django_user_model, username: str, group: str) -> None:
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    if group == COORDINATOR:  # coordinators must log in with a code
        enroll(user)


def submit(page, button: str = "input[name=_save]") -> None:
    """Click a submit button and wait until the answer has loaded."""
    with page.expect_navigation():
        page.click(button)


def log_in(page, site: str, username: str) -> None:
    device = TOTPDevice.objects.filter(user__username=username).first()
    log_in_in_browser(page, f"{site}/admin/", username, PASSWORD, device)
    assert page.url == f"{site}/admin/"


@pytest.fixture
def coordinator(browser, plan, django_user_model):
    make_editor(django_user_model, "koordinator", COORDINATOR)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, plan, "koordinator")
    yield page
    context.close()


@pytest.fixture
def public(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_changing_outs_vakttelefon_once_changes_every_public_page(
    coordinator, public, plan
):
    kanal = Kontaktkanal.objects.get(verdi="+4746934634")
    shown_on = [t.get_absolute_url() for t in kanal.tiltak.all()]
    assert len(shown_on) == 4
    coordinator.goto(f"{plan}/admin/kontakter/kontaktkanal/{kanal.pk}/change/")
    coordinator.fill("#id_verdi", "469 34 999")
    submit(coordinator)
    assert "Endringen vises nå på 4 tiltak" in coordinator.content()
    for path in shown_on:
        public.goto(plan + path)
        assert public.locator('a[href="tel:+4746934999"]').count() == 1, path
        assert "469 34 999" in public.content()
        assert "469 34 634" not in public.content()


def test_a_new_tiltak_stays_hidden_until_it_is_published(coordinator, public, plan):
    coordinator.goto(f"{plan}/admin/tiltak/tiltak/add/")
    coordinator.locator("#id_tittel").press_sequentially("Natteravner på Strømmen")
    # The address is filled in from the title as the editor types.
    assert coordinator.input_value("#id_slug") == "natteravner-pa-strommen"
    coordinator.select_option(
        "#id_innsatsomrade", label="Ungdomskriminalitet og kriminelle ungdomsnettverk"
    )
    coordinator.fill("#id_beskrivelse", "Voksne ute på fredagskvelder.")
    submit(coordinator)
    assert "ble lagt til" in coordinator.content()
    tiltak = Tiltak.objects.get(slug="natteravner-pa-strommen")
    assert tiltak.status == Tiltak.Status.UTKAST

    assert public.goto(f"{plan}/tiltak/natteravner-pa-strommen/").status == 404
    public.goto(f"{plan}/tiltak/?q=natteravner")
    assert "Natteravner på Strømmen" not in public.content()
    coordinator.goto(f"{plan}/tiltak/natteravner-pa-strommen/")
    assert "Forhåndsvisning for redaktører" in coordinator.content()

    coordinator.goto(f"{plan}/admin/tiltak/tiltak/{tiltak.pk}/change/")
    coordinator.select_option("#id_status", "publisert")
    submit(coordinator)
    assert public.goto(f"{plan}/tiltak/natteravner-pa-strommen/").status == 200
    assert "Voksne ute på fredagskvelder." in public.content()


def test_a_change_is_reverted_from_the_history(coordinator, public, plan):
    tiltak = Tiltak.objects.get(slug="gatemegling")
    change = f"{plan}/admin/tiltak/tiltak/{tiltak.pk}/change/"
    coordinator.goto(change)
    coordinator.fill("#id_tittel", "Gatemegling (feil)")
    submit(coordinator)
    public.goto(f"{plan}/tiltak/gatemegling/")
    assert "Gatemegling (feil)" in public.content()

    coordinator.goto(f"{plan}/admin/tiltak/tiltak/{tiltak.pk}/history/")
    assert "Gatemegling (feil)" in coordinator.content()
    # The oldest entry is the tiltak as the plan had it.
    with coordinator.expect_navigation():
        coordinator.locator("#change-history tbody tr").last.locator("a").first.click()
    submit(coordinator)
    public.goto(f"{plan}/tiltak/gatemegling/")
    assert public.locator("h1").inner_text() == "Gatemegling"


def test_two_editors_saving_the_same_tiltak_get_a_conflict_message(
    browser, coordinator, plan, django_user_model
):
    make_editor(django_user_model, "kollega", COORDINATOR)
    context = browser.new_context()
    colleague = context.new_page()
    log_in(colleague, plan, "kollega")
    tiltak = Tiltak.objects.get(slug="gatemegling")
    change = f"{plan}/admin/tiltak/tiltak/{tiltak.pk}/change/"
    coordinator.goto(change)
    colleague.goto(change)
    coordinator.fill("#id_beskrivelse", "Kurs i konflikthåndtering, fra Kari.")
    submit(coordinator)
    colleague.fill("#id_beskrivelse", "Kurs i megling, fra Ola.")
    submit(colleague)
    message = colleague.locator(".errornote, .errorlist").all_inner_texts()
    assert any("Noen andre lagret denne posten" in text for text in message)
    # Ola's text is still in his form, and Kari's is what was saved.
    assert colleague.input_value("#id_beskrivelse") == "Kurs i megling, fra Ola."
    tiltak.refresh_from_db()
    assert tiltak.beskrivelse == "Kurs i konflikthåndtering, fra Kari."
    context.close()


def test_a_contact_channel_editor_cannot_publish(browser, plan, django_user_model):
    make_editor(django_user_model, "redaktor", CHANNEL_EDITOR)
    context = browser.new_context()
    page = context.new_page()
    log_in(page, plan, "redaktor")
    assert "Kontaktkanaler" in page.content()
    assert page.locator('a[href="/admin/tiltak/tiltak/"]').count() == 0
    tiltak = Tiltak.objects.get(slug="gatemegling")
    response = page.goto(f"{plan}/admin/tiltak/tiltak/{tiltak.pk}/change/")
    assert response.status == 403
    assert page.goto(f"{plan}/admin/tiltak/tiltak/").status == 403
    context.close()
