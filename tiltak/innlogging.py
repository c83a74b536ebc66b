"""The rules of a staff login, in one place.

- Two-factor: a user with a confirmed TOTP device gives a code after the password
  (the views in tiltak.intern_views); the SLT-koordinator group and superusers must
  have such a device before they reach /admin/ or /intern/ (enrolled with
  `manage.py enroll_totp`). InnloggingMiddleware enforces it for both.
- Sessions: 30 minutes idle (SESSION_COOKIE_AGE, saved on every request) and
  SESSION_MAX_AGE in all; the middleware logs out a session older than that.
- Lockout: django-axes counts wrong passwords and wrong codes per username and
  client address (client_ip); see the AXES_* settings.
"""

import ipaddress
import re
import time
from collections.abc import Callable
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from tiltak.roles import COORDINATOR

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


def requires_two_factor(user: AbstractBaseUser) -> bool:
    return user.is_superuser or user.groups.filter(name=COORDINATOR).exists()


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


@receiver(user_logged_in)
def remember_login_time(sender, request: HttpRequest, user, **kwargs) -> None:
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


class InnloggingMiddleware:
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
                return render(request, "registration/tofaktor_mangler.html", status=403)
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


class KodeForm(forms.Form):
    kode = forms.CharField(label="Kode fra autentiseringsappen", max_length=20)

    def clean_kode(self) -> str:
        kode = "".join(self.cleaned_data["kode"].split())
        if not re.fullmatch(r"\d{6}", kode):
            raise forms.ValidationError("Skriv de 6 sifrene som appen viser nå.")
        return kode
