import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kontakter.models import Kontaktkanal
from tests.factories import make_aktor, make_innsatsomrade, make_tiltak
from tiltak.intern.export import HEADER, neutralise
from tiltak.models import Tiltak

CSV = reverse("intern:eksport_csv")
XLSX = reverse("intern:eksport_xlsx")


def read_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def plan(db) -> None:
    vold = make_innsatsomrade(navn="Vold i nære relasjoner", slug="vold")
    aktor = make_aktor(navn="Helsestasjon for ungdom (HFU)")
    telefon = Kontaktkanal.objects.create(
        aktor=aktor,
        type=Kontaktkanal.Type.TELEFON,
        verdi="+4740020730",
        etikett="Helsesykepleier Åse",
        apningstid="mandag–torsdag 12.00–14.30",
    )
    make_tiltak(
        tittel="Samtaler om kjærester",
        innsatsomrade=vold,
        alder_fra=13,
        alder_til=24,
        nytt=True,
        aktorer=[aktor],
        kanaler=[telefon],
        intern_merknad="Nummeret sjekkes i mai.",
        sist_verifisert=date(2024, 5, 2),
    )
    make_tiltak(tittel="Utkast om vold", innsatsomrade=vold, status="utkast")
    make_tiltak(tittel="Natteravner")


def test_the_csv_holds_exactly_the_filtered_list(staff_client, plan):
    response = staff_client.get(CSV, {"innsatsomrade": "vold", "status": "publisert"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="slt-tiltak-{today}.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert len(rows) == 2
    row = dict(zip(HEADER, rows[1], strict=True))
    assert row["Tittel"] == "Samtaler om kjærester"
    assert row["Innsatsområde"] == "Vold i nære relasjoner"
    assert row["Status"] == "Publisert"
    assert row["Nytt tiltak"] == "ja"
    assert (row["Alder fra"], row["Alder til"]) == ("13", "24")
    assert row["Ansvarlige"] == "Helsestasjon for ungdom (HFU)"
    assert row["Type aktør"] == "Kommunal"
    assert row["Kontaktkanaler"] == (
        "Helsesykepleier Åse: 400 20 730 (betjent mandag–torsdag 12.00–14.30)"
    )
    assert row["Intern merknad"] == "Nummeret sjekkes i mai."
    assert row["Sist verifisert"] == "2024-05-02"
    assert row["Adresse på nettsiden"].startswith("/tiltak/")


def test_the_xlsx_holds_exactly_the_filtered_list(staff_client, plan):
    response = staff_client.get(XLSX, {"innsatsomrade": "vold"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = read_xlsx(response)
    assert rows[0] == HEADER
    by_title = {row[0]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    assert set(by_title) == {"Samtaler om kjærester", "Utkast om vold"}
    assert by_title["Samtaler om kjærester"]["Alder fra"] == 13
    assert by_title["Utkast om vold"]["Status"] == "Utkast"


def test_the_export_holds_every_page_of_the_list(staff_client, seeded):
    published = Tiltak.objects.published().count()
    assert published > 20, "the plan fills more than one page of the list"
    rows = read_csv(staff_client.get(CSV, {"status": "publisert", "side": "2"}))
    assert len(rows) == published + 1


def test_the_export_of_the_real_plan_follows_a_search(staff_client, seeded):
    rows = read_xlsx(staff_client.get(XLSX, {"q": "hasj"}))
    assert any("Hasjavvenningsprogram" in row[0] for row in rows[1:])
    assert all(len(row) == len(HEADER) for row in rows)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_puts_an_apostrophe_before_a_formula_start(start):
    assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise(f"Ring {start}") == f"Ring {start}"
    assert neutralise(12) == 12


def test_neutralise_does_not_let_a_control_character_hide_a_formula():
    assert neutralise("\x01=SUM(A1)") == "'=SUM(A1)"


@pytest.fixture
def farlig(db) -> Tiltak:
    return make_tiltak(
        tittel='=HYPERLINK("http://example.com","Klikk")',
        beskrivelse="+47 er landskoden",
        intern_merknad="@SUM(1)",
        kontakt_tekst="-2+3",
    )


def test_the_csv_neutralises_formulas(staff_client, farlig):
    row = dict(zip(HEADER, read_csv(staff_client.get(CSV))[1], strict=True))
    assert row["Tittel"] == '\'=HYPERLINK("http://example.com","Klikk")'
    assert row["Beskrivelse"] == "'+47 er landskoden"
    assert row["Intern merknad"] == "'@SUM(1)"
    assert row["Annen kontaktinformasjon"] == "'-2+3"


def test_the_xlsx_writes_formulas_as_plain_text(staff_client, farlig):
    sheet = load_workbook(io.BytesIO(staff_client.get(XLSX).content)).active
    cells = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert all(cell.data_type != "f" for cell in cells)
    row = dict(zip(HEADER, (cell.value for cell in cells), strict=True))
    assert row["Tittel"] == '\'=HYPERLINK("http://example.com","Klikk")'
    assert row["Intern merknad"] == "'@SUM(1)"


def test_an_export_with_a_bad_filter_is_refused_with_the_list_and_400(
    staff_client, plan
):
    response = staff_client.get(CSV, {"alder": "gammel"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Noe i filteret kunne ikke brukes" in response.content.decode()


def test_the_export_takes_a_fixed_number_of_queries(
    staff_client, seeded, django_assert_max_num_queries
):
    for url in (CSV, XLSX):
        # Five for the login checks and the session save of staff requests.
        with django_assert_max_num_queries(13):
            staff_client.get(url, {"q": "vold", "aktortype": "kommunal"})
