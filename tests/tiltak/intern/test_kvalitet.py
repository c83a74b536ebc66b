import datetime

import pytest
from django.utils import timezone

from kontakter.models import (
    Aktor,
    Bekymringstema,
    Kontaktkanal,
    Kontaktkort,
    Nodnummer,
    Temakanal,
)
from kontakter.personvern import MASK
from tests.factories import make_aktor, make_fodselsnummer, make_kanal, make_tiltak
from tiltak.intern import kvalitet
from tiltak.models import Planseksjon, Tiltak, TiltakKanal, TiltakTema

pytestmark = pytest.mark.django_db

NETT = Kontaktkanal.Type.NETT


def phone(aktor, number: str, **overrides) -> Kontaktkanal:
    return make_kanal(aktor=aktor, verdi=number, **overrides)


def test_it_finds_exactly_the_hfu_conflict_in_the_real_plan(seeded):
    (aktor,) = kvalitet.number_conflicts()
    assert aktor.navn == "Helsestasjon for ungdom (HFU) Lillestrøm"
    shown = {
        kanal.display_value(): sorted(v.tiltak.tittel for v in kanal.showings)
        for kanal in aktor.numbers
    }
    assert shown == {
        "400 20 730": ["Helsestasjonen for ungdom (HFU)"],
        "66 93 21 61": [
            "Hasjavvenningsprogram (HAP)",
            "Rusoppfølging/veiledning ungdom",
            "Seksualundervisning",
        ],
    }


def test_a_number_shown_on_several_tiltak_conflicts_with_another_unlabelled_one():
    aktor = make_aktor()
    main, other = phone(aktor, "+4766932161"), phone(aktor, "+4740020730")
    make_tiltak(kanaler=[main])
    make_tiltak(kanaler=[main])
    make_tiltak(kanaler=[other])
    assert list(kvalitet.number_conflicts()) == [aktor]


def test_one_helpline_per_tiltak_is_no_conflict():
    aktor = make_aktor()
    make_tiltak(kanaler=[phone(aktor, "+4796940342")])
    make_tiltak(kanaler=[phone(aktor, "+4740437933")])
    assert not kvalitet.number_conflicts().exists()


def test_labelled_numbers_and_numbers_with_a_note_do_not_conflict():
    aktor = make_aktor()
    main = phone(aktor, "+4766932161")
    labelled = phone(aktor, "+4740020730", etikett="Vakttelefon")
    make_tiltak(kanaler=[main])
    make_tiltak(kanaler=[main])
    make_tiltak(kanaler=[labelled])
    assert not kvalitet.number_conflicts().exists()
    noted = make_tiltak(kanaler=[phone(aktor, "+4794024855")])
    noted.tiltakkanal_set.update(merknad="Ring om rusundervisning")
    assert not kvalitet.number_conflicts().exists()


def test_archived_tiltak_do_not_make_a_conflict():
    aktor = make_aktor()
    main, other = phone(aktor, "+4766932161"), phone(aktor, "+4740020730")
    make_tiltak(kanaler=[main])
    make_tiltak(kanaler=[main])
    make_tiltak(kanaler=[other], status=Tiltak.Status.ARKIVERT)
    assert not kvalitet.number_conflicts().exists()


def test_it_lists_tiltak_without_a_usable_channel_and_counts_link_texts():
    aktor = make_aktor()
    nothing = make_tiltak(tittel="A uten kanal")
    unresolved = make_tiltak(
        tittel="B bare lenketekst",
        kanaler=[make_kanal(aktor=aktor, type=NETT, verdi="", etikett="Politiet.no")],
    )
    make_tiltak(kanaler=[phone(aktor, "+4746934634")])
    make_tiltak(status=Tiltak.Status.ARKIVERT)
    found = list(kvalitet.tiltak_without_contact())
    assert found == [nothing, unresolved]
    assert [tiltak.unresolved for tiltak in found] == [0, 1]


def test_unverified_tiltak_come_oldest_first_with_never_verified_on_top():
    today = timezone.localdate()
    never = make_tiltak(tittel="Aldri")
    old = make_tiltak(sist_verifisert=today - datetime.timedelta(days=800))
    older = make_tiltak(sist_verifisert=today - datetime.timedelta(days=900))
    make_tiltak(sist_verifisert=today - datetime.timedelta(days=30))
    assert list(kvalitet.unverified_tiltak()) == [never, older, old]


def test_it_lists_unused_channels_and_actors_without_tiltak():
    used_by = make_aktor()
    unused_actor = make_aktor()
    used = phone(used_by, "+4746934634")
    unused = phone(used_by, "+4740020730")
    make_tiltak(aktorer=[used_by], kanaler=[used])
    assert list(kvalitet.unused_channels()) == [unused]
    assert list(kvalitet.actors_without_tiltak()) == [unused_actor]


def test_it_revalidates_stored_phone_numbers_and_web_addresses():
    kommunal = make_aktor()
    statlig = make_aktor(type=Aktor.Type.STATLIG)
    phone(kommunal, "+4746934634")
    phone(statlig, "02800")
    short = phone(kommunal, "02800")
    garbage = phone(kommunal, "ring sentralbordet")
    make_kanal(aktor=kommunal, type=NETT, verdi="https://lillestrom.kommune.no/")
    bad_url = make_kanal(aktor=kommunal, type=NETT, verdi="htp:/lillestrom")

    phones = kvalitet.invalid_phone_numbers()
    assert [found.channel for found in phones] == [short, garbage]
    assert "kortnummer" in phones[0].error
    assert [found.channel for found in kvalitet.invalid_web_addresses()] == [bad_url]


def test_broken_links_are_those_the_last_check_found_broken():
    aktor = make_aktor()
    broken = make_kanal(
        aktor=aktor,
        type=NETT,
        verdi="https://a.example/",
        lenke_status=Kontaktkanal.Lenkestatus.FEIL,
    )
    make_kanal(
        aktor=aktor,
        type=NETT,
        verdi="https://b.example/",
        lenke_status=Kontaktkanal.Lenkestatus.OK,
    )
    assert list(kvalitet.broken_links()) == [broken]
    summary = kvalitet.link_check_summary()
    assert (summary["ok"], summary["broken"], summary["unchecked"]) == (1, 1, 0)


def test_a_section_shows_the_first_fifty_and_counts_them_all():
    for _ in range(kvalitet.SHOWN + 2):
        make_tiltak()
    section = kvalitet.section(kvalitet.tiltak_without_contact())
    assert len(section.shown) == kvalitet.SHOWN
    assert section.total == kvalitet.SHOWN + 2
    assert section.not_shown == 2


def test_every_finding_links_to_its_admin_page():
    tiltak = make_tiltak()
    assert kvalitet.admin_url(tiltak) == f"/admin/tiltak/tiltak/{tiltak.pk}/change/"


def test_the_report_takes_a_fixed_number_of_queries(
    seeded, django_assert_max_num_queries
):
    # Six of them for «Er du bekymret?»: numbers, cards, concerns and their tiltak.
    # And one for each model with free text, for identity numbers.
    per_model = len(kvalitet.models_with_free_text())
    # Two for the channels whose hours are only words (list and count).
    with django_assert_max_num_queries(24 + per_model):
        report = kvalitet.report()
        for aktor in report["number_conflicts"].shown:
            for kanal in aktor.numbers:
                [visning.tiltak.tittel for visning in kanal.showings]


def test_the_page_shows_every_section_with_links_to_the_admin(
    seeded, staff_client, django_assert_max_num_queries
):
    per_model = len(kvalitet.models_with_free_text())
    # 36: the sections, and the permission check of staff_required.
    with django_assert_max_num_queries(36 + per_model):
        response = staff_client.get("/intern/kvalitet/")
    assert response.status_code == 200
    html = response.content.decode()
    hfu = Aktor.objects.get(navn="Helsestasjon for ungdom (HFU) Lillestrøm")
    assert "Ulike numre for samme aktør (1)" in html
    assert f'href="/admin/kontakter/aktor/{hfu.pk}/change/"' in html
    assert "400 20 730" in html
    assert "66 93 21 61" in html
    assert "Ikke verifisert på 12 måneder (42)" in html


def test_empty_sections_say_so_positively(staff_client):
    html = staff_client.get("/intern/kvalitet/").content.decode()
    assert "Alle tiltak har minst én kontaktkanal som kan brukes." in html
    assert "Ingen aktør viser ulike numre uten etikett på ulike tiltak." in html
    assert "Alle telefonnumre er gyldige norske numre." in html
    assert "Lenkene er ikke sjekket ennå." in html


def test_the_page_shows_broken_links_with_the_servers_answer(staff_client):
    make_kanal(
        type=NETT,
        verdi="https://a.example/borte",
        lenke_status=Kontaktkanal.Lenkestatus.FEIL,
        lenke_melding="Svarte 404 Not Found",
        lenke_sjekket=timezone.now(),
    )
    html = staff_client.get("/intern/kvalitet/").content.decode()
    assert "Lenker som ikke virker (1)" in html
    assert "https://a.example/borte" in html
    assert "Svarte 404 Not Found" in html


# --- «Er du bekymret?» -------------------------------------------------------------


def problems(label_start: str) -> list[str]:
    return [
        f.problem
        for f in kvalitet.bekymret_findings()
        if f.label.startswith(label_start)
    ]


def test_the_seeded_er_du_bekymret_has_nothing_to_fix(seeded):
    assert kvalitet.bekymret_findings() == []


def test_a_card_without_a_channel_or_with_a_broken_link_is_reported(seeded):
    kort = Kontaktkort.objects.get(rolle="SLT-koordinator")
    kort.kanaler.clear()
    assert problems("Kontaktkort: SLT-koordinator") == ["viser ingen kontaktkanal"]
    web = make_kanal(
        type=NETT,
        verdi="https://a.example/borte",
        lenke_status=Kontaktkanal.Lenkestatus.FEIL,
        lenke_melding="Svarte 404.",
    )
    unnamed = make_kanal(type=NETT, verdi="", etikett="Kommunens side")
    kort.kanaler.add(web, unnamed)
    found = problems("Kontaktkort: SLT-koordinator")
    assert "lenken https://a.example/borte virker ikke: Svarte 404." in found
    assert any("«Kommunens side»" in p and "mangler adresse" in p for p in found)
    assert "viser ingen kontaktkanal" not in found


def test_a_concern_without_tiltak_or_without_phones_is_reported(seeded):
    tema = Bekymringstema.objects.get(slug="radikalisering")
    TiltakTema.objects.filter(tema=tema).delete()
    assert "ingen publiserte tiltak under temaet" in problems("Tema: Radikalisering")
    TiltakTema.objects.create(tema=tema, tiltak=make_tiltak())
    assert "ingen av tiltakene under temaet har et telefonnummer" in problems(
        "Tema: Radikalisering"
    )


def test_a_concern_missing_an_audiences_advice_or_first_call_is_reported(seeded):
    tema = Bekymringstema.objects.get(slug="nett")
    Bekymringstema.objects.filter(pk=tema.pk).update(rad_fagfolk=" ")
    Temakanal.objects.filter(tema=tema, malgruppe="foreldre").delete()
    assert problems("Tema: Nett") == [
        "ingen å ringe først for foreldre og unge",
        "mangler råd for fagfolk",
    ]


def test_a_local_number_written_into_free_text_is_reported(seeded):
    Bekymringstema.objects.filter(slug="rus").update(
        rad_foreldre="Ring HFU på 66 93 21 61, eller 112 om noen er i fare."
    )
    found = problems("Tema: Rus")
    assert len(found) == 1
    assert found[0].startswith("nummeret 66 93 21 61 står i teksten")


def test_an_invalid_or_missing_emergency_number_is_reported(seeded):
    Nodnummer.objects.filter(nummer="110").update(nummer="1")
    assert [f.problem[:15] for f in kvalitet.bekymret_findings()] == ["ugyldig nummer:"]
    Nodnummer.objects.all().delete()
    finding = kvalitet.bekymret_findings()[0]
    assert finding.problem == "siden viser ingen nødnumre"
    assert finding.url == "/admin/kontakter/nodnummer/"


def test_channels_shown_only_on_er_du_bekymret_are_not_unused(seeded):
    mobil = Kontaktkanal.objects.get(verdi="+4747792507")
    assert not mobil.tiltak.exists()
    assert mobil not in kvalitet.unused_channels()


def test_the_page_shows_er_du_bekymret_findings(seeded, staff_client):
    html = staff_client.get("/intern/kvalitet/").content.decode()
    assert "«Er du bekymret?» (0)" in html
    assert "Alt på «Er du bekymret?» har numre, råd og tiltak." in html
    Kontaktkort.objects.get(rolle="Politikontakt").kanaler.clear()
    html = staff_client.get("/intern/kvalitet/").content.decode()
    assert "«Er du bekymret?» (1)" in html
    kort = Kontaktkort.objects.get(rolle="Politikontakt")
    assert f'href="/admin/kontakter/kontaktkort/{kort.pk}/change/"' in html


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/intern/kvalitet/")
    assert response.status_code == 302
    assert response["Location"].startswith("/intern/logg-inn/")


# --- Identity numbers ----------------------------------------------------------------

FNR = make_fodselsnummer()


def test_the_real_plan_holds_no_identity_number(seeded):
    assert kvalitet.identity_number_findings() == []


def test_stored_text_with_an_identity_number_is_listed_masked_with_its_admin_page():
    # Stored before the rule, so written past the validation.
    kanal = make_kanal(etikett="Vakttelefon")
    Kontaktkanal.objects.filter(pk=kanal.pk).update(etikett=f"Kari {FNR}")
    tiltak = make_tiltak(tittel="Gatemegling", kanaler=[kanal])
    Tiltak.objects.filter(pk=tiltak.pk).update(
        intern_merknad=f"Gjelder Ola, fnr {FNR[:6]} {FNR[6:]}"
    )
    TiltakKanal.objects.filter(tiltak=tiltak).update(merknad=f"Spør etter {FNR}")
    Tiltak.objects.filter(pk=make_tiltak().pk).update(
        intern_merknad=FNR[:10] + str((int(FNR[10]) + 1) % 10)  # wrong control digit
    )
    found = {(f.label, f.url, f.problem) for f in kvalitet.identity_number_findings()}
    tiltak_url = f"/admin/tiltak/tiltak/{tiltak.pk}/change/"
    assert found == {
        (
            f"Kontaktkanal: Kari {MASK}: 469 34 634",
            f"/admin/kontakter/kontaktkanal/{kanal.pk}/change/",
            "«Etikett» ser ut til å inneholde et fødselsnummer eller D-nummer",
        ),
        (
            "Tiltak: Gatemegling",
            tiltak_url,
            "«Intern merknad» ser ut til å inneholde et fødselsnummer eller D-nummer",
        ),
        (
            "Tiltak: Gatemegling",
            tiltak_url,
            "«Merknad for dette tiltaket» (kontaktkanal på tiltaket) ser ut til å "
            "inneholde et fødselsnummer eller D-nummer",
        ),
    }


def test_a_section_of_the_plan_is_fixed_on_its_plans_page(seeded):
    seksjon = Planseksjon.objects.first()
    Planseksjon.objects.filter(pk=seksjon.pk).update(tekst=f"Elev {FNR}.")
    (finding,) = kvalitet.identity_number_findings()
    assert finding.url == f"/admin/tiltak/handlingsplan/{seksjon.plan_id}/change/"


def test_the_page_lists_identity_numbers_without_showing_them(staff_client):
    # create() does not validate: stored as before the rule.
    merknad = make_tiltak(intern_merknad=f"Gjelder {FNR}")
    titled = make_tiltak(tittel=f"Tiltak for {FNR}")
    html = staff_client.get("/intern/kvalitet/").content.decode()
    section = html[html.index('id="fodselsnumre"') : html.index('id="uten-kontakt"')]
    assert "Fødselsnumre i teksten (2)" in section
    assert f'href="/admin/tiltak/tiltak/{merknad.pk}/change/"' in section
    assert f'href="/admin/tiltak/tiltak/{titled.pk}/change/"' in section
    assert f"Tiltak: Tiltak for {MASK}" in section
    assert FNR not in section and FNR[6:] not in section
    # Other sections name a record by its title; an internal note is never shown.
    assert f"Gjelder {FNR}" not in html


def test_without_identity_numbers_the_section_says_so(staff_client):
    html = staff_client.get("/intern/kvalitet/").content.decode()
    assert "Fødselsnumre i teksten (0)" in html
    assert "Ingen tekst inneholder et fødselsnummer eller D-nummer." in html
