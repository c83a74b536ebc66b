"""A backup of the whole directory as one JSON file, and restoring one.

The file is dumpdata's JSON: every tiltak, actor, channel, the plan and «Er du
bekymret?», the synonyms, the history of every change, and the users and groups
(with their password hashes) by natural key, so it loads into any freshly
migrated database, SQLite or PostgreSQL. Left out is what a database makes or
derives itself: the search index and vocabulary (rebuilt on restore), content
types and permissions (made by migrate), sessions, the admin log and login
attempts.
"""

import datetime
import json
import os
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.serializers import json as json_serializer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from tiltak import seed
from tiltak.models import Sokeord

# Made from the rest: the search index, and the change counter, which must keep
# counting up in the database a backup is restored into (tiltak.caching).
DERIVED = ["tiltak.Sokeindeks", "tiltak.Sokeord", "tiltak.Dataversjon"]


# The serialisation format backups are written in (settings.SERIALIZATION_MODULES
# names this module): Django's JSON, with times to the microsecond.
FORMAT = "json-exakt"


class BackupError(Exception):
    """A backup that cannot be written or restored, said in a sentence."""


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond; a restored database must
    hold the very times it was backed up with (history dates among them)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat().replace("+00:00", "Z")
        return super().default(o)


class Serializer(json_serializer.Serializer):
    def _init_options(self) -> None:
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


# Files are read back with the ordinary JSON loader (the name ends in .json).
Deserializer = json_serializer.Deserializer


def labels() -> list[str]:
    # Two-factor devices (django-otp) belong to the users when the app is in use.
    otp = [
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("django_otp.plugins.")
    ]
    return ["auth.Group", "auth.User", "kontakter", "tiltak", *otp]


def default_path(directory: Path) -> Path:
    return directory / f"slt-{timezone.localtime():%Y%m%d-%H%M%S}.json"


def require_json(path: Path) -> None:
    if path.suffix != ".json":
        raise BackupError(f"En sikkerhetskopi er en .json-fil, ikke {path.name}.")


# The file holds password hashes and two-factor keys: readable by its owner alone,
# in a folder no one else may list, whatever the umask.
FILE_MODE = 0o600
DIRECTORY_MODE = 0o700


def backup_directory() -> Path:
    """Where `manage.py backup` writes when given no --output (git ignores it)."""
    return settings.BASE_DIR / "backups"


def prepare_directory(directory: Path) -> None:
    """Make the missing folders of `directory` private (0700), and the backups
    folder with the backups in it too when it is there already (written before
    they were private). A folder named with --output that exists (/tmp, a home)
    is the user's choice and keeps its mode."""
    missing = [
        folder for folder in (directory, *directory.parents) if not folder.exists()
    ]
    directory.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        os.chmod(folder, DIRECTORY_MODE)  # mkdir's mode is cut by the umask
    if directory.resolve() == backup_directory().resolve():
        os.chmod(directory, DIRECTORY_MODE)
        for earlier in directory.glob("slt-*.json"):
            os.chmod(earlier, FILE_MODE)


def create_private(path: Path) -> None:
    """An empty file only its owner may read, which dumpdata then writes into
    (opening it again keeps the mode). Never through a symlink someone left."""
    path.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)  # os.open's mode is cut by the umask
    finally:
        os.close(descriptor)


def write_backup(path: Path) -> Counter[str]:
    """Write the backup to `path`; return how many rows of each model it holds.

    The file appears whole or not at all: it is written beside and then renamed.
    It is 0600 from its first byte; the backups folder, and any folder made for
    it, is 0700 (prepare_directory).
    """
    require_json(path)
    prepare_directory(path.parent)
    partial = path.with_name(f".{path.stem}.partial.json")
    try:
        create_private(partial)
        call_command(
            "dumpdata",
            *labels(),
            format=FORMAT,
            exclude=DERIVED,
            natural_foreign=True,
            natural_primary=True,
            use_base_manager=True,
            indent=1,
            output=str(partial),
            verbosity=0,
        )
        counts = read_backup(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return counts


def read_backup(path: Path) -> Counter[str]:
    """Check that `path` is a backup this installation can load; count its rows."""
    require_json(path)
    if not path.is_file():
        raise BackupError(f"Finner ikke filen {path}.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path.name} er ikke gyldig JSON: {error}.") from error
    if not isinstance(data, list) or not all(
        isinstance(row, dict) and isinstance(row.get("model"), str) for row in data
    ):
        raise BackupError(
            f"{path.name} er ikke en sikkerhetskopi fra manage.py backup."
        )
    if not data:
        raise BackupError(f"{path.name} inneholder ingen data.")
    counts = Counter(row["model"] for row in data)
    for label in counts:
        try:
            apps.get_model(label)
        except (LookupError, ValueError) as error:
            raise BackupError(
                f"{path.name} har data for «{label}», "
                "som denne installasjonen ikke har."
            ) from error
    return counts


def has_data() -> bool:
    """Whether the database holds more than a fresh `migrate` puts there."""
    return not seed.is_empty() or get_user_model().objects.exists()


def restore_backup(path: Path, *, force: bool = False) -> Counter[str]:
    """Load a backup into an empty database, or with `force` in place of its data.

    All or nothing: a file that fails part-way leaves the database as it was.
    """
    counts = read_backup(path)
    if has_data() and not force:
        raise BackupError(
            "Databasen har allerede data, og ingenting er endret. "
            "Bruk --force for å tømme den og gjenopprette fra filen."
        )
    try:
        # Emptied and loaded together: a file that fails leaves the old data.
        with transaction.atomic():
            if force:
                call_command("flush", interactive=False, verbosity=0)
            # The vocabulary is built from nothing but the restored text, as
            # loaddata indexes the restored tiltak (and updates the statistics).
            Sokeord.objects.all().delete()
            call_command("loaddata", str(path), verbosity=0)
    except Exception as error:
        # Whatever failed, the transaction is rolled back; say why and stop.
        raise BackupError(
            f"{path.name} ble ikke gjenopprettet, og databasen er ikke endret: {error}"
        ) from error
    return counts


def describe(counts: Counter[str]) -> list[str]:
    """One line per model, in Norwegian: «tiltak: 42»."""
    lines = []
    for label, count in sorted(counts.items()):
        model = apps.get_model(label)
        name = model._meta.verbose_name_plural
        # django-simple-history names its tables in English.
        if tracked := getattr(model, "instance_type", None):
            name = f"historikk for {tracked._meta.verbose_name_plural}"
        lines.append(f"  {name}: {count}")
    return lines
