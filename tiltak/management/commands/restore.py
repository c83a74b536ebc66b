from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tiltak.backup import BackupError, describe, restore_backup


class Command(BaseCommand):
    help = (
        "Gjenoppretter en sikkerhetskopi fra manage.py backup i en tom database. "
        "Med --force tømmes databasen først. Alt eller ingenting: en fil som "
        "feiler, endrer ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Sikkerhetskopien (.json).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Tøm databasen, også brukere og historikk, før gjenopprettingen.",
        )

    def handle(self, *, file: Path, force: bool, **options):
        try:
            counts = restore_backup(file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Gjenopprettet fra {file}; søkeindeksen er bygget:")
        self.stdout.write("\n".join(describe(counts)))
