"""Staff logins in tests, the way the site does them: real TOTP devices and codes."""

import time

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Permission
from django.http import HttpRequest
from django.test import Client
from django_otp import login as otp_login
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tiltak.intern.login import confirmed_device

# A password every validator accepts, for the accounts tests make.
PASSWORD = "et-langt-og-trygt-passord"


class QuickPasswordHasher(PBKDF2PasswordHasher):
    """The site's hasher with one round: the hashes look the same, and the
    hundreds of logins and accounts the tests make cost no CPU-seconds each
    (tests/conftest.py)."""

    iterations = 1


def reads_tiltak(user):
    """Let a staff user see /intern/ and drafts (tiltak.intern.access)."""
    user.user_permissions.add(
        Permission.objects.get(codename="view_tiltak", content_type__app_label="tiltak")
    )
    return user


def enroll(user) -> TOTPDevice:
    """A confirmed authenticator app for the user, as `enroll_totp --confirm` leaves."""
    return TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the user's app shows now. A code is accepted only once, so after a
    login in this time step it is the app's next code (one step ahead is allowed)."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    ahead = max(0, device.last_t + 1 - now)
    drift = device.drift + ahead
    code = totp(device.bin_key, device.step, device.t0, device.digits, drift)
    return f"{code:0{device.digits}d}"


def log_in_verified(client: Client, user) -> TOTPDevice:
    """force_login, then mark the session as verified by the user's device, as the
    code step does: for coordinators and superusers, who must give a code."""
    device = confirmed_device(user) or enroll(user)
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    otp_login(request, device)
    request.session.save()
    return device


def log_in_in_browser(page, url: str, username: str, password: str, device=None):
    """Open url (a staff page sends the visitor to the login), give the password,
    then the code when the user has a device."""
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    if device is not None:
        page.fill("#id_kode", totp_code(device))
        with page.expect_navigation():
            page.click("button[type=submit]")
