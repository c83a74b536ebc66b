import tomllib

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="session")
def plan_text() -> str:
    return settings.HANDLINGSPLAN_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def curation() -> dict:
    with settings.CURATION_FILE.open("rb") as file:
        return tomllib.load(file)


@pytest.fixture
def seeded(db) -> None:
    """The real plan, loaded from the committed fixture."""
    call_command("loaddata", str(settings.SEED_FIXTURE), verbosity=0)
