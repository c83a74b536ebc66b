import time

from django.core.management.base import BaseCommand

from tiltak import search
from tiltak.models import Sokeord, Tiltak


class Command(BaseCommand):
    help = (
        "Bygger søkeindeksen for alle tiltak på nytt, og med --vocabulary også "
        "ordlisten «Mente du …?» foreslår fra."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--vocabulary",
            action="store_true",
            help="Bygg ordlisten fra bunnen, uten ord ingen tiltak bruker lenger.",
        )

    def handle(self, *, vocabulary: bool, **options):
        started = time.monotonic()
        if vocabulary:
            search.rebuild_vocabulary()
        else:
            search.reindex()
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Søkeindeksen er bygget på nytt for {Tiltak.objects.count()} tiltak "
            f"på {seconds:.1f} s; ordlisten har {Sokeord.objects.count()} ord."
        )
