from django.conf import settings
from django.core.management.base import BaseCommand

from tiltak.seed import load_seed


class Command(BaseCommand):
    help = "Legger handlingsplanen inn i en tom database. Gjør ingenting ellers."

    def handle(self, **options):
        if load_seed(settings.SEED_FIXTURE):
            self.stdout.write(f"Lastet {settings.SEED_FIXTURE.name} inn i databasen.")
        else:
            self.stdout.write("Databasen har allerede data; ingenting er endret.")
