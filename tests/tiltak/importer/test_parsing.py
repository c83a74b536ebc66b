"""The parser on the real plan text: every quirk the issue names, one test each."""

import pytest

from kontakter.normalize import normalize_phone
from kontakter.personvern import MASK
from tests.factories import make_fodselsnummer
from tiltak.importer.parsing import (
    EMAIL,
    OWNER_PREFIX,
    PHONE,
    actor_named_in,
    normalize_hours,
    parse_age_range,
    parse_plan,
    prepare_curation,
    repair_url,
    resolve_ansvar,
    slugify_nb,
)


@pytest.fixture(scope="module")
def plan(plan_text, curation):
    return parse_plan(plan_text, curation)


def by_slug(plan, slug):
    return next(item for item in plan.tiltak if item.slug == slug)


def channels(item, kind=None):
    return [use.kanal for use in item.kanaler if kind in (None, use.kanal.type)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("barn og unge i alderen 10-18 år.", (10, 18)),
        ("unge i aldersgruppen 13 -24 år.", (13, 24)),
        ("jenter og gutter i alderen 12- 22 år.", (12, 22)),
        ("unge voksne i alderen 13 til og med 24 år.", (13, 24)),
        ("innbyggere over 18 år med avhengighetsproblematikk", (18, None)),
        ("et barn eller en ungdom (0-18 år) kan være utsatt", (0, 18)),
        ("ungdom i alderen 18-25 med aktivitetsplikt", (18, 25)),
        ("i alderen 18-25 med … bistå unge i alderen 13-25 med jobb", (13, 25)),
        ("ungdom i alderen 12-18/25 år og deres familier", (12, 25)),
        ("barn mellom 12 og 18 år", (12, 18)),
        ("i målgruppen opp til 23 år", (None, 23)),
        ("barn og ungdom under 18 år", (None, 17)),
        ("Møtene gjennomføres hver 6-8 uker.", (None, None)),
        ("opp mot 6-7. trinns elever", (None, None)),
        ("Tilbud til alle 9. klasser, 2 1⁄2 -times undervisning", (None, None)),
    ],
)
def test_it_reads_every_form_of_age_range(text, expected):
    assert parse_age_range(text) == expected


def test_it_reads_target_ages_from_the_real_plan(plan):
    assert (
        by_slug(plan, "moteplasser-for-barn-og-ungdom").alder_fra,
        by_slug(plan, "moteplasser-for-barn-og-ungdom").alder_til,
    ) == (10, 18)
    hfu = by_slug(plan, "helsestasjonen-for-ungdom-hfu")
    assert (hfu.alder_fra, hfu.alder_til) == (13, 24)
    assert by_slug(plan, "lokale-slt-grupper").alder_fra is None


def test_it_finds_every_tiltak_under_its_innsatsomrade(plan):
    counts = {}
    for item in plan.tiltak:
        counts[item.innsatsomrade] = counts.get(item.innsatsomrade, 0) + 1
    assert counts == {
        "ungdomskriminalitet": 23,
        "vold-og-overgrep": 12,
        "hatkriminalitet-og-ekstremisme": 2,
        "menneskehandel": 2,
        "gjengkriminalitet": 3,
    }
    assert len(plan.tiltak) == 42
    assert [area["slug"] for area in plan.areas][0] == "ungdomskriminalitet"


def test_it_turns_nytt_tiltak_into_a_flag_and_removes_it_from_the_title(plan):
    item = by_slug(plan, "gatemegling")
    assert item.tittel == "Gatemegling"
    assert item.nytt is True
    assert by_slug(plan, "ung-i-jobb").nytt is True
    assert by_slug(plan, "ungdomsmentorer").nytt is False
    assert not any("nytt tiltak" in item.tittel.lower() for item in plan.tiltak)


def test_it_gives_a_sentence_title_a_short_title_and_keeps_the_sentence(plan):
    item = by_slug(plan, "bufetat-vakttelefon-menneskehandel")
    assert item.tittel == "Bufetats vakttelefon ved bekymring for menneskehandel"
    assert item.beskrivelse.startswith(
        "Barneverntjenesten kontakter vakttelefonen til Bufetat ved bekymring"
    )
    assert "De kan gi råd i enkeltsaker" in item.beskrivelse


def test_it_keeps_gjennomforing_sections_in_the_description(plan):
    item = by_slug(plan, "kullansvar-for-nedre-romerike")
    assert item.beskrivelse.startswith("Gjennomføring: De som har falt ut")


def test_it_keeps_paragraphs_and_numbered_lists(plan):
    text = by_slug(plan, "ung-i-jobb").beskrivelse
    assert "Ung i jobb har 3 målgrupper:\n\n1. Til all ungdom" in text
    assert "\n2. Unge som er i et utdanningsløp" in text
    assert "\n3. Unge som har droppa ut" in text
    politi = by_slug(plan, "politiets-nettsider-for-barn-og-unge").beskrivelse
    assert politi.count("\n\n") == 2


def test_it_reads_ansvar_kontakt_telefon_and_nett_on_one_line(plan):
    item = by_slug(plan, "moteplasser-for-barn-og-ungdom")
    assert item.ansvar_tekst == "Avdeling Barn og unge, kultur"
    assert item.aktorer == ["barn-og-unge-kultur"]
    assert [(c.type, c.verdi) for c in channels(item)] == [
        ("epost", "ung@lillestrom.kommune.no"),
        ("telefon", "+4747795404"),
        (
            "nett",
            "https://www.lillestrom.kommune.no/natur-kultur-og-fritid/"
            "barne-og-ungdomsaktiviteter/Mote-plasser-for-barn-og-unge/",
        ),
    ]


def test_it_reads_contact_details_spread_over_several_lines(plan):
    item = by_slug(plan, "kontakttelefonene-ved-psykisk-helse-og-familiestotte")
    assert item.aktorer == ["phfs"]
    assert [c.type for c in channels(item)] == ["telefon", "nett"]


def test_it_keeps_each_ansvar_block_with_its_own_contacts(plan):
    item = by_slug(plan, "helsestasjonen-for-ungdom-hfu")
    assert item.aktorer == ["hfu-lillestrom", "hfu-sorumsand"]
    owners = {use.kanal.verdi: use.aktor for use in item.kanaler}
    assert owners == {
        "hfu.lillestrom@lillestrom.kommune.no": "hfu-lillestrom",
        "+4740020730": "hfu-lillestrom",
        "hfu.soromsand@lillestrom.kommune.no": "hfu-sorumsand",
        "+4747461208": "hfu-sorumsand",
    }


def test_it_reads_several_kontakt_lines_in_one_tiltak(plan):
    item = by_slug(plan, "rusoppfolging-veiledning-ungdom")
    assert item.aktorer == ["out", "hfu", "phfs-u"]
    assert [c.verdi for c in channels(item)] == [
        "out@lillestrom.kommune.no",
        "+4746934634",
        "hfu.lillestrom@lillestrom.kommune.no",
        "+4766932161",
        "+4790821722",
    ]
    owners = [use.aktor for use in item.kanaler]
    assert owners == ["out", "out", "hfu-lillestrom", "hfu-lillestrom", "phfs"]


def test_it_reads_a_unit_name_before_its_contact_line(plan):
    item = by_slug(plan, "seksualundervisning")
    sorumsand = [use for use in item.kanaler if use.aktor == "hfu-sorumsand"]
    assert [use.kanal.verdi for use in sorumsand] == [
        "hfu.soromsand@lillestrom.kommune.no",
        "+4747461208",
    ]
    assert "hfu-sorumsand" in item.aktorer


def test_it_reads_phone_lists_with_names(plan):
    phones = channels(by_slug(plan, "ungdomsmentorer"), "telefon")
    assert [(c.verdi, c.etikett) for c in phones] == [
        ("+4794024855", "Camilla"),
        ("+4748869051", "Ingvild"),
    ]
    ot = channels(by_slug(plan, "oppfolgingstjenesten-ot"), "telefon")
    assert [(c.verdi, c.etikett) for c in ot] == [
        ("+4763805760", "Line Bergersen Adde")
    ]


def test_it_reads_labels_before_and_after_a_number(plan):
    before = channels(by_slug(plan, "gatemegling"), "telefon")
    assert [(c.verdi, c.etikett) for c in before] == [
        ("+4746934634", "Vakttelefon (OUT)")
    ]
    after = channels(by_slug(plan, "forebyggende-politi"), "telefon")
    assert [(c.verdi, c.etikett) for c in after] == [
        ("+4790952580", "Drøftingstelefonen")
    ]


def test_it_keeps_a_tiltak_specific_label_of_a_shared_number_as_a_note(plan):
    item = by_slug(plan, "politiets-radikaliseringskontakter")
    use = item.kanaler[0]
    assert use.kanal.etikett == "Drøftingstelefonen"
    assert use.merknad == (
        "Henvendelser om radikalisering til politiets forebyggende drøftingstelefon"
    )


def test_it_reads_staffed_hours_in_parentheses(plan):
    brobyggerne = channels(by_slug(plan, "brobyggerne"), "telefon")[0]
    assert brobyggerne.apningstid == "mandag–torsdag 12.00–14.30"
    slug = "politiets-droftingstelefon-for-etterforskning-av-seksuelle-overgrep"
    overgrep = channels(by_slug(plan, slug), "telefon")[0]
    assert overgrep.apningstid == "hverdager 08:00–15:00"


def test_it_reads_staffed_hours_without_parentheses(plan):
    slug = "psykisk-helse-og-familiestotte-ungdomsteam-phfs-u"
    phone = channels(by_slug(plan, slug), "telefon")[0]
    assert (phone.verdi, phone.apningstid) == (
        "+4790821722",
        "mandag–torsdag 12.00–14.30",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Telefontid mandag til torsdag 12.00 - 14.30", "mandag–torsdag 12.00–14.30"),
        ("(Hverdager mellom 08:00-15:00)", "hverdager 08:00–15:00"),
    ],
)
def test_it_writes_staffed_hours_the_same_way(text, expected):
    assert normalize_hours(text) == expected


def test_it_reads_telefon_without_a_colon(plan):
    phones = channels(by_slug(plan, "konfliktradet"), "telefon")
    assert [c.verdi for c in phones] == ["+4721507109"]


def test_it_reads_mobil_lines(curation):
    text = (
        "Ungdomskriminalitet og kriminelle ungdomsnettverk\n\n"
        "Tiltak: Testtiltak\n\nEn beskrivelse.\n\n"
        "Ansvar: SLT-koordinator\nKontakt: post@kommune.no Mobil: 47792507\n"
    )
    item = parse_plan(text, curation).tiltak[0]
    assert [(c.type, c.verdi) for c in channels(item)] == [
        ("epost", "post@kommune.no"),
        ("telefon", "+4747792507"),
    ]


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        (
            "https: /www.lillestrom.kommune.no/helse-og-omsorg/psykisk-helse/"
            "psykisk-helse-og- familiestotte/",
            "https://www.lillestrom.kommune.no/helse-og-omsorg/psykisk-helse/"
            "psykisk-helse-og-familiestotte/",
        ),
        (
            "https://example.no/finn- helsestasjon/",
            "https://example.no/finn-helsestasjon/",
        ),
    ],
)
def test_it_repairs_urls_broken_by_pdf_extraction(broken, repaired):
    assert repair_url(broken) == repaired


def test_it_repairs_the_broken_urls_of_the_real_plan(plan):
    urls = [c.verdi for item in plan.tiltak for c in channels(item, "nett") if c.verdi]
    assert all(" " not in url and url.startswith("https://") for url in urls)
    assert (
        "https://www.lillestrom.kommune.no/helse-og-omsorg/helsehjelp/helsestasjon/"
        "finn-helsestasjon/helsestasjon-for-ungdom-hfu/"
    ) in urls


def test_it_gives_bare_domains_https(plan):
    web = channels(by_slug(plan, "konfliktradet"), "nett")
    assert [c.verdi for c in web] == ["https://konfliktraadet.no"]


def test_an_address_ending_a_description_becomes_the_tiltaks_web_channel(plan):
    item = by_slug(plan, "politiets-nettsider-for-barn-og-unge")
    assert item.beskrivelse.endswith("har utspring fra www.politiet.no/rad:")
    assert [(use.kanal.verdi, use.aktor) for use in item.kanaler] == [
        ("https://politiet.no/rad", "politiet")
    ]


def test_an_address_from_a_description_reuses_the_channel_of_the_same_page(plan):
    # «Nett: Politiet.no/rad» of the drøftingstelefon and «www.politiet.no/rad» of
    # the police's web pages are one page: one channel, shown on both.
    nettsider = by_slug(plan, "politiets-nettsider-for-barn-og-unge").kanaler[0]
    drofting = by_slug(plan, "politiets-droftingstelefon-for-partner-og-aeresvold")
    assert nettsider.kanal in channels(drofting, "nett")
    pages = {
        use.kanal.key
        for item in plan.tiltak
        for use in item.kanaler
        if "politiet.no/rad" in use.kanal.verdi
    }
    assert pages == {"nett:https://politiet.no/rad"}


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        ("Les mer på www.politiet.no/rad:", ["https://www.politiet.no/rad"]),
        ("Les mer på konfliktraadet.no.", ["https://konfliktraadet.no"]),
        (
            "Se https://bti.lillestrom.kommune.no/.",
            ["https://bti.lillestrom.kommune.no/"],
        ),
        ("Mer informasjon (www.imdi.no).", ["https://www.imdi.no"]),
        ("Skriv til post@konfliktraadet.no.", []),
        ("Se rapporten arbeid.pdf.", []),
        ("Tilbud til 9. klasse, f.eks. og bl.a. i uke 44.", []),
    ],
)
def test_it_reads_an_address_only_in_the_descriptions_last_sentence(
    curation, ending, expected
):
    text = (
        "Gjengkriminalitet\n\nTiltak: Et tiltak\n\n"
        f"Se www.ikke-siste.no for mer. Første avsnitt.\n\nAndre avsnitt. {ending}\n\n"
        "Ansvar: Politiet\n"
    )
    item = parse_plan(text, curation).tiltak[0]
    assert [c.verdi for c in channels(item, "nett")] == expected


def test_it_keeps_link_texts_without_url_as_references_never_inventing_one(plan):
    slug = "politiets-droftingstelefon-for-etterforskning-av-seksuelle-overgrep"
    reference = channels(by_slug(plan, slug), "nett")[0]
    assert (reference.verdi, reference.etikett) == (
        "",
        "Vold og overgrep – Politiet.no",
    )
    phfs_u = channels(
        by_slug(plan, "psykisk-helse-og-familiestotte-ungdomsteam-phfs-u")
    )
    assert ("", "Lillestrøm kommune - Psykisk helse- og familiestøtte") in [
        (c.verdi, c.etikett) for c in phfs_u
    ]


def test_it_reads_social_media(plan):
    social = channels(by_slug(plan, "politiets-nettpatrulje"), "sosiale_medier")
    assert [(c.etikett, c.verdi) for c in social] == [
        ("Facebook", "Politiets Nettpatrulje - Øst-politidistrikt"),
        ("Messenger", ""),
        ("Instagram", "nettpatruljen_ost_pd"),
    ]


def test_it_lowercases_mixed_case_emails(plan):
    emails = [c.verdi for c in channels(by_slug(plan, "gatemegling"), "epost")]
    assert emails == ["out@lillestrom.kommune.no", "ung@lillestrom.kommune.no"]


def test_it_keeps_contact_text_that_is_no_channel_as_text(plan):
    foreldre = by_slug(plan, "foreldreveiledning")
    assert foreldre.kontakt_tekst == (
        "Kontaktinformasjon til helsesykepleier finnes på den enkeltes skoles nettside."
    )
    assert foreldre.kanaler == []
    miljo = by_slug(plan, "miljoarbeidere-pa-vgs")
    assert miljo.kontakt_tekst == "Den enkelte videregående skole"


def test_it_leaves_emergency_numbers_in_running_text_as_text(plan):
    item = by_slug(plan, "forebyggende-politi")
    assert [c.verdi for c in channels(item)] == ["+4790952580"]
    assert "ringe 02800 eller 112" in item.beskrivelse


def test_it_imports_the_background_as_ordered_sections(plan):
    titles = [section.tittel for section in plan.sections]
    assert titles[:3] == ["Bakgrunn", "Mål", "Bakgrunnsdokumenter og føringer"]
    assert "Bedre Tverrfaglig Innsats (BTI)" in titles
    assert "Forebyggende arbeid" in titles
    assert "SLT-møtestrukturen i Lillestrøm kommune" in titles
    assert titles[-2:] == [
        "Nasjonalt SLT-samarbeid",
        "Samarbeid mellom SLT-koordinator og politikontakt",
    ]
    levels = {section.tittel: section.niva for section in plan.sections}
    assert levels["Styringsnivå"] == 2
    forebyggende = next(s for s in plan.sections if s.tittel == "Forebyggende arbeid")
    assert "• Universell forebygging retter seg mot hele befolkningen\n•" in (
        forebyggende.tekst
    )


def test_it_reports_the_lines_it_leaves_out(plan):
    assert plan.left_out == [
        "Last ned hele PDF-versjonen av handlingsplanen her",
        "Handlingsplan for rus- og kriminalitetsforebyggende arbeid.pdf (PDF)",
    ]
    assert plan.problems == []


def test_every_non_empty_line_of_the_plan_ends_up_somewhere(plan, plan_text):
    placed = list(plan.intro.lines)
    for item in plan.tiltak:
        placed.extend(item.lines)
    for section in plan.sections:
        placed.extend(section.lines)
    area_names = {area["navn"] for area in plan.areas}
    expected = [line.strip() for line in plan_text.splitlines() if line.strip()]
    assert sorted(placed + [line for line in expected if line in area_names]) == sorted(
        expected
    )


def test_every_line_of_a_tiltak_is_in_its_data(plan, curation):
    """Each line a tiltak consumed is in its description, ansvar or contacts."""
    prepared = prepare_curation(curation)
    for item in plan.tiltak:
        values = {use.kanal.verdi for use in item.kanaler}
        text = " ".join(
            [
                item.source_title,
                item.beskrivelse,
                item.ansvar_tekst,
                item.kontakt_tekst,
                *(
                    f"{u.kanal.etikett} {u.merknad} {u.kanal.verdi}"
                    for u in item.kanaler
                ),
            ]
        )
        for line in item.lines[1:]:
            for email in EMAIL.findall(line):
                assert email.lower() in values, f"{item.tittel}: {email} was lost"
            for phone in PHONE.findall(line):
                if phone.replace(" ", "") not in ("02800", "112"):
                    assert normalize_phone(phone) in values, f"{item.tittel}: {phone}"
            prefix = OWNER_PREFIX.match(line)
            is_contact = line.startswith(("Ansvar:", "Kontakt", "Telefon", "Nett:"))
            if is_contact or (prefix and actor_named_in(prefix.group(1), prepared)):
                continue
            assert line in text, f"{item.tittel}: «{line}» was lost"


@pytest.mark.parametrize(
    ("ansvar", "actors"),
    [
        (
            "Skolehelsetjenesten, OUT, PHFS-U og HFU",
            ["skolehelsetjenesten", "out", "phfs-u", "hfu"],
        ),
        ("Avdeling Barn og unge, kultur", ["barn-og-unge-kultur"]),
        (
            "Ungdomsskolerektorene i samarbeid med SLT-koordinator",
            ["ungdomsskolene", "slt-koordinator"],
        ),
        (
            "Koordineres av Psykisk helse og familiestøtte i Lillestrøm kommune",
            ["phfs"],
        ),
        ("SLT-koordinator og politikontakten", ["slt-koordinator", "politikontakt"]),
        ("Helsestasjonen for ungdom (HFU) Lillestrøm", ["hfu-lillestrom"]),
    ],
)
def test_it_maps_ansvar_texts_to_actors_with_the_curated_aliases(
    curation, ansvar, actors
):
    assert resolve_ansvar(ansvar, prepare_curation(curation)) == (actors, "")


def test_it_reports_an_ansvar_it_cannot_place(curation):
    text = (
        "Gjengkriminalitet\n\nTiltak: Nytt samarbeid\n\nTekst.\n\n"
        "Ansvar: OUT og Ukjent etat\n"
    )
    plan = parse_plan(text, curation)
    assert plan.tiltak[0].aktorer == ["out"]
    assert plan.problems == [
        "Nytt samarbeid: fant ingen aktør for «Ukjent etat» "
        "i «Ansvar: OUT og Ukjent etat»"
    ]


def test_it_reports_a_tiltak_with_no_actor(curation):
    text = "Gjengkriminalitet\n\nTiltak: Uten ansvar\n\nTekst.\n"
    assert parse_plan(text, curation).problems == ["Uten ansvar: ingen ansvarlig aktør"]


def test_each_channel_has_one_owner_across_the_plan(plan):
    owners = {}
    for item in plan.tiltak:
        for use in item.kanaler:
            owners.setdefault(use.kanal.key, set()).add(use.aktor)
    assert all(len(found) == 1 for found in owners.values())
    assert owners["telefon:+4746934634"] == {"out"}
    assert owners["telefon:+4766932161"] == {"hfu-lillestrom"}


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Møteplasser for barn og ungdom", "moteplasser-for-barn-og-ungdom"),
        ("Ung i jobb", "ung-i-jobb"),
        (
            "Politiets drøftingstelefon for partner- og æresvold",
            "politiets-droftingstelefon-for-partner-og-aeresvold",
        ),
    ],
)
def test_it_makes_readable_slugs_from_norwegian_titles(title, slug):
    assert slugify_nb(title) == slug


def test_a_line_with_an_identity_number_is_reported_masked_and_not_read(curation):
    fnr = make_fodselsnummer()
    text = (
        "Gjengkriminalitet\n\nTiltak: Nabovakt\n\nFor ungdom i nærmiljøet.\n\n"
        f"Gjelder Ola Nordmann (f. 12.03.1855, fnr {fnr[:6]} {fnr[6:]}).\n\n"
        "Ansvar: OUT\n"
    )
    plan = parse_plan(text, curation)
    (item,) = plan.tiltak
    assert item.beskrivelse == "For ungdom i nærmiljøet."
    assert plan.refused == [f"Gjelder Ola Nordmann (f. 12.03.1855, fnr {MASK})."]
    assert plan.problems == []
