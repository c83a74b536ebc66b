import os
import tomllib

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection

from tests.accounts import log_in_verified
from tiltak.intern.roles import COORDINATOR
from tiltak.seed import load_seed

# --- One database's own features, and no skips in CI -------------------------------


def pytest_configure(config: pytest.Config) -> None:
    # Logins and accounts cost no CPU time here (tests.accounts).
    settings.PASSWORD_HASHERS = ["tests.accounts.QuickPasswordHasher"]
    config.addinivalue_line(
        "markers",
        "only_on(vendor): a test of a feature only this database has ('sqlite' or "
        "'postgresql'); the run on the other database deselects it",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    """Deselect the other database's tests: not applicable here, not skipped.

    `make test` runs the suite on both databases, so each of them runs once.
    """
    other = [
        item
        for item in items
        if (marker := item.get_closest_marker("only_on"))
        and marker.args[0] != connection.vendor
    ]
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = [item for item in items if item not in other]


def _skipped_in_ci(config: pytest.Config) -> bool:
    """In CI (CI=true) a skipped test fails the run: everything must run there."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped") if reporter else None
    return os.environ.get("CI") == "true" and bool(skipped)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if exitstatus == 0 and _skipped_in_ci(session.config):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config) -> None:
    if _skipped_in_ci(config):
        terminalreporter.write_line(
            "CI: tests were skipped, so the run fails; CI must run every test.",
            red=True,
        )


@pytest.fixture(scope="session")
def plan_text() -> str:
    return settings.HANDLINGSPLAN_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def curation() -> dict:
    with settings.CURATION_FILE.open("rb") as file:
        return tomllib.load(file)


@pytest.fixture
def seeded(db) -> None:
    """The real plan, loaded from the committed fixture as `make run` loads it."""
    load_seed(settings.SEED_FIXTURE)


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Every test starts with no cached pages: the database is new, the process not."""
    caches["default"].clear()


@pytest.fixture
def admin_client(db, admin_user, client):
    """pytest-django's superuser client, with the two-factor step a superuser
    must pass (tiltak.intern.login) done as the code page does it."""
    log_in_verified(client, admin_user)
    return client


@pytest.fixture
def coordinator(client, django_user_model):
    """A client logged in as an SLT-koordinator, past the code step."""
    user = django_user_model.objects.create_user("koordinator", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR))
    log_in_verified(client, user)
    return client
