"""The admin in Norwegian where only a browser sees it: what its scripts write (the
date shortcuts, the inline's «Legg til», the channel picker), the filters, and
every changelist fitting a 1280 px screen without cutting a column off."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.contrib.auth.models import Group

from tests.accounts import PASSWORD, enroll, log_in_in_browser
from tests.browser.axe import assert_no_axe_violations
from tests.tiltak.test_admin_norsk import english_words
from tiltak.intern.roles import COORDINATOR
from tiltak.models import TiltakKanal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def coordinator(browser, plan, django_user_model):
    user = django_user_model.objects.create_user(
        "koordinator", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=COORDINATOR))
    device = enroll(user)
    # An hour behind the server (Europe/Oslo), as a laptop set to UTC would be.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="UTC"
    )
    page = context.new_page()
    log_in_in_browser(page, f"{plan}/admin/", "koordinator", PASSWORD, device)
    yield page
    context.close()


def test_the_changelists_filters_and_menu_speak_norwegian(coordinator, plan):
    coordinator.goto(f"{plan}/admin/tiltak/tiltak/")
    assert coordinator.get_by_role("link", name="Vis antall").is_visible()
    menu_filter = coordinator.locator("#nav-filter")
    assert menu_filter.get_attribute("placeholder") == "Skriv for å filtrere …"
    menu_filter.fill("synon")
    assert coordinator.get_by_role("link", name="Synonymer").is_visible()
    assert not coordinator.get_by_role("link", name="Aktører").is_visible()
    assert coordinator.get_by_role("button", name="Utfør").is_visible()
    add = coordinator.locator(".object-tools .addlink").text_content()
    assert add.strip() == "Legg til nytt tiltak"
    # The link loads the list again with counts: wait for that page, not the old one.
    with coordinator.expect_navigation():
        coordinator.get_by_role("link", name="Vis antall").click()
    assert coordinator.get_by_role("link", name="Skjul antall").is_visible()
    assert english_words(coordinator.content()) == []


def test_what_the_admins_scripts_write_on_a_tiltak_is_norwegian(coordinator, plan):
    link = TiltakKanal.objects.filter(kanal__verdi="+4790952580").first()
    coordinator.goto(f"{plan}/admin/tiltak/tiltak/{link.tiltak_id}/change/")
    # The date shortcuts of «sist verifisert», written by DateTimeShortcuts.js.
    assert coordinator.locator(".datetimeshortcuts a").first.inner_text() == "I dag"
    coordinator.locator(".datetimeshortcuts .date-icon").first.click()
    calendar = coordinator.locator(".calendarbox").first
    assert calendar.is_visible()
    assert "desember" in calendar.inner_text().lower() or "januar" in (
        calendar.inner_text().lower()
    )
    assert calendar.get_by_text("Avbryt").is_visible()
    # The inlines' «Legg til …», written by inlines.js.
    add_rows = coordinator.locator(".add-row a").all_inner_texts()
    assert add_rows and all(text.startswith("Legg til") for text in add_rows)
    assert english_words(coordinator.content()) == []


def test_the_channel_picker_shows_whose_number_it_is(coordinator, plan):
    link = TiltakKanal.objects.filter(kanal__verdi="+4790952580").first()
    coordinator.goto(f"{plan}/admin/tiltak/tiltak/{link.tiltak_id}/change/")
    chosen = coordinator.locator(
        "#tiltakkanal_set-group .select2-selection__rendered"
    ).all_inner_texts()
    assert any("Politiet – Drøftingstelefonen – 909 52 580" in t for t in chosen)
    coordinator.locator("#tiltakkanal_set-group .add-row a").click()
    coordinator.locator("#tiltakkanal_set-group .select2-selection").last.click()
    search = coordinator.locator(".select2-search__field")
    search.fill("Politi")
    options = coordinator.locator(".select2-results__option")
    # The box first lists every channel; wait for the answer to «Politi».
    options.filter(has_text="Drøftingstelefonen – 909 52 580").first.wait_for()
    coordinator.wait_for_function(
        "() => !document.querySelector('.select2-results__option.loading-results')"
    )
    texts = options.all_inner_texts()
    assert "Politiet – Drøftingstelefonen – 909 52 580" in texts
    assert not any(text.startswith("+47") for text in texts)
    search.fill("xyzxyz")
    coordinator.wait_for_timeout(600)
    assert options.first.inner_text() == "Ingen treff"


def test_no_changelist_cuts_a_column_off_at_1280_px(coordinator, plan):
    cut = {}
    for model in admin_site._registry:
        opts = model._meta
        if opts.app_label not in {"tiltak", "kontakter"}:
            continue
        coordinator.goto(f"{plan}/admin/{opts.app_label}/{opts.model_name}/")
        widths = coordinator.evaluate(
            "() => { const r = document.querySelector('.results');"
            " return r ? [r.scrollWidth, r.clientWidth] : [0, 0] }"
        )
        if widths[0] > widths[1]:
            cut[opts.model_name] = widths
    assert cut == {}


def test_the_guide_passes_axe_and_reflows_at_320_px(coordinator, plan):
    coordinator.goto(f"{plan}/admin/")
    coordinator.get_by_role("link", name="Hjelp", exact=True).click()
    assert coordinator.url == f"{plan}/intern/hjelp/"
    assert_no_axe_violations(coordinator)
    coordinator.set_viewport_size({"width": 320, "height": 640})
    assert coordinator.evaluate("document.documentElement.scrollWidth") <= 320


def admin_pages(model) -> list[str]:
    """A model's list, its empty form and the form of its first row."""
    opts = model._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    first = model._default_manager.order_by("pk").first()
    return [base, f"{base}add/"] + ([f"{base}{first.pk}/change/"] if first else [])


def test_every_admin_page_a_coordinator_opens_passes_axe(coordinator, plan):
    """Lists, empty forms and filled-in forms, with their inline rows and
    autocomplete boxes; the pages only an administrator may open are refused."""
    checked, refused = [], []
    for model in admin_site._registry:
        for path in admin_pages(model):
            response = coordinator.goto(plan + path)
            if response.status == 403:
                refused.append(path)
                continue
            assert response.status == 200, path
            try:
                assert_no_axe_violations(coordinator)
            except AssertionError as error:
                raise AssertionError(f"{path}\n{error}") from None
            checked.append(path)
    assert "/admin/tiltak/handlingsplan/1/change/" in checked
    assert "/admin/kontakter/kontaktkanal/add/" in checked
    assert "/admin/auth/user/" in refused
