"""The plan reports (tiltak.intern.rapporter): «Hva er endret», the årsrapport and
the DOCX documents, for staff who may read plans, at a fixed cost in queries."""

import re
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.accounts import log_in_verified
from tests.factories import make_plan, make_plan_pair
from tiltak.intern.roles import COORDINATOR
from tiltak.models import (
    PLAN_TEXT_FIELDS,
    Handlingsplan,
    Oppfolgingstall,
    Planseksjon,
    Plantiltak,
)

pytestmark = pytest.mark.django_db

PAGES = ["arsrapport", "arsrapport_docx", "plan_docx"]
# Each includes the eight queries a coordinator's request costs before the page's
# own (the session and user, the device, the user's and the group's permissions,
# saving the session in a savepoint); tests/tiltak/test_scale.py pins the same
# pages at 20,000 tiltak (STAFF_PLAN_BUDGETS).
BUDGETS = {
    # The kommune's plans, then both plans' members.
    "intern:plan_endringer": 11,
    # The plan, the plan before it, both plans' members and the figures.
    "intern:arsrapport": 12,
    "intern:arsrapport_docx": 12,
    # The figures not, but the plan's sections.
    "intern:plan_docx": 12,
}


@pytest.fixture
def plans():
    return make_plan_pair(Handlingsplan.Status.GJELDENDE)


def endringer_url(old: Handlingsplan, new: Handlingsplan) -> str:
    return reverse("intern:plan_endringer", args=[old.slug, new.slug])


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a DOCX, one per line."""
    document = docx.Document(BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


# --- Hva er endret ------------------------------------------------------------


def test_what_changed_counts_exactly_the_three_changes(coordinator, plans):
    old, new = plans
    response = coordinator.get(endringer_url(old, new))
    assert response.status_code == 200
    endringer = response.context["endringer"]
    assert endringer.total == {"new": 1, "ended": 1, "changed": 1, "unchanged": 1}
    text = response.content.decode()
    assert "1 nye, 1 avsluttet og 1 endrede tiltak; 1 er videreført uendret." in text
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="tall">(\d+)</td>'
        r'<td class="tall">(\d+)</td><td class="tall">(\d+)</td>',
        text,
    )
    assert rows == [
        ("Forebygging", "0", "0", "1"),
        ("Vold og overgrep", "1", "1", "0"),
        ("I alt", "1", "1", "1"),
    ]
    assert "Nye tiltak (1)" in text and "<li>Trygg hjem</li>" in text
    assert "Avsluttede tiltak (1)" in text and "<li>Gatemegling</li>" in text
    assert "Endrede tiltak (1)" in text


def test_a_changed_text_is_marked_in_text_not_by_colour_alone(coordinator, plans):
    text = coordinator.get(endringer_url(*plans)).content.decode()
    assert '<del><span class="ds-sr-only">slettet: </span>har droppet</del>' in text
    assert (
        '<ins><span class="ds-sr-only">satt inn: </span>står i fare for å droppe</ins>'
        in text
    )
    assert "Slik leser du endringene" in text
    assert "<ins>Understreket tekst</ins> er satt inn" in text
    assert "<dt>Beskrivelse</dt>" in text


def report_url(page: str, plans) -> str:
    """«Hva er endret» between the two plans, or the first plan's årsrapport."""
    if page == "intern:plan_endringer":
        return endringer_url(*plans)
    return reverse(page, args=[plans[0].slug])


def hidden_in_print() -> set[str]:
    """The classes rapporter.css leaves off the paper."""
    css = Path(finders.find("css/rapporter.css")).read_text(encoding="utf-8")
    printed = css[css.index("@media print") :]
    hidden = printed[: printed.index("display: none")]
    return set(re.findall(r"\.([\w-]+)", hidden))


class NavFinder(HTMLParser):
    """Each <nav> of a page with the classes of it and the elements around it."""

    VOID = {"area", "br", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, set[str]]] = []
        self.navs: list[set[str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "nav":
            self.navs.append(classes.union(*(c for _, c in self.open)))
        if tag not in self.VOID:
            self.open.append((tag, classes))

    def handle_endtag(self, tag) -> None:
        # An element closed without its end tag (<li>, <p>) ends with its parent.
        while any(name == tag for name, _ in self.open):
            if self.open.pop()[0] == tag:
                break


@pytest.mark.parametrize("page", ["intern:plan_endringer", "intern:arsrapport"])
def test_the_page_is_printable_without_inline_style(coordinator, plans, page):
    text = coordinator.get(report_url(page, plans)).content.decode()
    assert re.search(r'href="[^"]*css/rapporter\.css"', text)
    assert "Ctrl+P" in text
    assert "style=" not in text and "<style" not in text


@pytest.mark.parametrize("page", ["intern:plan_endringer", "intern:arsrapport"])
def test_no_menu_or_link_list_of_the_page_is_printed(coordinator, plans, page):
    finder = NavFinder()
    finder.feed(coordinator.get(report_url(page, plans)).content.decode())
    hidden = hidden_in_print()
    assert {"topp", "intern-meny", "rapport-lenker"} <= hidden
    # The site's menu, the staff menu, and the årsrapport's downloads.
    assert len(finder.navs) >= 2
    for classes in finder.navs:
        assert classes & hidden, classes


def test_the_form_leads_to_the_chosen_pair_of_plans(coordinator, plans):
    old, new = plans
    url = endringer_url(old, new)
    response = coordinator.get(url, {"fra": new.slug, "til": old.slug})
    assert response.status_code == 302
    assert response["Location"] == endringer_url(new, old)
    text = coordinator.get(url).content.decode()
    assert '<option value="2023-2024" selected>2023–2024 (gjeldende)</option>' in text
    assert '<option value="2024-2025" selected>2024–2025 (utkast)</option>' in text
    assert f'href="{endringer_url(new, old)}"' in text


def test_an_unknown_plan_in_the_form_is_404(coordinator, plans):
    response = coordinator.get(endringer_url(*plans), {"fra": "1999-2000"})
    assert response.status_code == 404


# --- Årsrapport ---------------------------------------------------------------


@pytest.fixture
def followed_up(plans):
    """The 2023–2024 plan followed up: two tiltak with status, one with figures."""
    old, _ = plans
    members = {m.tittel: m for m in Plantiltak.objects.filter(plan=old)}
    natteravner = members["Natteravner"]
    natteravner.oppfolging = Plantiltak.Oppfolging.GJENNOMFORT
    natteravner.oppfolging_kommentar = "Ute hver fredag hele skoleåret."
    natteravner.save()
    Oppfolgingstall.objects.create(
        medlem=natteravner, etikett="antall kvelder", antall=38
    )
    Oppfolgingstall.objects.create(
        medlem=natteravner, etikett="antall frivillige", antall=24, rekkefolge=1
    )
    gatemegling = members["Gatemegling"]
    gatemegling.oppfolging = Plantiltak.Oppfolging.DELVIS
    gatemegling.oppfolging_kommentar = "Bare på to av fire skoler."
    gatemegling.save()
    return old


def test_the_arsrapport_lists_each_tiltak_with_status_comment_and_figures(
    coordinator, followed_up
):
    response = coordinator.get(reverse("intern:arsrapport", args=[followed_up.slug]))
    assert response.status_code == 200
    text = response.content.decode()
    for part in (
        "Årsrapport for handlingsplanen 2023–2024",
        '<th scope="row">Natteravner</th>\n                    <td>Gjennomført</td>',
        "Ute hver fredag hele skoleåret.",
        "<li>antall kvelder: 38</li><li>antall frivillige: 24</li>",
        "<td>Delvis gjennomført</td>\n                    <td>Bare på to av fire",
        '<th scope="row">Ungdomslos</th>\n                    <td>Ikke startet</td>',
        "Ingen kommentar",
    ):
        assert part in text, part


def test_the_arsrapport_counts_by_status_overall_and_per_area(coordinator, followed_up):
    response = coordinator.get(reverse("intern:arsrapport", args=[followed_up.slug]))
    rapport = response.context["rapport"]
    assert dict(rapport.status_counts) == {
        "Ikke startet": 1,
        "I gang": 0,
        "Gjennomført": 1,
        "Delvis gjennomført": 1,
        "Ikke gjennomført": 0,
    }
    per_area = {a.omrade.navn: dict(a.status_counts) for a in rapport.areas}
    assert per_area["Forebygging"]["Gjennomført"] == 1
    assert per_area["Forebygging"]["Ikke startet"] == 1
    assert per_area["Vold og overgrep"]["Delvis gjennomført"] == 1
    text = response.content.decode()
    assert "2 tiltak: 1 ikke startet, 0 i gang, 1 gjennomført" in text
    assert '<tfoot><tr><th scope="row">I alt</th><td class="tall">3</td>' in text


def test_the_arsrapport_names_what_is_new_and_what_ended(coordinator, plans):
    old, new = plans
    Plantiltak.objects.filter(plan=old, tittel="Natteravner").update(merket_nytt=True)
    first = coordinator.get(reverse("intern:arsrapport", args=[old.slug]))
    assert [m.tittel for m in first.context["rapport"].new] == ["Natteravner"]
    assert first.context["rapport"].ended == []
    # A draft is reported on too, against the plan before it.
    second = coordinator.get(reverse("intern:arsrapport", args=[new.slug]))
    rapport = second.context["rapport"]
    assert [m.tittel for m in rapport.new] == ["Trygg hjem"]
    assert [m.tittel for m in rapport.ended] == ["Gatemegling"]
    text = second.content.decode()
    assert "Nye tiltak i planen (1)" in text
    assert "<li>Gatemegling (Vold og overgrep)</li>" in text
    assert 'Trygg hjem <span class="merke">(nytt tiltak)</span>' in text


# --- DOCX ---------------------------------------------------------------------


def test_the_arsrapport_docx_holds_the_same_tiltak_and_statuses(
    coordinator, followed_up
):
    response = coordinator.get(
        reverse("intern:arsrapport_docx", args=[followed_up.slug])
    )
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"] == (
        'attachment; filename="arsrapport-lillestrom-2023-2024.docx"'
    )
    document = docx.Document(BytesIO(response.content))
    assert document.core_properties.title == "Årsrapport for handlingsplanen 2023–2024"
    assert document.core_properties.language == "nb-NO"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Status for tiltakene", "Forebygging", "Vold og overgrep"]
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert rows == [
        ["Tiltak", "Status", "Kommentar", "Tall"],
        [
            "Natteravner",
            "Gjennomført",
            "Ute hver fredag hele skoleåret.",
            "antall kvelder: 38\nantall frivillige: 24",
        ],
        ["Ungdomslos", "Ikke startet", "", ""],
    ]
    text = docx_text(response.content)
    assert "Gatemegling" in text and "Delvis gjennomført" in text


def test_the_docx_is_in_norwegian(coordinator, plans):
    response = coordinator.get(reverse("intern:arsrapport_docx", args=[plans[0].slug]))
    document = docx.Document(BytesIO(response.content))
    assert 'w:val="nb-NO"' in document.styles.element.xml
    assert 'w:val="en-US"' not in document.styles.element.xml


def test_a_draft_plan_docx_says_it_is_not_adopted_and_drops_characters_word_refuses(
    coordinator, plans
):
    _, new = plans
    Plantiltak.objects.filter(plan=new, tittel="Trygg hjem").update(
        beskrivelse="Et trygt\x0b hjem.\n\n• Første punkt"
    )
    response = coordinator.get(reverse("intern:plan_docx", args=[new.slug]))
    document = docx.Document(BytesIO(response.content))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Normal", "Utkast: ikke vedtatt ennå.") in paragraphs
    cells = [row.cells[1] for table in document.tables for row in table.rows]
    (trygg,) = [c for c in cells if c.text.startswith("Et trygt")]
    assert [(p.style.name, p.text) for p in trygg.paragraphs] == [
        ("Normal", "Et trygt hjem."),
        ("List Bullet", "Første punkt"),
    ]


def test_the_plan_docx_has_the_sections_then_the_adopted_tiltak_per_area(
    coordinator, plans
):
    old, _ = plans
    old.vedtatt_dato = "2023-06-12"
    old.vedtatt_av = Handlingsplan.Organ.POLITIRADET
    old.saksnummer = "23/1234"
    old.save()
    Planseksjon.objects.create(
        plan=old,
        tittel="Bakgrunn",
        slug="bakgrunn",
        tekst="SLT står for samordning.\n\n1. Første mål\n2. Andre mål",
    )
    Plantiltak.objects.filter(plan=old, tittel="Natteravner").update(
        ansvar_tekst="Frivillige voksne", alder_fra=13, alder_til=18
    )
    response = coordinator.get(reverse("intern:plan_docx", args=[old.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="handlingsplan-lillestrom-2023-2024.docx"'
    )
    document = docx.Document(BytesIO(response.content))
    assert document.core_properties.title == old.tittel
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Normal", "Vedtatt av politirådet 12.06.2023, sak 23/1234.") in paragraphs
    assert ("Heading 1", "Bakgrunn") in paragraphs
    assert ("List Number", "Første mål") in paragraphs
    headings = [text for style, text in paragraphs if style == "Heading 2"]
    assert headings == ["Forebygging", "Vold og overgrep"]
    first = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert first[0] == ["Tiltak", "Beskrivelse", "Ansvar", "Alder"]
    assert first[1][0] == "Natteravner"
    assert first[1][2:] == ["Frivillige voksne", "13–18 år"]
    assert first[2][1] == "Losen følger opp ungdom som har droppet ut."


# --- Access and addresses -----------------------------------------------------


def all_urls(plans) -> list[str]:
    old, new = plans
    return [endringer_url(old, new)] + [
        reverse(f"intern:{name}", args=[old.slug]) for name in PAGES
    ]


def test_staff_without_the_plan_permission_get_403(staff_client, plans):
    for url in all_urls(plans):
        response = staff_client.get(url)
        assert response.status_code == 403, url


def test_a_user_who_is_not_staff_gets_403(client, django_user_model, plans):
    user = django_user_model.objects.create_user("ikke-ansatt")
    user.groups.add(Group.objects.get(name=COORDINATOR))
    log_in_verified(client, user)
    for url in all_urls(plans):
        assert client.get(url).status_code == 403, url


def test_a_visitor_is_sent_to_the_login(client, plans):
    for url in all_urls(plans):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("intern:logg_inn"))


def test_an_unknown_period_is_404(coordinator, plans):
    old, _ = plans
    for url in [
        reverse("intern:plan_endringer", args=[old.slug, "2030-2031"]),
        reverse("intern:plan_endringer", args=["2030-2031", old.slug]),
        *(reverse(f"intern:{name}", args=["2030-2031"]) for name in PAGES),
    ]:
        assert coordinator.get(url).status_code == 404, url


def test_the_reports_only_read(coordinator, plans):
    for url in all_urls(plans):
        assert coordinator.post(url).status_code == 405, url


# --- Query budgets on the real plan -------------------------------------------


def next_plan(plan: Handlingsplan) -> Handlingsplan:
    """The next year's draft of the real plan, with two members fewer and ten
    descriptions changed."""
    draft = make_plan(fra_ar=plan.fra_ar + 1, status="utkast", kommune=plan.kommune)
    members = list(Plantiltak.objects.filter(plan=plan).order_by("pk"))[2:]
    for number, member in enumerate(members):
        values = {name: getattr(member, name) for name in PLAN_TEXT_FIELDS}
        if number < 10:
            values["beskrivelse"] += " Tiltaket utvides neste år."
        Plantiltak.objects.create(
            plan=draft,
            tiltak_id=member.tiltak_id,
            innsatsomrade_id=member.innsatsomrade_id,
            **values,
        )
    return draft


def test_each_report_keeps_its_query_budget_on_the_real_plan(
    coordinator, seeded, django_assert_max_num_queries
):
    plan = Handlingsplan.objects.gjeldende()
    assert plan.medlemmer.count() == 42
    draft = next_plan(plan)
    for member in Plantiltak.objects.filter(plan=plan)[:10]:
        Oppfolgingstall.objects.create(medlem=member, etikett="antall skoler", antall=3)
    pages = [("intern:plan_endringer", endringer_url(plan, draft))]
    for name in PAGES:
        # The first plan has no plan before it; the draft has.
        for periode in (plan.slug, draft.slug):
            pages.append((f"intern:{name}", reverse(f"intern:{name}", args=[periode])))
    for name, url in pages:
        with django_assert_max_num_queries(BUDGETS[name]):
            response = coordinator.get(url)
        assert response.status_code == 200, url
    comparison = coordinator.get(pages[0][1]).context["endringer"]
    assert comparison.total["ended"] == 2
    assert comparison.total["changed"] == 10
