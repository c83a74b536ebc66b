"""Parse the handlingsplan text into plain data.

Pure functions only: text and the curated data (fixtures/source/kuratering.toml) in,
dataclasses out, no database. The management command import_handlingsplan writes
the result. Every non-empty line of the plan ends up in the result — in a tiltak,
a section, or in ParsedPlan.problems / .left_out — so nothing is dropped silently.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from kontakter import normalize

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


@dataclass(frozen=True)
class ParsedChannel:
    type: str
    value: str
    label: str = ""
    hours: str = ""

    @property
    def key(self) -> str:
        """Stable identity across imports: the value, or the label of a reference."""
        if self.type == "sosiale_medier":
            return f"{self.type}:{self.label}:{self.value}".lower()
        return f"{self.type}:{self.value or self.label}".lower()


@dataclass
class ChannelUse:
    """A channel as one tiltak shows it, with the actor it belongs to."""

    channel: ParsedChannel
    owner: str = ""
    note: str = ""


@dataclass
class ParsedTiltak:
    title: str
    source_title: str
    slug: str
    key: str
    area: str
    new: bool = False
    description: str = ""
    age_from: int | None = None
    age_to: int | None = None
    ansvar_text: str = ""
    actors: list[str] = field(default_factory=list)
    channels: list[ChannelUse] = field(default_factory=list)
    contact_text: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class ParsedSection:
    title: str
    slug: str
    level: int
    text: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class ParsedPlan:
    intro: ParsedSection
    areas: list[dict]
    tiltak: list[ParsedTiltak]
    sections: list[ParsedSection]
    problems: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


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
                actor_named_in(channel.label, self.curation) if channel.label else ""
            )
            group.uses.append(ChannelUse(channel, owner=owner))

    def uses(self) -> list[ChannelUse]:
        """Every channel with the owner this tiltak alone can tell, if any."""
        result = []
        for group in self.groups:
            single = group.actors[0] if len(group.actors) == 1 else ""
            for use in group.uses:
                use.owner = use.owner or group.owner or single
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
        for use in item.channels:
            if use.owner:
                owners.setdefault(use.channel.key, use.owner)
    for item in tiltak:
        for use in item.channels:
            key = use.channel.key
            use.owner = owners.setdefault(
                key, use.owner or first_actor.get(item.key, "")
            )
            first = canonical.setdefault(key, use.channel)
            if use.channel.hours and not first.hours:
                canonical[key] = first = ParsedChannel(
                    first.type, first.value, first.label, use.channel.hours
                )
            if use.channel.label and use.channel.label != first.label:
                use.note = use.channel.label
    for item in tiltak:
        for use in item.channels:
            use.channel = canonical[use.channel.key]


# --- The plan -----------------------------------------------------------------------


def prepare_curation(curation: dict) -> dict:
    for actor in curation["aktor"]:
        actor["alle_navn"] = [actor["navn"], *actor.get("aliaser", [])]
    return curation


def parse_plan(text: str, curation: dict) -> ParsedPlan:
    curation = prepare_curation(curation)
    areas = {area["navn"]: area for area in curation["innsatsomrade"]}
    overrides = {item["kilde_tittel"]: item for item in curation.get("tiltak", [])}
    headings = {section["tittel"]: section for section in curation["seksjon"]}
    first_heading = curation["seksjon"][0]["tittel"]
    left_out_lines = set(curation.get("utelat", {}).get("linjer", []))
    lines = text.splitlines()

    plan = ParsedPlan(
        intro=ParsedSection("Om tiltakene", "om-tiltakene", 1),
        areas=[dict(area, rekkefolge=i) for i, area in enumerate(areas.values(), 1)],
        tiltak=[],
        sections=[],
    )
    problems = plan.problems
    area = None
    current: ParsedTiltak | None = None
    contact: ContactParser | None = None
    description: list[str] = []
    section: ParsedSection | None = None
    section_lines: list[str] = []
    parsers: list[tuple[ParsedTiltak, ContactParser | None, list[str]]] = []

    def close_tiltak() -> None:
        if current is not None:
            parsers.append((current, contact, description))

    def close_section() -> None:
        if section is not None:
            section.text = join_blocks(section_lines)

    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line in headings and (section is not None or line == first_heading):
            if section is None:
                close_tiltak()
                current = None
            close_section()
            spec = headings[line]
            section = ParsedSection(
                spec.get("vis_tittel", line),
                spec.get("slug") or slugify_nb(line),
                spec.get("niva", 1),
                lines=[line],
            )
            plan.sections.append(section)
            section_lines = []
            continue
        if section is not None:
            section.lines.append(line)
            if line in left_out_lines:
                plan.left_out.append(line)
            else:
                section_lines.append(raw)
            continue
        if line in areas:
            close_tiltak()
            current, contact, description = None, None, []
            area = areas[line]
            continue
        if line.startswith("Tiltak:"):
            close_tiltak()
            source = line.removeprefix("Tiltak:").strip()
            new = bool(NEW_MARK.search(source))
            source = NEW_MARK.sub(" ", source).strip()
            override = overrides.get(source, {})
            description = []
            title = override.get("tittel", source.rstrip("."))
            if source.endswith(".") and len(source.split()) > 8:
                # A whole sentence as title: it also opens the description.
                description.append(source)
            key = slugify_nb(source)
            current = ParsedTiltak(
                title=title,
                source_title=source,
                slug=override.get("slug") or slugify_nb(title),
                key=key,
                area=area["slug"] if area else "",
                new=new,
                lines=[line],
            )
            if area is None:
                problems.append(f"«{source}» står før første innsatsområde")
            contact = None
            continue
        if current is None:
            plan.intro.lines.append(line)
            if line != "Tiltak":
                plan.intro.text = join_blocks([*plan.intro.text.splitlines(), raw])
            continue
        current.lines.append(line)
        if line.startswith("Ansvar:") and contact is None:
            contact = ContactParser(curation, problems, current.title)
        if contact is not None:
            contact.feed(line)
        else:
            description.append(raw)
    close_tiltak()
    close_section()

    first_actor = {}
    for item, contact, description in parsers:
        item.description = join_blocks(description)
        item.age_from, item.age_to = parse_age_range(item.description)
        override = overrides.get(item.source_title, {})
        if contact is not None:
            item.ansvar_text = "\n".join(contact.ansvar)
            item.actors = contact.actors
            item.channels = contact.uses()
            item.contact_text = "\n".join(contact.notes)
        for slug in override.get("aktorer", []):
            if slug not in item.actors:
                item.actors.append(slug)
        if not item.actors:
            problems.append(f"{item.title}: ingen ansvarlig aktør")
        first_actor[item.key] = item.actors[0] if item.actors else ""
        plan.tiltak.append(item)
    assign_owners(plan.tiltak, first_actor)
    return plan
