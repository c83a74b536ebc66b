"""The staff pages in a browser: login, the internal list and its filters, the
downloads, the printed plan and accessibility."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from tests.accounts import reads_tiltak
from tests.browser.axe import assert_no_axe_violations
from tiltak.intern.export import HEADER
from tiltak.models import Innsatsomrade, Tiltak

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "et-langt-passord-for-test"


@pytest.fixture
def plan(site, django_user_model) -> str:
    reads_tiltak(
        django_user_model.objects.create_user("gry", password=PASSWORD, is_staff=True)
    )
    django_user_model.objects.create_user("forelder", password=PASSWORD)
    return site


def log_in(page, username: str = "gry") -> None:
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


@pytest.fixture
def staff(page, plan):
    page.goto(f"{plan}/intern/logg-inn/")
    log_in(page)
    return page


def test_a_visitor_logs_in_and_comes_back_to_the_filtered_list(page, plan):
    page.goto(f"{plan}/intern/?status=utkast")
    assert "/intern/logg-inn/" in page.url
    assert page.locator("h1").inner_text() == "Logg inn"
    log_in(page)
    assert page.url == f"{plan}/intern/?status=utkast"
    assert page.locator("h1").inner_text() == "Alle tiltak"
    assert page.locator(".valgte-filtre").inner_text().strip() == "Status: Utkast"


def test_a_wrong_password_is_explained_in_norwegian(page, plan):
    page.goto(f"{plan}/intern/logg-inn/")
    page.fill("#id_username", "gry")
    page.fill("#id_password", "feil-passord")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert (
        "Vi kunne ikke logge deg inn" in page.locator(".ds-error-summary").inner_text()
    )
    assert_no_axe_violations(page)


def test_a_user_who_is_not_staff_is_refused(page, plan):
    page.goto(f"{plan}/intern/")
    log_in(page, "forelder")
    assert "Du har ikke tilgang" in page.locator("h1").inner_text()
    assert_no_axe_violations(page)


def test_the_filters_narrow_the_list_and_show_internal_fields(staff, plan):
    staff.select_option("#id_status", "publisert")
    staff.select_option("#id_aktortype", "statlig")
    staff.check("#id_uten_kanal")
    with staff.expect_navigation():
        staff.click("button:has-text('Vis tiltak')")
    chips = staff.locator(".valgte-filtre li").all_inner_texts()
    assert chips == ["Status: Publisert", "Type aktør: Statlig", "Mangler kontaktkanal"]
    expected = (
        Tiltak.objects.published()
        .with_aktortype("statlig")
        .without_kontaktkanal()
        .count()
    )
    assert staff.locator(".intern-tiltak").count() == expected
    staff.fill("#id_ikke_verifisert", "12")
    staff.uncheck("#id_uten_kanal")
    with staff.expect_navigation():
        staff.click("button:has-text('Vis tiltak')")
    assert "ikke_verifisert=12" in staff.url
    assert staff.locator(".intern-tiltak dt", has_text="Sist verifisert").count() > 0


def test_the_csv_download_is_the_filtered_list(staff, plan):
    staff.goto(f"{plan}/intern/?innsatsomrade=vold-og-overgrep")
    with staff.expect_download() as download:
        staff.click("text=Last ned CSV")
    assert re.fullmatch(
        r"slt-tiltak-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename
    )
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    area = Innsatsomrade.objects.get(slug="vold-og-overgrep")
    assert rows[0] == HEADER
    assert {row[0] for row in rows[1:]} == set(
        area.tiltak.values_list("tittel", flat=True)
    )


def test_the_xlsx_download_is_the_filtered_list(staff, plan):
    staff.goto(f"{plan}/intern/?q=hasj")
    with staff.expect_download() as download:
        staff.click("text=Last ned Excel (XLSX)")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    assert any(row[0] == "Hasjavvenningsprogram (HAP)" for row in rows[1:])


def pdf_pages(page) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))


def test_the_printed_plan_starts_each_area_on_a_new_page_without_menus(staff, plan):
    staff.goto(f"{plan}/intern/utskrift/")
    assert staff.locator(".intern-meny").is_visible()
    staff.emulate_media(media="print")
    for chrome in (".topp", ".intern-meny", ".bunn", ".utskrift__hjelp"):
        assert not staff.locator(chrome).is_visible(), chrome
    breaks = staff.eval_on_selector_all(
        ".utskrift__omrade", "els => els.map(e => getComputedStyle(e).breakBefore)"
    )
    areas = Innsatsomrade.objects.filter(tiltak__status="publisert").distinct()
    assert len(breaks) == areas.count() == 5
    assert breaks[0] != "page" and set(breaks[1:]) == {"page"}
    whole_plan = pdf_pages(staff)
    assert whole_plan >= len(breaks)

    staff.goto(f"{plan}/intern/utskrift/?innsatsomrade=menneskehandel")
    one_small_area = pdf_pages(staff)
    assert one_small_area == 1
    assert whole_plan < 4 * Tiltak.objects.published().count()


@pytest.mark.parametrize(
    "path",
    [
        "/intern/",
        "/intern/?status=utkast&aktortype=ideell&ikke_verifisert=6&uten_kanal=on",
        "/intern/?ikke_verifisert=mange",
        "/intern/utskrift/",
    ],
)
def test_axe_finds_no_violations_on_the_staff_pages(staff, plan, path):
    staff.goto(plan + path)
    assert_no_axe_violations(staff)


def test_axe_finds_no_violations_on_the_login_page(page, plan):
    page.goto(f"{plan}/intern/logg-inn/?next=/intern/")
    assert_no_axe_violations(page)


def test_the_staff_list_reflows_at_320_px(browser, plan):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{plan}/intern/logg-inn/")
    log_in(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320
