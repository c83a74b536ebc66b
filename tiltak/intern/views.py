"""The staff pages under /intern/: the full tiltak list, its export, the plan to
print, the reports (data quality, the plan's coverage) and the guide. Every view goes
through tiltak.intern.access.staff_required; logging in is tiltak.intern.login."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tiltak.filters import PAGE_PARAM, InternTiltakFilter
from tiltak.intern import charts, export, kvalitet, oversikt
from tiltak.intern.access import staff_required
from tiltak.models import Handlingsplan, Tiltak
from tiltak.views import list_context


def intern_filter(request: HttpRequest) -> InternTiltakFilter:
    return InternTiltakFilter(request.GET, queryset=Tiltak.objects.all())


@require_safe
@staff_required
def tiltak_liste(request: HttpRequest) -> HttpResponse:
    filterset = intern_filter(request)
    context = list_context(request, filterset) | {
        "status_options": filterset.status_options(),
        "aktortype_options": filterset.aktortype_options(),
        "uten_kanal_count": filterset.without_channel_count(),
    }
    status = 400 if filterset.errors else 200
    return render(request, "intern/tiltak_liste.html", context, status=status)


@require_safe
@staff_required
def tiltak_eksport(request: HttpRequest, format: str) -> HttpResponse:
    """Exactly the filtered list, every page of it, as CSV or XLSX."""
    filterset = intern_filter(request)
    if filterset.errors:
        # A file built without the filter the user asked for would mislead.
        return tiltak_liste(request)
    return export.response(filterset.qs.with_contacts(), format)


@require_safe
@staff_required
def utskrift(request: HttpRequest) -> HttpResponse:
    """The plan to print, grouped by innsatsområde: published tiltak unless the
    filter asks for another status."""
    params = request.GET.copy()
    params.setdefault("status", Tiltak.Status.PUBLISERT)
    filterset = InternTiltakFilter(params, queryset=Tiltak.objects.all())
    tiltak = filterset.qs.with_contacts().order_by(*Tiltak._meta.ordering)
    context = {
        "plan": Handlingsplan.objects.gjeldende(),
        "filter": filterset,
        "chips": filterset.chips(params),
        "hele_planen": not set(request.GET) - {PAGE_PARAM},
        "tiltak": tiltak,
    }
    status = 400 if filterset.errors else 200
    return render(request, "intern/utskrift.html", context, status=status)


@require_safe
@staff_required
def kvalitet_rapport(request: HttpRequest) -> HttpResponse:
    context = {
        "rapport": kvalitet.report(),
        "lenkesjekk": kvalitet.link_check_summary(),
        "maneder": kvalitet.VERIFY_MONTHS,
    }
    return render(request, "intern/kvalitet.html", context)


@require_safe
@staff_required
def oversikt_rapport(request: HttpRequest) -> HttpResponse:
    areas = oversikt.per_area()
    matrix = oversikt.area_by_actor_type()
    actor_types = matrix.column_totals()
    coverage = oversikt.age_coverage()
    context = {
        "omrader": areas,
        "omrader_diagram": charts.bar_chart(areas),
        "aktortyper": actor_types,
        "aktortyper_diagram": charts.bar_chart(actor_types),
        "matrise": matrix,
        "matrise_rader": charts.heat_rows(matrix.rows),
        "nye": oversikt.new_and_continued(),
        "alder": coverage,
        "alder_diagram": charts.column_chart(coverage.per_age),
    }
    return render(request, "intern/oversikt.html", context)


@require_safe
@staff_required
def hjelp(request: HttpRequest) -> HttpResponse:
    """The coordinator's guide: logging in, editing, history, the reports."""
    return render(request, "intern/hjelp.html")
