import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_filtering_works_with_javascript_disabled(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/tiltak/")
    page.check("#omrade-vold-og-overgrep")
    page.fill("#id_alder", "15")
    page.click("button:has-text('Vis tiltak')")
    page.wait_for_url("**/tiltak/?*innsatsomrade=vold-og-overgrep*")
    heading = page.inner_text("#resultat-tittel")
    titles = page.locator(".tiltak-kort h3").all_inner_texts()
    context.close()
    assert heading.endswith("tiltak")
    assert "Romerike Krisesenter" in titles
    assert "Gatemegling" not in titles


def test_the_quick_exit_is_a_plain_link_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/er-du-bekymret/")
    link = page.locator("#forlat-siden")
    href = link.get_attribute("href")
    visible = link.is_visible()
    context.close()
    assert href == "https://www.yr.no/"
    assert visible
