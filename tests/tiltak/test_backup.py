import json
import os
import stat
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import make_tiltak
from tiltak.intern.roles import COORDINATOR
from tiltak.models import Sokeindeks, Sokeord, Tiltak
from tiltak.search import search_tiltak
from tiltak.seed import canonical_content

pytestmark = pytest.mark.django_db

HISTORY = [
    "tiltak.HistoricalTiltak",
    "tiltak.HistoricalTiltakAktor",
    "tiltak.HistoricalTiltakKanal",
    "kontakter.HistoricalAktor",
    "kontakter.HistoricalKontaktkanal",
]


@pytest.fixture(autouse=True)
def fresh_content_types():
    yield
    # A restore flushes and remakes the content types inside the test's
    # transaction; the rollback brings the old ones back, so forget the cache.
    ContentType.objects.clear_cache()


def as_committed() -> None:
    """Check the test's pending foreign keys now, as a commit would.

    PostgreSQL refuses to TRUNCATE (flush) tables with checks still pending in
    the same transaction, which a real restore never meets.
    """
    connection.check_constraints()


def add_coordinator_with_history() -> None:
    user = get_user_model().objects.create_user(
        "gry", email="slt@example.no", password="et-langt-og-trygt-passord"
    )
    user.groups.add(Group.objects.get(name=COORDINATOR))
    tiltak = Tiltak.objects.get(slug="gatemegling")
    tiltak.tittel = "Gatemegling for alle"
    tiltak._history_user = user
    tiltak.save()


def snapshot() -> dict:
    """What a restore must bring back: content, users, groups and history."""
    users = get_user_model().objects.order_by("username")
    return {
        "content": canonical_content(),
        "users": [
            (user.username, user.password, sorted(user.groups.values_list("name")))
            for user in users
        ],
        "groups": sorted(
            (group.name, sorted(group.permissions.values_list("codename")))
            for group in Group.objects.all()
        ),
        "history": {
            label: list(
                apps.get_model(label)
                .objects.order_by("history_id")
                .values_list(
                    "history_id", "id", "history_type", "history_user__username"
                )
            )
            for label in HISTORY
        },
    }


def backup(path: Path) -> Path:
    call_command("backup", output=path, verbosity=0)
    return path


def test_a_backup_restores_the_seeded_database_to_identical_content(
    seeded, tmp_path, capsys
):
    add_coordinator_with_history()
    before = snapshot()
    first = backup(tmp_path / "first.json")
    as_committed()
    call_command("flush", interactive=False, verbosity=0)
    assert not Tiltak.objects.exists()

    call_command("restore", str(first))

    assert snapshot() == before
    assert before["history"]["tiltak.HistoricalTiltak"][-1][3] == "gry"
    assert backup(tmp_path / "second.json").read_text() == first.read_text()
    result = search_tiltak(Tiltak.objects.published(), "hasj")
    assert result.tiltak.first().slug == "hasjavvenningsprogram-hap"
    assert "tiltak: 42" in capsys.readouterr().out


def test_new_rows_can_be_added_after_a_restore(seeded, tmp_path):
    path = backup(tmp_path / "backup.json")
    as_committed()
    call_command("restore", str(path), "--force", verbosity=0)
    tiltak = make_tiltak(tittel="Nattravn")
    tiltak.tittel = "Natteravner"
    tiltak.save()
    get_user_model().objects.create_user("ny")
    assert tiltak.pk > 42
    assert tiltak.history.count() == 2
    assert search_tiltak(Tiltak.objects.all(), "natteravn").tiltak.get() == tiltak


def test_the_backup_holds_users_by_name_and_leaves_out_what_is_derived(
    seeded, tmp_path
):
    add_coordinator_with_history()
    rows = json.loads(backup(tmp_path / "backup.json").read_text())
    models = {row["model"] for row in rows}
    assert {"auth.user", "auth.group", "tiltak.tiltak", "tiltak.synonym"} <= models
    assert {label.lower() for label in HISTORY} <= models
    assert not models & {
        "tiltak.sokeindeks",
        "tiltak.sokeord",
        "auth.permission",
        "contenttypes.contenttype",
        "sessions.session",
        "admin.logentry",
    }
    user = next(row for row in rows if row["model"] == "auth.user")
    assert "pk" not in user
    assert user["fields"]["groups"] == [[COORDINATOR]]
    assert user["fields"]["password"].startswith("pbkdf2_sha256$")


def test_a_backup_is_named_by_the_time_in_the_backups_folder(db, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    call_command("backup", verbosity=0)
    (path,) = (tmp_path / "backups").iterdir()
    assert path.name.startswith("slt-") and path.suffix == ".json"
    assert len(path.stem) == len("slt-20250101-120000")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_backups_are_readable_by_their_owner_alone_whatever_the_umask(
    db, settings, tmp_path, umask
):
    settings.BASE_DIR = tmp_path
    folder = tmp_path / "backups"
    folder.mkdir()
    os.chmod(folder, 0o755)
    earlier = folder / "slt-20250101-120000.json"
    earlier.write_text("[]")
    os.chmod(earlier, 0o644)
    umask_before = os.umask(umask)
    try:
        call_command("backup", verbosity=0)
    finally:
        os.umask(umask_before)
    assert mode(folder) == 0o700
    files = sorted(folder.iterdir())
    assert len(files) == 2
    assert [mode(path) for path in files] == [0o600, 0o600]


def test_folders_a_backup_makes_are_private_and_others_keep_their_mode(db, tmp_path):
    os.chmod(tmp_path, 0o755)
    path = tmp_path / "ny" / "mappe" / "backup.json"
    call_command("backup", output=path, verbosity=0)
    assert mode(path) == 0o600
    assert mode(tmp_path / "ny") == mode(tmp_path / "ny" / "mappe") == 0o700
    assert mode(tmp_path) == 0o755


def test_it_refuses_to_restore_over_data_without_force(seeded, tmp_path):
    path = backup(tmp_path / "backup.json")
    Tiltak.objects.filter(slug="gatemegling").update(tittel="Endret etterpå")
    with pytest.raises(CommandError, match="Databasen har allerede data"):
        call_command("restore", str(path))
    assert Tiltak.objects.get(slug="gatemegling").tittel == "Endret etterpå"


def test_a_file_that_fails_part_way_changes_nothing(seeded, tmp_path):
    add_coordinator_with_history()
    path = backup(tmp_path / "backup.json")
    rows = json.loads(path.read_text())
    # Everything loads before the last row names an actor that does not exist.
    rows.append(
        {
            "model": "tiltak.tiltakaktor",
            "pk": 9999,
            "fields": {"tiltak": 1, "aktor": 9999, "rekkefolge": 0},
        }
    )
    path.write_text(json.dumps(rows))
    Tiltak.objects.filter(slug="gatemegling").update(tittel="Endret etterpå")
    before = snapshot()
    as_committed()
    with pytest.raises(CommandError, match="databasen er ikke endret"):
        call_command("restore", str(path), "--force")
    assert snapshot() == before
    assert Sokeindeks.objects.count() == 42
    assert Sokeord.objects.filter(ord="gatemegling").exists()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("halv.json", '[{"model": "tiltak.tiltak"', "er ikke gyldig JSON"),
        ("objekt.json", '{"model": "tiltak.tiltak"}', "er ikke en sikkerhetskopi"),
        ("tom.json", "[]", "inneholder ingen data"),
        ("ukjent.json", '[{"model": "finnes.ikke"}]', "«finnes.ikke»"),
        ("kopi.txt", "[]", "er en .json-fil, ikke kopi.txt"),
    ],
)
def test_it_explains_a_file_that_is_not_a_backup(db, tmp_path, name, text, message):
    tiltak = make_tiltak()
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), "--force")
    assert Tiltak.objects.get() == tiltak


def test_it_explains_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Finner ikke filen"):
        call_command("restore", str(tmp_path / "borte.json"))
