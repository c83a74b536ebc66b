"""Synthetic demo data at the scale of a national directory (issue 7).

`generate_demo_data` fills a database with tiltak, actors and contact channels that
look like the plan's own — Norwegian text of varied length, target ages, statuses,
valid phone numbers, e-mail and web addresses — for benchmarks and demonstrations.
The same seed gives the same content: every choice comes from one
`random.Random(seed)` and every date from REFERENCE_DATE, never from today.

Demo rows carry a mark, so the command can tell them from real data and replace
them: tiltak and contact channels have a `kilde_nokkel` and the plan a `kilde`
starting with «demo:», actors a slug starting with «demo-». The demo plan is the
current plan of a made-up kommune and holds every published demo tiltak, its texts
copied as a plan adopts them, so the plan pages are as big as the list. The five
innsatsområder are the politiråd agreement's own (from the curation file the
importer reads): shared with real data, created when missing, never deleted.

Addresses use the reserved `.example` top-level domain (RFC 2606), so neither a
demo e-mail nor `check_links` reaches a real server.
"""

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db.models import Q

from kontakter import normalize
from kontakter.bekymret import load_bekymret, read_bekymret
from kontakter.models import Aktor, Bekymringstema, Kommune, Kontaktkanal
from tiltak.demo.words import (
    APNINGSTIDER,
    AREA_WEIGHTS,
    FREKVENSER,
    GATER,
    INTERNE_MERKNADER,
    KOMMUNER,
    KONFLIKTRADET,
    KONTAKT_TEKSTER,
    MALGRUPPER,
    METODER,
    MOBILE_PREFIXES,
    PHONE_PREFIXES,
    POLITI,
    POLITIDISTRIKTER,
    POSTAL_PREFIXES,
    PROGRAMMER,
    PUNKTER,
    SEKSJONER,
    SETNINGER,
    SOSIALE_MEDIER,
    STEDER,
    TELEFON_ETIKETTER,
    TEMAER,
    TJENESTER,
    VARIGHETER,
)
from tiltak.importer.parsing import SLUG_MAX, slugify_nb
from tiltak.importer.writing import load_curation
from tiltak.models import (
    PLAN_TEXT_FIELDS,
    Handlingsplan,
    Innsatsomrade,
    Oppfolgingstall,
    Planseksjon,
    Plantiltak,
    Sokeindeks,
    TidligereAdresse,
    Tiltak,
    TiltakAktor,
    TiltakKanal,
    TiltakTema,
)
from tiltak.signals import AFRESH, bulk_write

DEMO_KEY = "demo:"
DEMO_SLUG = "demo-"
REFERENCE_DATE = date(2026, 8, 1)
REFERENCE_TIME = datetime(2026, 8, 1, 8, 0, tzinfo=UTC)
BATCH_SIZE = 1000
# Published tiltak under each concern of «Er du bekymret?»: as many as under the
# plan's fullest concern. An editor picks them; they do not grow with the directory.
THEME_TILTAK = 6
TILTAK_PER_ACTOR = 50
MIN_ACTORS = 10
MAX_ACTORS = 400

# --- Generation ---------------------------------------------------------------


@dataclass
class Report:
    """What a run deleted and created, and where the time went.

    `seconds` holds each phase's wall-clock and CPU time: on a shared machine the
    first depends on the load, the second hardly.
    """

    deleted: Counter = field(default_factory=Counter)
    created: Counter = field(default_factory=Counter)
    seconds: dict[str, tuple[float, float]] = field(default_factory=dict)

    def render(self, seed: int) -> str:
        lines = []
        if self.deleted:
            lines.append("Slettet forrige demodata: " + _counts(self.deleted) + ".")
        lines.append(f"Opprettet demodata (frø {seed}): " + _counts(self.created) + ".")
        phases = ", ".join(
            f"{name} {wall:.1f} s (CPU {cpu:.1f} s)"
            for name, (wall, cpu) in self.seconds.items()
        )
        wall, cpu = (sum(times) for times in zip(*self.seconds.values(), strict=True))
        lines.append(f"Tid: {wall:.1f} s, CPU {cpu:.1f} s: {phases}.")
        return "\n".join(lines)


def _counts(counter: Counter) -> str:
    # Norwegian digit grouping: 20 000 with a no-break space.
    return ", ".join(
        f"{n:,}".replace(",", "\u00a0") + f" {name}" for name, n in counter.items() if n
    )


@dataclass
class _Actor:
    aktor: Aktor
    kommune: str
    domain: str
    mailbox: str
    channels: list[Kontaktkanal] = field(default_factory=list)


class _Generator:
    """Builds unsaved model instances from one random stream, in a fixed order."""

    def __init__(self, seed: int, taken_slugs: set[str], taken_names: set[str]):
        self.rng = random.Random(seed)
        self.slugs = set(taken_slugs)
        self.names = set(taken_names)
        self.phones: set[str] = set()
        self.addresses: set[tuple[str, str]] = set()
        self.channel_keys = 0
        self.by_kommune: dict[str, list[_Actor]] = {}

    def channel(self, actor: _Actor, type: str, verdi: str, **values) -> Kontaktkanal:
        self.channel_keys += 1
        return Kontaktkanal(
            aktor=actor.aktor,
            type=type,
            verdi=verdi,
            kilde_nokkel=f"{DEMO_KEY}kanal:{self.channel_keys}",
            opprettet=REFERENCE_TIME,
            oppdatert=REFERENCE_TIME,
            **values,
        )

    def phone(self) -> str:
        """A new valid Norwegian number, stored as the app stores one (E.164)."""
        while True:
            prefix = self.rng.choice(
                MOBILE_PREFIXES if self.rng.random() < 0.6 else PHONE_PREFIXES
            )
            digits = prefix + f"{self.rng.randrange(10**6):06d}"
            if digits in self.phones:
                continue
            self.phones.add(digits)
            return normalize.normalize_phone(digits, allow_short=False)

    def unique_slug(self, text: str, prefix: str = "") -> str:
        base = prefix + slugify_nb(text)[: SLUG_MAX - len(prefix) - 6].rstrip("-")
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def actors(self, count: int) -> list[_Actor]:
        # name → (short name, kind, domain, place, kommune); where kommuner share
        # a fylke, the fylke's actor is listed once, at its first kommune.
        candidates: dict[str, tuple] = {}
        for kommune, fylke, _ in KOMMUNER:
            for navn, kortnavn, type, domain in TJENESTER:
                place = fylke if domain == "fylke" else kommune
                row = (kortnavn, type, domain, place, kommune)
                candidates.setdefault(f"{navn} {place}", row)
            navn, kortnavn, type = KONFLIKTRADET
            row = (kortnavn, type, "konfliktraadet.example", fylke, kommune)
            candidates.setdefault(f"{navn} {fylke}", row)
        for distrikt, kommune in POLITIDISTRIKTER:
            navn, kortnavn, type = POLITI
            row = (kortnavn, type, "politiet.example", distrikt, kommune)
            candidates.setdefault(f"{navn}, {distrikt} politidistrikt", row)
        names = list(candidates)
        chosen = self.rng.sample(names, min(count, len(names)))
        result = []
        for navn in chosen:
            kortnavn, type, domain, place, kommune = candidates[navn]
            if navn in self.names:
                continue
            self.names.add(navn)
            mailbox = slugify_nb(kortnavn)
            if domain == "kommune":
                domain = f"{slugify_nb(place)}.kommune.example"
            elif domain == "fylke":
                domain = f"{slugify_nb(place)}.fylkeskommune.example"
            else:
                # Many offices share a national domain: the place tells them apart.
                mailbox = f"{mailbox}.{slugify_nb(place)}"
            aktor = Aktor(
                navn=navn,
                kortnavn=kortnavn,
                slug=self.unique_slug(navn, DEMO_SLUG),
                type=type,
                aliaser=f"{kortnavn} {kommune}" if self.rng.random() < 0.5 else "",
                opprettet=REFERENCE_TIME,
                oppdatert=REFERENCE_TIME,
            )
            result.append(_Actor(aktor, kommune, domain, mailbox))
        # Tiltak are run together by services of the same place.
        for actor in result:
            self.by_kommune.setdefault(actor.kommune, []).append(actor)
        return result

    def actor_channels(self, actor: _Actor) -> list[Kontaktkanal]:
        """The channels an actor has whatever the tiltak: switchboard, post, web."""
        mailbox = actor.mailbox
        return [
            self.channel(
                actor,
                Kontaktkanal.Type.TELEFON,
                self.phone(),
                etikett="Sentralbord",
                apningstid=self.rng.choice(APNINGSTIDER[:3]),
            ),
            self.channel(actor, Kontaktkanal.Type.EPOST, f"{mailbox}@{actor.domain}"),
            self.channel(
                actor, Kontaktkanal.Type.NETT, f"https://www.{actor.domain}/{mailbox}/"
            ),
        ]

    def tiltak_channels(
        self, actor: _Actor, slug: str, number: int
    ) -> list[Kontaktkanal]:
        """The channels only this tiltak shows, owned by its first actor."""
        rng = self.rng
        channels = []
        if rng.random() < 0.95:
            phone = self.phone()
            labels = TELEFON_ETIKETTER
            if phone.removeprefix("+47").startswith(normalize.MOBILE_PREFIXES):
                labels = [*labels, "Mobil"]
            channels.append(
                self.channel(
                    actor,
                    Kontaktkanal.Type.TELEFON,
                    phone,
                    etikett=rng.choice(labels),
                    apningstid=rng.choice(APNINGSTIDER) if rng.random() < 0.7 else "",
                )
            )
        short = "-".join(slug.split("-")[:3])
        if rng.random() < 0.85:
            channels.append(
                self.channel(
                    actor, Kontaktkanal.Type.EPOST, f"{short}.{number}@{actor.domain}"
                )
            )
        if rng.random() < 0.85:
            url = f"https://www.{actor.domain}/tiltak/{slug}/"
            channels.append(self.channel(actor, Kontaktkanal.Type.NETT, url))
        if rng.random() < 0.5:
            channels.append(
                self.channel(
                    actor,
                    Kontaktkanal.Type.ANNET,
                    self.address(actor),
                    etikett="Besøksadresse",
                    apningstid=rng.choice(APNINGSTIDER),
                )
            )
        if rng.random() < 0.2:
            channels.append(
                self.channel(
                    actor,
                    Kontaktkanal.Type.SOSIALE_MEDIER,
                    f"{short.replace('-', '_')}_{number}",
                    etikett=rng.choice(SOSIALE_MEDIER),
                )
            )
        return channels

    def address(self, actor: _Actor) -> str:
        """A street address in the actor's kommune that the actor has no channel
        for yet (a channel's value is unique per actor)."""
        prefix = POSTAL_PREFIXES[actor.kommune]
        while True:
            address = (
                f"{self.rng.choice(GATER)} {self.rng.randrange(1, 200)}, "
                f"{prefix}{self.rng.randrange(100):02d} {actor.kommune}"
            )
            if (actor.aktor.navn, address) not in self.addresses:
                self.addresses.add((actor.aktor.navn, address))
                return address

    def text(self, slots: dict[str, str]) -> str:
        """One sentence to several paragraphs, sometimes with a bulleted list."""
        rng = self.rng
        shape = rng.random()
        if shape < 0.15:
            sizes = [1]
        elif shape < 0.6:
            sizes = [rng.randint(2, 5)]
        else:
            sizes = [rng.randint(2, 6) for _ in range(rng.randint(2, 4))]
        # One draw for the whole text, so no sentence is said twice.
        sentences = iter(rng.sample(SETNINGER, sum(sizes)))
        blocks = [
            " ".join(next(sentences) for _ in range(size)).format(**slots)
            for size in sizes
        ]
        if rng.random() < 0.15:
            items = rng.sample(PUNKTER, rng.randint(2, 4))
            blocks.append("Tilbudet omfatter:\n" + "\n".join(f"• {i}" for i in items))
        return "\n\n".join(blocks)

    def tiltak(
        self, number: int, areas: dict[str, Innsatsomrade], actors: list[_Actor]
    ) -> tuple[Tiltak, list[_Actor]]:
        rng = self.rng
        area = rng.choices(list(AREA_WEIGHTS), weights=list(AREA_WEIGHTS.values()))[0]
        first = rng.choice(actors)
        others = [a for a in self.by_kommune[first.kommune] if a is not first]
        wanted = rng.choices([0, 1, 2], [6, 3, 1])[0]
        if len(others) < wanted:
            others = [a for a in actors if a is not first]
        own = [first, *rng.sample(others, min(wanted, len(others)))]
        program = rng.choice(PROGRAMMER[area])
        malgruppe = rng.choice(MALGRUPPER)
        tittel = rng.choice(
            [
                program,
                f"{program} for {malgruppe}",
                f"{program} i {first.kommune}",
                f"{program} – {rng.choice(TEMAER)}",
            ]
        )
        slots = {
            "program": program,
            "malgruppe": malgruppe,
            "kommune": first.kommune,
            "aktor": first.aktor.kortnavn or first.aktor.navn,
            "metode": rng.choice(METODER),
            "tema": rng.choice(TEMAER),
            "sted": rng.choice(STEDER),
            "frekvens": rng.choice(FREKVENSER),
            "varighet": rng.choice(VARIGHETER),
        }
        alder_fra, alder_til = self.ages()
        status = rng.choices(
            [Tiltak.Status.PUBLISERT, Tiltak.Status.UTKAST, Tiltak.Status.ARKIVERT],
            weights=[85, 10, 5],
        )[0]
        verified = None
        if rng.random() < 0.85:
            verified = REFERENCE_DATE - timedelta(days=rng.randrange(730))
        tiltak = Tiltak(
            tittel=tittel,
            slug=self.unique_slug(tittel),
            kilde_nokkel=f"{DEMO_KEY}tiltak:{number}",
            beskrivelse=self.text(slots),
            innsatsomrade=areas[area],
            nytt=rng.random() < 0.2,
            alder_fra=alder_fra,
            alder_til=alder_til,
            ansvar_tekst=_ansvar([a.aktor.navn for a in own]),
            kontakt_tekst=rng.choice(KONTAKT_TEKSTER) if rng.random() < 0.1 else "",
            status=status,
            intern_merknad=(
                rng.choice(INTERNE_MERKNADER) if rng.random() < 0.1 else ""
            ),
            sist_verifisert=verified,
            opprettet=REFERENCE_TIME,
            oppdatert=REFERENCE_TIME,
        )
        return tiltak, own

    def ages(self) -> tuple[int | None, int | None]:
        rng = self.rng
        shape = rng.random()
        if shape < 0.2:
            return None, None
        if shape < 0.3:
            return rng.randint(10, 18), None
        if shape < 0.35:
            return None, rng.randint(12, 25)
        start = rng.randint(6, 18)
        return start, rng.randint(start + 1, 25)


def _ansvar(names: list[str]) -> str:
    """«Ansvar» as the plan writes it: «A i samarbeid med B og C»."""
    if len(names) == 1:
        return names[0]
    return f"{names[0]} i samarbeid med {' og '.join(names[1:])}"


# --- Marks and writing ----------------------------------------------------------


def demo_tiltak():
    return Tiltak.objects.filter(kilde_nokkel__startswith=DEMO_KEY)


def demo_aktorer():
    return Aktor.objects.filter(slug__startswith=DEMO_SLUG)


def has_real_data() -> bool:
    """Whether any tiltak or actor was made by someone other than this module."""
    return (
        Tiltak.objects.exclude(kilde_nokkel__startswith=DEMO_KEY).exists()
        or Aktor.objects.exclude(slug__startswith=DEMO_SLUG).exists()
    )


def delete_demo_data() -> Counter:
    """Remove every demo row, leaving real data and the innsatsområder alone.

    The ORM's delete() would send a signal per link row (a history row and a
    search reindex each), so each table is emptied of demo rows with one DELETE,
    children first.
    """
    tiltak = demo_tiltak()
    aktorer = demo_aktorer()
    kanaler = Kontaktkanal.objects.filter(
        Q(kilde_nokkel__startswith=DEMO_KEY) | Q(aktor__in=aktorer)
    )
    plans = Handlingsplan.objects.filter(kilde__startswith=DEMO_KEY)
    members = Plantiltak.objects.filter(Q(tiltak__in=tiltak) | Q(plan__in=plans))
    steps = [
        ("", Sokeindeks.objects.filter(tiltak__in=tiltak)),
        ("", Oppfolgingstall.objects.filter(medlem__in=members)),
        ("tiltak i planer", members),
        ("", TiltakTema.objects.filter(tiltak__in=tiltak)),
        ("", TidligereAdresse.objects.filter(tiltak__in=tiltak)),
        # A real tiltak may show a demo actor or channel someone linked by hand.
        (
            "koblinger",
            TiltakAktor.objects.filter(Q(tiltak__in=tiltak) | Q(aktor__in=aktorer)),
        ),
        (
            "koblinger",
            TiltakKanal.objects.filter(Q(tiltak__in=tiltak) | Q(kanal__in=kanaler)),
        ),
        ("tiltak", tiltak),
        ("kontaktkanaler", kanaler),
        ("aktører", aktorer),
    ]
    deleted = Counter()
    for name, rows in steps:
        count = rows._raw_delete(rows.db)
        if name:
            deleted[name] += count
    deleted["planer og seksjoner"], _ = plans.delete()
    return +deleted


def _areas() -> tuple[dict[str, Innsatsomrade], int]:
    """The agreement's five areas, created when missing and otherwise reused;
    also how many were created."""
    existing = {area.slug: area for area in Innsatsomrade.objects.all()}
    curated = load_curation(settings.CURATION_FILE)["innsatsomrade"]
    missing = [
        Innsatsomrade(navn=row["navn"], slug=row["slug"], rekkefolge=order)
        for order, row in enumerate(curated, 1)
        if row["slug"] not in existing
    ]
    Innsatsomrade.objects.bulk_create(missing)
    return existing | {area.slug: area for area in missing}, len(missing)


def _demo_kommune() -> Kommune:
    """The kommune of the demo plan: made up, and named so."""
    return Kommune.objects.get_or_create(
        slug="demodata",
        defaults={"navn": "Demokommune (demodata)", "nummer": "3299"},
    )[0]


def _plan(gen: _Generator, seed: int) -> tuple[Handlingsplan | None, list]:
    """A plan whose background says the data is made up, and its sections; none
    beside a real plan, whose «Om» page it would otherwise replace."""
    if Handlingsplan.objects.exists():
        return None, []
    year = REFERENCE_DATE.year
    plan = Handlingsplan.objects.create(
        tittel="Demodata: nasjonal katalog over rus- og kriminalitetsforebyggende "
        "tiltak",
        kommune=_demo_kommune(),
        status=Handlingsplan.Status.GJELDENDE,
        periode=f"skoleåret {year}–{year + 1}",
        fra_ar=year,
        til_ar=year + 1,
        kilde=f"{DEMO_KEY}frø-{seed}",
    )
    slots = {
        "program": "SLT-samarbeidet",
        "malgruppe": "barn og unge",
        "kommune": "kommunene",
        "aktor": "SLT-koordinator",
        "metode": "samarbeid på tvers av tjenester",
        "tema": "rusforebygging",
        "sted": "i kommunen",
        "frekvens": "hver måned",
        "varighet": "ett skoleår",
    }
    intro = (
        "Alt innhold i denne katalogen er oppdiktet og laget maskinelt for test og "
        "demonstrasjon. Tiltak, aktører, telefonnumre og adresser finnes ikke."
    )
    return plan, Planseksjon.objects.bulk_create(
        Planseksjon(
            plan=plan,
            tittel=tittel,
            slug=slug,
            rekkefolge=order,
            tekst=intro if order == 0 else gen.text(slots),
        )
        for order, (tittel, slug) in enumerate(SEKSJONER)
    )


def _tiltak_row(
    gen: _Generator, number: int, areas: dict[str, Innsatsomrade], actors: list[_Actor]
) -> tuple[Tiltak, list[_Actor], list[Kontaktkanal]]:
    """A tiltak, its actors and the channels it shows: about five, most its own,
    some its actors' shared switchboard, mailbox and web page."""
    tiltak, own = gen.tiltak(number, areas, actors)
    shown = gen.tiltak_channels(own[0], tiltak.slug, number)
    for actor in own:
        chance = 0.45 if actor is own[0] else 0.2
        shown += [c for c in actor.channels if gen.rng.random() < chance]
    return tiltak, own, shown


def _save(actors: list[_Actor], rows: list) -> list[Kontaktkanal]:
    """Write actors, channels, tiltak and links in batches; returns the channels."""
    Aktor.objects.bulk_create([a.aktor for a in actors], batch_size=BATCH_SIZE)
    # Shared channels are shown on many tiltak but written once.
    channels = {id(c): c for a in actors for c in a.channels}
    channels |= {id(c): c for _, _, shown in rows for c in shown}
    Kontaktkanal.objects.bulk_create(channels.values(), batch_size=BATCH_SIZE)
    Tiltak.objects.bulk_create([t for t, _, _ in rows], batch_size=BATCH_SIZE)
    TiltakAktor.objects.bulk_create(
        (
            TiltakAktor(tiltak_id=t.pk, aktor_id=a.aktor.pk, rekkefolge=order)
            for t, own, _ in rows
            for order, a in enumerate(own)
        ),
        batch_size=BATCH_SIZE,
    )
    TiltakKanal.objects.bulk_create(
        (
            TiltakKanal(tiltak_id=t.pk, kanal_id=c.pk, rekkefolge=order)
            for t, _, shown in rows
            for order, c in enumerate(shown)
        ),
        batch_size=BATCH_SIZE,
    )
    return list(channels.values())


def _members(plan: Handlingsplan | None, rows: list) -> int:
    """Put every published demo tiltak in the demo plan, with the texts a plan
    copies (PLAN_TEXT_FIELDS) and the plan text's own «nytt» mark; returns how many.

    Drafts and archived tiltak are in no plan, as in a real one.
    """
    if plan is None:
        return 0
    members = [
        Plantiltak(
            plan=plan,
            tiltak_id=tiltak.pk,
            innsatsomrade_id=tiltak.innsatsomrade_id,
            rekkefolge=order,
            merket_nytt=tiltak.nytt,
            **{name: getattr(tiltak, name) for name in PLAN_TEXT_FIELDS},
        )
        for order, (tiltak, _, _) in enumerate(rows)
        if tiltak.status == Tiltak.Status.PUBLISERT
    ]
    Plantiltak.objects.bulk_create(members, batch_size=BATCH_SIZE)
    return len(members)


def _bekymret(seed: int, rows: list) -> tuple[int, int]:
    """«Er du bekymret?» as a directory would have it: the plan's own emergency
    numbers, contact cards and concerns (created when missing, never deleted,
    like the areas), each concern showing THEME_TILTAK published demo tiltak.

    Returns how many concerns were created and how many links were made.
    """
    created = load_bekymret(read_bekymret(settings.BEKYMRET_FILE))
    # A generator of its own, so the rest of the demo data stays as it was.
    rng = random.Random(seed)
    published = [t for t, _, _ in rows if t.status == Tiltak.Status.PUBLISERT]
    links = [
        TiltakTema(tiltak_id=tiltak.pk, tema=tema, rekkefolge=order)
        for tema in Bekymringstema.objects.order_by("rekkefolge", "pk")
        for order, tiltak in enumerate(
            rng.sample(published, min(THEME_TILTAK, len(published)))
        )
    ]
    TiltakTema.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return created[Bekymringstema._meta.verbose_name_plural, "opprettet"], len(links)


def generate(count: int, seed: int) -> Report:
    """Replace the demo data with `count` tiltak made from `seed`, in one transaction.

    Written with bulk_create, so no signals run: no history rows (demo data has
    no editors to trace) and one search reindex at the end instead of one per row.
    """
    report = Report()
    clock = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter(), time.process_time()
        report.seconds[name] = (now[0] - clock[0], now[1] - clock[1])
        clock = now

    # Bulk writes send no signals: the search index is built afresh at the end.
    with bulk_write(reindex=AFRESH):
        report.deleted = delete_demo_data()
        lap("sletting")
        gen = _Generator(
            seed,
            taken_slugs=set(Tiltak.objects.order_by().values_list("slug", flat=True)),
            taken_names=set(Aktor.objects.order_by().values_list("navn", flat=True)),
        )
        areas, new_areas = _areas()
        plan, sections = _plan(gen, seed)
        actor_count = max(MIN_ACTORS, min(MAX_ACTORS, count // TILTAK_PER_ACTOR))
        actors = gen.actors(actor_count)
        for actor in actors:
            actor.channels = gen.actor_channels(actor)
        rows = [
            _tiltak_row(gen, number, areas, actors) for number in range(1, count + 1)
        ]
        lap("generering")
        channels = _save(actors, rows)
        members = _members(plan, rows)
        themes, theme_links = _bekymret(seed, rows)
        lap("lagring")
    lap("søkeindeks")

    links = sum(len(own) for _, own, _ in rows)
    report.created.update(
        {
            "innsatsområder": new_areas,
            "planseksjoner": len(sections),
            "aktører": len(actors),
            "kontaktkanaler": len(channels),
            "tiltak": len(rows),
            "tiltak i planen": members,
            "ansvarlige aktører på tiltak": links,
            "kontaktkanaler på tiltak": sum(len(shown) for _, _, shown in rows),
            "bekymringstemaer": themes,
            "tiltak under bekymringstemaer": theme_links,
        }
    )
    return report
