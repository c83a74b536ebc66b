from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tiltak.seed import build_seed, is_empty, serialize_seed


class Command(BaseCommand):
    help = (
        "Bygger fixtures/handlingsplan.json fra plantektsten og innholdet i «Er du "
        "bekymret?». Kjøres på en tom database, slik at nøklene blir de samme hver "
        "gang: bruk `make fixtures`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=settings.SEED_FIXTURE)

    def handle(self, output: Path, **options):
        if not is_empty():
            raise CommandError("Databasen er ikke tom. Bruk `make fixtures`.")
        report = build_seed()
        output.write_text(serialize_seed(), encoding="utf-8")
        self.stdout.write(report.render())
        self.stdout.write(f"Skrev {output}.")
