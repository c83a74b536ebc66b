"""The staff export of a filtered tiltak list as CSV or XLSX.

COLUMNS is the one place the column set is written; README.md («Intern») documents
it. Add columns at the end so spreadsheets built on the export keep working.
"""

import csv
import io
from collections.abc import Callable, Iterable

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from kontakter.models import Kontaktkanal
from tiltak.models import Tiltak, TiltakKanal

Value = str | int | None

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def kanal_text(link: TiltakKanal) -> str:
    """One channel as a line: label, value, staffed hours and the tiltak's note."""
    kanal = link.kanal
    label = kanal.etikett or kanal.get_type_display()
    if kanal.lacks_link:
        text = f"{label} (mangler adresse)"
    elif kanal.type == Kontaktkanal.Type.TELEFON:
        text = f"{label}: {kanal.display_value()}"
    else:
        text = f"{label}: {kanal.verdi}" if kanal.verdi else label
    if kanal.apningstid:
        text += f" (betjent {kanal.apningstid})"
    if link.merknad:
        text += f" – {link.merknad}"
    return text


COLUMNS: list[tuple[str, Callable[[Tiltak], Value]]] = [
    ("Tittel", lambda t: t.tittel),
    ("Innsatsområde", lambda t: t.innsatsomrade.navn),
    ("Status", lambda t: t.get_status_display()),
    ("Nytt tiltak", lambda t: "ja" if t.nytt else "nei"),
    ("Alder fra", lambda t: t.alder_fra),
    ("Alder til", lambda t: t.alder_til),
    ("Ansvarlige", lambda t: "; ".join(a.navn for a in t.aktorer_in_order())),
    (
        "Type aktør",
        lambda t: "; ".join(
            dict.fromkeys(a.get_type_display() for a in t.aktorer_in_order())
        ),
    ),
    ("Kontaktkanaler", lambda t: "\n".join(map(kanal_text, t.tiltakkanal_set.all()))),
    ("Annen kontaktinformasjon", lambda t: t.kontakt_tekst),
    ("Beskrivelse", lambda t: t.beskrivelse),
    ("Intern merknad", lambda t: t.intern_merknad),
    (
        "Sist verifisert",
        lambda t: t.sist_verifisert.isoformat() if t.sist_verifisert else "",
    ),
    ("Adresse på nettsiden", lambda t: t.get_absolute_url()),
]
HEADER = [name for name, _ in COLUMNS]


def neutralise(value: Value) -> Value:
    """Text a spreadsheet would read as a formula gets a leading apostrophe.

    Control characters go first: openpyxl refuses them, and removing one must not
    uncover a formula.
    """
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def rows(tiltak: Iterable[Tiltak]) -> Iterable[list[Value]]:
    """The rows under the header; expects with_contacts()."""
    for item in tiltak:
        yield [neutralise(cell(item)) for _, cell in COLUMNS]


def to_csv(tiltak: Iterable[Tiltak]) -> bytes:
    # Norwegian Excel opens a file as UTF-8 only with a BOM, and splits on «;».
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(["" if v is None else v for v in row] for row in rows(tiltak))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(tiltak: Iterable[Tiltak]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tiltak"
    sheet.append(HEADER)
    for row in rows(tiltak):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(tiltak: Iterable[Tiltak], format: str) -> HttpResponse:
    content = to_csv(tiltak) if format == "csv" else to_xlsx(tiltak)
    filename = f"slt-tiltak-{timezone.localdate().isoformat()}.{format}"
    return HttpResponse(
        content,
        content_type=CONTENT_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
