"""The seed fixture: the imported plan as Django JSON, and loading it once.

fixtures/handlingsplan.json is built from the plan text and the curated content of
«Er du bekymret?» by `make fixtures` (a fresh SQLite database, build_seed, then
serialize_seed), so its primary keys are stable.
Bookkeeping fields (timestamps, version) are left out: they change on every build.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

from kontakter.bekymret import load_bekymret, read_bekymret
from kontakter.models import (
    LINK_CHECK_FIELDS,
    Aktor,
    Bekymringstema,
    Betjeningsavvik,
    Betjeningstid,
    Kommune,
    Kontaktkanal,
    Kontaktkort,
    Kortkanal,
    Nodnummer,
    Temakanal,
)
from tiltak.importer.writing import Report, import_plan
from tiltak.models import (
    Handlingsplan,
    Innsatsomrade,
    Planseksjon,
    Plantiltak,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
    TiltakTema,
)

# In dependency order, so loaddata never meets a missing foreign key.
SEED_MODELS = [
    Kommune,
    Handlingsplan,
    Planseksjon,
    Innsatsomrade,
    Aktor,
    Kontaktkanal,
    Betjeningstid,
    Betjeningsavvik,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
    Plantiltak,
    Nodnummer,
    Kontaktkort,
    Kortkanal,
    Bekymringstema,
    Temakanal,
    TiltakTema,
]
# Bookkeeping that changes on every build or save, not content, and the results of
# the last link check.
BOOKKEEPING = {"opprettet", "oppdatert", "versjon", *LINK_CHECK_FIELDS}


def _fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in BOOKKEEPING
    ]


def link_bekymret(data: dict) -> None:
    """Put the tiltak the source names under each concern of «Er du bekymret?»."""
    for row in data.get("tema", []):
        tema = Bekymringstema.objects.get(slug=row["slug"])
        for order, slug in enumerate(row.get("tiltak", [])):
            tiltak = Tiltak.objects.filter(slug=slug).first()
            if tiltak is None:
                raise ValueError(f"Temaet «{tema}» viser til et ukjent tiltak: {slug}")
            TiltakTema.objects.get_or_create(
                tiltak=tiltak, tema=tema, defaults={"rekkefolge": order}
            )


def build_seed() -> Report:
    """Everything the seed fixture holds, written to the database from its sources."""
    # The plan and «Er du bekymret?» together: a fixture is never half built.
    with transaction.atomic():
        report = import_plan(settings.HANDLINGSPLAN_FILE, settings.CURATION_FILE)
        data = read_bekymret(settings.BEKYMRET_FILE)
        load_bekymret(data)
        link_bekymret(data)
    return report


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
    # The check for data and the load together: two `make run`s never load twice.
    with transaction.atomic():
        if not is_empty():
            return False
        # Indexes the tiltak for search and updates the statistics too.
        call_command("loaddata", str(path), "--new", verbosity=0)
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
