"""The staff reports under /intern/: data quality and the plan's coverage."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tiltak import charts, kvalitet, oversikt
from tiltak.intern import staff_required


@transaction.non_atomic_requests
@require_safe
@staff_required
def kvalitet_rapport(request: HttpRequest) -> HttpResponse:
    context = {
        "rapport": kvalitet.rapport(),
        "lenkesjekk": kvalitet.lenkesjekk(),
        "maneder": kvalitet.VERIFY_MONTHS,
    }
    return render(request, "intern/kvalitet.html", context)


@transaction.non_atomic_requests
@require_safe
@staff_required
def oversikt_rapport(request: HttpRequest) -> HttpResponse:
    omrader = oversikt.per_innsatsomrade()
    matrise = oversikt.omrade_mot_aktortype()
    aktortyper = matrise.kolonnesummer()
    alder = oversikt.aldersdekning()
    context = {
        "omrader": omrader,
        "omrader_diagram": charts.bar_chart(omrader),
        "aktortyper": aktortyper,
        "aktortyper_diagram": charts.bar_chart(aktortyper),
        "matrise": matrise,
        "matrise_rader": charts.heat_rows(matrise.rader),
        "nye": oversikt.nye_og_videreforte(),
        "alder": alder,
        "alder_diagram": charts.column_chart(alder.per_alder),
    }
    return render(request, "intern/oversikt.html", context)
