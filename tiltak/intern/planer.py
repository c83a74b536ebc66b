"""The plan cycle on the staff pages: the kommune's plans, one plan's tiltak with
their standing and follow-up, and the steps «Lag neste års plan», «Vedta» and
«Publiser».

The steps and their rules are tiltak.planer; this module checks the permission for
each on the server, says what will happen and what happened, and turns a refused
step (PlanError) into a message rather than an error page.
"""

from collections import Counter, defaultdict
from itertools import groupby
from operator import attrgetter

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from tiltak.endringer import Standing, ended, standing, standing_of
from tiltak.intern.access import staff_required
from tiltak.intern.rapporter import count_statuses, plan_or_404, reads_plans
from tiltak.models import Handlingsplan, Oppfolgingstall, Plantiltak
from tiltak.planer import PlanError, lag_neste_plan, publiser, vedta

ADD = "tiltak.add_handlingsplan"
PUBLISH = "tiltak.publish_handlingsplan"
REFUSED = {
    ADD: "Du kan ikke lage nye handlingsplaner. Be SLT-koordinatoren om det.",
    PUBLISH: "Du kan ikke vedta eller publisere handlingsplaner. Be "
    "SLT-koordinatoren om det.",
}


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(REFUSED[permission])


def plan_url(plan: Handlingsplan) -> str:
    return reverse("intern:plan", args=[plan.slug])


def kommune_plans() -> list[Handlingsplan]:
    """The installation kommune's plans, newest first, each with `forrige`: the
    plan Handlingsplan.previous() finds, taken from the list (one query for all)."""
    plans = list(
        Handlingsplan.objects.of_kommune()
        .select_related("kommune")
        .annotate(antall=Count("medlemmer"))
        .order_by("-fra_ar")
    )
    for number, plan in enumerate(plans):
        plan.forrige = next((p for p in plans[number + 1 :] if p.is_public), None)
    return plans


@require_safe
@staff_required
@reads_plans
def plan_liste(request: HttpRequest) -> HttpResponse:
    plans = kommune_plans()
    # Next year's plan is made from the newest plan, once it is adopted.
    newest = plans[0] if plans and plans[0].is_frozen else None
    context = {
        "planer": plans,
        "neste_fra": newest if request.user.has_perm(ADD) else None,
    }
    return render(request, "intern/planer/liste.html", context)


@require_safe
@staff_required
@reads_plans
def plan_oversikt(request: HttpRequest, periode: str) -> HttpResponse:
    """A plan's tiltak by innsatsområde: new, continued or changed against the
    plan before, the follow-up so far, and those the plan ended.

    Three queries whatever the plan's size: the plans, both plans' members, the
    follow-up figures.
    """
    plan = next((p for p in kommune_plans() if p.slug == periode), None)
    if plan is None:
        raise Http404("Ingen handlingsplan for denne perioden.")
    previous = plan.forrige
    compared = [plan.pk] if previous is None else [plan.pk, previous.pk]
    rows = (
        Plantiltak.objects.filter(plan__in=compared)
        .select_related("innsatsomrade", "tiltak", "oppfolging_endret_av")
        .order_by(
            "innsatsomrade__rekkefolge", "innsatsomrade__navn", "rekkefolge", "tittel"
        )
    )
    members, before = [], []
    for row in rows:
        (members if row.plan_id == plan.pk else before).append(row)
    marks = standing_of(members, None if previous is None else before)
    # tiltak.endringer.ended(), from the rows already loaded.
    kept = set(marks)
    gone = [member for member in before if member.tiltak_id not in kept]
    figures = defaultdict(list)
    for figure in Oppfolgingstall.objects.filter(medlem__plan=plan):
        figures[figure.medlem_id].append(figure)
    for member in members:
        member.standing = marks[member.tiltak_id]
        member.figures = figures[member.pk]
    areas = groupby(members, key=attrgetter("innsatsomrade"))
    context = {
        "plan": plan,
        "forrige": previous,
        "omrader": [(area, list(group)) for area, group in areas],
        "avsluttet": gone,
        "antall": len(members),
        "per_standing": standing_counts(members, gone),
        "per_oppfolging": count_statuses(members),
        "kan_publisere": request.user.has_perm(PUBLISH),
    }
    return render(request, "intern/planer/plan.html", context)


def standing_counts(members: list[Plantiltak], gone: list) -> list[tuple[str, int]]:
    counts = Counter(member.standing for member in members)
    counts[Standing.AVSLUTTET] = len(gone)
    return [(label, counts[value]) for value, label in Standing.choices]


@require_POST
@staff_required
def lag_neste(request: HttpRequest, periode: str) -> HttpResponse:
    require(request, ADD)
    plan = plan_or_404(periode)
    try:
        draft = lag_neste_plan(plan, request.user)
    except PlanError as error:
        messages.error(request, str(error))
        return redirect("intern:planer")
    count = draft.medlemmer.count()
    messages.success(
        request,
        f"Utkastet til handlingsplan {draft.years} er laget med {count} tiltak fra "
        f"planen {plan.years}. Utkastet vises ikke på nettstedet.",
    )
    return redirect(plan_url(draft))


class VedtakForm(forms.Form):
    dato = forms.DateField(
        label="Dato for vedtaket",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "required": "Skriv inn datoen planen ble vedtatt.",
            "invalid": "Skriv en gyldig dato, for eksempel 12.06.2024.",
        },
    )
    organ = forms.ChoiceField(
        label="Vedtatt av",
        choices=[("", "Velg …"), *Handlingsplan.Organ.choices],
        error_messages={
            "required": "Velg hvem som vedtok planen.",
            "invalid_choice": "Velg et av organene i listen.",
        },
    )
    saksnummer = forms.CharField(
        label="Saksnummer",
        max_length=50,
        help_text="Saken planen ble vedtatt i, for eksempel «24/1234».",
        error_messages={
            "required": "Skriv inn saksnummeret planen ble vedtatt i.",
            "max_length": "Saksnummeret kan ha høyst 50 tegn.",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def vedta_plan(request: HttpRequest, periode: str) -> HttpResponse:
    require(request, PUBLISH)
    plan = plan_or_404(periode)
    form = VedtakForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vedta(plan, **form.cleaned_data, user=request.user)
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Handlingsplan {plan.years} er registrert som vedtatt. Tekstene i "
                "planen endres ikke lenger. Publiser planen når den skal vises på "
                "nettstedet.",
            )
            return redirect(plan_url(plan))
    status = 400 if form.errors else 200
    context = {"plan": plan, "form": form}
    return render(request, "intern/planer/vedta.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def publiser_plan(request: HttpRequest, periode: str) -> HttpResponse:
    """GET says what publishing changes on the public site; POST does it."""
    require(request, PUBLISH)
    plan = plan_or_404(periode)
    if request.method == "POST":
        try:
            old = publiser(plan, request.user)
        except PlanError as error:
            messages.error(request, str(error))
        else:
            ended_text = f" Planen {old.years} er avsluttet." if old else ""
            messages.success(
                request,
                f"Handlingsplan {plan.years} er publisert og vises nå på "
                f"nettstedet.{ended_text}",
            )
        return redirect(plan_url(plan))
    previous = plan.previous()
    marks = Counter(standing(plan, previous).values())
    context = {
        "plan": plan,
        "gjeldende": Handlingsplan.objects.gjeldende(plan.kommune),
        "nye": marks[Standing.NYTT],
        "endret": marks[Standing.ENDRET],
        "avsluttes": ended(plan, previous).count(),
    }
    return render(request, "intern/planer/publiser.html", context)
