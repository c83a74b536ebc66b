"""The plan and its årsrapport as Word documents (DOCX) for the kommune's
saksframlegg: a coordinator pastes them in, so they are plain Word — real
headings per innsatsområde, one table per area with a repeated header row, the
language set to Norwegian bokmål so Word's spelling and screen readers use it.

The content comes from tiltak.intern.rapporter; this module only lays it out.
"""

import re
from copy import deepcopy
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell

from tiltak.models import Handlingsplan, Planseksjon, Plantiltak
from tiltak.templatetags.plantekst import _kind as line_kind

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE = "nb-NO"
# The list styles of python-docx's template, by their ids: set by name, a style is
# looked up anew for every paragraph, which takes seconds in a national plan.
BULLETED, NUMBERED = "ListBullet", "ListNumber"
LIST_STYLES = {"ol": NUMBERED, "ul": BULLETED}
# Characters XML 1.0 forbids, which Word would refuse: pasted text may hold them.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text: str) -> str:
    return NOT_XML.sub("", text)


def adoption(plan: Handlingsplan) -> str:
    """How the plan was adopted: the facts the public plan page gives
    (templates/tiltak/_vedtak.html), for the saksframlegg."""
    if plan.status == Handlingsplan.Status.UTKAST:
        return "Utkast: ikke vedtatt ennå."
    if not (plan.vedtatt_dato or plan.vedtatt_av or plan.saksnummer):
        return "Vedtak ikke registrert."
    text = "Vedtatt"
    if plan.vedtatt_av:
        text += f" av {plan.get_vedtatt_av_display().lower()}"
    if plan.vedtatt_dato:
        text += f" {plan.vedtatt_dato:%d.%m.%Y}"
    if plan.saksnummer:
        text += f", sak {plan.saksnummer}"
    return text + "."


def add_paragraph(container, text: str, style: str = "") -> None:
    """A paragraph of `text`, in the style with the id `style` if given.

    The text goes straight into the XML: python-docx's run.text handles it one
    character at a time, which takes many seconds in a national plan.
    """
    paragraph = container.add_paragraph()
    if style:
        paragraph._p.style = style
    if text := clean(text):
        paragraph._p.add_r().add_t(text)


def new_document(title: str, plan: Handlingsplan) -> DocumentObject:
    """A document in Norwegian with the title in its properties, beginning with
    the title, the kommune and period, and how the plan was adopted."""
    document = Document()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)
    properties = document.core_properties
    now = timezone.now()
    properties.title = title
    properties.subject = f"{plan.tittel}, {plan.periode}"
    properties.author = f"SLT, {plan.kommune} kommune"
    properties.language = LANGUAGE
    properties.comments = ""
    properties.last_modified_by = ""
    properties.created = properties.modified = now
    properties.revision = 1
    document.add_heading(clean(title), level=0)
    add_paragraph(document, f"{plan.kommune} kommune, {plan.periode}.")
    add_paragraph(document, adoption(plan))
    return document


def add_text(container, text: str) -> None:
    """The plan's stored text as paragraphs and lists (the rule of the
    «plantekst» filter: blank lines part paragraphs, «1.» and «•» make lists)."""
    for block in re.split(r"\n\s*\n", clean(text or "")):
        paragraph_lines: list[str] = []
        for line in (line.strip() for line in block.splitlines()):
            if not line:
                continue
            kind, content = line_kind(line)
            if kind == "p":
                paragraph_lines.append(content)
                continue
            if paragraph_lines:
                add_paragraph(container, " ".join(paragraph_lines))
                paragraph_lines = []
            add_paragraph(container, content, LIST_STYLES[kind])
        if paragraph_lines:
            add_paragraph(container, " ".join(paragraph_lines))


class WordTable:
    """A table with a bold header row that Word repeats on every page and reads
    out as the header.

    Rows are copies of one prepared row: python-docx's own add_row() and cells
    slow down with every row, to a minute at a national plan's 17,000 tiltak.
    """

    def __init__(self, document: DocumentObject, headings: list[str]) -> None:
        self.table = document.add_table(rows=1, cols=len(headings))
        self.table.style = "Table Grid"
        row = self.table.rows[0]
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(header)
        for cell, heading in zip(row.cells, headings, strict=True):
            cell.paragraphs[0].add_run(heading).bold = True
        self.prototype = self.table.add_row()._tr
        for tc in self.prototype.tc_lst:
            tc.p_lst[0].add_r().add_t("").set(qn("xml:space"), "preserve")
        self.table._tbl.remove(self.prototype)

    def add_row(self, values: list[str]) -> list[_Cell]:
        """A row of plain texts; a line break in a value stays one."""
        tr = deepcopy(self.prototype)
        for run, value in zip(tr.iter(qn("w:r")), values, strict=True):
            value = clean(value)
            if "\n" in value:
                run.text = value  # python-docx makes a w:br of a line break
            else:
                run.t_lst[0].text = value  # straight into the XML
        self.table._tbl.append(tr)
        return [_Cell(tc, self.table) for tc in tr.tc_lst]


def response(document: DocumentObject, filename: str) -> HttpResponse:
    buffer = BytesIO()
    document.save(buffer)
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    return HttpResponse(
        buffer.getvalue(),
        content_type=CONTENT_TYPE,
        headers={"Content-Disposition": disposition},
    )


def filename(kind: str, plan: Handlingsplan) -> str:
    """«arsrapport-lillestrom-2023-2024.docx»: ASCII, so every system keeps it."""
    return f"{kind}-{plan.kommune.slug}-{plan.slug}.docx"


def figures_text(member: Plantiltak) -> str:
    return "\n".join(f"{tall.etikett}: {tall.antall}" for tall in member.figures)


def arsrapport(report) -> HttpResponse:
    """The årsrapport (tiltak.intern.rapporter.Arsrapport) as DOCX."""
    plan = report.plan
    document = new_document(f"Årsrapport for handlingsplanen {plan.years}", plan)
    document.add_heading("Status for tiltakene", level=1)
    table = WordTable(document, ["Status", "Antall tiltak"])
    for label, antall in report.status_counts:
        table.add_row([label, str(antall)])
    table.add_row(["Tiltak i alt", str(len(report.members))])
    for area in report.areas:
        document.add_heading(clean(area.omrade.navn), level=1)
        if not area.members:
            add_paragraph(document, "Ingen tiltak i planen under dette innsatsområdet.")
        else:
            counts = ", ".join(
                f"{antall} {label.lower()}" for label, antall in area.status_counts
            )
            add_paragraph(document, f"{len(area.members)} tiltak: {counts}.")
            table = WordTable(document, ["Tiltak", "Status", "Kommentar", "Tall"])
            for member in area.members:
                title = member.tittel + (" (nytt tiltak)" if member.nytt else "")
                table.add_row(
                    [
                        title,
                        member.get_oppfolging_display(),
                        member.oppfolging_kommentar,
                        figures_text(member),
                    ],
                )
        if area.ended:
            add_paragraph(document, "Avsluttet siden forrige plan:")
            for member in area.ended:
                add_paragraph(document, member.tittel, BULLETED)
    document.add_heading("Nye tiltak i planen", level=1)
    add_list(document, report.new, "Ingen nye tiltak.")
    document.add_heading("Tiltak som er avsluttet", level=1)
    add_list(document, report.ended, "Ingen tiltak er avsluttet.")
    return response(document, filename("arsrapport", plan))


def add_list(document: DocumentObject, members: list[Plantiltak], none: str) -> None:
    for member in members:
        text = f"{member.tittel} ({member.innsatsomrade})"
        add_paragraph(document, text, BULLETED)
    if not members:
        add_paragraph(document, none)


def plan(plan: Handlingsplan, sections: list[Planseksjon], areas) -> HttpResponse:
    """The plan as adopted: its sections, then per innsatsområde a table of the
    tiltak with their adopted texts (`areas`: pairs of area and members)."""
    document = new_document(plan.tittel, plan)
    for section in sections:
        document.add_heading(clean(section.tittel), level=min(section.niva, 3))
        add_text(document, section.tekst)
    document.add_heading("Tiltak", level=1)
    for omrade, members in areas:
        document.add_heading(clean(omrade.navn), level=2)
        table = WordTable(document, ["Tiltak", "Beskrivelse", "Ansvar", "Alder"])
        for member in members:
            title = member.tittel + (" (nytt tiltak)" if member.nytt else "")
            ansvar, alder = member.ansvar_tekst, member.age_range or "–"
            description = table.add_row([title, "", ansvar, alder])[1]
            # The description keeps its paragraphs and lists; a cell needs one.
            if clean(member.beskrivelse).strip():
                description._tc.remove(description.paragraphs[0]._p)
                add_text(description, member.beskrivelse)
    return response(document, filename("handlingsplan", plan))
