"""The seed fixture: the imported plan as Django JSON, and loading it once.

fixtures/handlingsplan.json is built from the plan text by `make fixtures` (a fresh
SQLite database, the importer, then serialize_seed), so its primary keys are stable.
Timestamps are left out: they would change on every build.
"""

import json
from pathlib import Path

from django.core import serializers
from django.core.management import call_command
from django.db import transaction

from kontakter.models import Aktor, Kontaktkanal
from tiltak.models import (
    Handlingsplan,
    Innsatsomrade,
    Planseksjon,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
)

# In dependency order, so loaddata never meets a missing foreign key.
SEED_MODELS = [
    Handlingsplan,
    Planseksjon,
    Innsatsomrade,
    Aktor,
    Kontaktkanal,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
]
TIMESTAMPS = {"opprettet", "oppdatert"}


def _fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in TIMESTAMPS
    ]


def serialize_seed() -> str:
    objects = []
    for model in SEED_MODELS:
        data = serializers.serialize(
            "python", model.objects.order_by("pk"), fields=_fields(model)
        )
        objects.extend(data)
    return json.dumps(objects, ensure_ascii=False, indent=1, default=str) + "\n"


def is_empty() -> bool:
    return not any(model.objects.exists() for model in SEED_MODELS)


def load_seed(path: Path) -> bool:
    """Load the fixture into an empty database. Returns False when data is there."""
    with transaction.atomic():
        if not is_empty():
            return False
        call_command("loaddata", str(path), verbosity=0)
        # loaddata writes no history; give every seeded row its first version.
        call_command("populate_history", "--auto", verbosity=0)
    return True


def canonical_content() -> dict[str, list[dict]]:
    """Every seeded row without keys and timestamps: for comparing two databases."""
    content = {}
    for model in SEED_MODELS:
        label = model._meta.label
        rows = []
        for instance in model.objects.order_by("pk"):
            row = {}
            for name in _fields(model):
                field = model._meta.get_field(name)
                value = getattr(instance, name)
                row[name] = str(value) if field.is_relation else value
            rows.append(row)
        content[label] = sorted(rows, key=repr)
    return content
