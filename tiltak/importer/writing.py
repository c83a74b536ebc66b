"""Write a parsed handlingsplan to the database without losing an editor's work.

The rule: what is missing is created; what exists and still matches the plan is left
as it is; what exists and differs — because an editor changed it in the admin — is
reported and kept, unless the caller asks to overwrite tiltak and sections with the
plan's text. Actors, contact channels and innsatsområder are never overwritten: they
belong to the editors once created. Records are found again by a source key, not by
their (editable) name or address, so a renamed tiltak or a changed number is still
recognised.
"""

import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError

from kontakter.models import Aktor, Kommune, Kontaktkanal
from tiltak.importer.parsing import (
    ParsedChannel,
    ParsedPlan,
    ParsedTiltak,
    parse_plan,
    url_identity,
)
from tiltak.models import (
    PLAN_TEXT_FIELDS,
    Handlingsplan,
    Innsatsomrade,
    Planseksjon,
    Plantiltak,
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

    def count(self, what: str, outcome: str) -> None:
        self.counts[(what, outcome)] += 1

    def render(self) -> str:
        lines = [
            f"Import av {self.source}"
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
        sections = [
            (
                "Endret i redigeringen og beholdt (--overwrite tar planens tekst):",
                self.kept,
            ),
            ("Hoppet over:", self.skipped),
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
        for heading, items in sections:
            if items:
                lines.append(heading)
                lines.extend(f"  - {item}" for item in items)
        return "\n".join(lines)


def load_curation(path: Path) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


def import_plan(
    path: Path, curation_path: Path, *, overwrite: bool = False, dry_run: bool = False
) -> Report:
    curation = load_curation(curation_path)
    parsed = parse_plan(path.read_text(encoding="utf-8"), curation)
    report = Report(source=path.name, dry_run=dry_run)
    report.problems.extend(parsed.problems)
    report.left_out.extend(parsed.left_out)
    report.refused.extend(parsed.refused)
    try:
        # Links are written with bulk_create, which sends no signals.
        with bulk_write(reindex=ALL):
            _Writer(report, curation, overwrite).write(parsed, path.name)
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
        # The contact lines' channels first: one read from a description then
        # joins the end and leaves the others' keys (and the fixture) as they were.
        uses = [use for item in parsed.tiltak for use in item.kanaler]
        for use in sorted(uses, key=lambda use: use.from_description):
            self.channel(use)
        for order, item in enumerate(parsed.tiltak):
            tiltak = self.write_tiltak(item)
            if tiltak is not None:
                self.join_plan(tiltak, item, order)

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

    def write_plan(self, parsed: ParsedPlan, source: str) -> None:
        identity = self.curation["plan"]
        kommune = self.get_or_create(
            "Kommune",
            Kommune,
            {"nummer": self.curation["kommune"]["nummer"]},
            {key: self.curation["kommune"][key] for key in ("navn", "slug")},
        )
        period = {"kommune": kommune, "fra_ar": identity["fra_ar"]}
        existing = Handlingsplan.objects.filter(**period).first()
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
        self, what: str, instance, changed: list[str], name: str, values: dict
    ) -> bool:
        """Count an existing record's outcome; overwrite when asked. True if written."""
        if not changed:
            self.report.count(what, UNCHANGED)
            return False
        if not self.overwrite:
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
        self.report.count(what, UPDATED)
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
        actors = [self.actors[slug] for slug in item.aktorer]
        channels = []
        for use in item.kanaler:
            channel = self.channel(use)
            if channel not in [shown for shown, _ in channels]:
                channels.append((channel, use.merknad))
        tiltak = Tiltak.objects.filter(kilde_nokkel=item.key).first()
        if tiltak is None:
            if Tiltak.objects.filter(slug=item.slug).exists():
                self.report.count("Tiltak", SKIPPED)
                self.report.skipped.append(
                    f"«{item.tittel}»: adressen «{item.slug}» brukes av et annet tiltak"
                )
                return None
            tiltak = Tiltak(
                slug=item.slug,
                kilde_nokkel=item.key,
                status=Tiltak.Status.PUBLISERT,
                **values,
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
