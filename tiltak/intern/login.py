"""The rules of a staff login, in one place.

- Two-factor: a user with a confirmed TOTP device gives a code after the password
  (the views at the end, `logg_inn` and `logg_inn_kode`); the SLT-koordinator group
  and superusers must have such a device before they reach /admin/ or /intern/
  (enrolled with `manage.py enroll_totp`). LoginMiddleware enforces it for both.
- Sessions: 30 minutes idle (SESSION_COOKIE_AGE, saved on every request) and
  SESSION_MAX_AGE in all; the middleware logs out a session older than that.
- Lockout: django-axes counts wrong passwords and wrong codes per username and
  client address (client_ip), and LockoutHandler adds a limit per address across
  usernames; see the AXES_* settings.
"""

import ipaddress
import re
import time
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_failure_limit, get_lockout_response
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device, verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tiltak.intern.roles import COORDINATOR

LOGIN_TIME_KEY = "innlogget_tid"


def client_ip(request: HttpRequest) -> str | None:
    """The address lockouts count against: REMOTE_ADDR, or the proxy's header when
    CLIENT_IP_HEADER names one and it holds a valid address."""
    remote = request.META.get("REMOTE_ADDR")
    if not settings.CLIENT_IP_HEADER:
        return remote
    meta_key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
    # A proxy appends the address it saw to X-Forwarded-For: the last one is ours.
    forwarded = request.META.get(meta_key, "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return remote


def address_failures(request: HttpRequest) -> int:
    """Wrong passwords and codes from the request's address within the cool-off,
    whatever the usernames (axes keeps one row per username and address)."""
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,
        attempt_time__gte=get_cool_off_threshold(request),
    )
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a second limit. axes locks a (username,
    address) pair at AXES_FAILURE_LIMIT; it cannot have a second, higher limit for
    the address alone (one limit applies to every lockout parameter). So an address
    past LOGIN_FAILURE_LIMIT_PER_ADDRESS counts as a pair at the limit: axes then
    refuses every username from it, before the password, shows the lockout page
    and records nothing more (so the lock is not extended), until the cool-off."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None):
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            request.address_locked = True  # the lockout page says so
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # The browser's name is no lockout parameter: never stored.
        if request is not None:
            request.axes_user_agent = ""
        return super().user_login_failed(sender, credentials, request, **kwargs)


def requires_two_factor(user: AbstractBaseUser) -> bool:
    return user.is_superuser or user.groups.filter(name=COORDINATOR).exists()


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def remember_login_time(request: HttpRequest) -> None:
    """At login (tiltak.signals): the start of the session's maximum age."""
    request.session[LOGIN_TIME_KEY] = time.time()


def session_too_old(request: HttpRequest) -> bool:
    started = request.session.get(LOGIN_TIME_KEY)
    max_age = settings.SESSION_MAX_AGE.total_seconds()
    return not isinstance(started, float | int) or time.time() - started > max_age


def is_protected(path: str) -> bool:
    """The admin and the staff pages, except the way in and out of them."""
    open_paths = {
        reverse("intern:logg_inn"),
        reverse("intern:logg_inn_kode"),
        reverse("intern:logg_ut"),
        reverse("admin:login"),
        reverse("admin:logout"),
    }
    staff_areas = (reverse("admin:index"), reverse("intern:tiltak"))
    return path.startswith(staff_areas) and path not in open_paths


class LoginMiddleware:
    """After OTPMiddleware: ends sessions past SESSION_MAX_AGE, and keeps users who
    have not given a code, but must or could, out of the staff areas."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        protected = is_protected(request.path_info)
        if session_too_old(request):
            logout(request)
            if protected:
                hours = settings.SESSION_MAX_AGE // timedelta(hours=1)
                messages.info(
                    request,
                    f"Du har vært logget inn i {hours} timer og er logget ut. "
                    "Logg inn på nytt for å fortsette.",
                )
        elif protected and not user.is_verified():
            if user_has_device(user):
                # Logged in without the code (the device came later): start again.
                logout(request)
            elif requires_two_factor(user):
                return render(request, "intern/tofaktor_mangler.html", status=403)
        return self.get_response(request)


# --- The second step: a password accepted, a code still to come -----------------

PENDING_KEY = "tofaktor_venter"
# The password counts for this long; after that the user starts again.
PENDING_MAX_AGE = 5 * 60


def await_code(request: HttpRequest, user: AbstractBaseUser, next_url: str) -> None:
    """Remember a user whose password was right, without logging them in yet."""
    request.session[PENDING_KEY] = {
        "bruker": user.pk,
        "backend": user.backend,
        "tid": time.time(),
        "neste": next_url,
    }


def pending_login(request: HttpRequest) -> dict | None:
    """The pending login with its user, or None when there is none or it is stale."""
    pending = request.session.get(PENDING_KEY)
    user = None
    if pending and time.time() - pending["tid"] <= PENDING_MAX_AGE:
        users = get_user_model().objects.filter(is_active=True)
        user = users.filter(pk=pending["bruker"]).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return None
    return pending | {"user": user}


class CodeForm(forms.Form):
    kode = forms.CharField(label="Kode fra autentiseringsappen", max_length=20)

    def clean_kode(self) -> str:
        kode = "".join(self.cleaned_data["kode"].split())
        if not re.fullmatch(r"\d{6}", kode):
            raise forms.ValidationError("Skriv de 6 sifrene som appen viser nå.")
        return kode


def code_was_used(device: TOTPDevice, code: str) -> bool:
    """Whether a refused code is one the app showed, but that has logged in already:
    a code counts once (django-otp keeps the last time step it accepted)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp.verify(int(code), device.tolerance)


def wrong_code_message(device: TOTPDevice, code: str) -> str:
    if code_was_used(device, code):
        return (
            "Denne koden er allerede brukt. En kode gjelder bare én innlogging: "
            "vent til appen viser en ny kode (den skifter hvert 30. sekund), og "
            "skriv den."
        )
    return (
        "Koden stemmer ikke. Skriv koden appen viser nå, og sjekk at "
        "klokken på telefonen går riktig."
    )


# --- The views: the password, then the code -------------------------------------


def safe_next(request: HttpRequest, url: str) -> str:
    """`next` when it is a page of this site, else "" (and the login goes to
    LOGIN_REDIRECT_URL). A path only: «hjem» or «intern:tiltak» would be taken for a
    URL name by redirect(), a path nothing answers leads nowhere (nor one with a
    line break, which urlsplit drops before resolving), and another host or scheme
    is an open redirect."""
    safe = (
        url.startswith("/")
        and url.isprintable()
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )
    if not safe:
        return ""
    try:
        resolve(unquote(urlsplit(url).path))
    except Resolver404:
        return ""
    return url


def start_page(user: AbstractBaseUser) -> str:
    """Where a login without `next` lands: the staff list, or the admin for a role
    that may not see tiltak (the channel editor), rather than a 403."""
    if user.has_perm("tiltak.view_tiltak"):
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    return resolve_url("admin:index")


class LoggInn(auth_views.LoginView):
    """The password; a user with a TOTP device then gives a code (logg_inn_kode)."""

    def get_redirect_url(self) -> str:
        return safe_next(self.request, super().get_redirect_url())

    def get_success_url(self) -> str:
        return self.get_redirect_url() or start_page(self.request.user)

    def form_valid(self, form):
        user = form.get_user()
        if confirmed_device(user) is None:
            return super().form_valid(form)
        await_code(self.request, user, self.get_redirect_url())
        return redirect("intern:logg_inn_kode")


logg_inn = LoggInn.as_view(template_name="intern/logg_inn.html")
logg_ut = auth_views.LogoutView.as_view(template_name="intern/logg_ut.html")


@sensitive_post_parameters("kode")
@require_http_methods(["GET", "HEAD", "POST"])
@csrf_protect
@never_cache
def logg_inn_kode(request: HttpRequest) -> HttpResponse:
    """The second step: the 6-digit code. Wrong codes count towards the lockout
    just as wrong passwords do."""
    pending = pending_login(request)
    if pending is None:
        messages.info(request, "Logg inn med brukernavn og passord først.")
        return redirect("intern:logg_inn")
    user = pending["user"]
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        del request.session[PENDING_KEY]
        return get_lockout_response(request, None, credentials)

    device = confirmed_device(user)
    if device is None:  # removed since the password was given
        del request.session[PENDING_KEY]
        return redirect("intern:logg_inn")

    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error(
                "kode", "For mange feil koder på kort tid. Vent litt og prøv igjen."
            )
        elif verify_token(user, device.persistent_id, form.cleaned_data["kode"]):
            del request.session[PENDING_KEY]
            user.otp_device = device  # django_otp stores it in the session
            login(request, user, backend=pending["backend"])
            next_url = safe_next(request, pending["neste"])
            return HttpResponseRedirect(next_url or start_page(user))
        else:
            # axes counts it; at the limit its middleware answers with the lockout.
            user_login_failed.send(__name__, credentials=credentials, request=request)
            form.add_error(
                "kode", wrong_code_message(device, form.cleaned_data["kode"])
            )
    return render(request, "intern/logg_inn_kode.html", {"form": form, "bruker": user})
