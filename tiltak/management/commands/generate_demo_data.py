from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand, CommandError

from tiltak.demo.generator import generate, has_real_data


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ArgumentTypeError(f"«{value}» er ikke et positivt heltall.")
    return number


class Command(BaseCommand):
    help = (
        "Fyller databasen med oppdiktede tiltak, aktører og kontaktkanaler for test "
        "og ytelsesmåling. Samme frø gir samme innhold; en ny kjøring erstatter "
        "forrige demodata. Nekter å kjøre på en database med ekte data uten --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tiltak", type=positive, default=20_000, help="Antall tiltak."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Frø: samme frø gir samme data."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Legg demodata ved siden av ekte tiltak og aktører.",
        )

    def handle(self, tiltak: int, seed: int, force: bool, **options):
        if not force and has_real_data():
            raise CommandError(
                "Databasen har ekte tiltak eller aktører; demodata blandes ikke inn "
                "uten --force. Bruk en egen database (DATABASE_URL)."
            )
        report = generate(tiltak, seed)
        self.stdout.write(report.render(seed))
