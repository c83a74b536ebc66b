"""Results first on a phone: after a search the first result is on the first screen,
the filters wait behind «Filtrer», and a wide screen keeps them open beside the list."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
SEARCH = "/tiltak/?q=rus"
FILTERED = "/tiltak/?q=rus&alder=15&nytt=on"
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".cache" / "screenshots"


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_page(viewport: dict, javascript: bool = True, **options):
        context = browser.new_context(
            viewport=viewport, java_script_enabled=javascript, **options
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def first_result_top(page) -> float:
    """Where the first result starts, in px from the top of the page."""
    return page.locator(".tiltak-kort").first.evaluate(
        "e => e.getBoundingClientRect().top + window.scrollY"
    )


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "uten-js"])
def test_after_a_search_on_a_phone_the_first_result_is_on_the_first_screen(
    site, open_page, javascript
):
    page = open_page(PHONE, javascript, is_mobile=True, has_touch=True)
    page.goto(site + SEARCH)
    assert page.locator(".tiltak-kort").count() > 0
    assert first_result_top(page) < PHONE["height"]
    # The filters are folded away; the search field stays.
    assert page.locator("#id_q").is_visible()
    assert not page.locator("#id_ansvar").is_visible()
    screenshot(page, f"liste-390-{'js' if javascript else 'uten-js'}")


def test_searching_on_a_phone_lands_on_the_results(site, open_page):
    page = open_page(PHONE, is_mobile=True, has_touch=True)
    page.goto(site + "/tiltak/")
    page.fill("#id_q", "rus")
    page.locator(".sokefelt button").click()
    page.wait_for_url(re.compile(r"/tiltak/\?q=rus.*#resultater$"))
    # The results' heading is at the top of the screen, the first card below it.
    heading = page.locator("#resultat-tittel").bounding_box()
    assert -1 < heading["y"] < 200
    assert page.locator(".tiltak-kort").first.bounding_box()["y"] < PHONE["height"]


def test_filtrer_says_how_many_filters_are_chosen(site, open_page):
    page = open_page(PHONE)
    page.goto(site + FILTERED)
    assert page.locator(".filtre__filtrer").inner_text() == "Filtrer (2 valgt)"
    page.goto(site + SEARCH)
    assert page.locator(".filtre__filtrer").inner_text() == "Filtrer"


def test_filtrer_opens_by_keyboard_and_filters(site, open_page):
    page = open_page(PHONE)
    page.goto(site + SEARCH)
    summary = page.locator(".filtre__filtrer")
    summary.focus()
    expect(page.locator("#id_nytt")).to_be_hidden()
    page.keyboard.press("Enter")
    expect(page.locator("#id_nytt")).to_be_visible()
    page.keyboard.press("Tab")  # the first area: «Alle områder»
    assert page.evaluate("document.activeElement.name") == "innsatsomrade"
    page.check("#id_nytt")
    page.locator("button:has-text('Vis tiltak')").press("Enter")
    page.wait_for_url(re.compile(r"nytt=on.*#resultater$"))
    assert "q=rus" in page.url
    assert page.locator(".filtre__filtrer").inner_text() == "Filtrer (1 valgt)"
    # Space opens and closes it too, and it keeps what was chosen.
    page.locator(".filtre__filtrer").focus()
    page.keyboard.press("Space")
    expect(page.locator("#id_nytt")).to_be_checked()
    page.keyboard.press("Space")
    # Designsystemet animates the closing for 0.4 s.
    expect(page.locator("#id_nytt")).to_be_hidden()


def test_filtrer_opens_without_javascript(site, open_page):
    page = open_page(PHONE, javascript=False, is_mobile=True, has_touch=True)
    page.goto(site + SEARCH)
    page.locator(".filtre__filtrer").tap()
    page.check("#omrade-vold-og-overgrep")
    page.locator("button:has-text('Vis tiltak')").tap()
    page.wait_for_url(re.compile(r"innsatsomrade=vold-og-overgrep"))
    assert page.locator(".filtre__filtrer").inner_text() == "Filtrer (1 valgt)"
    assert first_result_top(page) < PHONE["height"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "uten-js"])
def test_a_wide_screen_keeps_the_filters_open_beside_the_results(
    site, open_page, javascript
):
    page = open_page(WIDE, javascript)
    page.goto(site + FILTERED)
    assert not page.locator(".filtre__filtrer").is_visible()
    for field in ("#id_q", "#omrade-vold-og-overgrep", "#id_ansvar", "#id_alder"):
        assert page.locator(field).is_visible(), field
    filters = page.locator(".filtre").bounding_box()
    results = page.locator("#resultater").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]
    assert abs(filters["y"] - results["y"]) < 5
    # Reachable by keyboard though the <details> is closed.
    page.locator("#id_q").focus()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "innsatsomrade"
    screenshot(page, f"liste-1280-{'js' if javascript else 'uten-js'}")


def test_a_screen_reader_finds_the_open_filters_on_a_wide_screen(site, open_page):
    # The closed <details> shown by CSS must not hide its fields from assistive
    # technology: read Chromium's own accessibility tree.
    page = open_page(WIDE)
    page.goto(site + SEARCH)
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    exposed = {
        (node["role"]["value"], node.get("name", {}).get("value", ""))
        for node in tree["nodes"]
        if not node.get("ignored") and "role" in node
    }
    assert ("combobox", "Ansvarlig") in exposed
    assert ("spinbutton", "Alder") in exposed
    assert ("radio", "Alle områder") in exposed


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1280"])
def test_the_list_after_a_search_has_no_axe_violations(site, open_page, viewport):
    page = open_page(viewport)
    page.goto(site + FILTERED)
    assert_no_axe_violations(page)
    page.goto(site + SEARCH)
    if viewport is PHONE:
        page.locator(".filtre__filtrer").click()
    assert_no_axe_violations(page)


# Words and numbers that must not break apart (issue 17: «Ungdomskriminalit|et»).

WORD_LINES = """(word) => {
    const walker = document.createTreeWalker(document.querySelector('h1'), 4);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(word);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    }
    return null;
}"""

# A label's last line and its number on different lines, though they would fit on
# one: only where the two are wider than the line may the number go below.
LABEL_AND_NUMBER_APART = """() => [...document.querySelectorAll('.telefon')]
    .filter(phone => phone.querySelector('.telefon__etikett'))
    .filter(phone => {
        const lines = phone.querySelector('.telefon__etikett').getClientRects();
        const label = lines[lines.length - 1];
        const number = phone.querySelector('.telefon__nummer').getBoundingClientRect();
        const line = phone.parentElement.clientWidth;
        const apart = label.bottom <= number.top || number.bottom <= label.top;
        return apart && label.width + number.width + 8 <= line;
    })
    .map(phone => phone.textContent.trim())"""


def test_text_is_norwegian_and_hyphenates_but_numbers_and_addresses_do_not(
    site, open_page
):
    page = open_page(PHONE)
    page.goto(site + "/tiltak/gatemegling/")
    assert page.evaluate("document.documentElement.lang") == "nb"

    def hyphens(selector: str) -> str:
        return page.eval_on_selector(selector, "e => getComputedStyle(e).hyphens")

    assert hyphens("h1") == "auto"
    assert hyphens(".plantekst p") == "auto"
    assert hyphens("a[href^='tel:']") == "manual"
    assert hyphens("a[href^='mailto:']") == "manual"


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize(
    ("path", "word"),
    [
        ("/innsatsomrader/ungdomskriminalitet/", "Ungdomskriminalitet"),
        ("/tiltak/hasjavvenningsprogram-hap/", "Hasjavvenningsprogram"),
    ],
)
def test_a_long_word_of_a_heading_is_not_cut_on_a_phone(
    site, open_page, width, path, word
):
    page = open_page({"width": width, "height": 844})
    page.goto(site + path)
    assert page.evaluate(WORD_LINES, word) == 1


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", ["/tiltak/?q=rus", "/tiltak/gatemegling/"])
def test_a_phone_label_keeps_its_number_on_its_line(site, open_page, width, path):
    page = open_page({"width": width, "height": 844})
    page.goto(site + path)
    assert page.locator(".telefon__etikett").count() > 0
    assert page.evaluate(LABEL_AND_NUMBER_APART) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
