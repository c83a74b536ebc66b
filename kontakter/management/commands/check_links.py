from collections import Counter

from django.core.management.base import BaseCommand, CommandParser

from kontakter.link_check import Status, check_links

DEFAULT_TIMEOUT = 10.0


class Command(BaseCommand):
    help = (
        "Sjekker nettadressene til kontaktkanalene over HTTP og lagrer svaret på "
        "hver kanal. Uten nett blir lenkene «ikke sjekket», med grunnen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_TIMEOUT,
            help=f"Sekunder å vente på hver tjener (standard {DEFAULT_TIMEOUT:g}).",
        )

    def handle(self, *, timeout: float, **options) -> None:
        checked = check_links(timeout)
        if not checked:
            self.stdout.write("Ingen kontaktkanaler har en nettadresse å sjekke.")
            return
        counts = Counter(result.status for _, result in checked)
        self.stdout.write(
            f"Sjekket {len(checked)} nettadresser: "
            f"{counts[Status.OK]} virker, {counts[Status.FEIL]} feil, "
            f"{counts[Status.IKKE_SJEKKET]} ikke sjekket."
        )
        for kanal, result in checked:
            if result.status != Status.OK:
                label = Status(result.status).label
                self.stdout.write(
                    f"{label}: {kanal.verdi} ({kanal.aktor}) – {result.melding}"
                )
        if counts[Status.IKKE_SJEKKET] == len(checked):
            self.stdout.write(
                "Ingen tjener svarte. Har maskinen tilgang til nettet? Kjør "
                "kommandoen på nytt senere; lenkene står som «ikke sjekket» til da."
            )
