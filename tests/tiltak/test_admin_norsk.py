"""The admin in Norwegian: the project's catalogue fills what Django's nb lacks, the
«Legg til» buttons agree with the noun, and no page a coordinator uses shows an
English word."""

import gettext
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.contrib.admin.sites import site
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

from kontakter.admin import NorskAdmin
from kontakter.models import Aktor
from tests.accounts import PASSWORD, log_in_verified
from tiltak.models import Synonym

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale" / "nb" / "LC_MESSAGES"
DJANGO = Path(django.__file__).parent
# The catalogues whose strings reach a coordinator's screen.
SOURCES = ["conf", "contrib/admin", "contrib/auth"]


# --- A .po file, read without gettext's tools -------------------------------------


def _unquote(line: str) -> str:
    return json.loads(line)  # a .po string is a JSON string in all we use


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list),
    fuzzy."""
    entries, entry, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"msgstr": {}, "fuzzy": False}
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += _unquote(line)
            else:
                entry[key] += _unquote(line)
        else:
            word, value = line.split(" ", 1)
            if match := re.fullmatch(r"msgstr\[(\d)\]", word):
                key = ("msgstr", int(match[1]))
                entry["msgstr"][key[1]] = _unquote(value)
            elif word == "msgstr":
                key = ("msgstr", 0)
                entry["msgstr"][0] = _unquote(value)
            else:
                key = word
                entry[word] = _unquote(value)
    return [e for e in entries if e["msgid"]]  # the header aside


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_mo_is_the_compiled_po_and_nothing_is_left_untranslated(domain):
    """The .mo is committed (no gettext tools needed to run the site): it must say
    exactly what the .po says, and the .po may hold no empty or fuzzy entry."""
    entries = read_po(LOCALE / f"{domain}.po")
    assert entries
    assert not [e["msgid"] for e in entries if e["fuzzy"]]
    assert not [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    with (LOCALE / f"{domain}.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)._catalog
    expected = {}
    for e in entries:
        msgid = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            expected |= {(msgid, n): text for n, text in e["msgstr"].items()}
        else:
            expected[msgid] = e["msgstr"][0]
    compiled.pop("", None)  # the header
    assert compiled == expected


# Strings that read the same in Norwegian.
SAME_IN_NORWEGIAN = {", ", "IPv4", "IPv6", "%(value)s", "%s", "%(sel)s"}


def english_msgids(domain: str) -> list[dict]:
    entries = []
    for source in SOURCES:
        path = DJANGO / source / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            entries += read_po(path)
    return entries


def in_djangos_nb(domain: str) -> set[str]:
    """The msgids Django's own nb catalogue translates (some read the same:
    «Afrikaans», «Filter»)."""
    known = set()
    for source in SOURCES:
        path = DJANGO / source / "locale" / "nb" / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            known |= {e["msgid"] for e in read_po(path) if all(e["msgstr"].values())}
    return known


def untranslated(entries: list[dict], catalog, known: set[str]) -> list[str]:
    missing = []
    for e in entries:
        msgid = e["msgid"]
        if msgid in SAME_IN_NORWEGIAN or msgid in known:
            continue
        if "msgctxt" in e:
            text = catalog.pgettext(e["msgctxt"], msgid)
        elif "msgid_plural" in e:
            text = catalog.ngettext(msgid, e["msgid_plural"], 2)
            msgid = e["msgid_plural"]
        else:
            text = catalog.gettext(msgid)
        if text == msgid:
            missing.append(msgid)
    return missing


def test_every_string_of_djangos_admin_auth_and_forms_has_a_norwegian_text():
    with translation.override("nb"):
        missing = untranslated(
            english_msgids("django"), translation, in_djangos_nb("django")
        )
    assert missing == []


def test_every_string_of_the_admins_javascript_has_a_norwegian_text():
    admin_locale = DJANGO / "contrib" / "admin" / "locale"
    catalog = DjangoTranslation("nb", domain="djangojs", localedirs=[admin_locale])
    known = in_djangos_nb("djangojs")
    assert untranslated(english_msgids("djangojs"), catalog, known) == []


# --- «Legg til nytt tiltak» --------------------------------------------------------

# The grammatical gender of each model's noun, from a dictionary, not from the code.
EXPECTED_ADD = {
    "tiltak": "Legg til nytt tiltak",
    "synonym": "Legg til nytt synonym",
    "innsatsomrade": "Legg til nytt innsatsområde",
    "bekymringstema": "Legg til nytt bekymringstema",
    "kontaktkort": "Legg til nytt kontaktkort",
    "nodnummer": "Legg til nytt nødnummer",
    "aktor": "Legg til ny aktør",
    "kontaktkanal": "Legg til ny kontaktkanal",
    "handlingsplan": "Legg til ny handlingsplan",
    "tidligereadresse": "Legg til ny tidligere adresse",
    "kommune": "Legg til ny kommune",
    "plantiltak": "Legg til nytt tiltak i planen",
}


def test_every_model_of_the_directory_has_a_norwegian_admin():
    ours = [m for m in site._registry if m._meta.app_label in {"tiltak", "kontakter"}]
    assert {m._meta.model_name for m in ours} == set(EXPECTED_ADD)
    assert all(isinstance(site._registry[m], NorskAdmin) for m in ours)


def may_add(client, opts) -> bool:
    user = User.objects.get(pk=client.session["_auth_user_id"])
    return user.has_perm(f"{opts.app_label}.add_{opts.model_name}")


@pytest.mark.parametrize("model", sorted(EXPECTED_ADD))
def test_the_add_button_and_page_agree_with_the_nouns_gender(
    coordinator, django_user_model, model
):
    app = next(m for m in site._registry if m._meta.model_name == model)._meta
    if not may_add(coordinator, app):
        # Kommuner are not the coordinator's to add: an administrator's page.
        coordinator.logout()
        admin = django_user_model.objects.create_superuser("admin", password=PASSWORD)
        log_in_verified(coordinator, admin)
    changelist = coordinator.get(reverse(f"admin:{app.app_label}_{model}_changelist"))
    assert EXPECTED_ADD[model] in changelist.content.decode()
    add = coordinator.get(reverse(f"admin:{app.app_label}_{model}_add"))
    assert f"<h1>{EXPECTED_ADD[model]}</h1>" in add.content.decode()
    assert (
        re.search(r"Legg til ny [a-zæøå ]*(tiltak|synonym)\b", add.content.decode())
        is None
    )


# --- No English on the pages a coordinator uses -------------------------------------

# Words of Django's English admin (its msgids), matched as whole words, case and
# all, in what a reader sees or hears: text, titles, labels, placeholders, buttons.
ENGLISH = re.compile(
    r"\b(Select|Run|Search|entries|entry|Add|Change|Delete|History|Save|Filter|"
    r"Show|Hide|counts|None|Today|Now|Yesterday|Tomorrow|Choose|Note|Home|View|"
    r"Action|Go|Yes|selected|of|the|you|your|are|this|with|Sidebar|Breadcrumbs|"
    r"Skip|Toggle|theme|Error|Remove|Clear|Close|Revert|Object|Comment|Created|"
    r"Changed|Deleted|Thanks|Password|password|Enter|Please|sure|typing|hour|"
    r"ahead|behind|server|Log|out|site|Welcome|Documentation|Recent|actions|"
    r"Model|name|link|Pagination|Added|Changed|Deleted|Set|Enable|Disable)\b"
)
SPOKEN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class VisibleText(HTMLParser):
    """Text a reader sees or a screen reader reads, without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self.skip += 1
        attrs = dict(attrs)
        self.parts += [v for k, v in attrs.items() if k in SPOKEN_ATTRIBUTES and v]
        if tag == "input" and attrs.get("type") in {"submit", "button"}:
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def english_words(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    # Addresses are data, not the admin's language («…/out», «www.politiet.no/rad»).
    text = re.sub(r"\S*[/@.]\S*", " ", " ".join(parser.parts))
    return sorted({match[0] for match in ENGLISH.finditer(text)})


def test_the_detector_finds_djangos_untranslated_strings():
    page = (
        '<select><option value="">- Select an option -</option></select>'
        '<button title="Run">x</button><input type="submit" value="Show counts">'
        "<p>2 entries</p><script>Today</script>"
    )
    assert english_words(page) == ["Run", "Select", "Show", "counts", "entries"]
    assert english_words("<p>Legg til nytt tiltak. Søk, lagre og vis antall.</p>") == []


def admin_pages(client) -> dict[str, str]:
    """Every admin page a coordinator opens, with a real seeded record where it
    needs one: index, each list, add and change forms, histories, a delete."""
    pages = {"index": reverse("admin:index")}
    for model in site._registry:
        opts = model._meta
        if opts.app_label not in {"tiltak", "kontakter"}:
            continue
        name = f"admin:{opts.app_label}_{opts.model_name}"
        pages[f"{opts.model_name} list"] = reverse(f"{name}_changelist")
        pages[f"{opts.model_name} list with counts"] = (
            reverse(f"{name}_changelist") + "?_facets=True"
        )
        if may_add(client, opts):
            pages[f"{opts.model_name} add"] = reverse(f"{name}_add")
        obj = model._default_manager.first()
        if obj is None:
            continue
        pages[f"{opts.model_name} change"] = reverse(f"{name}_change", args=[obj.pk])
        pages[f"{opts.model_name} history"] = reverse(f"{name}_history", args=[obj.pk])
    synonym = Synonym.objects.first()
    pages["delete"] = reverse("admin:tiltak_synonym_delete", args=[synonym.pk])
    pages["password"] = reverse("admin:password_change")
    return pages


def test_no_admin_page_a_coordinator_uses_shows_english(coordinator, seeded):
    # One saved change, so the histories have a row with its changes to show.
    page = coordinator.get(reverse("admin:kontakter_aktor_change", args=[1]))
    assert page.status_code == 200
    Aktor.objects.filter(pk=1).update(kortnavn="")
    aktor = Aktor.objects.get(pk=1)
    aktor.kortnavn = "Nytt kortnavn"
    aktor.save()
    found = {}
    for name, url in admin_pages(coordinator).items():
        response = coordinator.get(url)
        assert response.status_code == 200, name
        if words := english_words(response.content.decode()):
            found[name] = words
    two = list(Aktor.objects.values_list("pk", flat=True)[:2])
    merge = coordinator.post(
        reverse("admin:kontakter_aktor_changelist"),
        {"action": "merge", "_selected_action": two},
    )
    assert "Slå sammen to aktører" in merge.content.decode()
    found["merge"] = english_words(merge.content.decode())
    logout = coordinator.post(reverse("admin:logout"))
    found["logout"] = english_words(logout.content.decode())
    assert {name: words for name, words in found.items() if words} == {}


def test_the_autocomplete_answers_in_norwegian_labels(coordinator, seeded):
    url = reverse("admin:autocomplete")
    params = {
        "term": "Politi",
        "app_label": "tiltak",
        "model_name": "tiltakkanal",
        "field_name": "kanal",
    }
    results = coordinator.get(url, params).json()["results"]
    assert results and all(r["text"].startswith("Politi") for r in results)
    assert not re.search(r"\+47\d", json.dumps(results))


def test_the_admins_javascript_catalogue_is_norwegian(coordinator):
    """What the admin's scripts show (the time-zone note, the select filter, the
    calendar) comes from this catalogue."""
    script = coordinator.get(reverse("admin:jsi18n")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S)[1])
    note = "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour "
    assert catalog[note + "ahead.)"][0].startswith("Merk:")
    assert catalog["Choose all %s"] == "Velg alle %s"
    assert catalog["Today"] == "I dag"
    ours = {
        f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        for e in read_po(LOCALE / "djangojs.po")
    }
    assert ours <= set(catalog)
