import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FOCUSED = "() => { const e = document.activeElement; return e.id || e.className; }"


def tab(page) -> str:
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


@pytest.mark.parametrize("path", ["/er-du-bekymret/", "/tiltak/romerike-krisesenter/"])
def test_quick_exit_is_first_in_keyboard_order(site, page, path):
    page.goto(site + path)
    assert tab(page) == "forlat-siden"
    assert tab(page) == "ds-skip-link"


def test_pages_not_about_violence_start_with_the_skip_link(site, page):
    page.goto(site + "/tiltak/gatemegling/")
    assert tab(page) == "ds-skip-link"
    assert page.locator("#forlat-siden").count() == 0


def test_quick_exit_replaces_the_page_and_escape_does_the_same(site, page):
    page.route(
        "https://www.yr.no/**",
        lambda route: route.fulfill(body="<title>Yr</title>", content_type="text/html"),
    )
    page.goto(site + "/")
    page.goto(site + "/er-du-bekymret/")
    page.click("#forlat-siden")
    page.wait_for_url("https://www.yr.no/**")
    page.go_back()
    # location.replace: Back skips the worried page and lands on the one before.
    assert page.url == site + "/"
    page.goto(site + "/er-du-bekymret/")
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.yr.no/**")


def test_tab_reaches_the_filters_and_the_phone_links(site, page):
    page.goto(site + "/tiltak/?q=hasj")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return e.id || e.getAttribute('href') || ''; }"
            )
        )
    for control in ("id_q", "id_ansvar", "id_alder", "id_nytt"):
        assert control in seen
    assert "tel:+4766932161" in seen


def test_focus_is_visible(site, page):
    page.goto(site + "/tiltak/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => getComputedStyle(document.activeElement).outlineStyle"
    )
    assert outline != "none"


def test_who_do_i_call_about_hasj_takes_two_steps_from_home_by_keyboard(site, phone):
    phone.goto(site + "/")
    # Step 1: find the search field by keyboard and search.
    for _ in range(15):
        if phone.evaluate("document.activeElement.name") == "q":
            break
        phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.name") == "q"
    phone.keyboard.type("hasj")
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"/tiltak/\?q=hasj"))
    # Step 2: the first result carries the number to call.
    first = phone.locator(".tiltak-kort").first
    assert "Hasjavvenningsprogram" in first.locator("h3").inner_text()
    call = first.locator("a[href^='tel:']").first
    assert call.get_attribute("href") == "tel:+4766932161"
    box = call.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    for _ in range(40):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.getAttribute('href')") == (
            "tel:+4766932161"
        ):
            break
    assert phone.evaluate("document.activeElement.getAttribute('href')") == (
        "tel:+4766932161"
    )
