import tomllib

import pytest
from django.conf import settings

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
