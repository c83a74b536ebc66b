"""«Er du bekymret?» in a phone's and a desktop's window: what the first screen
holds, the exit that stays in view, axe on the main and a concern page.

Screenshots go to pytest's tmp_path (run with --basetemp to keep them in view).
"""

from datetime import datetime

import pytest
import time_machine

from kontakter.betjening import OSLO
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
EMERGENCY = ["112", "113", "110", "02800", "116 111"]


@pytest.fixture
def iphone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def bottom_of(page, selector: str) -> float:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().bottom")


def in_viewport(page, selector: str) -> bool:
    box = page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect();"
        " return [r.top, r.bottom, innerHeight]; }",
    )
    top, bottom, height = box
    return top >= 0 and bottom <= height


def test_the_first_phone_screen_holds_the_emergency_numbers_and_the_concerns(
    site, iphone, tmp_path
):
    iphone.goto(site + "/er-du-bekymret/")
    iphone.screenshot(path=tmp_path / "bekymret-390.png")
    for number in EMERGENCY:
        link = iphone.locator(".nodnummer", has_text=number).first
        box = link.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], number
        assert box["height"] >= 44 and box["width"] >= 44, number
    concerns = iphone.locator(".tema-meny a")
    assert concerns.count() == 5
    for index in range(concerns.count()):
        box = concerns.nth(index).bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"]
        assert box["height"] >= 44


def test_the_exit_stays_in_view_after_scrolling_to_the_bottom(site, iphone, tmp_path):
    for path in ("/er-du-bekymret/", "/er-du-bekymret/vold-og-overgrep/"):
        iphone.goto(site + path)
        iphone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        iphone.wait_for_function("window.scrollY > 0")
        assert in_viewport(iphone, "#forlat-siden"), path
    iphone.screenshot(path=tmp_path / "tema-390-bunn.png")


def test_the_esc_hint_shows_for_a_mouse_and_keyboard_but_not_on_a_phone(
    site, iphone, page
):
    iphone.goto(site + "/er-du-bekymret/")
    assert not iphone.locator(".forlat-siden__esc").is_visible()
    page.goto(site + "/er-du-bekymret/")
    assert page.locator(".forlat-siden__esc").is_visible()


def test_a_concern_page_separates_parents_from_professionals(site, iphone, tmp_path):
    iphone.goto(site + "/er-du-bekymret/")
    iphone.click(".tema-meny a:has-text('Rus')")
    iphone.wait_for_url("**/er-du-bekymret/rus/")
    iphone.screenshot(path=tmp_path / "rus-390.png")
    headings = iphone.locator(".malgruppe h2").all_inner_texts()
    assert headings == ["For foreldre og unge", "For deg som jobber med barn og unge"]
    iphone.click(".malgruppe-valg a:has-text('jobber med')")
    assert in_viewport(iphone, "#fagfolk-tittel")
    assert in_viewport(iphone, "#forlat-siden")


@pytest.mark.parametrize("path", ["/er-du-bekymret/", "/er-du-bekymret/rus/"])
def test_axe_finds_nothing_on_the_page_and_a_concern(site, page, path, tmp_path):
    page.set_viewport_size(DESKTOP)
    page.goto(site + path)
    name = path.strip("/").replace("/", "-")
    page.screenshot(path=tmp_path / f"{name}-1280.png", full_page=True)
    assert_no_axe_violations(page)


def test_axe_finds_nothing_on_a_phone(site, iphone):
    iphone.goto(site + "/er-du-bekymret/rus/")
    assert_no_axe_violations(iphone)


# --- «Betjent nå»: a frozen clock in the server (time-machine moves every thread's
# clock; Chromium's own is untouched).


def test_a_closed_line_says_so_and_where_to_turn_and_the_page_is_clean(site, iphone):
    # A Saturday at 05:00: the forebyggende politi's line opens at 18:00.
    with time_machine.travel(datetime(2026, 12, 5, 5, 0, tzinfo=OSLO)):
        iphone.goto(site + "/tiltak/forebyggende-politi/")
        status = iphone.get_by_text("Stengt nå · åpner kl. 18:00")
        assert status.is_visible()
        fallback = iphone.locator(".telefon__nar-stengt").first
        assert "Send en sms eller legg igjen en beskjed" in fallback.inner_text()
        assert fallback.locator('a[href="tel:02800"]').count() == 1
        assert_no_axe_violations(iphone)


def test_at_half_past_nine_on_a_weekday_the_open_lines_are_listed(site, page):
    with time_machine.travel(datetime(2026, 12, 1, 21, 30, tzinfo=OSLO)):
        page.set_viewport_size(DESKTOP)
        page.goto(site + "/er-du-bekymret/")
        section = page.locator("section.apent-na")
        heading = section.get_by_role("heading", name="Åpent nå")
        assert heading.is_visible()
        text = section.inner_text()
        assert text.index("112") < text.index("909 52 580")
        assert "Åpen nå · til 23:00" in text
        assert "908 21 722" not in text
        assert_no_axe_violations(page)
