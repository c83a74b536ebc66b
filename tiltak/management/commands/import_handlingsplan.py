from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tiltak.importer.writing import ImportRefused, import_plan, parse_periode


class Command(BaseCommand):
    help = (
        "Leser handlingsplanen (tekst) og lagrer innsatsområder, tiltak, aktører og "
        "kontaktkanaler. Oppretter det som mangler; endringer gjort i redigeringen "
        "beholdes og rapporteres, med mindre --overwrite er gitt. Med --periode "
        "leses en ny plantekst inn i et utkast for det skoleåret: tiltak som "
        "videreføres kjennes igjen, og de publiserte tiltakene endres ikke."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Planen som tekstfil (UTF-8).")
        parser.add_argument(
            "--periode",
            help="Skoleåret planen gjelder, for eksempel «2024-2025». Teksten blir "
            "et utkast til kommunens plan for perioden. Uten: perioden i "
            "kurateringsfilen.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vis hva som ville skjedd, uten å lagre noe.",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Skriv planens tekst over tiltak og seksjoner som er endret.",
        )
        parser.add_argument(
            "--curation",
            type=Path,
            default=settings.CURATION_FILE,
            help="Kuratert aktør- og overskriftsliste (TOML).",
        )

    def handle(
        self,
        path: Path,
        dry_run: bool,
        overwrite: bool,
        curation: Path,
        periode: str | None = None,
        **options,
    ):
        try:
            period = None if periode is None else parse_periode(periode)
            for file in (path, curation):
                if not file.is_file():
                    raise CommandError(f"Finner ikke filen {file}.")
            report = import_plan(
                path, curation, overwrite=overwrite, dry_run=dry_run, periode=period
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} er ikke en UTF-8-tekstfil: {error}") from error
        self.stdout.write(report.render())
