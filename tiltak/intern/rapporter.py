"""The reports on a plan that go to the politiråd and into the kommune's
saksframlegg: «Hva er endret» between two plans, the årsrapport of a plan's
follow-up, and the årsrapport and the plan itself as Word documents
(tiltak.intern.dokumenter).

Staff who may read plans (tiltak.view_handlingsplan) see drafts too: a draft is
what the politiråd is asked to adopt. Each page costs the same few queries
whatever the size of the plan.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from tiltak.endringer import Standing, area_order, compare, standing_of
from tiltak.intern import dokumenter
from tiltak.intern.access import View, staff_required
from tiltak.models import Handlingsplan, Innsatsomrade, Oppfolgingstall, Plantiltak

READ_PLANS = "tiltak.view_handlingsplan"


def reads_plans(view: View) -> View:
    """Checked on the server: a link hidden in the menu is no lock."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(READ_PLANS):
            raise PermissionDenied(
                "Du har ikke tilgang til handlingsplanene. Rollen «SLT-koordinator» "
                "gir tilgang."
            )
        return view(request, *args, **kwargs)

    return checked


def plan_or_404(periode: str) -> Handlingsplan:
    """The installation's kommune's plan for the period, drafts included."""
    plan = Handlingsplan.objects.select_related("kommune").by_slug(periode)
    if plan is None:
        raise Http404(f"Kommunen har ingen handlingsplan for perioden {periode}.")
    return plan


def count_statuses(members: Iterable[Plantiltak]) -> list[tuple[str, int]]:
    """How many members have each follow-up status, in the statuses' order."""
    counts = Counter(member.oppfolging for member in members)
    return [(label, counts[value]) for value, label in Plantiltak.Oppfolging.choices]


@dataclass
class AreaReport:
    omrade: Innsatsomrade
    members: list[Plantiltak] = field(default_factory=list)
    ended: list[Plantiltak] = field(default_factory=list)

    @cached_property
    def status_counts(self) -> list[tuple[str, int]]:
        return count_statuses(self.members)


@dataclass
class PlanReport:
    """A plan's members by innsatsområde, each with its «nytt» mark (`nytt`),
    follow-up and figures, and the previous plan's members it no longer has:
    the årsrapport, and the plan as a document."""

    plan: Handlingsplan
    previous: Handlingsplan | None
    areas: list[AreaReport]

    @cached_property
    def members(self) -> list[Plantiltak]:
        return [member for area in self.areas for member in area.members]

    @cached_property
    def status_counts(self) -> list[tuple[str, int]]:
        return count_statuses(self.members)

    @property
    def new(self) -> list[Plantiltak]:
        return [member for member in self.members if member.nytt]

    @property
    def ended(self) -> list[Plantiltak]:
        return [member for area in self.areas for member in area.ended]


def plan_report(plan: Handlingsplan, *, figures: bool = True) -> PlanReport:
    """Three queries, whatever the size of the plans: the previous plan, both
    plans' members, and (unless `figures` is False) this plan's figures, which
    each member gets as `figures`."""
    previous = plan.previous()
    plans = [plan.pk] if previous is None else [plan.pk, previous.pk]
    members, before = [], None if previous is None else []
    for member in Plantiltak.objects.filter(plan_id__in=plans).select_related(
        "innsatsomrade"
    ):
        (members if member.plan_id == plan.pk else before).append(member)
    if figures:
        by_member = defaultdict(list)
        for figure in Oppfolgingstall.objects.filter(medlem__plan=plan):
            by_member[figure.medlem_id].append(figure)
        for member in members:
            member.figures = by_member[member.pk]
    marks = standing_of(members, before)
    areas: dict[int, AreaReport] = {}
    for member in members:
        member.nytt = marks[member.tiltak_id] == Standing.NYTT
        omrade = member.innsatsomrade
        areas.setdefault(omrade.pk, AreaReport(omrade)).members.append(member)
    for member in before or ():
        if member.tiltak_id not in marks:
            omrade = member.innsatsomrade
            areas.setdefault(omrade.pk, AreaReport(omrade)).ended.append(member)
    in_order = sorted(areas.values(), key=lambda area: area_order(area.omrade))
    return PlanReport(plan, previous, in_order)


@require_safe
@staff_required
@reads_plans
def plan_endringer(request: HttpRequest, fra: str, til: str) -> HttpResponse:
    """«Hva er endret» from plan `fra` to plan `til`; the form choosing two other
    plans sends ?fra=…&til=…, which leads to their address."""
    plans = list(
        Handlingsplan.objects.of_kommune().select_related("kommune").order_by("-fra_ar")
    )
    by_slug = {plan.slug: plan for plan in plans}
    wanted = (request.GET.get("fra", fra), request.GET.get("til", til))
    for periode in wanted:
        if periode not in by_slug:
            raise Http404(f"Kommunen har ingen handlingsplan for perioden {periode}.")
    if wanted != (fra, til):
        return redirect("intern:plan_endringer", *wanted)
    context = {
        "endringer": compare(by_slug[fra], by_slug[til]),
        "planer": plans,
    }
    return render(request, "intern/rapporter/plan_endringer.html", context)


@require_safe
@staff_required
@reads_plans
def arsrapport(request: HttpRequest, periode: str) -> HttpResponse:
    report = plan_report(plan_or_404(periode))
    return render(request, "intern/rapporter/arsrapport.html", {"rapport": report})


@require_safe
@staff_required
@reads_plans
def arsrapport_docx(request: HttpRequest, periode: str) -> HttpResponse:
    return dokumenter.arsrapport(plan_report(plan_or_404(periode)))


@require_safe
@staff_required
@reads_plans
def plan_docx(request: HttpRequest, periode: str) -> HttpResponse:
    """The plan with its adopted texts; a draft as it stands."""
    plan = plan_or_404(periode)
    report = plan_report(plan, figures=False)
    areas = [(area.omrade, area.members) for area in report.areas if area.members]
    return dokumenter.plan(plan, list(plan.seksjoner.all()), areas)
