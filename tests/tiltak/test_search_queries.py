"""Realistic queries over the real plan: what people type, and what they must see.

Sentences, abbreviations, actors, spellings without æøå, English, nynorsk and
typos, each with the tiltak that must come first or among the first three; and
queries about nothing in the plan, which must find nothing rather than something
misleading. The seeded synonyms (migrations 0004 and 0012) are part of what is
tested: each must find a tiltak of the plan.
"""

import importlib

import pytest
from django.conf import settings
from django.db import transaction

from tiltak.models import Synonym, Tiltak
from tiltak.search import STOPWORDS, search_tiltak
from tiltak.seed import load_seed

pytestmark = pytest.mark.django_db

HAP = "hasjavvenningsprogram-hap"
NETTPATRULJE = "politiets-nettpatrulje"
NETTSIDER = "politiets-nettsider-for-barn-og-unge"
ATV = "alternativ-til-vold-atv"
VOLD_MOT_BARN = "politiets-droftingstelefon-for-etterforskning-av-vold-mot-barn-team"
AERESVOLD = "politiets-droftingstelefon-for-partner-og-aeresvold"
OVERGREP = "politiets-droftingstelefon-for-etterforskning-av-seksuelle-overgrep"
SO_TEAM = "kommunens-seksuelle-overgreps-so-team"
POLITI = {
    "forebyggende-politi",
    NETTPATRULJE,
    "politiets-radikaliseringskontakter",
    "politiets-innsats-mot-kriminelle-nettverk",
    NETTSIDER,
    VOLD_MOT_BARN,
    AERESVOLD,
    OVERGREP,
}
RUS = {
    "rusoppfolging-veiledning-ungdom",
    "rusoppfolging-veiledning-voksne",
    "rusundervisning-pa-5-og-8-trinn-og-1-vgs",
}
VOLD = {ATV, VOLD_MOT_BARN, AERESVOLD, "romerike-krisesenter"}
HELSESYKEPLEIER = {
    "foreldreveiledning",
    "helsestasjonen-for-ungdom-hfu",
    "ungdomsmentorer",
    "lokale-slt-grupper",
}
RADIKALISERING = {
    "politiets-radikaliseringskontakter",
    "fagdag-om-radikalisering-ekstremisme-og-utenforskap",
}
TVANG = {"minoritetsradgiver", AERESVOLD}

# (query, the tiltak of which one must be first)
FIRST = [
    # Sentences, as a parent or a teacher types them.
    ("hvem kan jeg ringe om hasj", {HAP}),
    ("sønnen min røyker cannabis", {HAP}),
    ("datteren min røyker hasj hva gjør jeg", {HAP}),
    ("vold anonymt", {VOLD_MOT_BARN, AERESVOLD}),
    ("15-åring hasj", {HAP}),
    ("kva gjer politiet", POLITI),
    ("hvor kan jeg få hjelp med rus", RUS),
    ("min datter blir mobbet på skolen", {"ungdomsmentorer", "miljoarbeidere-pa-vgs"}),
    ("jeg er bekymret for tvangsekteskap", TVANG),
    (
        "ungdom som har droppet ut av skolen",
        {"oppfolgingstjenesten-ot", "ung-i-jobb", "kullansvar-for-nedre-romerike"},
    ),
    # Abbreviations and actors.
    ("HAP", {HAP}),
    ("MST", {"barnevernets-tiltak-mst-tfco-unify"}),
    ("ATV", {ATV}),
    ("SO-team", {SO_TEAM}),
    ("PHFS-U", {"psykisk-helse-og-familiestotte-ungdomsteam-phfs-u"}),
    ("HFU", {"helsestasjonen-for-ungdom-hfu"}),
    ("TFM", {"sentralt-tverrfaglig-mote-tfm"}),
    ("OT", {"oppfolgingstjenesten-ot"}),
    ("Bufetat", {"bufetat-vakttelefon-menneskehandel"}),
    ("IMDi", {"minoritetsradgiver"}),
    ("NAV", {"ung-i-jobb", "aktivitetskort", "kullansvar-for-nedre-romerike"}),
    ("politikontakt", {"fagdag-om-ung-kriminell-og-utnytta", *RADIKALISERING}),
    # Everyday words the plan does not use.
    ("nettvett", {NETTPATRULJE, NETTSIDER}),
    ("helsesøster", HELSESYKEPLEIER),
    ("tvangsgifte", TVANG),
    ("gjeng", {"politiets-innsats-mot-kriminelle-nettverk"}),
    ("rasisme", RADIKALISERING),
    ("sommer", {"ferieaktiviteter", "ung-i-jobb"}),
    ("sommerjobb", {"ung-i-jobb"}),
    # English.
    ("drugs", RUS),
    ("violence", VOLD),
    ("police", POLITI),
    ("summer job", {"ung-i-jobb"}),
    ("my son smokes weed", {HAP}),
    ("forced marriage", TVANG),
    # Nynorsk.
    ("vald", VOLD),
    ("vold i hjemmet", VOLD),
    ("rusmiddel", RUS),
    ("kven kan eg snakke med om rus", RUS),
    # Without æøå.
    ("aeresvold", {AERESVOLD}),
    ("konfliktradet", {"konfliktradet"}),
    ("minoritetsradgiver", {"minoritetsradgiver"}),
    ("droftingstelefon", {OVERGREP, VOLD_MOT_BARN, AERESVOLD}),
    # Typos.
    ("nettvet", {NETTPATRULJE, NETTSIDER}),
    ("gatemeglng", {"gatemegling"}),
    ("hasjavenning", {HAP}),
]

# (query, a tiltak that must be among the first three)
TOP_THREE = [
    ("skule", "oppsokende-virksomhet-pa-skole-og-kveldstid"),
    ("school nurse", "foreldreveiledning"),
    ("helsesøster", "foreldreveiledning"),
    ("domestic violence", ATV),
    ("barnevernvakt", "barnevernets-tiltak-mst-tfco-unify"),
    ("selvskading", "psykisk-helse-og-familiestotte-ungdomsteam-phfs-u"),
    ("PPT", "lokale-slt-grupper"),
    ("mobbing", "miljoarbeidere-pa-vgs"),
]

# Words about nothing in the plan: nothing, rather than something misleading.
NOTHING = ["fotball", "pizza", "skatt", "asdfgh", "hva er det", "kva er det"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The real plan, loaded once for the module's ~70 searches (none writes),
    in a transaction rolled back after the last, as TestCase.setUpTestData does."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_seed(settings.SEED_FIXTURE)
        yield
        transaction.set_rollback(True)


def search(q: str):
    return search_tiltak(Tiltak.objects.published(), q)


@pytest.mark.parametrize(("q", "expected"), FIRST)
def test_the_right_tiltak_comes_first(seeded, q, expected):
    found = [tiltak.slug for tiltak in search(q).tiltak]
    assert found, f"«{q}» found nothing"
    assert found[0] in expected, f"«{q}» put {found[:3]} first"


@pytest.mark.parametrize(("q", "expected"), TOP_THREE)
def test_the_right_tiltak_is_among_the_first_three(seeded, q, expected):
    found = [tiltak.slug for tiltak in search(q).tiltak]
    assert expected in found[:3], f"«{q}» put {found[:3]} first"


@pytest.mark.parametrize("q", NOTHING)
def test_a_query_about_nothing_in_the_plan_finds_nothing(seeded, q):
    result = search(q)
    assert list(result.tiltak) == []
    assert not result.corrected


def test_nettvett_never_finds_the_criminal_networks(seeded):
    for q in ("nettvett", "nettvet", "Nettvett for barn"):
        found = [tiltak.slug for tiltak in search(q).tiltak]
        assert "politiets-innsats-mot-kriminelle-nettverk" not in found, q


def test_sommer_finds_only_texts_about_summer(seeded):
    found = {tiltak.slug for tiltak in search("sommer").tiltak}
    assert found == {"ferieaktiviteter", "aktivitetskort", "ung-i-jobb"}


def test_a_word_the_plan_holds_is_never_corrected(seeded):
    for q in ("nettverk", "hasj", "mobbing", "helsesøster", "vold anonymt"):
        assert search(q).corrected == (), q


def test_a_typo_is_corrected_out_loud(seeded):
    result = search("nettvet")
    assert result.corrected == (("nettvet", "nettvett"),)
    assert result.searched == "nettvett"


def test_exactly_as_written_a_typo_finds_nothing(seeded):
    result = search_tiltak(Tiltak.objects.published(), "nettvet", exact=True)
    assert list(result.tiltak) == []
    assert result.unmatched == ("nettvet",)


def test_sentences_without_a_tiltak_holding_every_word_say_so(seeded):
    result = search("hasj og æresvold")
    found = [tiltak.slug for tiltak in result.tiltak]
    assert result.partial
    assert {HAP, AERESVOLD} <= set(found)


def seeded_synonyms() -> list[tuple[str, str]]:
    pairs = []
    for name in ("0004_seed_search", "0012_more_synonyms"):
        pairs += importlib.import_module(f"tiltak.migrations.{name}").SYNONYMER
    return pairs


def test_the_seeded_synonyms_are_in_place_once():
    pairs = seeded_synonyms()
    assert len(pairs) == len(set(pairs))
    for ord, betyr in pairs:
        assert Synonym.objects.filter(ord=ord, betyr=betyr).exists(), ord
        assert ord == ord.lower() and " " not in ord and ord != betyr
        assert ord not in STOPWORDS, ord


def test_every_seeded_synonym_finds_a_tiltak_of_the_plan(seeded):
    published = Tiltak.objects.published()
    missing = [
        (ord, betyr)
        for ord, betyr in seeded_synonyms()
        if not search_tiltak(published, betyr, correct=False).tiltak.exists()
    ]
    assert missing == []
