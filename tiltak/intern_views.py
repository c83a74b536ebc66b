"""The staff pages under /intern/: the full tiltak list, its export and the plan
to print. Every view goes through tiltak.intern.staff_required."""

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tiltak import export
from tiltak.filters import PAGE_PARAM, InternTiltakFilter
from tiltak.intern import staff_required
from tiltak.models import Handlingsplan, Tiltak
from tiltak.views import list_context

logg_inn = auth_views.LoginView.as_view()
logg_ut = auth_views.LogoutView.as_view()


def intern_filter(request: HttpRequest) -> InternTiltakFilter:
    return InternTiltakFilter(request.GET, queryset=Tiltak.objects.all())


@require_safe
@staff_required
def tiltak_liste(request: HttpRequest) -> HttpResponse:
    filterset = intern_filter(request)
    context = list_context(request, filterset) | {
        "status_options": filterset.status_options(),
        "aktortype_options": filterset.aktortype_options(),
        "uten_kanal_count": filterset.uten_kanal_count(),
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
    return export.response(filterset.qs.med_kontakter(), format)


@require_safe
@staff_required
def utskrift(request: HttpRequest) -> HttpResponse:
    """The plan to print, grouped by innsatsområde: published tiltak unless the
    filter asks for another status."""
    params = request.GET.copy()
    params.setdefault("status", Tiltak.Status.PUBLISERT)
    filterset = InternTiltakFilter(params, queryset=Tiltak.objects.all())
    tiltak = filterset.qs.med_kontakter().order_by(*Tiltak._meta.ordering)
    context = {
        "plan": Handlingsplan.objects.first(),
        "filter": filterset,
        "chips": filterset.chips(params),
        "hele_planen": not set(request.GET) - {PAGE_PARAM},
        "tiltak": tiltak,
    }
    status = 400 if filterset.errors else 200
    return render(request, "intern/utskrift.html", context, status=status)
