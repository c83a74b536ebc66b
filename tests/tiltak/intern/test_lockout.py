"""The login lockout behind the proxy (tiltak.intern.login.LockoutHandler, the
AXES_* settings and deploy/nginx/): an attacker locks only what they try from
their own address, and one address trying many usernames is stopped too.

Every request reaches Django from the proxy's 127.0.0.1, as behind nginx, with
the client's address in the header the proxy sets."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from tests.accounts import reads_tiltak

pytestmark = pytest.mark.django_db

PASSWORD = "et-langt-passord-for-test"
LOGIN = reverse("intern:logg_inn")
INTERN = reverse("intern:tiltak")
PROXY_CONF = settings.BASE_DIR / "deploy" / "nginx" / "slt-tiltak-proxy.conf"
ATTACKER = "203.0.113.9"
COORDINATOR_AT_WORK = "198.51.100.4"


def headers_set_to_the_client_address() -> set[str]:
    """The headers the shipped proxy configuration sets to the address it saw."""
    text = PROXY_CONF.read_text(encoding="utf-8")
    pattern = r"^\s*proxy_set_header\s+(\S+)\s+\$remote_addr;"
    return set(re.findall(pattern, text, re.MULTILINE))


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    """CLIENT_IP_HEADER as README «Drift» sets it for deploy/nginx/."""
    assert "X-Real-IP" in headers_set_to_the_client_address()
    settings.CLIENT_IP_HEADER = "X-Real-IP"


def log_in(client, address: str, username: str = "gry", password: str = PASSWORD):
    data = {"username": username, "password": password, "next": INTERN}
    return client.post(LOGIN, data, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=address)


def make_staff(username: str = "gry") -> User:
    return reads_tiltak(
        User.objects.create_user(username, password=PASSWORD, is_staff=True)
    )


def test_the_proxy_replaces_the_address_headers_with_the_one_it_saw():
    assert {"X-Real-IP", "X-Forwarded-For"} <= headers_set_to_the_client_address()
    # Appending ($proxy_add_x_forwarded_for) would keep what the client sent.
    assert "$proxy_add_x_forwarded_for" not in PROXY_CONF.read_text()


def test_an_attacker_guessing_a_password_does_not_lock_out_the_coordinator(client):
    make_staff()
    for _ in range(4):
        assert log_in(client, ATTACKER, password="feil").status_code == 200
    assert log_in(client, ATTACKER, password="feil").status_code == 429
    assert log_in(client, ATTACKER).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    # The coordinator, from the office, behind the same proxy: in at once.
    assert log_in(client, COORDINATOR_AT_WORK).status_code == 302
    assert "_auth_user_id" in client.session


def test_one_address_trying_many_usernames_is_locked_for_every_username(client):
    make_staff()
    statuses = [
        log_in(client, ATTACKER, f"bruker{n}", "Sommer2026!").status_code
        for n in range(40)
    ]
    limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    assert statuses == [200] * (limit - 1) + [429] * (40 - limit + 1)
    locked = log_in(client, ATTACKER)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "for mange ganger fra denne maskinen, for flere brukernavn" in text
    assert "de neste 15 minuttene" in text
    # Attempts while locked are not counted, and other addresses are not affected.
    counted = AccessAttempt.objects.values_list("failures_since_start", flat=True)
    assert sum(counted) == limit
    assert log_in(client, COORDINATOR_AT_WORK).status_code == 302


def test_the_lock_of_an_address_ends_after_the_cool_off(client):
    make_staff()
    for n in range(settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS):
        log_in(client, ATTACKER, f"bruker{n}", "feil")
    assert log_in(client, ATTACKER).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1)
    )
    assert log_in(client, ATTACKER).status_code == 302


def test_a_few_mistakes_by_colleagues_behind_one_address_lock_no_one(client):
    """An office behind one address: four people mistype four times each."""
    names = ["gry", "ola", "kari", "per"]
    for name in names:
        make_staff(name)
    for name in names:
        for _ in range(4):
            assert log_in(client, ATTACKER, name, "feil").status_code == 200
    for name in names:
        assert log_in(client, ATTACKER, name).status_code == 302
        client.post(reverse("intern:logg_ut"))
