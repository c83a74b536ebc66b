"""Write a parsed handlingsplan to the database without losing an editor's work.

The rule: what is missing is created; what exists and still matches the plan is left
as it is; what exists and differs — because an editor changed it in the admin — is
reported and kept, unless the caller asks to overwrite tiltak and sections with the
plan's text. Actors, contact channels and innsatsområder are never overwritten: they
belong to the editors once created. Records are found again by a source key, not by
their (editable) name or address, so a renamed tiltak or a changed number is still
recognised.

Into a period (import_plan(..., periode=(2024, 2025))), the text becomes a draft of
the kommune's plan for that school year, and the live tiltak are left alone: the
public sees the current plan until the draft is adopted and published. Each entry is
matched to the tiltak it continues (tiltak.importer.matching), which joins the draft
with the new plan's texts; an entry not matched is a new tiltak, made as a draft.
The rule for editors holds for the draft: a member an editor changed is kept.
"""

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError

from kontakter.models import Aktor, Kommune, Kontaktkanal
from tiltak.importer.matching import Match, match_tiltak
from tiltak.importer.parsing import (
    ParsedChannel,
    ParsedPlan,
    ParsedTiltak,
    parse_plan,
    url_identity,
)
from tiltak.models import (
    ADOPTED_FIELDS,
    PLAN_TEXT_FIELDS,
    Handlingsplan,
    Innsatsomrade,
    Planseksjon,
    Plantiltak,
    TidligereAdresse,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
)
from tiltak.signals import ALL, bulk_write

CREATED = "opprettet"
UNCHANGED = "uendret"
KEPT = "beholdt med endringer fra redigering"
UPDATED = "overskrevet med planens tekst"
SKIPPED = "hoppet over"
CONTINUED = "videreført"
REFRESHED = "oppdatert med planens tekst (var ikke endret i utkastet)"

# The model fields the writer fills. The parsed data carries the same names, so each
# value passes straight through (model_values) unless the writer looks it up, as it
# does the keys of other records. For a tiltak: how the report names a changed field.
TILTAK_FIELDS = {
    "tittel": "tittel",
    "beskrivelse": "beskrivelse",
    "innsatsomrade_id": "innsatsområde",
    "nytt": "nytt tiltak",
    "alder_fra": "alder fra",
    "alder_til": "alder til",
    "ansvar_tekst": "ansvar",
    "kontakt_tekst": "annen kontaktinformasjon",
}
SECTION_FIELDS = ("tittel", "niva", "rekkefolge", "tekst")
CHANNEL_FIELDS = ("aktor", "type", "verdi", "etikett", "apningstid")
# What a member of a draft holds from the plan text, and how the report names it.
MEMBER_FIELDS = {
    "innsatsomrade_id": "innsatsområde",
    "tittel": "tittel",
    "beskrivelse": "beskrivelse",
    "ansvar_tekst": "ansvar",
    "alder_fra": "alder fra",
    "alder_til": "alder til",
}
assert set(MEMBER_FIELDS) == set(ADOPTED_FIELDS)
PERIOD = re.compile(r"(\d{4})-(\d{4})")


class ImportRefused(Exception):
    """The import cannot be done as asked; the message says why, in Norwegian."""


def parse_periode(text: str) -> tuple[int, int]:
    """«2024-2025» → (2024, 2025): a school year, so the second year follows the
    first."""
    match = PERIOD.fullmatch(text.strip())
    if match is None:
        raise ImportRefused(
            f"Perioden «{text}» er ikke på formen «2024-2025» (to årstall med "
            "bindestrek)."
        )
    fra, til = int(match[1]), int(match[2])
    if til != fra + 1:
        raise ImportRefused(
            f"Perioden «{text}» er ikke ett skoleår: det andre året må komme rett "
            f"etter det første, for eksempel «{fra}-{fra + 1}»."
        )
    return fra, til


def model_values(parsed: object, names: Iterable[str], **looked_up: object) -> dict:
    """Each named field's value: looked up by the writer, or as the parser gave it."""
    return {
        name: looked_up[name] if name in looked_up else getattr(parsed, name)
        for name in names
    }


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass
class Report:
    source: str
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    # Into a period: the draft written, and what the matching found.
    target: str = ""
    previous: str = ""
    continued: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    not_in_text: list[str] = field(default_factory=list)
    unstructured: list[str] = field(default_factory=list)

    def count(self, what: str, outcome: str) -> None:
        self.counts[(what, outcome)] += 1

    def render(self) -> str:
        lines = [
            f"Import av {self.source}"
            + (f" til utkastet {self.target}" if self.target else "")
            + (" (prøvekjøring, ikke lagret)" if self.dry_run else "")
        ]
        for what in (
            "Kommune",
            "Handlingsplan",
            "Tiltak i planen",
            "Seksjoner",
            "Innsatsområder",
            "Aktører",
            "Kontaktkanaler",
            "Tiltak",
        ):
            outcomes = [
                f"{n} {outcome}"
                for (name, outcome), n in self.counts.items()
                if name == what
            ]
            lines.append(f"{what}: {', '.join(outcomes) if outcomes else 'ingen'}")
        for heading, items in self.sections():
            if items:
                lines.append(heading)
                lines.extend(f"  - {item}" for item in items)
        return "\n".join(lines)

    def sections(self) -> list[tuple[str, list]]:
        """The report's lists under their headings, in the order they are read."""
        return [
            (
                "Videreført (samme tiltak som før, funnet på nøkkel, adresse, tittel "
                "eller likhet):",
                self.continued,
            ),
            (
                "Nye tiltak (opprettet som utkast, vises først når planen er "
                "publisert):",
                self.new,
            ),
            (
                f"Ikke funnet i den nye planen (med i planen {self.previous}):",
                self.not_found,
            ),
            (
                "Med i utkastet, men ikke i planteksten (beholdt i utkastet):",
                self.not_in_text,
            ),
            (
                "Endret i redigeringen og beholdt (--overwrite tar planens tekst):",
                self.kept,
            ),
            ("Hoppet over:", self.skipped),
            (
                "Åpningstid ikke strukturert (står som tekst; legg inn "
                "betjeningstidene på kanalen):",
                self.unstructured,
            ),
            ("Linjer som ikke er plassert:", self.problems),
            ("Utelatt fra kilden (rester av nettsiden):", self.left_out),
            (
                "Ikke importert: linjer som ser ut til å inneholde et fødselsnummer "
                "eller D-nummer (nummeret er skjult her). Opplysninger om et enkelt "
                "barn, en ungdom eller en familie skal ikke stå i planen; rett "
                "kilden:",
                self.refused,
            ),
        ]


CURATION_TABLES = ("kommune", "plan", "innsatsomrade", "aktor")


def load_curation(path: Path) -> dict:
    try:
        with path.open("rb") as file:
            curation = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise ImportRefused(f"{path} er ikke gyldig TOML: {error}") from error
    missing = [name for name in CURATION_TABLES if name not in curation]
    if missing:
        raise ImportRefused(
            f"{path} mangler {', '.join(f'[{name}]' for name in missing)}."
        )
    return curation


def import_plan(
    path: Path,
    curation_path: Path,
    *,
    overwrite: bool = False,
    dry_run: bool = False,
    periode: tuple[int, int] | None = None,
) -> Report:
    """Write the plan text at `path`: into the curation file's plan, or, given
    `periode` (fra_ar, til_ar), into a draft of the kommune's plan for that period.

    Raises ImportRefused, with nothing written, when the plan may not be written.
    """
    curation = load_curation(curation_path)
    parsed = parse_plan(path.read_text(encoding="utf-8"), curation)
    report = Report(source=path.name, dry_run=dry_run)
    if periode is not None:
        report.target = f"{periode[0]}–{periode[1]}"
    report.problems.extend(parsed.problems)
    report.left_out.extend(parsed.left_out)
    report.refused.extend(parsed.refused)
    try:
        # Links are written with bulk_create, which sends no signals.
        with bulk_write(reindex=ALL):
            writer = _Writer(report, curation, overwrite)
            if periode is None:
                writer.write(parsed, path.name)
            else:
                writer.write_period(parsed, path.name, *periode)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return report


class _Writer:
    def __init__(self, report: Report, curation: dict, overwrite: bool):
        self.report = report
        self.curation = curation
        self.overwrite = overwrite
        self.areas: dict[str, Innsatsomrade] = {}
        self.actors: dict[str, Aktor] = {}
        self.channels: dict[str, Kontaktkanal] = {}

    def write(self, parsed: ParsedPlan, source: str) -> None:
        self.write_plan(parsed, source)
        self.write_lookups(parsed)
        # The contact lines' channels first: one read from a description then
        # joins the end and leaves the others' keys (and the fixture) as they were.
        self.write_channels(parsed.tiltak)
        for order, item in enumerate(parsed.tiltak):
            tiltak = self.write_tiltak(item)
            if tiltak is not None:
                self.join_plan(tiltak, item, order)

    def write_lookups(self, parsed: ParsedPlan) -> None:
        """The innsatsområder and actors the tiltak name."""
        for area in parsed.areas:
            self.areas[area["slug"]] = self.get_or_create(
                "Innsatsområder",
                Innsatsomrade,
                {"slug": area["slug"]},
                {"navn": area["navn"], "rekkefolge": area["rekkefolge"]},
            )
        for actor in self.curation["aktor"]:
            self.actors[actor["slug"]] = self.get_or_create(
                "Aktører",
                Aktor,
                {"slug": actor["slug"]},
                {
                    "navn": actor["navn"],
                    "kortnavn": actor.get("kortnavn", ""),
                    "type": actor["type"],
                    "aliaser": "\n".join(actor.get("aliaser", [])),
                },
            )

    def write_channels(self, items: list[ParsedTiltak]) -> None:
        uses = [use for item in items for use in item.kanaler]
        for use in sorted(uses, key=lambda use: use.from_description):
            self.channel(use)

    def get_or_create(self, what: str, model, lookup: dict, values: dict):
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
            instance.full_clean()
            instance.save()
            self.report.count(what, CREATED)
        else:
            self.report.count(what, UNCHANGED)
        return instance

    def write_kommune(self) -> Kommune:
        return self.get_or_create(
            "Kommune",
            Kommune,
            {"nummer": self.curation["kommune"]["nummer"]},
            {key: self.curation["kommune"][key] for key in ("navn", "slug")},
        )

    def write_plan(self, parsed: ParsedPlan, source: str) -> None:
        identity = self.curation["plan"]
        kommune = self.write_kommune()
        period = {"kommune": kommune, "fra_ar": identity["fra_ar"]}
        existing = Handlingsplan.objects.filter(**period).first()
        if existing is not None and existing.status == Handlingsplan.Status.AVSLUTTET:
            raise ImportRefused(
                f"Planen {existing.years} er avsluttet og endres ikke. Importer en ny "
                "plantekst til et utkast med --periode."
            )
        # An adopted plan's members are the plan's: the import adds none to it.
        self.closed = existing is not None and existing.is_frozen
        plan = self.get_or_create(
            "Handlingsplan",
            Handlingsplan,
            period,
            {
                "til_ar": identity["til_ar"],
                "tittel": identity["tittel"],
                "periode": identity["periode"],
                "kilde": source,
                "status": identity.get("status", Handlingsplan.Status.UTKAST),
            },
        )
        self.plan = plan
        if self.closed:
            # Its background was adopted with it, as its tiltak were.
            self.report.count("Seksjoner", UNCHANGED)
            return
        self.write_sections(plan, parsed)

    def write_sections(self, plan: Handlingsplan, parsed: ParsedPlan) -> None:
        for order, section in enumerate([parsed.intro, *parsed.sections]):
            values = model_values(section, SECTION_FIELDS, rekkefolge=order)
            existing = Planseksjon.objects.filter(plan=plan, slug=section.slug).first()
            if existing is None:
                created = Planseksjon(plan=plan, slug=section.slug, **values)
                created.full_clean()
                created.save()
                self.report.count("Seksjoner", CREATED)
                continue
            changed = [
                name
                for name in SECTION_FIELDS
                if getattr(existing, name) != values[name]
            ]
            self.settle(
                "Seksjoner", existing, changed, f"Seksjonen «{existing.tittel}»", values
            )

    def settle(
        self,
        what: str,
        instance,
        changed: list[str],
        name: str,
        values: dict,
        *,
        updated: str = UPDATED,
    ) -> bool:
        """Count an existing record's outcome; overwrite when asked (or when
        `updated` is not UPDATED: a text no editor wrote). True if written."""
        if not changed:
            self.report.count(what, UNCHANGED)
            return False
        if not self.overwrite and updated == UPDATED:
            self.report.count(what, KEPT)
            self.report.kept.append(f"{name}: {', '.join(changed)}")
            return False
        for attribute, value in values.items():
            setattr(instance, attribute, value)
        try:
            # The rules of the admin: no identity number in any text, among others.
            instance.full_clean()
        except ValidationError as error:
            self.report.count(what, SKIPPED)
            messages = " ".join(error.messages)
            self.report.skipped.append(f"{name}: ikke overskrevet. {messages}")
            return False
        instance.save()
        self.report.count(what, updated)
        return True

    def channel(self, use) -> Kontaktkanal:
        key = use.kanal.key
        if key not in self.channels:
            aktor = self.actors[use.aktor]
            existing = self.same_page(aktor, use.kanal)
            if existing is not None:
                self.report.count("Kontaktkanaler", UNCHANGED)
                self.channels[key] = existing
            else:
                self.channels[key] = self.get_or_create(
                    "Kontaktkanaler",
                    Kontaktkanal,
                    {"kilde_nokkel": key},
                    model_values(use.kanal, CHANNEL_FIELDS, aktor=aktor),
                )
            kanal = self.channels[key]
            if kanal.apningstid and not kanal.structure_hours():
                self.report.unstructured.append(f"{kanal}: «{kanal.apningstid}»")
        return self.channels[key]

    @staticmethod
    def same_page(aktor: Aktor, kanal: ParsedChannel) -> Kontaktkanal | None:
        """The actor's channel an editor made for this web page, if the import's
        own is not there: «https://www.politiet.no/rad/» is «politiet.no/rad»."""
        if kanal.type != Kontaktkanal.Type.NETT or not kanal.verdi:
            return None
        if Kontaktkanal.objects.filter(kilde_nokkel=kanal.key).exists():
            return None
        page = url_identity(kanal.verdi)
        candidates = Kontaktkanal.objects.filter(
            aktor=aktor, type=Kontaktkanal.Type.NETT
        ).exclude(verdi="")
        return next((c for c in candidates if url_identity(c.verdi) == page), None)

    def write_tiltak(self, item: ParsedTiltak) -> None:
        values = model_values(
            item,
            TILTAK_FIELDS,
            innsatsomrade_id=self.areas[item.innsatsomrade].pk,
        )
        actors, channels = self.links(item)
        tiltak = Tiltak.objects.filter(kilde_nokkel=item.key).first()
        if tiltak is None:
            if Tiltak.objects.filter(slug=item.slug).exists():
                self.report.count("Tiltak", SKIPPED)
                self.report.skipped.append(
                    f"«{item.tittel}»: adressen «{item.slug}» brukes av et annet tiltak"
                )
                return None
            # Published with the plan; a tiltak an adopted plan does not hold
            # waits as a draft for the next one.
            status = Tiltak.Status.UTKAST if self.closed else Tiltak.Status.PUBLISERT
            tiltak = Tiltak(
                slug=item.slug, kilde_nokkel=item.key, status=status, **values
            )
            tiltak.full_clean()
            tiltak.save()
            self.set_relations(tiltak, actors, channels)
            self.report.count("Tiltak", CREATED)
            return tiltak
        changed = [
            label
            for name, label in TILTAK_FIELDS.items()
            if getattr(tiltak, name) != values[name]
        ]
        current_actors = [link.aktor_id for link in tiltak.tiltakaktor_set.all()]
        if current_actors != [actor.pk for actor in actors]:
            changed.append("aktører")
        current_channels = [
            (link.kanal_id, link.merknad) for link in tiltak.tiltakkanal_set.all()
        ]
        if current_channels != [(channel.pk, note) for channel, note in channels]:
            changed.append("kontaktkanaler")
        if self.settle("Tiltak", tiltak, changed, f"«{tiltak.tittel}»", values):
            self.set_relations(tiltak, actors, channels)
        return tiltak

    def join_plan(self, tiltak: Tiltak, item: ParsedTiltak, order: int) -> None:
        """Put the tiltak in the plan with the plan's text for it, once."""
        if Plantiltak.objects.filter(plan=self.plan, tiltak=tiltak).exists():
            self.report.count("Tiltak i planen", UNCHANGED)
            return
        if self.closed:
            self.report.count("Tiltak i planen", SKIPPED)
            self.report.skipped.append(
                f"«{item.tittel}»: planen {self.plan.years} er vedtatt, og et vedtatt "
                "plan får ikke nye tiltak"
            )
            return
        member = Plantiltak(
            plan=self.plan,
            tiltak=tiltak,
            innsatsomrade=self.areas[item.innsatsomrade],
            rekkefolge=order,
            merket_nytt=item.nytt,
            **{name: getattr(item, name) for name in PLAN_TEXT_FIELDS},
        )
        member.full_clean()
        member.save()
        self.report.count("Tiltak i planen", CREATED)

    # --- Into a period: a draft plan ----------------------------------------------

    def write_period(self, parsed: ParsedPlan, source: str, fra: int, til: int) -> None:
        """The text as the draft of the kommune's plan for fra–til. Live tiltak are
        not changed: a continued one joins the draft with the new text."""
        plan = self.write_draft(source, fra, til)
        self.plan = plan
        self.closed = False
        self.write_sections(plan, parsed)
        self.write_lookups(parsed)
        matches = match_tiltak(parsed.tiltak)
        # Only new tiltak get channels: a continued tiltak keeps today's.
        self.write_channels(
            [item for order, item in enumerate(parsed.tiltak) if order not in matches]
        )
        in_text = set()
        for order, item in enumerate(parsed.tiltak):
            match = matches.get(order)
            if match is None:
                tiltak = self.write_new_tiltak(item)
            else:
                tiltak = match.tiltak
                self.report.count("Tiltak", CONTINUED)
                self.report.continued.append(self.describe_match(item, match))
            if tiltak is not None:
                in_text.add(tiltak.pk)
                self.join_draft(tiltak, item, order)
        previous = plan.previous()
        if previous is not None:
            self.report.previous = previous.years
            self.report.not_found.extend(
                f"«{member.tittel}»"
                for member in previous.medlemmer.exclude(tiltak__in=in_text)
            )
        outside = plan.medlemmer.exclude(tiltak__in=in_text)
        self.report.not_in_text.extend(f"«{member.tittel}»" for member in outside)

    def write_draft(self, source: str, fra: int, til: int) -> Handlingsplan:
        """The kommune's plan for fra–til, made as a draft if there is none; an
        adopted, current or ended plan is refused."""
        kommune = self.write_kommune()
        plan = Handlingsplan.objects.filter(
            kommune=kommune, fra_ar=fra, til_ar=til
        ).first()
        if plan is not None:
            if plan.is_frozen:
                raise ImportRefused(
                    f"Planen {plan.years} for {kommune.navn} er "
                    f"{plan.get_status_display().lower()}, og en import skriver bare "
                    "i et utkast. Ingenting er lagret."
                )
            self.report.count("Handlingsplan", UNCHANGED)
            return plan
        kilde = source
        earlier = Handlingsplan.objects.filter(kilde=source).first()
        if earlier is not None:
            # One file is the source of one plan: the draft names none.
            kilde = ""
            self.report.skipped.append(
                f"Kilde: {source} er allerede kilden til planen {earlier.years}; "
                f"utkastet {fra}–{til} får ingen kilde."
            )
        plan = Handlingsplan(
            kommune=kommune,
            fra_ar=fra,
            til_ar=til,
            tittel=self.curation["plan"]["tittel"],
            periode=f"skoleåret {fra}–{til}",
            kilde=kilde,
            status=Handlingsplan.Status.UTKAST,
        )
        plan.full_clean()
        plan.save()
        self.report.count("Handlingsplan", CREATED)
        return plan

    @staticmethod
    def describe_match(item: ParsedTiltak, match: Match) -> str:
        if match.tiltak.tittel == item.tittel:
            return f"«{item.tittel}» ({match.describe()})"
        return f"«{item.tittel}» = «{match.tiltak.tittel}» ({match.describe()})"

    def write_new_tiltak(self, item: ParsedTiltak) -> Tiltak | None:
        """A tiltak the plans before did not have: a draft until the plan is
        published, with its actors and channels."""
        values = model_values(
            item,
            [name for name in TILTAK_FIELDS if name != "nytt"],
            innsatsomrade_id=self.areas[item.innsatsomrade].pk,
        )
        slug = item.slug
        taken = set(
            Tiltak.objects.filter(slug__startswith=slug).values_list("slug", flat=True)
        ) | set(
            TidligereAdresse.objects.filter(slug__startswith=slug).values_list(
                "slug", flat=True
            )
        )
        number = 2
        while slug in taken:
            slug = f"{item.slug}-{number}"
            number += 1
        key = item.key
        if Tiltak.objects.filter(kilde_nokkel=key).exists():
            key = None
        tiltak = Tiltak(
            slug=slug, kilde_nokkel=key, status=Tiltak.Status.UTKAST, **values
        )
        try:
            tiltak.full_clean()
        except ValidationError as error:
            self.report.count("Tiltak", SKIPPED)
            self.report.skipped.append(f"«{item.tittel}»: {' '.join(error.messages)}")
            return None
        tiltak.save()
        actors, channels = self.links(item)
        self.set_relations(tiltak, actors, channels)
        self.report.count("Tiltak", CREATED)
        address = "" if slug == item.slug else f", adresse «{slug}»"
        self.report.new.append(f"«{item.tittel}»{address}")
        return tiltak

    def join_draft(self, tiltak: Tiltak, item: ParsedTiltak, order: int) -> None:
        """Put the tiltak in the draft with the new text; a member already there
        and changed by an editor is kept (unless overwrite)."""
        values = model_values(
            item,
            MEMBER_FIELDS,
            innsatsomrade_id=self.areas[item.innsatsomrade].pk,
        )
        member = Plantiltak.objects.filter(plan=self.plan, tiltak=tiltak).first()
        if member is None:
            member = Plantiltak(
                plan=self.plan,
                tiltak=tiltak,
                rekkefolge=order,
                merket_nytt=item.nytt,
                **values,
            )
            member.full_clean()
            member.save()
            self.report.count("Tiltak i planen", CREATED)
            return
        changed = [
            label
            for name, label in MEMBER_FIELDS.items()
            if getattr(member, name) != values[name]
        ]
        name = f"«{member.tittel}» i utkastet {self.plan.years}"
        # Carried over from the plan before and not touched since: not an
        # editor's text, so the new plan's text replaces it.
        unedited = bool(changed) and self.copied_unedited(member)
        self.settle(
            "Tiltak i planen",
            member,
            changed,
            name,
            values,
            updated=REFRESHED if unedited else UPDATED,
        )

    def copied_unedited(self, member: Plantiltak) -> bool:
        """Whether the draft's member still holds the text of the previous plan's
        member for the same tiltak, as «Lag neste års plan» copied it."""
        previous = self.plan.previous()
        if previous is None:
            return False
        before = Plantiltak.objects.filter(plan=previous, tiltak=member.tiltak_id)
        before = before.first()
        return before is not None and all(
            getattr(before, name) == getattr(member, name) for name in MEMBER_FIELDS
        )

    def links(self, item: ParsedTiltak) -> tuple[list[Aktor], list]:
        """The actors the entry names and its channels with their notes, each
        channel once."""
        channels = []
        for use in item.kanaler:
            channel = self.channel(use)
            if channel not in [shown for shown, _ in channels]:
                channels.append((channel, use.merknad))
        return [self.actors[slug] for slug in item.aktorer], channels

    @staticmethod
    def set_relations(tiltak: Tiltak, actors: list[Aktor], channels: list) -> None:
        tiltak.tiltakaktor_set.all().delete()
        tiltak.tiltakkanal_set.all().delete()
        TiltakAktor.objects.bulk_create(
            TiltakAktor(tiltak=tiltak, aktor=actor, rekkefolge=order)
            for order, actor in enumerate(actors)
        )
        TiltakKanal.objects.bulk_create(
            TiltakKanal(tiltak=tiltak, kanal=channel, merknad=note, rekkefolge=order)
            for order, (channel, note) in enumerate(channels)
        )
