"""The quality report and the coverage charts, as the SLT-koordinator sees them."""

import pytest

from tests.accounts import PASSWORD, reads_tiltak
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def staff_page(browser, site, django_user_model):
    reads_tiltak(
        django_user_model.objects.create_user(
            "koordinator", password=PASSWORD, is_staff=True
        )
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/intern/kvalitet/")
    page.fill("#id_username", "koordinator")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    yield page
    context.close()


def test_the_quality_report_shows_the_hfu_conflict_after_login(staff_page, live_server):
    assert staff_page.url == f"{live_server.url}/intern/kvalitet/"
    section = staff_page.locator("#nummerkonflikter")
    assert "Helsestasjon for ungdom (HFU) Lillestrøm" in section.inner_text()
    assert "400 20 730" in section.inner_text()
    assert "66 93 21 61" in section.inner_text()
    with staff_page.expect_navigation():
        section.get_by_role("link", name="Helsestasjonen for ungdom (HFU)").click()
    assert "/admin/tiltak/tiltak/" in staff_page.url


def test_axe_finds_no_violations_on_the_quality_report(staff_page):
    assert_no_axe_violations(staff_page)


def test_the_overview_draws_the_charts_with_their_tables(staff_page, live_server):
    staff_page.goto(f"{live_server.url}/intern/oversikt/")
    charts = staff_page.get_by_role("img")
    assert charts.count() == 3
    names = [charts.nth(i).get_attribute("aria-labelledby") for i in range(3)]
    assert all(names)
    area_chart = staff_page.get_by_role(
        "img", name="Publiserte tiltak per innsatsområde"
    )
    assert area_chart.locator("rect").count() == 5
    assert staff_page.get_by_role("table").count() == 3
    staff_page.get_by_text("Tabell: tiltak per alder").click()
    assert staff_page.get_by_role("table").count() == 4
    assert_no_axe_violations(staff_page)


def test_the_overview_reflows_at_320_px(browser, staff_page, live_server):
    staff_page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/intern/oversikt/", "/intern/kvalitet/"):
        staff_page.goto(live_server.url + path)
        width = staff_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, path
