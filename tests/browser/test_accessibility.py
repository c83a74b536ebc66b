import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGE_TYPES = {
    "forside": "/",
    "liste": "/tiltak/",
    "filtrert liste": "/tiltak/?innsatsomrade=vold-og-overgrep&alder=15&nytt=on",
    "tomt resultat": "/tiltak/?innsatsomrade=menneskehandel&ansvar=out",
    "ugyldig filter": "/tiltak/?alder=mange",
    "detalj": "/tiltak/hasjavvenningsprogram-hap/",
    "detalj med rask utgang": "/tiltak/romerike-krisesenter/",
    "innsatsområde": "/innsatsomrader/vold-og-overgrep/",
    "er du bekymret": "/er-du-bekymret/",
    "bekymringstema": "/er-du-bekymret/vold-og-overgrep/",
    "om": "/om/",
    "handlingsplaner": "/planer/",
    "handlingsplan": "/planer/2023-2024/",
    "tilgjengelighet": "/tilgjengelighet/",
    "404": "/finnes-ikke/",
}


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_axe_finds_no_wcag_21_aa_violations(site, page, path):
    page.goto(site + path)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_pages_reflow_at_320_px_without_horizontal_scrolling(site, browser, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site + path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 320


def test_the_stylesheets_load_under_the_content_security_policy(site, page):
    errors = []
    page.on("console", lambda message: errors.append(message.text))
    page.goto(site + "/er-du-bekymret/")
    colour = page.eval_on_selector(".topp", "e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(0, 88, 110)"
    assert not [e for e in errors if "Content Security Policy" in e]
