"""The coordinator's two-step login and the admin's scripts under our
Content-Security-Policy, in a real browser; axe on every login page."""

import re

import pytest
from django.contrib.auth.models import Group

from tests.accounts import PASSWORD, enroll, log_in_in_browser
from tests.browser.axe import assert_no_axe_violations
from tiltak.intern.roles import COORDINATOR
from tiltak.models import Tiltak

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def make_coordinator(django_user_model, plan):
    def make(username: str = "gry"):
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=COORDINATOR))
        return user

    return make


@pytest.fixture
def console(page) -> list[str]:
    """Every console message and uncaught error the pages produce."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(str(error)))
    return messages


# Chromium words it «Refused to …» or «… violates the following Content Security
# Policy directive», depending on the version and what was blocked.
CSP_VIOLATION = re.compile(r"Content[- ]Security[- ]Policy|Refused to", re.IGNORECASE)


def csp_violations(messages: list[str]) -> list[str]:
    return [text for text in messages if CSP_VIOLATION.search(text)]


def test_the_console_check_catches_a_blocked_inline_script(page, console, plan):
    page.goto(f"{plan}/intern/logg-inn/")
    with page.expect_console_message():
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.ran = true";
                document.body.append(script);
            }"""
        )
    assert page.evaluate("() => window.ran") is None
    assert csp_violations(console)


def test_a_coordinator_logs_in_with_a_code_and_the_admin_works_under_the_csp(
    page, console, plan, make_coordinator
):
    device = enroll(make_coordinator())
    log_in_in_browser(page, f"{plan}/admin/", "gry", PASSWORD, device)
    assert page.url == f"{plan}/admin/"
    assert "Handlingsplan og kontakter" in page.locator("h1").inner_text()

    tiltak = Tiltak.objects.get(slug="gatemegling")
    page.goto(f"{plan}/admin/tiltak/tiltak/{tiltak.pk}/change/")
    # The inline's «add another» and the actor autocomplete are the admin's scripts.
    rows = page.locator("#tiltakaktor_set-group tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#tiltakaktor_set-group .add-row a").click()
    assert rows.count() == before + 1
    rows.last.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("OUT")
    option = page.locator(".select2-results__option", has_text="Oppsøkende")
    option.first.wait_for()
    option.first.click()
    assert "Oppsøkende ungdomsteam" in rows.last.inner_text()

    page.goto(f"{plan}/admin/tiltak/tiltak/add/")
    page.locator("#id_tittel").press_sequentially("Leksehjelp på biblioteket")
    assert page.input_value("#id_slug") == "leksehjelp-pa-biblioteket"

    page.goto(f"{plan}/intern/")
    assert page.locator("h1").inner_text() == "Alle tiltak"
    page.goto(f"{plan}/intern/kvalitet/")
    assert page.locator("#nummerkonflikter").count() == 1
    assert csp_violations(console) == []


def test_axe_finds_no_violations_on_the_code_page_with_and_without_an_error(
    page, plan, make_coordinator
):
    enroll(make_coordinator())
    log_in_in_browser(page, f"{plan}/intern/", "gry", PASSWORD)
    assert page.locator("h1").inner_text() == "Skriv inn koden"
    assert_no_axe_violations(page)
    page.fill("#id_kode", "12")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "Skriv de 6 sifrene" in page.locator(".ds-error-summary").inner_text()
    assert_no_axe_violations(page)


def test_the_lockout_page_is_norwegian_and_passes_axe(page, console, plan):
    for _ in range(5):
        page.goto(f"{plan}/intern/logg-inn/")
        page.fill("#id_username", "gry")
        page.fill("#id_password", "feil-passord")
        with page.expect_navigation() as navigation:
            page.click("button[type=submit]")
    assert navigation.value.status == 429
    assert page.locator("h1").inner_text() == "Innloggingen er sperret en stund"
    assert_no_axe_violations(page)
    assert csp_violations(console) == []


def test_a_coordinator_without_an_app_is_told_to_ask_for_enrolment(
    page, plan, make_coordinator
):
    make_coordinator()
    log_in_in_browser(page, f"{plan}/intern/", "gry", PASSWORD)
    assert page.locator("h1").inner_text() == "Du må logge inn med kode"
    command = page.locator("pre").inner_text()
    assert ".venv/bin/python manage.py enroll_totp gry" in command
    assert_no_axe_violations(page)
