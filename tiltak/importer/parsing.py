"""Parse the handlingsplan text into plain data.

Pure functions only: text and the curated data (fixtures/source/kuratering.toml) in,
dataclasses out, no database. The management command import_handlingsplan writes
the result. Every non-empty line of the plan ends up in the result — in a tiltak,
a section, or in ParsedPlan.problems / .left_out / .refused — so nothing is dropped
silently. A line that holds a fødselsnummer or D-nummer is never read: it is
reported, with the number masked, in .refused (kontakter.personvern).
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from kontakter import normalize, personvern

NEW_MARK = re.compile(r"\s*\(nytt tiltak\)\s*", re.I)
LIST_ITEM = re.compile(r"^\s*(\d+\.|•|-)\s+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Norwegian numbers as the plan writes them: 469 34 634, 66 93 21 61, 47792507.
PHONE = re.compile(r"(?<![\d.:])(\d{3} ?\d{2} ?\d{3}|\d{2} \d{2} \d{2} \d{2})(?![\d:])")
OWNER_PREFIX = re.compile(r"^([^:]{2,40}):\s*")
TIME = re.compile(r"\d{1,2}[.:]\d{2}")
KEYWORD = re.compile(
    r"(?<!\w)(Kontaktinformasjon|Kontakt|Telefon|Mobil|Nett)(?!\w)\s*:?"
)
SOCIAL = re.compile(
    r"(Facebook|Instagram|Messenger|Snapchat|TikTok|YouTube|LinkedIn)"
    r"(?:\s*\(([^)]*)\))?"
)
URLISH = re.compile(r"^(https?:|www\.|[\w-]+(\.[\w-]+)*\.[a-z]{2,}(/|$))", re.I)
# An address in running text: https://…, www.…, or a bare domain whose labels are
# at least two letters long (so «f.eks.» and «bl.a.» are not domains).
ADDRESS_IN_TEXT = re.compile(
    r"(?<![\w@./-])"
    r"(?:https?://\S+|(?:www\.)?[\w-]{2,}(?:\.[\w-]{2,})*\.[a-z]{2,}(?:/\S*)?)"
    r"(?![\w@])",
    re.I,
)
# «arbeid.pdf» is a file name, not a domain.
FILE_SUFFIXES = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "txt"}
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=\S)")
WEEKDAY_SPAN = re.compile(r"(\w+dag)(?:er)?\s+til\s+(\w+dag)", re.I)
TIME_SPAN = re.compile(r"(\d{1,2}[.:]\d{2})\s*[-–]\s*(\d{1,2}[.:]\d{2})")

SLUG_CHARS = {"æ": "ae", "ø": "o", "å": "a", "é": "e", "ü": "u"}
SLUG_MAX = 80


def slugify_nb(text: str) -> str:
    """A URL slug that keeps Norwegian words readable: «Møteplasser» → «moteplasser»."""
    text = "".join(SLUG_CHARS.get(char, char) for char in text.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX:
            break
        slug = candidate
    return slug


# What the models hold is named as the models name it (Tiltak, Kontaktkanal,
# TiltakKanal, Planseksjon), so the writer passes it through; the rest is bookkeeping.


@dataclass(frozen=True)
class ParsedChannel:
    type: str
    verdi: str
    etikett: str = ""
    apningstid: str = ""

    @property
    def key(self) -> str:
        """Stable identity across imports: the value, or the label of a reference."""
        if self.type == "sosiale_medier":
            return f"{self.type}:{self.etikett}:{self.verdi}".lower()
        return f"{self.type}:{self.verdi or self.etikett}".lower()


@dataclass
class ChannelUse:
    """A channel as one tiltak shows it, with the actor it belongs to."""

    kanal: ParsedChannel
    aktor: str = ""
    merknad: str = ""
    # Read from an address in the description, not from a contact line.
    from_description: bool = False


@dataclass
class ParsedTiltak:
    tittel: str
    source_title: str
    slug: str
    key: str
    innsatsomrade: str
    nytt: bool = False
    beskrivelse: str = ""
    alder_fra: int | None = None
    alder_til: int | None = None
    ansvar_tekst: str = ""
    aktorer: list[str] = field(default_factory=list)
    kanaler: list[ChannelUse] = field(default_factory=list)
    kontakt_tekst: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class ParsedSection:
    tittel: str
    slug: str
    niva: int
    tekst: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class ParsedPlan:
    intro: ParsedSection
    areas: list[dict]
    tiltak: list[ParsedTiltak]
    sections: list[ParsedSection]
    problems: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    # Lines not read because they hold an identity number, the number masked.
    refused: list[str] = field(default_factory=list)


# --- Text helpers -----------------------------------------------------------------


def join_blocks(lines: list[str]) -> str:
    """Paragraphs apart by a blank line; consecutive list items stay one block."""
    blocks: list[list[str]] = []
    for raw in lines:
        line = raw.strip()
        match = LIST_ITEM.match(raw)
        if match:
            item = f"{match.group(1)} {raw[match.end() :].strip()}"
            if blocks and LIST_ITEM.match(blocks[-1][-1]):
                blocks[-1].append(item)
            else:
                blocks.append([item])
        else:
            blocks.append([line])
    return "\n\n".join("\n".join(block) for block in blocks)


AGE_PATTERNS = [
    (re.compile(r"(\d{1,2})\s*til og med\s*(\d{1,2})\s*år", re.I), "range"),
    (re.compile(r"mellom\s+(\d{1,2})\s+og\s+(\d{1,2})\s*år", re.I), "range"),
    (re.compile(r"(\d{1,2})\s*-\s*(\d{1,2})(?:\s*/\s*(\d{1,2}))?\s*år", re.I), "range"),
    (
        re.compile(r"(?:alderen|aldersgruppen)\s+(\d{1,2})\s*-\s*(\d{1,2})", re.I),
        "range",
    ),
    (re.compile(r"over\s+(\d{1,2})\s*år", re.I), "from"),
    (re.compile(r"opp til(?: og med)?\s+(\d{1,2})\s*år", re.I), "to"),
    (re.compile(r"under\s+(\d{1,2})\s*år", re.I), "below"),
]


def parse_age_range(text: str) -> tuple[int | None, int | None]:
    """The widest target age the text states, e.g. «13 -24 år» → (13, 24).

    Several ranges combine («18-25» and «13-25» → 13–25); an open end stays open.
    Grades and intervals («6-7. trinn», «hver 6-8 uker») are not ages.
    """
    ranges: list[tuple[int | None, int | None]] = []
    for pattern, kind in AGE_PATTERNS:
        for match in pattern.finditer(text):
            numbers = [int(group) for group in match.groups() if group]
            if kind == "range":
                ranges.append((numbers[0], max(numbers[1:])))
            elif kind == "from":
                ranges.append((numbers[0], None))
            elif kind == "to":
                ranges.append((None, numbers[0]))
            else:
                ranges.append((None, numbers[0] - 1))
    if not ranges:
        return None, None
    starts = [start for start, _ in ranges]
    ends = [end for _, end in ranges]
    age_from = None if None in starts else min(starts)
    age_to = None if None in ends else max(ends)
    return age_from, age_to


def normalize_hours(text: str) -> str:
    """«Telefontid mandag til torsdag 12.00 - 14.30» → «mandag–torsdag 12.00–14.30»."""
    text = text.strip(" .()")
    text = re.sub(r"^(Telefontid|Åpningstid)\s*", "", text, flags=re.I)
    text = re.sub(r"\bmellom\s+", "", text, flags=re.I)
    text = WEEKDAY_SPAN.sub(lambda m: f"{m.group(1)}–{m.group(2)}", text)
    text = TIME_SPAN.sub(r"\1–\2", text)
    return text[:1].lower() + text[1:]


def looks_like_hours(text: str) -> bool:
    return bool(TIME.search(text)) or text.lower().startswith(("telefontid", "hverdag"))


def url_identity(url: str) -> str:
    """What makes two addresses the same page: «https://www.politiet.no/rad/» and
    «https://politiet.no/rad» are one."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


def addresses_closing(description: str) -> list[ParsedChannel]:
    """Web channels for the addresses in a description's last sentence.

    «… har utspring fra www.politiet.no/rad:» names the tiltak's web page; the
    sentence's own punctuation («:», «.», «)») is not part of the address.
    """
    paragraphs = description.strip().split("\n\n")
    last = SENTENCE_END.split(paragraphs[-1].strip())[-1] if paragraphs[0] else ""
    channels = []
    for match in ADDRESS_IN_TEXT.finditer(last):
        address = match.group().rstrip(".,:;!?)»")
        if address.rsplit(".", 1)[-1].lower() in FILE_SUFFIXES:
            continue
        try:
            channels.append(ParsedChannel("nett", normalize.normalize_url(address)))
        except ValidationError:
            continue
    return channels


def repair_url(text: str) -> str:
    """Undo the PDF extraction: «https: /www…/og- familiestotte/» → «https://www…»."""
    text = re.sub(r"^(https?):\s*/+\s*", r"\1://", text.strip())
    return re.sub(r"-\s+(?=\S)", "-", text)


# --- Actors -------------------------------------------------------------------------


def _fold(text: str) -> str:
    return text.casefold()


def find_actors(text: str, actors: list[dict]) -> tuple[list[tuple[int, str]], str]:
    """(position, slug) for each actor alias in text, and the text they leave.

    Longest alias first, so «PHFS-U» is not read as «PHFS».
    """
    candidates = sorted(
        ((alias, actor["slug"]) for actor in actors for alias in actor["alle_navn"]),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    folded = _fold(text)
    taken = [False] * len(text)
    found: list[tuple[int, str]] = []
    for alias, slug in candidates:
        pattern = re.compile(rf"(?<!\w){re.escape(_fold(alias))}(?!\w)")
        for match in pattern.finditer(folded):
            if any(taken[match.start() : match.end()]):
                continue
            taken[match.start() : match.end()] = [True] * (match.end() - match.start())
            found.append((match.start(), slug))
    found.sort()
    leftover = "".join(" " if taken[i] else char for i, char in enumerate(text))
    return found, leftover


def resolve_ansvar(text: str, curation: dict) -> tuple[list[str], str]:
    """The actors an «Ansvar» text names, and any words left that name none."""
    found, leftover = find_actors(text, curation["aktor"])
    fillers = sorted(curation["ansvar"]["fyllord"], key=len, reverse=True)
    rest = leftover
    for filler in fillers:
        rest = re.sub(rf"(?<!\w){re.escape(filler)}(?!\w)", " ", rest, flags=re.I)
    rest = re.sub(r"[\s,./()]+", " ", rest).strip()
    slugs: list[str] = []
    for _, slug in found:
        if slug not in slugs:
            slugs.append(slug)
    return slugs, rest


def actor_named_in(text: str, curation: dict) -> str:
    found, _ = find_actors(text, curation["aktor"])
    return found[0][1] if found else ""


# --- Contact blocks -----------------------------------------------------------------


@dataclass
class _Group:
    """Channels introduced together: after one «Ansvar», «Kontakt» or «X HFU:»."""

    actors: list[str]
    owner: str = ""
    uses: list[ChannelUse] = field(default_factory=list)


def split_keywords(text: str) -> tuple[str, list[tuple[str, str]]]:
    """«Politiet Telefon: 909 52 580» → («Politiet», [(«Telefon», «909 52 580»)])."""
    matches = list(KEYWORD.finditer(text))
    head = text[: matches[0].start()] if matches else text
    segments = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        segments.append((match.group(1), text[match.end() : end].strip()))
    return head.strip(), segments


def parse_phones(text: str) -> tuple[list[ParsedChannel], str]:
    """Numbers with the labels and hours around them; returns the unused text."""
    matches = list(PHONE.finditer(text))
    if not matches:
        return [], text.strip()
    channels = []
    prefix = text[: matches[0].start()].strip(" ,:")
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        after = text[match.end() : end].strip(" ,.")
        label = prefix if index == 0 else ""
        hours = ""
        paren = re.match(r"\(([^)]*)\)\s*", after)
        if paren:
            inner = paren.group(1).strip()
            if looks_like_hours(inner):
                hours = normalize_hours(inner)
            else:
                label = inner.strip(" .")
            after = after[paren.end() :].strip(" ,.")
        if after and looks_like_hours(after):
            hours, after = normalize_hours(after), ""
        if after:
            # «940 24 855, Camilla, 488 69 051, Ingvild»: a name follows its number.
            label = after.strip(" ,")
        value = normalize.normalize_phone(match.group(1))
        channels.append(ParsedChannel("telefon", value, label, hours))
    return channels, ""


def parse_web(text: str) -> list[ParsedChannel]:
    text = text.strip().rstrip(".")
    socials = list(SOCIAL.finditer(text))
    if socials:
        return [
            ParsedChannel("sosiale_medier", (m.group(2) or "").strip(), m.group(1))
            for m in socials
        ]
    if URLISH.match(text):
        try:
            return [ParsedChannel("nett", normalize.normalize_url(repair_url(text)))]
        except ValidationError:
            pass
    # A link text with no address: kept as a reference for the editor to complete.
    return [ParsedChannel("nett", "", text)]


class ContactParser:
    """Reads the lines after «Ansvar:» of one tiltak."""

    def __init__(self, curation: dict, problems: list[str], title: str):
        self.curation = curation
        self.problems = problems
        self.title = title
        self.ansvar: list[str] = []
        self.actors: list[str] = []
        self.groups: list[_Group] = []
        self.notes: list[str] = []

    def new_group(self, owner: str = "") -> _Group:
        actors = self.groups[-1].actors if self.groups else []
        group = _Group(actors=actors, owner=owner)
        self.groups.append(group)
        return group

    def add_actors(self, slugs: list[str]) -> None:
        for slug in slugs:
            if slug not in self.actors:
                self.actors.append(slug)

    def feed(self, line: str) -> None:
        line = line.strip()
        if line.startswith("Ansvar:"):
            head, segments = split_keywords(line.removeprefix("Ansvar:"))
            ansvar = head.strip()
            self.ansvar.append(ansvar)
            slugs, rest = resolve_ansvar(ansvar, self.curation)
            if rest:
                self.problems.append(
                    f"{self.title}: fant ingen aktør for «{rest}» i «Ansvar: {ansvar}»"
                )
            self.add_actors(slugs)
            self.groups.append(_Group(actors=slugs))
            self.read_segments(segments)
            return
        prefix = OWNER_PREFIX.match(line)
        owner = actor_named_in(prefix.group(1), self.curation) if prefix else ""
        if owner and not KEYWORD.match(line):
            # «Sørumsand HFU: e-post Telefon: …» names whose contact follows.
            self.add_actors([owner])
            head, segments = split_keywords(line[prefix.end() :])
            self.read_contact(head, self.new_group(owner))
            self.read_segments(segments)
            return
        head, segments = split_keywords(line)
        if head:
            self.notes.append(head)
        self.read_segments(segments)

    def read_segments(self, segments: list[tuple[str, str]]) -> None:
        for keyword, content in segments:
            if keyword == "Kontaktinformasjon":
                self.notes.append(f"Kontaktinformasjon {content}".strip())
            elif keyword == "Kontakt" or not self.groups:
                self.read_contact(content, self.new_group())
            elif keyword in ("Telefon", "Mobil"):
                channels, rest = parse_phones(content)
                self.add(self.groups[-1], channels)
                if rest:
                    self.notes.append(rest)
            else:
                self.add(self.groups[-1], parse_web(content))

    def read_contact(self, content: str, group: _Group) -> None:
        emails = EMAIL.findall(content)
        rest = EMAIL.sub(" ", content)
        phones, rest = parse_phones(rest)
        rest = rest.strip(" ,.")
        channels = [
            ParsedChannel("epost", normalize.normalize_email(e)) for e in emails
        ]
        if rest:
            owner = actor_named_in(rest, self.curation)
            _, leftover = find_actors(rest, self.curation["aktor"])
            if owner and not leftover.strip(" ,."):
                group.owner = owner  # «Kontakt: PHFS-U Telefon: …»
            else:
                self.notes.append(rest)
        self.add(group, channels + phones)

    def add(self, group: _Group, channels: list[ParsedChannel]) -> None:
        for channel in channels:
            owner = (
                actor_named_in(channel.etikett, self.curation)
                if channel.etikett
                else ""
            )
            group.uses.append(ChannelUse(channel, aktor=owner))

    def uses(self) -> list[ChannelUse]:
        """Every channel with the owner this tiltak alone can tell, if any."""
        result = []
        for group in self.groups:
            single = group.actors[0] if len(group.actors) == 1 else ""
            for use in group.uses:
                use.aktor = use.aktor or group.owner or single
                result.append(use)
        return result


def assign_owners(tiltak: list[ParsedTiltak], first_actor: dict[str, str]) -> None:
    """Give every channel one owner and one canonical label across the whole plan.

    A channel whose owner one tiltak cannot tell (a shared «Ansvar: OUT, HFU, PHFS-U»)
    takes the owner another tiltak states, then the first actor of its own tiltak.
    """
    owners: dict[str, str] = {}
    canonical: dict[str, ParsedChannel] = {}
    for item in tiltak:
        for use in item.kanaler:
            if use.aktor:
                owners.setdefault(use.kanal.key, use.aktor)
    for item in tiltak:
        for use in item.kanaler:
            key = use.kanal.key
            use.aktor = owners.setdefault(
                key, use.aktor or first_actor.get(item.key, "")
            )
            first = canonical.setdefault(key, use.kanal)
            if use.kanal.apningstid and not first.apningstid:
                canonical[key] = first = replace(first, apningstid=use.kanal.apningstid)
            if use.kanal.etikett and use.kanal.etikett != first.etikett:
                use.merknad = use.kanal.etikett
    for item in tiltak:
        for use in item.kanaler:
            use.kanal = canonical[use.kanal.key]


def same_page_once(tiltak: list[ParsedTiltak]) -> None:
    """One channel for one web page: an address read from a description
    («www.politiet.no/rad») takes the channel a contact line of the plan gives the
    same page («Nett: Politiet.no/rad»), so the tiltak shows the one that exists."""
    pages: dict[str, ParsedChannel] = {}
    uses = [use for item in tiltak for use in item.kanaler if use.kanal.type == "nett"]
    for use in sorted(uses, key=lambda use: use.from_description):
        if use.kanal.verdi:
            use.kanal = pages.setdefault(url_identity(use.kanal.verdi), use.kanal)


# --- The plan -----------------------------------------------------------------------


def prepare_curation(curation: dict) -> dict:
    for actor in curation["aktor"]:
        actor["alle_navn"] = [actor["navn"], *actor.get("aliaser", [])]
    return curation


@dataclass
class _PlanReader:
    """One pass over the plan: what is read so far, and where the next line belongs.

    Every non-empty line goes to the one handler that handler_for picks; finish()
    then fills in what a tiltak's lines say once all of them are read.
    """

    curation: dict
    area: dict | None = None
    current: ParsedTiltak | None = None
    contact: ContactParser | None = None
    description: list[str] = field(default_factory=list)
    section: ParsedSection | None = None
    section_lines: list[str] = field(default_factory=list)
    read: list[tuple[ParsedTiltak, ContactParser | None, list[str]]] = field(
        default_factory=list
    )

    def __post_init__(self) -> None:
        curation = self.curation
        self.areas = {area["navn"]: area for area in curation["innsatsomrade"]}
        self.overrides = {
            item["kilde_tittel"]: item for item in curation.get("tiltak", [])
        }
        self.headings = {section["tittel"]: section for section in curation["seksjon"]}
        self.first_heading = curation["seksjon"][0]["tittel"]
        self.left_out_lines = set(curation.get("utelat", {}).get("linjer", []))
        self.plan = ParsedPlan(
            intro=ParsedSection("Om tiltakene", "om-tiltakene", 1),
            areas=[
                dict(area, rekkefolge=i)
                for i, area in enumerate(self.areas.values(), 1)
            ],
            tiltak=[],
            sections=[],
        )

    def handler_for(self, line: str) -> Callable[[str, str], None]:
        """The method that reads this line, by what it is and what came before."""
        if line in self.headings and (
            self.section is not None or line == self.first_heading
        ):
            return self.read_heading
        if self.section is not None:
            return self.read_background
        if line in self.areas:
            return self.read_area
        if line.startswith("Tiltak:"):
            return self.read_tiltak_heading
        if self.current is None:
            return self.read_intro
        if self.contact is not None or line.startswith("Ansvar:"):
            return self.read_contact
        return self.read_description

    def close_tiltak(self) -> None:
        if self.current is not None:
            self.read.append((self.current, self.contact, self.description))
        self.current, self.contact, self.description = None, None, []

    def close_section(self) -> None:
        if self.section is not None:
            self.section.tekst = join_blocks(self.section_lines)

    def read_heading(self, line: str, raw: str) -> None:
        # The first background heading ends the last tiltak: the rest is background.
        self.close_tiltak()
        self.close_section()
        spec = self.headings[line]
        self.section = ParsedSection(
            spec.get("vis_tittel", line),
            spec.get("slug") or slugify_nb(line),
            spec.get("niva", 1),
            lines=[line],
        )
        self.plan.sections.append(self.section)
        self.section_lines = []

    def read_background(self, line: str, raw: str) -> None:
        self.section.lines.append(line)
        if line in self.left_out_lines:
            self.plan.left_out.append(line)
        else:
            self.section_lines.append(raw)

    def read_area(self, line: str, raw: str) -> None:
        self.close_tiltak()
        self.area = self.areas[line]

    def read_tiltak_heading(self, line: str, raw: str) -> None:
        self.close_tiltak()
        source = line.removeprefix("Tiltak:").strip()
        nytt = bool(NEW_MARK.search(source))
        source = NEW_MARK.sub(" ", source).strip()
        override = self.overrides.get(source, {})
        tittel = override.get("tittel", source.rstrip("."))
        if source.endswith(".") and len(source.split()) > 8:
            # A whole sentence as title: it also opens the description.
            self.description.append(source)
        self.current = ParsedTiltak(
            tittel=tittel,
            source_title=source,
            slug=override.get("slug") or slugify_nb(tittel),
            key=slugify_nb(source),
            innsatsomrade=self.area["slug"] if self.area else "",
            nytt=nytt,
            lines=[line],
        )
        if self.area is None:
            self.plan.problems.append(f"«{source}» står før første innsatsområde")

    def read_intro(self, line: str, raw: str) -> None:
        intro = self.plan.intro
        intro.lines.append(line)
        # «Tiltak» is the page's own heading; the intro has its own title.
        if line != "Tiltak":
            intro.tekst = join_blocks([*intro.tekst.splitlines(), raw])

    def read_description(self, line: str, raw: str) -> None:
        self.current.lines.append(line)
        self.description.append(raw)

    def read_contact(self, line: str, raw: str) -> None:
        """The first «Ansvar:» ends the description; all after it is contact."""
        self.current.lines.append(line)
        if self.contact is None:
            self.contact = ContactParser(
                self.curation, self.plan.problems, self.current.tittel
            )
        self.contact.feed(line)

    def finish(self) -> ParsedPlan:
        self.close_tiltak()
        self.close_section()
        first_actor = {}
        for item, contact, description in self.read:
            self.complete(item, contact, description)
            first_actor[item.key] = item.aktorer[0] if item.aktorer else ""
            self.plan.tiltak.append(item)
        same_page_once(self.plan.tiltak)
        assign_owners(self.plan.tiltak, first_actor)
        return self.plan

    def complete(
        self, item: ParsedTiltak, contact: ContactParser | None, description: list[str]
    ) -> None:
        item.beskrivelse = join_blocks(description)
        item.alder_fra, item.alder_til = parse_age_range(item.beskrivelse)
        if contact is not None:
            item.ansvar_tekst = "\n".join(contact.ansvar)
            item.aktorer = contact.actors
            item.kanaler = contact.uses()
            item.kontakt_tekst = "\n".join(contact.notes)
        shown = {url_identity(use.kanal.verdi) for use in item.kanaler}
        for channel in addresses_closing(item.beskrivelse):
            if url_identity(channel.verdi) not in shown:
                item.kanaler.append(ChannelUse(channel, from_description=True))
        for slug in self.overrides.get(item.source_title, {}).get("aktorer", []):
            if slug not in item.aktorer:
                item.aktorer.append(slug)
        if not item.aktorer:
            self.plan.problems.append(f"{item.tittel}: ingen ansvarlig aktør")


def parse_plan(text: str, curation: dict) -> ParsedPlan:
    reader = _PlanReader(prepare_curation(curation))
    for raw in text.splitlines():
        line = raw.strip()
        if line and personvern.has_identity_number(line):
            reader.plan.refused.append(personvern.mask(line))
        elif line:
            reader.handler_for(line)(line, raw)
    return reader.finish()
