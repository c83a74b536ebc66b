"""Browser tests: Playwright on Debian's Chromium against pytest-django's live server.

They skip on a machine without /usr/bin/chromium, except in CI (CI=true), where a
missing browser is a failure: .ci/run installs it.
"""

import os
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

from tiltak.intern.roles import apply_roles
from tiltak.seed import load_seed

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in
# the test (loading the fixture) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Held by the live server while it answers a request and by the test's own
# queries (see `site`). Reentrant: on SQLite the server threads share the test's
# connection, so a request's queries pass through the same wrapper.
DATABASE_LOCK = threading.RLock()


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the tests' database is in memory, and every request thread of the
    live server shares the test's one connection to it. Two requests at once (a
    page and Chromium's own /favicon.ico) then make sqlite3 fail with «bad
    parameter or other API misuse», a 503 and a lost session; a test's query while
    the server answers one fails with «database table is locked». The threads
    stay, so a kept-alive connection blocks no one; only the application is
    serialised.
    """

    def set_app(self, application):
        def one_at_a_time(environ, start_response):
            with DATABASE_LOCK:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


LiveServerThread.server_class = OneRequestAtATimeServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The live server's database is flushed after each test; serialized_rollback puts
# back what migrations seeded (the search synonyms) for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def one_query_at_a_time(execute, sql, params, many, context):
    with DATABASE_LOCK:
        return execute(sql, params, many, context)


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's address, with the real plan loaded. The test's queries
    wait while the server answers a request (Chromium's /favicon.ico comes
    whenever it likes)."""
    with connection.execute_wrapper(one_query_at_a_time):
        load_seed(settings.SEED_FIXTURE)
        yield live_server.url


@pytest.fixture
def plan(site) -> str:
    """`site` for editors: the live server's flush between tests empties the
    groups the migration made, so they are made again."""
    apply_roles(apps)
    return site


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A phone-sized window."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()
