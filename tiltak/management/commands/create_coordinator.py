import getpass
import os

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from tiltak.intern.roles import COORDINATOR
from tiltak.management.commands.enroll_totp import manage_command


class Command(BaseCommand):
    help = (
        "Oppretter en konto for SLT-koordinatoren med tilgang til redigeringen. "
        "Passordet spørres om, eller leses fra miljøvariabelen SLT_PASSORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("brukernavn")
        parser.add_argument("--epost", default="")

    def handle(self, brukernavn: str, epost: str, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.create(brukernavn, epost)

    def create(self, brukernavn: str, epost: str) -> None:
        User = get_user_model()
        if User.objects.filter(username=brukernavn).exists():
            raise CommandError(f"Brukernavnet «{brukernavn}» finnes allerede.")
        password = os.environ.get("SLT_PASSORD") or self.ask_password()
        user = User(username=brukernavn, email=epost, is_staff=True)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        # The account and its group together: never a coordinator without rights.
        with transaction.atomic():
            user.save()
            user.groups.add(Group.objects.get(name=COORDINATOR))
        self.stdout.write(
            f"Opprettet {brukernavn} i gruppen «{COORDINATOR}». Koordinatorer må "
            "logge inn med en kode fra en app: kjør "
            f"`{manage_command('enroll_totp', brukernavn)}` sammen med brukeren, "
            "så kan hen logge inn på "
            "/intern/logg-inn/."
        )

    def ask_password(self) -> str:
        password = getpass.getpass("Passord (minst 12 tegn): ")
        if password != getpass.getpass("Gjenta passordet: "):
            raise CommandError("Passordene er ikke like.")
        return password
