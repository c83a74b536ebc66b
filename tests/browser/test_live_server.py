"""The live server the browser tests run against must survive Chromium's habit of
asking for several things at once (a page, its styles, /favicon.ico)."""

from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from tests.accounts import log_in_verified
from tiltak.intern.roles import COORDINATOR

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_coordinators_pages_asked_for_at_once_are_all_answered(
    plan, django_user_model
):
    user = django_user_model.objects.create_user("koordinator", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR))
    client = Client()
    log_in_verified(client, user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}"

    def status(path: str) -> int:
        request = Request(f"{plan}{path}", headers={"Cookie": cookie})
        try:
            with urlopen(request, timeout=30) as response:
                response.read()
                return response.status
        except HTTPError as error:
            return error.code

    paths = ["/admin/tiltak/tiltak/", "/favicon.ico", "/intern/", "/tiltak/"] * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(status, paths))
    assert set(statuses) == {200}
