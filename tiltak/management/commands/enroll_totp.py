import io
import os
import sys

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice


def manage_command(*args: str) -> str:
    """The command line to run a manage.py command here, as this one was run:
    `.venv/bin/python manage.py …` from the project folder."""
    python = os.path.relpath(sys.executable, settings.BASE_DIR)
    if python.startswith(".."):
        python = sys.executable
    return " ".join([python, "manage.py", *args])


class Command(BaseCommand):
    help = (
        "Two-factor login for a user, in two steps. Without --confirm: make a new "
        "TOTP device and print its QR code and otpauth:// address for the user's "
        "authenticator app. With --confirm CODE: check a code from the app, switch "
        "the new device on and remove the user's earlier one. Until then the user "
        "logs in as before."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--confirm",
            metavar="KODE",
            help="The 6-digit code the app shows after scanning the QR code.",
        )

    def handle(self, username: str, confirm: str | None, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Fant ingen bruker med brukernavnet «{username}».")
        if confirm is None:
            self.enroll(user)
        else:
            self.confirm(user, confirm)

    def enroll(self, user) -> None:
        # The old unconfirmed device goes as the new one comes: never two.
        with transaction.atomic():
            # Scanning again replaces a device no one has confirmed yet.
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device = TOTPDevice.objects.create(
                user=user, name="Autentiseringsapp", confirmed=False
            )
        qr = io.StringIO()
        segno.make(device.config_url).terminal(out=qr, compact=True)
        username = user.get_username()
        self.stdout.write(f"Skann QR-koden med autentiseringsappen til {username}:")
        self.stdout.write(qr.getvalue(), ending="")
        self.stdout.write("Eller legg inn denne adressen i appen:")
        self.stdout.write(device.config_url)
        self.stdout.write(
            "Bekreft så med koden appen viser, i mappen "
            f"{settings.BASE_DIR} (bytt ut KODE med de seks sifrene):\n"
            f"  {manage_command('enroll_totp', username, '--confirm', 'KODE')}"
        )

    def confirm(self, user, code: str) -> None:
        username = user.get_username()
        device = (
            TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").last()
        )
        if device is None:
            raise CommandError(
                f"{username} har ingen ny enhet å bekrefte. Kjør først: "
                f"{manage_command('enroll_totp', username)}"
            )
        if not verify_token(user, device.persistent_id, "".join(code.split())):
            raise CommandError(
                "Koden stemmer ikke. Bruk koden appen viser nå, og sjekk at klokken "
                "på telefonen går riktig. Vent noen sekunder mellom forsøkene."
            )
        # The other devices go as this one is confirmed: the user always has one.
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        self.stdout.write(
            f"Tofaktorinnlogging er på for {username}: innloggingen ber nå om "
            "koden fra appen etter passordet."
        )
