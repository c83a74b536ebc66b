from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tiltak.backup import BackupError, default_path, describe, write_backup


class Command(BaseCommand):
    help = (
        "Skriver en sikkerhetskopi av alle data til én JSON-fil, som standard "
        "backups/slt-ÅÅÅÅMMDD-TTMMSS.json. Filen inneholder passord-hasher: "
        "oppbevar den trygt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Filen sikkerhetskopien skrives til (.json)."
        )

    def handle(self, *, output: Path | None, **options):
        path = output or default_path(settings.BASE_DIR / "backups")
        try:
            counts = write_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sikkerhetskopi skrevet til {path}:")
        self.stdout.write("\n".join(describe(counts)))
