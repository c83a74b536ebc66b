"""The import command end to end on the real plan, and its rule for re-imports."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from kontakter.models import Aktor, Kontaktkanal
from kontakter.personvern import MASK
from tests.factories import make_fodselsnummer, make_tiltak
from tiltak.models import Handlingsplan, Innsatsomrade, Planseksjon, Tiltak
from tiltak.seed import canonical_content

PLAN = str(settings.HANDLINGSPLAN_FILE)

pytestmark = pytest.mark.django_db


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import_handlingsplan", PLAN, *args, stdout=out)
    return out.getvalue()


def test_it_imports_every_tiltak_under_its_innsatsomrade():
    output = run_import()
    assert Tiltak.objects.count() == 42
    assert Innsatsomrade.objects.count() == 5
    assert "Tiltak: 42 opprettet" in output
    counts = {area.slug: area.tiltak.count() for area in Innsatsomrade.objects.all()}
    assert counts["vold-og-overgrep"] == 12
    assert all(tiltak.status == "publisert" for tiltak in Tiltak.objects.all())


def test_every_tiltak_has_its_actors_in_the_plans_order():
    run_import()
    assert not Tiltak.objects.filter(aktorer=None).exists()
    rusundervisning = Tiltak.objects.get(
        slug="rusundervisning-pa-5-og-8-trinn-og-1-vgs"
    )
    assert [a.kortnavn for a in rusundervisning.aktorer.order_by("tiltakaktor")] == [
        "Skolehelsetjenesten",
        "OUT",
        "PHFS-U",
        "HFU",
    ]


def test_it_records_the_plans_identity_and_background():
    run_import()
    plan = Handlingsplan.objects.get()
    assert (plan.kommune.nummer, plan.fra_ar, plan.til_ar) == ("3205", 2023, 2024)
    assert plan.kommune.navn == "Lillestrøm"
    assert plan.status == Handlingsplan.Status.GJELDENDE
    assert plan.medlemmer.count() == 42
    assert plan.periode == "skoleåret 2023–2024"
    assert Planseksjon.objects.filter(plan=plan).count() == 14


def test_a_channel_is_stored_once_and_shown_on_every_tiltak_that_names_it():
    run_import()
    vakttelefon = Kontaktkanal.objects.get(verdi="+4746934634")
    assert vakttelefon.etikett == "Vakttelefon (OUT)"
    assert vakttelefon.aktor.kortnavn == "OUT"
    assert set(vakttelefon.tiltak.values_list("slug", flat=True)) == {
        "oppsokende-virksomhet-pa-skole-og-kveldstid",
        "gatemegling",
        "sisterhood-brotherhood-grupper",
        "rusoppfolging-veiledning-ungdom",
    }


def test_the_address_ending_a_description_is_shown_as_the_tiltaks_web_page():
    run_import()
    tiltak = Tiltak.objects.get(slug="politiets-nettsider-for-barn-og-unge")
    page = Kontaktkanal.objects.get(verdi="https://politiet.no/rad")
    assert list(tiltak.kanaler.all()) == [page]
    assert page.aktor.slug == "politiet"
    assert page.tiltak.count() == 2


def test_it_reuses_the_actors_channel_an_editor_made_for_the_same_page():
    politiet = Aktor.objects.create(navn="Politiet", slug="politiet", type="statlig")
    editors = Kontaktkanal.objects.create(
        aktor=politiet, type="nett", verdi="https://www.politiet.no/rad/"
    )
    run_import()
    assert not Kontaktkanal.objects.filter(verdi="https://politiet.no/rad").exists()
    tiltak = Tiltak.objects.get(slug="politiets-nettsider-for-barn-og-unge")
    assert list(tiltak.kanaler.all()) == [editors]


def test_it_keeps_references_without_url_for_the_editor_to_complete():
    run_import()
    references = Kontaktkanal.objects.filter(type="nett", verdi="")
    assert {kanal.etikett for kanal in references} == {
        "Vold og overgrep – Politiet.no",
        "Vold i nære relasjoner – Politiet.no",
        "Hat, ytringer og trusler – Politiet.no",
        "Lillestrøm kommune - Psykisk helse- og familiestøtte",
    }
    assert all(kanal.lacks_link for kanal in references)


def test_running_it_twice_changes_nothing():
    run_import()
    before = canonical_content()
    output = run_import()
    assert canonical_content() == before
    assert "Tiltak: 42 uendret" in output
    assert "opprettet" not in output


def test_it_keeps_an_editors_change_on_reimport_and_reports_it():
    run_import()
    tiltak = Tiltak.objects.get(slug="gatemegling")
    tiltak.beskrivelse = "Ny tekst fra SLT-koordinator."
    tiltak.alder_fra, tiltak.alder_til = 12, 18
    tiltak.save()
    output = run_import()
    tiltak.refresh_from_db()
    assert tiltak.beskrivelse == "Ny tekst fra SLT-koordinator."
    assert (tiltak.alder_fra, tiltak.alder_til) == (12, 18)
    assert "«Gatemegling»: beskrivelse, alder fra, alder til" in output
    assert "Tiltak: 41 uendret, 1 beholdt med endringer fra redigering" in output


def test_it_recognises_a_renamed_tiltak_and_does_not_create_it_again():
    run_import()
    Tiltak.objects.filter(slug="gatemegling").update(
        tittel="Gatemegling for ungdom", slug="gatemegling-ungdom"
    )
    run_import()
    assert Tiltak.objects.count() == 42
    assert (
        Tiltak.objects.get(slug="gatemegling-ungdom").tittel == "Gatemegling for ungdom"
    )


def test_it_keeps_an_edited_phone_number_and_does_not_bring_the_old_one_back():
    run_import()
    vakttelefon = Kontaktkanal.objects.get(verdi="+4746934634")
    vakttelefon.verdi = "+4740000000"
    vakttelefon.save()
    channels = Kontaktkanal.objects.count()
    run_import()
    assert Kontaktkanal.objects.count() == channels
    assert not Kontaktkanal.objects.filter(verdi="+4746934634").exists()
    vakttelefon.refresh_from_db()
    assert vakttelefon.verdi == "+4740000000"


def test_it_keeps_an_edited_actor():
    run_import()
    Aktor.objects.filter(slug="out").update(navn="Oppsøkende ungdomsteam")
    run_import()
    assert Aktor.objects.get(slug="out").navn == "Oppsøkende ungdomsteam"


def test_overwrite_puts_the_plans_text_back():
    run_import()
    Tiltak.objects.filter(slug="gatemegling").update(beskrivelse="Endret.")
    gatemegling = Tiltak.objects.get(slug="gatemegling")
    gatemegling.tiltakkanal_set.all().delete()
    output = run_import("--overwrite")
    gatemegling.refresh_from_db()
    assert gatemegling.beskrivelse.startswith("Gatemegling er et kurs")
    assert gatemegling.kanaler.count() == 3
    assert "Tiltak: 41 uendret, 1 overskrevet med planens tekst" in output


def test_dry_run_reports_but_saves_nothing():
    output = run_import("--dry-run")
    assert "prøvekjøring, ikke lagret" in output
    assert "Tiltak: 42 opprettet" in output
    assert not Tiltak.objects.exists()
    assert not Aktor.objects.exists()


def test_it_skips_a_tiltak_whose_address_an_editor_already_uses():
    make_tiltak(slug="gatemegling", tittel="Gatemegling (eget)")
    output = run_import()
    assert Tiltak.objects.count() == 42
    assert "«Gatemegling»: adressen «gatemegling» brukes av et annet tiltak" in output


def test_it_prints_the_lines_it_left_out():
    output = run_import()
    assert "Utelatt fra kilden" in output
    assert "Last ned hele PDF-versjonen av handlingsplanen her" in output


def test_a_missing_file_gives_a_norwegian_error(tmp_path: Path):
    with pytest.raises(CommandError, match="Finner ikke filen"):
        call_command("import_handlingsplan", str(tmp_path / "finnes-ikke.txt"))


def test_a_file_that_is_not_utf8_gives_a_norwegian_error(tmp_path: Path):
    path = tmp_path / "plan.txt"
    path.write_bytes("Tiltak: Møteplasser".encode("latin-1"))
    with pytest.raises(CommandError, match="ikke en UTF-8-tekstfil"):
        call_command("import_handlingsplan", str(path))


def test_it_reports_lines_it_could_not_place(tmp_path: Path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "Gjengkriminalitet\n\nTiltak: Nabovakt\n\nTekst.\n\nAnsvar: Velforeningen\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_handlingsplan", str(path), stdout=out)
    assert "Nabovakt: fant ingen aktør for «Velforeningen»" in out.getvalue()
    assert "Nabovakt: ingen ansvarlig aktør" in out.getvalue()


def test_it_reports_a_line_with_an_identity_number_instead_of_storing_it(
    tmp_path: Path,
):
    fnr = make_fodselsnummer("520355")  # a D-nummer
    path = tmp_path / "plan.txt"
    path.write_text(
        "Gjengkriminalitet\n\nTiltak: Nabovakt\n\nFor ungdom i nærmiljøet.\n\n"
        f"Kontaktperson for Kari, D-nr. {fnr}.\n\nAnsvar: OUT\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_handlingsplan", str(path), stdout=out)
    output = out.getvalue()
    assert "Ikke importert: linjer som ser ut til å inneholde et fødselsnummer" in (
        output
    )
    assert f"Kontaktperson for Kari, D-nr. {MASK}." in output
    assert fnr not in output
    tiltak = Tiltak.objects.get(slug="nabovakt")
    assert tiltak.beskrivelse == "For ungdom i nærmiljøet."
    assert not Tiltak.objects.filter(beskrivelse__contains=fnr[6:]).exists()


def test_an_overwrite_is_refused_like_an_admin_save_while_a_text_holds_a_number():
    run_import()
    Tiltak.objects.filter(slug="gatemegling").update(
        beskrivelse="Endret i redigeringen.",
        intern_merknad=f"Gjelder {make_fodselsnummer()}",  # stored before the rule
    )
    output = run_import("--overwrite")
    (counts,) = [line for line in output.splitlines() if line.startswith("Tiltak:")]
    assert sorted(counts.removeprefix("Tiltak: ").split(", ")) == [
        "1 hoppet over",
        "41 uendret",
    ]
    assert "fødselsnummer eller D-nummer" in output
    tiltak = Tiltak.objects.get(slug="gatemegling")
    assert tiltak.beskrivelse == "Endret i redigeringen."
