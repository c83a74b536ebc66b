import tomllib

import pytest
from django.conf import settings
from django.core.cache import caches

from tests.accounts import log_in_verified
from tiltak.seed import load_seed


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
    must pass (tiltak.innlogging) done as the code page does it."""
    log_in_verified(client, admin_user)
    return client
