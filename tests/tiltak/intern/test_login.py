"""Staff accounts: lockout, Norwegian password rules, session expiry, two-factor
login and the enrolment command. Real TOTP codes, real clocks moved by hand."""

import datetime
import os
import sys
import time
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts import enroll, log_in_verified, reads_tiltak, totp_code
from tiltak.intern.login import LOGIN_TIME_KEY, PENDING_KEY, client_ip
from tiltak.intern.roles import COORDINATOR

pytestmark = pytest.mark.django_db

PASSWORD = "et-langt-passord-for-test"
LOGIN = reverse("intern:logg_inn")
CODE = reverse("intern:logg_inn_kode")
INTERN = reverse("intern:tiltak")


def make_staff(username: str = "gry", group: str | None = None, **extra) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, **extra)
    reads_tiltak(user)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def log_in(client, username: str = "gry", password: str = PASSWORD, **extra):
    data = {"username": username, "password": password, "next": INTERN}
    return client.post(LOGIN, data, **extra)


def is_logged_in(client) -> bool:
    return client.get(INTERN).status_code == 200


# --- Lockout -------------------------------------------------------------------


def test_it_locks_a_username_after_five_wrong_passwords_even_for_the_right_one(client):
    make_staff()
    for _ in range(4):
        assert log_in(client, password="feil").status_code == 200
    locked = log_in(client, password="feil")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Innloggingen er sperret en stund" in text
    assert "5 ganger for brukernavnet «gry»" in text
    assert "de neste 15 minuttene" in text
    assert log_in(client).status_code == 429
    assert not is_logged_in(client)


def test_another_username_from_the_same_address_is_not_locked(client):
    make_staff("gry")
    make_staff("ola")
    for _ in range(5):
        log_in(client, "gry", "feil")
    assert log_in(client, "ola").status_code == 302
    assert is_logged_in(client)


def test_the_same_username_from_another_address_is_not_locked(client):
    make_staff()
    for _ in range(5):
        log_in(client, password="feil")
    assert log_in(client, REMOTE_ADDR="10.0.0.7").status_code == 302


def test_login_works_again_after_the_cool_off(client):
    make_staff()
    for _ in range(5):
        log_in(client, password="feil")
    assert log_in(client).status_code == 429
    # Fourteen minutes later it is still locked; after fifteen it is open again.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=14)
    )
    assert log_in(client).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1)
    )
    assert log_in(client).status_code == 302
    assert is_logged_in(client)


def test_a_successful_login_resets_the_count(client):
    make_staff()
    for _ in range(4):
        log_in(client, password="feil")
    assert log_in(client).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.post(reverse("intern:logg_ut"))
    for _ in range(4):
        log_in(client, password="feil")
    assert log_in(client).status_code == 302


def test_without_a_configured_proxy_header_a_forged_one_changes_nothing(client):
    make_staff()
    for n in range(5):
        log_in(client, password="feil", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "127.0.0.1"
    }
    assert log_in(client, HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


def test_behind_a_configured_proxy_the_last_forwarded_address_counts(settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    factory = RequestFactory(REMOTE_ADDR="10.1.1.1")
    forwarded = factory.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 84.210.5.6")
    assert client_ip(forwarded) == "84.210.5.6"
    # A garbled header must not become the address: the proxy's own one counts.
    assert client_ip(factory.get("/", HTTP_X_FORWARDED_FOR="ikke-en-ip")) == (
        "10.1.1.1"
    )
    assert client_ip(factory.get("/")) == "10.1.1.1"


def test_the_admin_login_leads_to_the_staff_login_and_keeps_next(client):
    response = client.get("/admin/login/?next=/admin/tiltak/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/admin/tiltak/"
    page = client.get("/admin/", follow=True)
    assert page.redirect_chain[-1][0] == f"{LOGIN}?next=%2Fadmin%2F"
    assert "Brukernavn" in page.content.decode()


# --- Passwords -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "Passordet er for kort. Det må ha minst 12 tegn."),
        ("password1234", "Passordet er for vanlig."),
        ("384729105638", "Passordet kan ikke bare bestå av tall."),
        ("gryhansen-slt", "Passordet ligner for mye på brukernavn."),
    ],
)
def test_create_coordinator_explains_a_weak_password_in_norwegian(
    monkeypatch, password, message
):
    monkeypatch.setenv("SLT_PASSORD", password)
    with pytest.raises(CommandError, match=message):
        call_command("create_coordinator", "gryhansen-slt")
    assert not User.objects.exists()


def test_the_admin_password_form_speaks_norwegian(client):
    user = make_staff(group=COORDINATOR)
    log_in_verified(client, user)
    url = reverse("admin:password_change")
    page = client.get(url).content.decode()
    assert "Passordet må ha minst 12 tegn." in page
    assert "Passordet kan ikke være et av de mest brukte passordene." in page
    data = {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"}
    response = client.post(url, data)
    text = response.content.decode()
    assert "Passordet er for kort. Det må ha minst 12 tegn." in text
    assert "This password" not in text
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- Sessions ------------------------------------------------------------------


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_every_request_keeps_the_session_for_another_30_minutes(staff_client):
    staff_client.get(INTERN)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    staff_client.get(INTERN)
    left = session_row(staff_client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


def test_a_session_idle_for_30_minutes_is_over(staff_client):
    assert is_logged_in(staff_client)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = staff_client.get(INTERN)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def set_login_time(client, seconds_ago: float) -> None:
    session = client.session
    session[LOGIN_TIME_KEY] = time.time() - seconds_ago
    session.save()


def test_a_session_ends_after_12_hours_even_when_busy(staff_client):
    set_login_time(staff_client, 12 * 3600 - 60)
    assert is_logged_in(staff_client)
    set_login_time(staff_client, 12 * 3600 + 1)
    response = staff_client.get(INTERN, follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    text = response.content.decode()
    assert "Du har vært logget inn i 12 timer og er logget ut." in text
    assert not is_logged_in(staff_client)


# --- Two-factor login ------------------------------------------------------------


def test_a_user_with_an_app_gives_the_code_after_the_password(client):
    device = enroll(make_staff())
    response = log_in(client)
    assert response["Location"] == CODE
    assert not is_logged_in(client)  # the password alone is not a login
    page = client.get(CODE).content.decode()
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    response = client.post(CODE, {"kode": totp_code(device)})
    assert response["Location"] == INTERN
    assert is_logged_in(client)


def test_a_coordinator_logs_into_the_admin_with_the_code(client):
    device = enroll(make_staff(group=COORDINATOR))
    client.post(LOGIN, {"username": "gry", "password": PASSWORD, "next": "/admin/"})
    code = totp_code(device)
    response = client.post(CODE, {"kode": f"{code[:3]} {code[3:]}"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_explained_and_a_code_is_never_accepted_twice(client):
    device = enroll(make_staff())
    log_in(client)
    response = client.post(CODE, {"kode": "12345"})
    assert "Skriv de 6 sifrene som appen viser nå." in response.content.decode()
    code = totp_code(device)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = client.post(CODE, {"kode": wrong})
    assert "Koden stemmer ikke." in response.content.decode()
    assert not is_logged_in(client)
    # The throttle of django-otp waits a second after a wrong code.
    TOTPDevice.objects.update(throttling_failure_timestamp=None)
    client.post(CODE, {"kode": code})
    assert is_logged_in(client)
    client.post(reverse("intern:logg_ut"))
    log_in(client)
    response = client.post(CODE, {"kode": code})
    # Said as it is: the code was right but has been used, not «check the clock».
    page = response.content.decode()
    assert "Denne koden er allerede brukt." in page
    assert "klokken" not in page
    assert not is_logged_in(client)


def test_five_wrong_codes_lock_the_login_like_wrong_passwords(client):
    device = enroll(make_staff())
    log_in(client)
    right = totp_code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(4):
        TOTPDevice.objects.update(throttling_failure_timestamp=None)
        assert client.post(CODE, {"kode": wrong}).status_code == 200
    TOTPDevice.objects.update(throttling_failure_timestamp=None)
    locked = client.post(CODE, {"kode": wrong})
    assert locked.status_code == 429
    assert "Innloggingen er sperret" in locked.content.decode()
    assert log_in(client).status_code == 429
    assert not is_logged_in(client)


def test_the_code_page_sends_a_visitor_without_a_password_to_the_login(client):
    response = client.get(CODE, follow=True)
    assert response.redirect_chain == [(LOGIN, 302)]
    assert "Logg inn med brukernavn og passord først." in response.content.decode()


def test_a_password_given_more_than_5_minutes_ago_must_be_given_again(client):
    device = enroll(make_staff())
    log_in(client)
    session = client.session
    session[PENDING_KEY] = session[PENDING_KEY] | {"tid": time.time() - 301}
    session.save()
    response = client.post(CODE, {"kode": totp_code(device)})
    assert response["Location"] == LOGIN
    assert not is_logged_in(client)


@pytest.mark.parametrize("kind", ["coordinator", "superuser"])
def test_a_user_who_must_use_an_app_but_has_none_is_told_how_to_get_one(client, kind):
    if kind == "coordinator":
        user = make_staff(group=COORDINATOR)
    else:
        user = make_staff(is_superuser=True)
    assert log_in(client).status_code == 302
    for url in (INTERN, "/admin/", reverse("admin:tiltak_tiltak_changelist")):
        response = client.get(url)
        assert response.status_code == 403
        text = response.content.decode()
        assert "Du må logge inn med kode" in text
        assert ".venv/bin/python manage.py enroll_totp gry" in text
    # Public pages and the way out stay open.
    assert client.get("/").status_code == 200
    client.post(reverse("intern:logg_ut"))
    assert user.is_active


def test_staff_without_an_app_log_in_with_the_password_alone(client):
    make_staff()
    assert log_in(client)["Location"] == INTERN
    assert is_logged_in(client)


# Not a page of this site: a word redirect() takes for a URL name, a URL name, a
# path nothing answers, other hosts.
NOT_A_PAGE_HERE = [
    "hjem",
    "intern:tiltak",
    "/finnes-ikke/",
    "/intern/\n",
    "https://angriper.example/intern/",
    "//angriper.example/intern/",
    "/\\angriper.example/intern/",
]


@pytest.mark.parametrize("next_url", NOT_A_PAGE_HERE)
def test_a_next_that_is_no_page_here_leads_to_the_staff_pages_after_the_code(
    client, next_url
):
    device = enroll(make_staff())
    # As the issue found it: the address of the login page carries next.
    login_page = f"{LOGIN}?{urlencode({'next': next_url})}"
    response = client.post(login_page, {"username": "gry", "password": PASSWORD})
    assert response["Location"] == CODE
    response = client.post(CODE, {"kode": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"] == INTERN
    assert "_auth_user_id" in client.session  # logged in


@pytest.mark.parametrize("next_url", NOT_A_PAGE_HERE)
def test_a_next_that_is_no_page_here_leads_to_the_staff_pages_after_the_password(
    client, next_url
):
    make_staff()
    page = client.get(LOGIN, {"next": next_url}).content.decode()
    assert 'name="next" value=""' in page
    data = {"username": "gry", "password": PASSWORD, "next": next_url}
    response = client.post(LOGIN, data)
    assert response["Location"] == INTERN
    assert "_auth_user_id" in client.session  # logged in


def test_a_next_that_is_a_page_here_is_kept_with_its_query(client):
    device = enroll(make_staff())
    wanted = "/admin/tiltak/tiltak/?status=utkast"
    client.post(LOGIN, {"username": "gry", "password": PASSWORD, "next": wanted})
    assert client.post(CODE, {"kode": totp_code(device)})["Location"] == wanted


def test_a_session_without_the_code_is_ended_once_the_user_has_an_app(client):
    user = make_staff()
    client.force_login(user)
    assert is_logged_in(client)
    enroll(user)
    response = client.get(INTERN)
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


# --- Enrolment -----------------------------------------------------------------


def test_enroll_totp_prints_a_qr_code_and_switches_on_only_after_a_right_code(capsys):
    user = make_staff(group=COORDINATOR)
    old = enroll(user)
    call_command("enroll_totp", "gry")
    out = capsys.readouterr().out
    assert "otpauth://totp/SLT-tiltak%3Agry?secret=" in out
    assert "█" in out or "▀" in out  # the QR code, drawn in block characters
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    # Until confirmed, the old app still logs in.
    assert list(TOTPDevice.objects.filter(confirmed=True)) == [old]
    wrong = f"{(int(totp_code(new)) + 1) % 1_000_000:06d}"
    with pytest.raises(CommandError, match="Koden stemmer ikke"):
        call_command("enroll_totp", "gry", "--confirm", wrong)
    TOTPDevice.objects.update(throttling_failure_timestamp=None)
    call_command("enroll_totp", "gry", "--confirm", totp_code(new))
    assert "Tofaktorinnlogging er på for gry" in capsys.readouterr().out
    assert list(TOTPDevice.objects.values_list("pk", "confirmed")) == [(new.pk, True)]


def test_enroll_totp_prints_the_exact_command_that_confirms_it_here(capsys, settings):
    make_staff()
    call_command("enroll_totp", "gry")
    out = capsys.readouterr().out
    python = os.path.relpath(sys.executable, settings.BASE_DIR)
    command = f"{python} manage.py enroll_totp gry --confirm KODE"
    assert f"  {command}\n" in out
    # Run from the project folder, that line is a command that works.
    assert (settings.BASE_DIR / python).exists() and "\n  python manage.py" not in out


def test_enroll_totp_refuses_unknown_users_and_a_confirm_without_a_new_device():
    with pytest.raises(CommandError, match="Fant ingen bruker"):
        call_command("enroll_totp", "ukjent")
    make_staff()
    with pytest.raises(CommandError, match="ingen ny enhet å bekrefte"):
        call_command("enroll_totp", "gry", "--confirm", "123456")
