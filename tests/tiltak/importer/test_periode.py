"""The import into a plan period: a new plan text becomes a draft, and continued
tiltak keep their identity (issue 19)."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.factories import make_plan
from tiltak.models import (
    PLAN_TEXT_FIELDS,
    Handlingsplan,
    Planseksjon,
    Plantiltak,
    Tiltak,
)

PLAN = settings.HANDLINGSPLAN_FILE

pytestmark = pytest.mark.django_db

NEW_TILTAK = (
    "Tiltak: Natteravner i sentrum\n\n"
    "Voksne frivillige går natteravn i sentrum fredag og lørdag kveld.\n\n"
    "Ansvar: SLT-koordinator Telefon: 400 00 000\n\n"
)


def run_import(*args: str, path: Path = PLAN) -> str:
    out = StringIO()
    call_command("import_handlingsplan", str(path), *args, stdout=out)
    return out.getvalue()


def plan(fra_ar: int) -> Handlingsplan:
    return Handlingsplan.objects.get(fra_ar=fra_ar)


def members(fra_ar: int) -> list[dict]:
    fields = ("tiltak_id", "innsatsomrade_id", *PLAN_TEXT_FIELDS, "oppfolging")
    return list(
        Plantiltak.objects.filter(plan__fra_ar=fra_ar).order_by("pk").values(*fields)
    )


def live_tiltak() -> list[dict]:
    return list(Tiltak.objects.order_by("pk").values())


def next_year_text(tmp_path: Path) -> Path:
    """The 2023–2024 text revised: a tiltak renamed a little, one ended, one new,
    one description changed."""
    text = PLAN.read_text(encoding="utf-8")
    text = text.replace(
        "Tiltak: Hasjavvenningsprogram (HAP)", "Tiltak: Hasjavvenningsprogrammet (HAP)"
    )
    start = text.index("Tiltak: Trygghetsuka")
    text = text[:start] + text[text.index("Tiltak: Helsestasjonen for ungdom") :]
    text = text.replace(
        "Tiltak: Konfliktrådet\n", NEW_TILTAK + "Tiltak: Konfliktrådet\n"
    )
    text = text.replace("Gatemegling er et kurs", "Gatemegling er et nytt kurs")
    path = tmp_path / "handlingsplan-2024-2025.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_same_text_in_a_new_period_continues_all_42_tiltak(seeded):
    before_plan = members(2023)
    before_tiltak = live_tiltak()
    sections = list(Planseksjon.objects.filter(plan__fra_ar=2023).values())
    output = run_import("--periode", "2024-2025")
    assert "Tiltak: 42 videreført" in output
    assert "opprettet som utkast" not in output
    assert "Ikke funnet i den nye planen" not in output
    assert Tiltak.objects.count() == 42
    draft = plan(2024)
    assert draft.status == Handlingsplan.Status.UTKAST
    assert draft.til_ar == 2025
    assert draft.periode == "skoleåret 2024–2025"
    assert draft.tittel == plan(2023).tittel
    assert set(draft.medlemmer.values_list("tiltak", flat=True)) == set(
        Tiltak.objects.values_list("pk", flat=True)
    )
    assert Planseksjon.objects.filter(plan=draft).count() == 14
    # The plan the public sees is as it was, and so is every live tiltak.
    assert plan(2023).status == Handlingsplan.Status.GJELDENDE
    assert members(2023) == before_plan
    assert list(Planseksjon.objects.filter(plan__fra_ar=2023).values()) == sections
    assert live_tiltak() == before_tiltak


def test_running_it_again_changes_nothing_in_the_draft(seeded):
    run_import("--periode", "2024-2025")
    draft = members(2024)
    output = run_import("--periode", "2024-2025")
    assert members(2024) == draft
    assert "Tiltak i planen: 42 uendret" in output
    assert "Handlingsplan: 1 uendret" in output


def test_a_revised_text_matches_continued_tiltak_and_adds_new_ones_as_drafts(
    seeded, tmp_path: Path
):
    gatemegling = Tiltak.objects.get(slug="gatemegling")
    hap = Tiltak.objects.get(slug="hasjavvenningsprogram-hap")
    output = run_import("--periode", "2024-2025", path=next_year_text(tmp_path))
    assert "Tiltak: 41 videreført, 1 opprettet" in output
    assert (
        "«Hasjavvenningsprogrammet (HAP)» = «Hasjavvenningsprogram (HAP)» (likhet 0,95)"
        in output
    )
    assert "«Gatemegling» (nøkkel)" in output
    assert (
        "Ikke funnet i den nye planen (med i planen 2023–2024):\n  - «Trygghetsuka»"
        in (output)
    )
    assert "Nye tiltak (opprettet som utkast" in output
    assert "  - «Natteravner i sentrum»" in output

    new = Tiltak.objects.get(tittel="Natteravner i sentrum")
    assert new.status == Tiltak.Status.UTKAST
    assert [a.slug for a in new.aktorer.all()] == ["slt-koordinator"]
    assert new.kanaler.filter(verdi="+4740000000").exists()
    draft = plan(2024)
    assert draft.medlemmer.count() == 42
    assert draft.medlemmer.filter(tiltak=new).exists()
    assert draft.medlemmer.get(tiltak=hap).tittel == "Hasjavvenningsprogrammet (HAP)"
    assert not draft.medlemmer.filter(tiltak__slug="trygghetsuka").exists()
    # The draft has the new text; the public page keeps today's until publishing.
    member = draft.medlemmer.get(tiltak=gatemegling)
    assert member.beskrivelse.startswith("Gatemegling er et nytt kurs")
    gatemegling.refresh_from_db()
    assert gatemegling.beskrivelse.startswith("Gatemegling er et kurs")
    hap.refresh_from_db()
    assert hap.tittel == "Hasjavvenningsprogram (HAP)"


def test_an_editors_change_in_the_draft_is_kept_unless_overwrite(seeded):
    run_import("--periode", "2024-2025")
    member = plan(2024).medlemmer.get(tiltak__slug="gatemegling")
    member.beskrivelse = "Skrevet om i utkastet."
    member.save()
    output = run_import("--periode", "2024-2025")
    member.refresh_from_db()
    assert member.beskrivelse == "Skrevet om i utkastet."
    assert "«Gatemegling» i utkastet 2024–2025: beskrivelse" in output
    assert "Tiltak i planen: 41 uendret, 1 beholdt med endringer fra redigering" in (
        output
    )
    output = run_import("--periode", "2024-2025", "--overwrite")
    member.refresh_from_db()
    assert member.beskrivelse.startswith("Gatemegling er et kurs")
    assert "1 overskrevet med planens tekst" in output


def test_a_member_copied_unchanged_into_the_draft_takes_the_new_text(
    seeded, tmp_path: Path
):
    """A draft made by «Lag neste års plan» holds last year's texts: not an
    editor's, so the new plan text replaces them."""
    current = plan(2023)
    draft = make_plan(fra_ar=2024, status=Handlingsplan.Status.UTKAST)
    for member in current.medlemmer.all():
        member.pk, member.plan = None, draft
        member.save()
    edited = draft.medlemmer.get(tiltak__slug="konfliktradet")
    edited.beskrivelse = "Skrevet om i utkastet."
    edited.save()
    output = run_import("--periode", "2024-2025", path=next_year_text(tmp_path))
    gatemegling = draft.medlemmer.get(tiltak__slug="gatemegling")
    assert gatemegling.beskrivelse.startswith("Gatemegling er et nytt kurs")
    edited.refresh_from_db()
    assert edited.beskrivelse == "Skrevet om i utkastet."
    assert "«Konfliktrådet» i utkastet 2024–2025: beskrivelse" in output
    assert "oppdatert med planens tekst (var ikke endret i utkastet)" in output
    assert (
        "Med i utkastet, men ikke i planteksten (beholdt i utkastet):\n"
        "  - «Trygghetsuka»" in output
    )


def test_dry_run_writes_no_draft(seeded):
    output = run_import("--periode", "2024-2025", "--dry-run")
    assert "prøvekjøring, ikke lagret" in output
    assert "Tiltak: 42 videreført" in output
    assert not Handlingsplan.objects.filter(fra_ar=2024).exists()


@pytest.mark.parametrize(
    "status",
    [
        Handlingsplan.Status.VEDTATT,
        Handlingsplan.Status.GJELDENDE,
        Handlingsplan.Status.AVSLUTTET,
    ],
)
def test_a_plan_that_is_not_a_draft_is_refused_and_nothing_is_written(seeded, status):
    Handlingsplan.objects.filter(fra_ar=2023).update(
        status=Handlingsplan.Status.AVSLUTTET
    )
    make_plan(fra_ar=2024, status=status)
    before = (Tiltak.objects.count(), Plantiltak.objects.count())
    sections = Planseksjon.objects.count()
    with pytest.raises(CommandError, match="en import skriver bare i et utkast"):
        run_import("--periode", "2024-2025")
    assert (Tiltak.objects.count(), Plantiltak.objects.count()) == before
    assert Planseksjon.objects.count() == sections


def test_the_current_plans_own_period_is_refused(seeded):
    with pytest.raises(CommandError, match="Planen 2023–2024 for Lillestrøm er"):
        run_import("--periode", "2023-2024")


def test_without_periode_an_ended_plan_is_refused(seeded):
    Handlingsplan.objects.filter(fra_ar=2023).update(
        status=Handlingsplan.Status.AVSLUTTET
    )
    before = live_tiltak()
    with pytest.raises(CommandError, match="Planen 2023–2024 er avsluttet"):
        run_import()
    assert live_tiltak() == before


def test_without_periode_an_adopted_plan_gets_no_new_members(seeded, tmp_path: Path):
    Handlingsplan.objects.filter(fra_ar=2023).update(
        status=Handlingsplan.Status.VEDTATT
    )
    output = run_import(path=next_year_text(tmp_path))
    assert "«Natteravner i sentrum»: planen 2023–2024 er vedtatt" in output
    assert plan(2023).medlemmer.count() == 42


@pytest.mark.parametrize(
    "periode, message",
    [
        ("2024", "ikke på formen «2024-2025»"),
        ("24-25", "ikke på formen «2024-2025»"),
        ("2024/2025", "ikke på formen «2024-2025»"),
        ("2024-2026", "ikke ett skoleår"),
        ("2025-2024", "ikke ett skoleår"),
        ("2024-2024", "ikke ett skoleår"),
    ],
)
def test_a_bad_periode_gives_a_norwegian_error(periode, message):
    with pytest.raises(CommandError, match=message):
        run_import("--periode", periode)
    assert not Handlingsplan.objects.exists()


def test_a_missing_file_with_periode_gives_a_norwegian_error(tmp_path: Path):
    with pytest.raises(CommandError, match="Finner ikke filen"):
        run_import("--periode", "2024-2025", path=tmp_path / "finnes-ikke.txt")


def test_a_file_that_is_not_utf8_with_periode_gives_a_norwegian_error(
    tmp_path: Path,
):
    path = tmp_path / "plan.txt"
    path.write_bytes("Tiltak: Møteplasser".encode("latin-1"))
    with pytest.raises(CommandError, match="ikke en UTF-8-tekstfil"):
        run_import("--periode", "2024-2025", path=path)


def test_a_broken_curation_file_gives_a_norwegian_error(tmp_path: Path):
    curation = tmp_path / "kuratering.toml"
    curation.write_text("[plan\n", encoding="utf-8")
    with pytest.raises(CommandError, match="er ikke gyldig TOML"):
        run_import("--curation", str(curation))
    curation.write_text("[plan]\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"mangler \[kommune\]"):
        run_import("--curation", str(curation))


def test_the_same_file_as_source_of_two_plans_is_noted(seeded):
    output = run_import("--periode", "2024-2025")
    assert plan(2024).kilde == ""
    assert "allerede kilden til planen 2023–2024" in output
