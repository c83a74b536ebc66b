"""The coordinator's year in a real browser: next year's plan made from this year's,
edited, previewed, adopted and published; then what the public, the «what changed»
page, the årsrapport and its DOCX say."""

from io import BytesIO

import docx
import docx.document
import pytest

from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_editing import (  # noqa: F401  (coordinator: a fixture)
    coordinator,
    log_in,
    make_editor,
    submit,
)
from tests.factories import make_tiltak
from tiltak.intern.roles import COORDINATOR
from tiltak.models import Handlingsplan, Plantiltak, Tiltak
from tiltak.planer import lag_neste_plan

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW_TEXT = "Tiltaket utvides til alle ungdomsskolene i kommunen fra høsten 2024."


def words(page) -> str:
    return " ".join(page.inner_text("main").split())


def choose_tiltak(page, title: str) -> None:
    """Pick a tiltak in the admin's autocomplete field (select2)."""
    page.click(".field-tiltak .select2-selection")
    page.fill(".select2-search__field", title)
    page.click(f".select2-results__option:has-text('{title}')")


def docx_of(page, url: str) -> docx.document.Document:
    response = page.context.request.get(url)
    assert response.status == 200, url
    return docx.Document(BytesIO(response.body()))


def docx_text(document: docx.document.Document) -> str:
    cells = [cell.text for row in table_rows(document) for cell in row]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def table_rows(document: docx.document.Document) -> list[list]:
    return [row.cells for table in document.tables for row in table.rows]


def row_of(document: docx.document.Document, title: str) -> str:
    """The words of the table rows that name the tiltak (its area's table, and
    the list of new tiltak when it is one)."""
    rows = [
        " ".join(cell.text for cell in row)
        for row in table_rows(document)
        if any(cell.text == title for cell in row)
    ]
    assert rows, title
    return " | ".join(rows)


def test_the_coordinator_makes_adopts_and_publishes_next_years_plan(
    coordinator,  # noqa: F811  (the fixture, from test_editing)
    browser,
    plan,
):
    site = plan
    old = Handlingsplan.objects.get()
    members = list(Plantiltak.objects.filter(plan=old).select_related("tiltak"))
    # Tiltak whose titles are in no other title, so a page naming one is clear.
    distinct = [
        m for m in members if not any(m.tittel in o.tittel for o in members if o != m)
    ]
    ending, changing = distinct[0].tiltak, distinct[1].tiltak
    old_text = distinct[1].beskrivelse
    added = make_tiltak(
        tittel="Foreldreveiledning i barnehagene",
        slug="foreldreveiledning-i-barnehagene",
        status=Tiltak.Status.UTKAST,
        innsatsomrade=distinct[0].innsatsomrade,
    )
    # Follow-up of this year's plan, for its årsrapport.
    followed = distinct[2]
    coordinator.goto(f"{site}/admin/tiltak/handlingsplan/{old.pk}/change/")
    assert_no_axe_violations(coordinator)
    coordinator.goto(f"{site}/admin/tiltak/plantiltak/{followed.pk}/change/")
    assert_no_axe_violations(coordinator)
    coordinator.select_option("#id_oppfolging", "gjennomfort")
    coordinator.fill("#id_oppfolging_kommentar", "Gjennomført på alle skolene.")
    submit(coordinator)
    assert "ble endret" in coordinator.inner_text(".messagelist")

    # «Lag neste års plan»
    coordinator.goto(f"{site}/intern/planer/")
    assert_no_axe_violations(coordinator)
    with coordinator.expect_navigation():
        coordinator.click("button:has-text('Lag neste års plan')")
    assert coordinator.url == f"{site}/intern/planer/2024-2025/"
    draft = Handlingsplan.objects.get(fra_ar=2024)
    assert draft.status == Handlingsplan.Status.UTKAST
    assert draft.medlemmer.count() == len(members)

    # End one, add one, change one description: in the admin.
    ended_member = draft.medlemmer.get(tiltak=ending)
    coordinator.goto(f"{site}/admin/tiltak/plantiltak/{ended_member.pk}/delete/")
    submit(coordinator, "input[type=submit]")
    coordinator.goto(f"{site}/admin/tiltak/plantiltak/add/")
    coordinator.select_option("#id_plan", str(draft.pk))
    choose_tiltak(coordinator, added.tittel)
    submit(coordinator)
    changed_member = draft.medlemmer.get(tiltak=changing)
    coordinator.goto(f"{site}/admin/tiltak/plantiltak/{changed_member.pk}/change/")
    coordinator.fill("#id_beskrivelse", NEW_TEXT)
    submit(coordinator)
    assert set(draft.medlemmer.values_list("tiltak", flat=True)) == {
        m.tiltak_id for m in members
    } - {ending.pk} | {added.pk}

    # The preview: the whole draft as the public will see it.
    coordinator.goto(f"{site}/intern/planer/2024-2025/")
    assert_no_axe_violations(coordinator)
    with coordinator.expect_navigation():
        coordinator.click("a:has-text('Forhåndsvis')")
    assert_no_axe_violations(coordinator)
    preview = words(coordinator)
    assert "Forhåndsvisning" in preview
    assert NEW_TEXT in preview and added.tittel in preview
    assert ending.tittel not in preview

    # Adopt, then publish.
    coordinator.goto(f"{site}/intern/planer/2024-2025/vedta/")
    assert_no_axe_violations(coordinator)
    # Sent without the decision: the errors, then the form filled in.
    with coordinator.expect_navigation():
        coordinator.click("main button[type=submit]")
    assert "Vedtaket ble ikke registrert" in words(coordinator)
    assert_no_axe_violations(coordinator)
    coordinator.fill("#id_dato", "2024-06-12")
    coordinator.select_option("#id_organ", "politiradet")
    coordinator.fill("#id_saksnummer", "24/1234")
    with coordinator.expect_navigation():
        coordinator.click("main button[type=submit]")
    coordinator.goto(f"{site}/intern/planer/2024-2025/publiser/")
    assert_no_axe_violations(coordinator)
    with coordinator.expect_navigation():
        coordinator.click("button:has-text('Publiser planen')")
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.status == Handlingsplan.Status.GJELDENDE
    assert old.status == Handlingsplan.Status.AVSLUTTET
    # The ended plan's page, with this year's follow-up.
    coordinator.goto(f"{site}/intern/planer/2023-2024/")
    assert "Gjennomført på alle skolene." in words(coordinator)
    assert_no_axe_violations(coordinator)

    # As a visitor.
    context = browser.new_context(viewport={"width": 390, "height": 844})
    public = context.new_page()
    public.goto(f"{site}/tiltak/?q={added.tittel}")
    card = public.locator("article", has_text=added.tittel).first
    assert "Nytt" in card.inner_text()
    public.goto(f"{site}/tiltak/{ending.slug}/")
    assert_no_axe_violations(public)
    assert "ikke med i den gjeldende handlingsplanen for 2024–2025" in words(public)
    public.goto(f"{site}/planer/2023-2024/")
    assert_no_axe_violations(public)
    old_page = words(public)
    assert "tidligere plan" in old_page
    assert " ".join(old_text.split())[:60] in old_page
    assert NEW_TEXT not in old_page
    public.goto(f"{site}/planer/")
    assert "2024–2025" in words(public)
    context.close()

    # «Hva er endret»: exactly the three changes.
    coordinator.goto(f"{site}/intern/planer/2023-2024/mot/2024-2025/")
    assert_no_axe_violations(coordinator)
    changes = words(coordinator)
    total = coordinator.locator("tr", has_text="I alt").first.inner_text().split()
    unchanged = len(members) - 2
    assert total == ["I", "alt", "1", "1", "1", str(unchanged)]  # new, ended, changed
    assert added.tittel in changes and ending.tittel in changes
    assert changing.tittel in changes
    assert coordinator.locator("ins").count() >= 1
    assert coordinator.locator("del").count() >= 1
    others = {m.tittel for m in distinct} - {changing.tittel, ending.tittel}
    shown = [t for t in others if t in changes and t not in added.tittel]
    assert not shown

    # The årsrapport of 2023–2024, on the page and as DOCX.
    coordinator.goto(f"{site}/intern/planer/2023-2024/arsrapport/")
    assert_no_axe_violations(coordinator)
    report = words(coordinator)
    assert "Gjennomført på alle skolene." in report
    for member in members:
        assert " ".join(member.tittel.split()) in report, member.tittel
    assert "Ikke startet" in report and "Gjennomført" in report
    document = docx_of(coordinator, f"{site}/intern/planer/2023-2024/arsrapport.docx")
    for member in members:
        assert member.tittel in docx_text(document), member.tittel
    # Each tiltak's row holds its own status.
    assert "Gjennomført på alle skolene." in row_of(document, followed.tittel)
    assert "Gjennomført" in row_of(document, followed.tittel)
    assert "Ikke startet" in row_of(document, changing.tittel)
    plan_docx = docx_of(coordinator, f"{site}/intern/planer/2024-2025/plan.docx")
    adopted = docx_text(plan_docx)
    assert NEW_TEXT in adopted and added.tittel in adopted
    assert ending.tittel not in adopted


@pytest.mark.parametrize(
    "path",
    [
        "/intern/planer/",
        "/intern/planer/2024-2025/",
        "/intern/planer/2024-2025/vedta/",
        "/intern/planer/2023-2024/mot/2024-2025/",
        "/intern/planer/2023-2024/arsrapport/",
    ],
)
def test_the_plan_pages_reflow_at_320_px(browser, plan, django_user_model, path):
    make_editor(django_user_model, "koordinator", COORDINATOR)
    draft = lag_neste_plan(Handlingsplan.objects.get())
    member = draft.medlemmer.order_by("pk").first()
    member.beskrivelse = NEW_TEXT + " " + member.beskrivelse
    member.save()
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    log_in(page, plan, "koordinator")
    page.goto(plan + path)
    assert page.locator("h1").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320
