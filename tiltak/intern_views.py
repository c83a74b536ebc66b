"""The staff pages under /intern/: logging in and out, the full tiltak list, its
export and the plan to print. Every page view goes through
tiltak.intern.staff_required."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import verify_token

from tiltak import export, innlogging
from tiltak.filters import PAGE_PARAM, InternTiltakFilter
from tiltak.intern import staff_required
from tiltak.models import Handlingsplan, Tiltak
from tiltak.views import list_context


class LoggInn(auth_views.LoginView):
    """The password; a user with a TOTP device then gives a code (logg_inn_kode)."""

    def form_valid(self, form):
        user = form.get_user()
        if innlogging.confirmed_device(user) is None:
            return super().form_valid(form)
        innlogging.await_code(self.request, user, self.get_redirect_url())
        return redirect("intern:logg_inn_kode")


logg_inn = LoggInn.as_view()
logg_ut = auth_views.LogoutView.as_view()


@sensitive_post_parameters("kode")
@require_http_methods(["GET", "HEAD", "POST"])
@csrf_protect
@never_cache
def logg_inn_kode(request: HttpRequest) -> HttpResponse:
    """The second step: the 6-digit code. Wrong codes count towards the lockout
    just as wrong passwords do."""
    pending = innlogging.pending_login(request)
    if pending is None:
        messages.info(request, "Logg inn med brukernavn og passord først.")
        return redirect("intern:logg_inn")
    user = pending["user"]
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        del request.session[innlogging.PENDING_KEY]
        return get_lockout_response(request, None, credentials)

    device = innlogging.confirmed_device(user)
    if device is None:  # removed since the password was given
        del request.session[innlogging.PENDING_KEY]
        return redirect("intern:logg_inn")

    form = innlogging.KodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error(
                "kode", "For mange feil koder på kort tid. Vent litt og prøv igjen."
            )
        elif verify_token(user, device.persistent_id, form.cleaned_data["kode"]):
            del request.session[innlogging.PENDING_KEY]
            user.otp_device = device  # django_otp stores it in the session
            login(request, user, backend=pending["backend"])
            next_url = pending["neste"] or resolve_url(settings.LOGIN_REDIRECT_URL)
            return redirect(next_url)
        else:
            # axes counts it; at the limit its middleware answers with the lockout.
            user_login_failed.send(__name__, credentials=credentials, request=request)
            form.add_error(
                "kode",
                "Koden stemmer ikke. Skriv koden appen viser nå, og sjekk at "
                "klokken på telefonen går riktig.",
            )
    return render(request, "registration/kode.html", {"form": form, "bruker": user})


def intern_filter(request: HttpRequest) -> InternTiltakFilter:
    return InternTiltakFilter(request.GET, queryset=Tiltak.objects.all())


# Staff pages that only read open no transaction, as the public ones (views.py):
# on SQLite a transaction takes the write lock when it begins
# (slt.settings.SQLITE_OPTIONS), and a long export would hold up editors' saves.
@transaction.non_atomic_requests
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


@transaction.non_atomic_requests
@require_safe
@staff_required
def tiltak_eksport(request: HttpRequest, format: str) -> HttpResponse:
    """Exactly the filtered list, every page of it, as CSV or XLSX."""
    filterset = intern_filter(request)
    if filterset.errors:
        # A file built without the filter the user asked for would mislead.
        return tiltak_liste(request)
    return export.response(filterset.qs.med_kontakter(), format)


@transaction.non_atomic_requests
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
