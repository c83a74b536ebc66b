"""Free-text search over tiltak that understands Norwegian: the one place it lives.

Every tiltak has a Sokeindeks row: its title, its actors and contact labels, and
its other text, each as a string of Norwegian word stems (" hasjavvenningsprogram
hap "). A query is read the way people type it («hvem kan jeg ringe om hasj»,
«15-åring hasj»), stemmed the same way and matched with LIKE, so the database
does the work and a search costs the same few queries at 42 or 20,000 tiltak:

- an age in the query («15 år», «15-åring») is taken out of it and becomes the
  list's age filter (`SearchResult.age`);
- stopwords («hvem», «kan», «jeg», «kva», «eg», «the») never match, and weak
  words («sønnen», «barn», «ringe») only order the hits, never narrow them;
- a stem matches a whole word, the start of a word («sommerjobb» finds
  «sommerjobber», «hasj» finds «hasjavvenningsprogram») and, from four letters,
  the inside of one («vold» finds «æresvold»), ranked in that order. A stem is
  never shorter than four letters unless its word is («sommer» is «somm», not
  the «som» of every sentence), and a stem the stemmer cut from a word that
  occurs nowhere is not trusted as a prefix: «nettvet» is not «nettv…» of
  «nettverk», the word itself is used instead;
- title hits rank above actor and contact-label hits, which rank above hits in
  the description;
- editors' synonyms (Synonym) widen a word («narkotika» also finds «rus»);
- every word must be found. When no tiltak holds them all, a word found nowhere
  (not even through a synonym or as part of a compound) is replaced by the
  nearest word of the vocabulary (Sokeord, the words of published tiltak), and
  if still no tiltak holds every word the tiltak holding the most of them are
  shown. Either is said in words (`SearchResult.corrected`, `partial`), never
  done silently, and `exact` searches as written.

The behaviour is the same on SQLite and PostgreSQL, and both find the rows from
an index: SQLite from a trigram-tokenised FTS5 table over the index rows
(migration 0010), which finds the same substrings as the LIKE conditions, and
PostgreSQL from trigram (pg_trgm) indexes behind them. PostgreSQL adds finesse
where it has the tools: trigram similarity to find typo candidates, and full-text
rank with the `norwegian` configuration to order hits that score the same, read
from a stored vector the database generates from the index row (migration 0007).
`unaccent` is deliberately not used: it turns «å» into «a».
"""

import difflib
import functools
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import snowballstemmer
from django.apps import apps as global_apps
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramSimilarity,
)
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Col, RawSQL
from django.db.models.functions import Greatest, Length

from tiltak.database import large_cache
from tiltak.models import MAX_AGE, Sokeord, Synonym, Tiltak

# Words that carry no meaning in a query like «hvem ringer jeg om hasj», in
# bokmål, nynorsk and English; they never match anything. Abbreviations of the
# plan that look like small words (OUT, SO, OT, HAP, NAV) are not among them.
STOPWORDS = frozenset(
    """
    og i på for til av med om en et ei den det de som er å at hva hvem hvor
    hvordan hvorfor hvilken hvilket hvilke jeg meg min mitt mine vi oss vår vårt
    våre du deg din ditt dine dere dem deres han ham hans hun henne hennes hen
    seg sin sitt sine kan kunne skal skulle vil ville må måtte bør burde har
    hadde ha være var vært blir ble bli blitt gjør gjøre gjorde gjort får fikk
    få ved fra eller mot ikke når noe noen så men da der her dette disse denne
    også bare hos etter før inn ut opp ned enn sånn slik mye mange litt ingen
    hei takk vet veit lurer
    eg ho dei dykk dykkar deira hennar me kva kven korleis kvar kvifor kvi
    ikkje ein eit noko nokon nokre berre òg frå vere vore vert vart gjer gjere
    fekk mi di si då desse sjølv
    the a an of to in on and or is are am was what who whom where when why how
    can could should would i my me you your we our with about at from do does
    did there this that it
    """.split()
)
# Words that tell who it is about or what one wants to do («sønnen min»,
# «ringe», «hjelp»): so common in the plan that they would narrow a search to
# the wrong tiltak. They order the hits, and count only when nothing else does.
WEAK_WORDS = """
    barn barnet barna barns born borna sønn sønnen son sonen datter datteren
    dattera dotter dottera gutt gutten jente jenta ungen elev eleven venn
    vennen familie familien ungdommen
    ringe ringer ring kontakte kontakt snakke snakker prate treng trenger
    hjelp hjelpe finne finnes bekymret bekymring uroleg redd tiltak tilbud
    child children kid kids son daughter boy girl call contact talk need help
    """.split()
# Bound the SQL a long pasted text can produce.
MAX_TERMS = 8
# A stem this long may also match inside a compound word; no stem of a longer
# word is shorter (see stem()).
MIN_INFIX = MIN_STEM = 4
# A word this long may be corrected; shorter ones are too ambiguous.
MIN_CORRECTABLE = 4
VOCABULARY_WORD = re.compile(r"[^\W\d_]{4,60}")
WORD = re.compile(r"[^\W_]+")
# «15 år», «15-åring», «15 åringer», «15år gammel», «15 years old»; not the
# «18» of «10-18 år», which is a range.
AGE = re.compile(
    r"(?<![\w,.–-])(\d{1,3})\s*[-–]?\s*"
    r"(?:år(?:ing\w*)?|aar\w*|aring\w*|years?|yrs?|yo)(?!\w)"
    r"(?:\s+(?:gammel|gamal|gammal|gamle|old)(?!\w))?",
    re.IGNORECASE,
)
# «sønnen min er 15», «ei jente på 14».
BARE_AGE = re.compile(r"(?<!\w)(?:er|på|blir)\s+(\d{1,2})(?![\w,.–-])", re.IGNORECASE)
RANGE_BEFORE = re.compile(r"(?:\d\s*[-–]|\btil)\s*$", re.IGNORECASE)
# Column weights: a title hit beats any actor hit, which beats any text hit.
COLUMNS = (("tittel", 100), ("aktorer", 10), ("tekst", 1))
INDEX = "sokeindeks__"

_stemmer = snowballstemmer.stemmer("norwegian")


# --- Text to stems -----------------------------------------------------------


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


# A full reindex stems millions of words, mostly the same few thousand.
@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball's Norwegian stem, with two fixes so inflections meet.

    Snowball leaves «krisesentret» as «krisesentr» but «krisesenter» as
    «krisesent», and «ungdommen» as «ungdomm» but «ungdom» as «ungdom».
    The fixes never cut a stem below four letters: «sommer» stays «somm»
    instead of becoming the stopword «som».
    """
    result = _stemmer.stemWord(word)
    if len(result) - 2 >= MIN_STEM and result.endswith("er"):
        result = result[:-2]
    if len(result) > MIN_STEM and result[-1] == "r" and result[-2] not in "aeiouyæøå":
        result = result[:-1]
    if (
        len(result) > MIN_STEM
        and result[-1] == result[-2]
        and result[-1] not in "aeiouyæøå"
    ):
        result = result[:-1]
    return result


WEAK_STEMS = frozenset(stem(word) for word in WEAK_WORDS)


def normalise(text: str) -> str:
    """Text as space-separated stems, padded so « stem» marks a word start."""
    return " " + " ".join(stem(word) for word in words(text)) + " "


# --- Keeping the index current -------------------------------------------------

# Tiltak indexed per round trip in a full rebuild: bounds memory and the IN lists.
BATCH_SIZE = 1000
# Unstemmed copies of the columns, for PostgreSQL's generated full-text vector.
SOURCE = {name: f"kilde_{name}" for name, _ in COLUMNS}

_deferred: ContextVar[set[int] | None] = ContextVar("search_deferred", default=None)


def reindex(tiltak_ids: Iterable[int] | None = None, *, apps=global_apps) -> None:
    """Rebuild the search index of the given tiltak (all when None).

    The vocabulary of «Mente du …?» gets the words of the published ones only: a
    suggestion must never show a word of a draft or an archived tiltak. Words of
    given tiltak that are not published (any more) leave it unless a published
    tiltak still has them (`_forget_hidden_words`); a full rebuild drops the rest
    (`rebuild_vocabulary`).

    `apps` lets a data migration run this with its historical models.
    """
    tiltak_model = apps.get_model("tiltak", "Tiltak")
    if tiltak_ids is None:
        ids = list(tiltak_model.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(tiltak_ids))
    vocabulary: set[str] = set()
    hidden: set[str] = set()
    with large_cache() if len(ids) > BATCH_SIZE else nullcontext():
        for start in range(0, len(ids), BATCH_SIZE):
            shown, withheld = _index_batch(ids[start : start + BATCH_SIZE], apps)
            vocabulary |= shown
            hidden |= withheld
    word_model = apps.get_model("tiltak", "Sokeord")
    word_model.objects.bulk_create(
        [word_model(ord=word) for word in sorted(vocabulary)],
        ignore_conflicts=True,
        batch_size=BATCH_SIZE,
    )
    if tiltak_ids is not None:
        _forget_hidden_words(hidden - vocabulary, apps)


def _forget_hidden_words(hidden: set[str], apps) -> None:
    """Take out of the vocabulary the words among `hidden` (words of tiltak just
    indexed that are not published) that find no published tiltak.

    Such a word is only in the vocabulary when its tiltak was published before
    or a published tiltak has it too; each of those costs one indexed query.
    """
    word_model = apps.get_model("tiltak", "Sokeord")
    tiltak_model = apps.get_model("tiltak", "Tiltak")
    published = tiltak_model.objects.filter(status=Tiltak.Status.PUBLISERT)
    words = sorted(hidden)
    stale = []
    for start in range(0, len(words), BATCH_SIZE):
        listed = word_model.objects.filter(ord__in=words[start : start + BATCH_SIZE])
        for word in listed.values_list("ord", flat=True):
            # As a suggestion searches for it (a correction is a known word): as
            # a word, the start of a compound or inside one.
            term = Term(word, ((part(word, True),),))
            if not published.filter(candidates([term], every=True)).exists():
                stale.append(word)
    for start in range(0, len(stale), BATCH_SIZE):
        word_model.objects.filter(ord__in=stale[start : start + BATCH_SIZE]).delete()


def _index_batch(ids: list[int], apps) -> tuple[set[str], set[str]]:
    """Write the index rows of these tiltak; return the words the published ones
    contain, and the words of the others."""
    tiltak_model = apps.get_model("tiltak", "Tiltak")
    link_models = (
        apps.get_model("tiltak", "TiltakAktor"),
        apps.get_model("tiltak", "TiltakKanal"),
    )
    index_model = apps.get_model("tiltak", "Sokeindeks")
    rows = tiltak_model.objects.filter(pk__in=ids)
    texts = {}
    published = set()
    for row in rows.values(
        "pk", "tittel", "beskrivelse", "ansvar_tekst", "kontakt_tekst", "status"
    ):
        texts[row["pk"]] = {
            "tittel": [row["tittel"]],
            "aktorer": [],
            "tekst": [row["beskrivelse"], row["ansvar_tekst"], row["kontakt_tekst"]],
        }
        if row["status"] == Tiltak.Status.PUBLISERT:
            published.add(row["pk"])
    actors, channels = (model.objects.filter(tiltak__in=ids) for model in link_models)
    # By the column itself: ordering by "tiltak" would join it for its ordering.
    for row in actors.order_by("tiltak_id", "rekkefolge").values(
        "tiltak_id", "aktor__navn", "aktor__kortnavn", "aktor__aliaser"
    ):
        texts[row["tiltak_id"]]["aktorer"].extend(
            [row["aktor__navn"], row["aktor__kortnavn"], row["aktor__aliaser"]]
        )
    for row in channels.order_by("tiltak_id", "rekkefolge").values(
        "tiltak_id", "kanal__etikett", "merknad"
    ):
        texts[row["tiltak_id"]]["aktorer"].extend(
            [row["kanal__etikett"], row["merknad"]]
        )
    # A data migration's historical Sokeindeks may predate the kilde_* columns.
    fields = {field.name for field in index_model._meta.concrete_fields}
    indexes = []
    vocabulary, hidden = set(), set()
    for pk, columns in texts.items():
        values = {}
        found = vocabulary if pk in published else hidden
        for name, parts in columns.items():
            joined = "\n".join(part for part in parts if part)
            values[name] = normalise(joined)
            values[SOURCE[name]] = joined
            found.update(VOCABULARY_WORD.findall(joined.lower()))
        kept = {name: value for name, value in values.items() if name in fields}
        indexes.append(index_model(tiltak_id=pk, **kept))
    index_model.objects.bulk_create(
        indexes,
        update_conflicts=True,
        unique_fields=["tiltak"],
        update_fields=sorted(fields - {"tiltak"}),
    )
    return vocabulary, hidden


def rebuild_vocabulary() -> None:
    """Start the vocabulary afresh, dropping words no published tiltak uses any
    more."""
    # Emptied and refilled together: spelling suggestions never see it empty.
    with transaction.atomic():
        Sokeord.objects.all().delete()
        reindex()


@contextmanager
def deferred() -> Iterator[set[int]]:
    """Index the tiltak that change inside the block once, when it ends.

    For bulk writes (tiltak.signals.bulk_write): loaddata saves a tiltak and
    then each of its links, and every save would otherwise rebuild its index
    row again. Yields the ids still to index, which a writer that indexes
    everything itself may clear. Nothing is indexed when the block fails.
    """
    if (outer := _deferred.get()) is not None:
        # The outermost block indexes.
        yield outer
        return
    pending: set[int] = set()
    token = _deferred.set(pending)
    try:
        yield pending
    finally:
        _deferred.reset(token)
    if pending:
        reindex(pending)


def changed(tiltak_ids: Iterable[int]) -> None:
    """Bring these tiltak's index rows up to date: now, or at the end of the
    outermost deferred() block around this call (tiltak.signals calls this)."""
    pending = _deferred.get()
    if pending is None:
        reindex(tiltak_ids)
    else:
        pending.update(tiltak_ids)


# --- Reading a query -----------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A query as the search reads it."""

    # As typed, without the age.
    text: str
    # The words that must be found, and those that only order the hits.
    words: list[str]
    weak: list[str]
    # Stopwords, which never match.
    ignored: list[str]
    age: int | None


def take_age(q: str) -> tuple[int | None, str]:
    """The age written in the query («15 år», «15-åring»), and the rest of it."""
    for pattern, group in ((AGE, 0), (BARE_AGE, 1)):
        for match in pattern.finditer(q):
            if RANGE_BEFORE.search(q[: match.start()]):
                continue
            age = int(match.group(1))
            if age > MAX_AGE:
                continue
            start, end = match.span(group)
            return age, " ".join(f"{q[:start]} {q[end:]}".split())
    return None, " ".join(q.split())


def read_query(q: str) -> Query:
    age, text = take_age(q)
    found = list(dict.fromkeys(words(text)))
    meaningful = [word for word in found if word not in STOPWORDS]
    strong = [word for word in meaningful if stem(word) not in WEAK_STEMS]
    weak = [word for word in meaningful if stem(word) in WEAK_STEMS]
    if not strong:
        # «barn» alone is a search for «barn».
        strong, weak = weak, []
    strong = strong[:MAX_TERMS]
    return Query(
        text=text,
        words=strong,
        weak=weak[: MAX_TERMS - len(strong)],
        ignored=[word for word in found if word in STOPWORDS],
        age=age,
    )


def query_words(q: str) -> list[str]:
    """The words of `q` that are searched for, strong ones first."""
    query = read_query(q)
    return query.words + query.weak


# --- Queries -------------------------------------------------------------------


class Part(NamedTuple):
    """One word to find: its stem, and what an index word must start with (or,
    from MIN_INFIX letters, contain) to be a compound of it."""

    stem: str
    start: str


@dataclass(frozen=True)
class Term:
    """One word of the query and the parts that count as finding it: its own, or
    those of a synonym's meaning (all of them, in one column)."""

    word: str
    alternatives: tuple[tuple[Part, ...], ...]


@dataclass
class Synonyms:
    # The editors' meanings by the stem of their word, as the meaning's words.
    meanings: dict[str, list[tuple[str, ...]]]
    words: list[str]
    # Words of the query that occur in the tiltak (Sokeord).
    known: frozenset[str] = field(default_factory=frozenset)


def part(word: str, trusted: bool) -> Part:
    """The stem of `word`, and the start of a compound of it.

    The stemmer cuts an ending off a word it does not know as readily as off one
    it does: «nettvet» (a typo of «nettvett») becomes «nettv», the start of
    «nettverk». A stem shorter than the word is only trusted as the start of a
    compound when the word is a real one (in the vocabulary, or an editor's
    meaning) and the stem has MIN_STEM letters; otherwise the word itself is.
    """
    own = stem(word)
    if own == word or (trusted and len(own) >= MIN_STEM):
        return Part(own, own)
    return Part(own, word)


def untrusted(query: Iterable[str]) -> list[str]:
    """The words whose stems are cut short, to look up in the vocabulary."""
    return sorted({word for word in query if stem(word) != word})


def load_synonyms(check: Iterable[str] = ()) -> Synonyms:
    """The editors' synonyms by the stem of their word, and which of the words
    in `check` the vocabulary holds: one query."""
    rows = Synonym.objects.order_by().values_list("ord", "betyr")
    if check := sorted(set(check)):
        # A meaning is never blank, so a blank one marks a word of the vocabulary.
        vocabulary = (
            Sokeord.objects.filter(ord__in=check)
            .order_by()
            .annotate(betyr=Value("", output_field=CharField()))
            .values_list("ord", "betyr")
        )
        rows = rows.union(vocabulary, all=True)
    synonyms = Synonyms(meanings={}, words=[])
    known = set()
    for word, meaning in rows:
        if not meaning:
            known.add(word)
            continue
        meaning_words = tuple(w for w in words(meaning) if w not in STOPWORDS)
        if meaning_words:
            synonyms.meanings.setdefault(stem(word.lower()), []).append(meaning_words)
            synonyms.words.append(word.lower())
    known.update(synonyms.words)
    synonyms.known = frozenset(known)
    return synonyms


def make_terms(query: list[str], synonyms: Synonyms) -> list[Term]:
    terms = []
    for word in query:
        own = part(word, word in synonyms.known)
        meanings = synonyms.meanings.get(own.stem, ())
        alternatives = [(own,)]
        alternatives += [tuple(part(w, True) for w in m) for m in meanings]
        terms.append(Term(word, tuple(dict.fromkeys(alternatives))))
    return terms


# How a stem may sit in an index column: as a whole word, at the start of a
# (compound) word, or anywhere inside one. The closer, the more points.
WHOLE_WORD, WORD_START, INSIDE = 3, 2, 1


def _pattern(part: Part, how: int) -> str:
    if how == WHOLE_WORD:
        return f" {part.stem} "
    if how == INSIDE and len(part.start) >= MIN_INFIX:
        return part.start
    return " " + part.start


def _loose(part: Part) -> tuple[str, ...]:
    """The patterns that together find the part wherever it counts."""
    whole, inside = _pattern(part, WHOLE_WORD), _pattern(part, INSIDE)
    return (inside,) if inside in whole else (whole, inside)


def term_in(term: Term, column: str, how: int | None = None) -> Q:
    """The term in the column: as `how` says, or (None) in any way that counts."""
    lookup = f"{INDEX}{column}__contains"
    condition = Q()
    for parts in term.alternatives:
        all_in = Q()
        for part in parts:
            patterns = _loose(part) if how is None else (_pattern(part, how),)
            all_in &= functools.reduce(
                operator.or_, (Q(**{lookup: pattern}) for pattern in patterns)
            )
        condition |= all_in
    return condition


def term_found(term: Term) -> Q:
    condition = Q()
    for column, _ in COLUMNS:
        condition |= term_in(term, column)
    return condition


def relevance(terms: list[Term]) -> Case:
    """Points for each term by the column it is found in and how closely."""
    parts = [
        Case(
            *(
                When(term_in(term, column, how), then=how * weight)
                for how in (WHOLE_WORD, WORD_START)
            ),
            When(term_in(term, column), then=INSIDE * weight),
            default=0,
            output_field=IntegerField(),
        )
        for term in terms
        for column, weight in COLUMNS
    ]
    return sum(parts[1:], parts[0])


def found_count(terms: list[Term]) -> Case:
    parts = [
        Case(When(term_found(term), then=1), default=0, output_field=IntegerField())
        for term in terms
    ]
    return sum(parts[1:], parts[0])


class StoredVector(F):
    """sokeindeks.sokevektor, the full-text vector only PostgreSQL has.

    The model does not declare it (see Sokeindeks), so it is reached through the
    join to the index row that the search's conditions already make.
    """

    field = SearchVectorField()
    field.set_attributes_from_name("sokevektor")

    def __init__(self) -> None:
        super().__init__(f"{INDEX}tittel")

    def resolve_expression(self, *args, **kwargs) -> Col:
        column = super().resolve_expression(*args, **kwargs)
        return Col(column.alias, self.field)


def full_text_rank(terms: list[Term]) -> SearchRank:
    """PostgreSQL's own Norwegian rank, to order hits with the same points."""
    parts = {term.word for term in terms} | {
        part.stem for term in terms for parts in term.alternatives for part in parts
    }
    query = SearchQuery(
        " | ".join(f"{part}:*" for part in sorted(parts)),
        search_type="raw",
        config="norwegian",
    )
    return SearchRank(StoredVector(), query)


def candidates(terms: list[Term], every: bool) -> Q:
    """The tiltak holding every term (or, not `every`, any), in a form an index
    can answer: plain ORs and ANDs let PostgreSQL narrow the rows with the
    trigram indexes first. On SQLite the trigram full-text table answers it
    (fts_match).
    """
    found = [term_found(term) for term in terms]
    condition = functools.reduce(operator.and_ if every else operator.or_, found)
    match = fts_match(terms, every) if connection.vendor == "sqlite" else ""
    if not match:
        return condition
    in_index = Q(pk__in=RawSQL(FTS_QUERY, [match]))
    if all(len(parts) == 1 for term in terms for parts in term.alternatives):
        return in_index
    # A meaning of several words must have them all in one column; the
    # full-text match finds them anywhere, so it only narrows the rows first.
    return in_index & condition


# Migration 0010's FTS5 table over the search index, trigram-tokenised: it finds
# a substring such as « rus» or «vold» in any column, as LIKE '%…%' would.
FTS_TABLE = "tiltak_sokeindeks_fts"
FTS_QUERY = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
# Trigrams cannot find anything shorter.
FTS_MIN = 3


def fts_match(terms: list[Term], all_required: bool) -> str:
    """The terms' loosest patterns as an FTS5 query; empty when one is too short.

    Each pattern is quoted as a phrase. Stems hold letters and digits only, so
    nothing in them can break out of the quotes.
    """
    found = []
    for term in terms:
        meanings = []
        for parts in term.alternatives:
            each = []
            for part in parts:
                patterns = _loose(part)
                if any(len(pattern) < FTS_MIN for pattern in patterns):
                    return ""
                each.append("(" + " OR ".join(f'"{p}"' for p in patterns) + ")")
            meanings.append(" AND ".join(each))
        found.append("(" + " OR ".join(f"({m})" for m in meanings) + ")")
    return (" AND " if all_required else " OR ").join(found)


def rank(
    queryset: QuerySet[Tiltak],
    terms: list[Term],
    weak: list[Term] = (),
    *,
    every: bool = True,
) -> QuerySet[Tiltak]:
    """The tiltak holding every term (or, not `every`, the most of them first),
    by points; weak terms only order those with the same points."""
    ordered = queryset.filter(candidates(terms, every)).alias(
        search_points=relevance(terms)
    )
    order = ["-search_points"]
    if not every:
        ordered = ordered.alias(search_found=found_count(terms))
        order.insert(0, "-search_found")
    if weak:
        ordered = ordered.alias(search_weak=relevance(list(weak)))
        order.append("-search_weak")
    tiebreak = [Length("tittel").asc()]
    if connection.vendor == "postgresql":
        tiebreak.insert(0, full_text_rank(terms).desc())
    return ordered.order_by(*order, *tiebreak, *Tiltak._meta.ordering)


# --- When no tiltak holds every word ----------------------------------------------


def found_counts(queryset: QuerySet[Tiltak], terms: list[Term]) -> tuple[dict, int]:
    """How many tiltak hold each term, and how many hold them all: one query."""
    every = functools.reduce(operator.and_, (term_found(term) for term in terms))
    counts = queryset.aggregate(
        search_every=Count("pk", filter=every),
        **{
            f"term_{n}": Count("pk", filter=term_found(term))
            for n, term in enumerate(terms)
        },
    )
    found = {term.word: counts[f"term_{n}"] for n, term in enumerate(terms)}
    return found, counts["search_every"]


def vocabulary_candidates(targets: list[str]) -> list[str]:
    """Words of the vocabulary that could be what was meant, in one query."""
    if connection.vendor == "postgresql":
        similarity = [TrigramSimilarity("ord", word) for word in targets]
        condition = Q()
        for word in targets:
            # The lookup itself, as the contrib.postgres app need not be installed.
            condition |= TrigramSimilar(F("ord"), word)
        best = similarity[0] if len(similarity) == 1 else Greatest(*similarity)
        found = (
            Sokeord.objects.filter(condition)
            .annotate(similarity=best)
            .order_by("-similarity", "ord")
        )
        return list(found.values_list("ord", flat=True)[:200])
    # SQLite has no trigram index: narrow by a shared first letter or ending and
    # a similar length, so difflib sees a few hundred words at most.
    condition = Q()
    for word in targets:
        condition |= (Q(ord__startswith=word[0]) | Q(ord__endswith=word[-3:])) & Q(
            length__range=(len(word) - 2, len(word) + 2)
        )
    found = Sokeord.objects.alias(length=Length("ord")).filter(condition)
    return list(found.values_list("ord", flat=True)[:2000])


def corrections(unknown: set[str], synonyms: Synonyms) -> dict[str, str]:
    targets = sorted(word for word in unknown if len(word) >= MIN_CORRECTABLE)
    if not targets:
        return {}
    vocabulary = [w for w in vocabulary_candidates(targets) if w not in STOPWORDS]
    found = {}
    for word in targets:
        # Not into a synonym that means the word itself («skole» is not «skule»).
        circular = {
            synonym
            for synonym in synonyms.words
            for meaning in synonyms.meanings.get(stem(synonym), ())
            if stem(word) in {stem(w) for w in meaning}
        }
        candidates = vocabulary + [w for w in synonyms.words if w not in circular]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
        if close and close[0] != word:
            found[word] = close[0]
    return found


# --- The public interface -------------------------------------------------------


@dataclass
class SearchResult:
    tiltak: QuerySet[Tiltak]
    # The query as typed, without the age; and as searched, corrections made.
    text: str = ""
    searched: str = ""
    # The age written in the query («15-åring»), for the list's age filter.
    age: int | None = None
    # Words found nowhere and what was searched for instead, in query order.
    corrected: tuple[tuple[str, str], ...] = ()
    # Words found nowhere, with nothing close enough to search for instead.
    unmatched: tuple[str, ...] = ()
    # The tiltak shown do not hold every word of the query.
    partial: bool = False
    # The query held only stopwords, which find nothing.
    only_stopwords: bool = False
    # With check_later: the search to show instead when `tiltak` (narrowed or
    # not) is empty, or None when there is nothing better. Call it only then.
    if_empty: Callable[[], "SearchResult | None"] | None = None

    @property
    def suggestion(self) -> str:
        """The query as searched when a word of it was corrected, or ""."""
        return self.searched if self.corrected else ""

    # For the page to say: «nettvet», «gatemeglng» og «krisesenteer».
    @property
    def corrected_from(self) -> str:
        return quoted_list(written for written, _ in self.corrected)

    @property
    def corrected_to(self) -> str:
        return quoted_list(instead for _, instead in self.corrected)

    @property
    def unmatched_list(self) -> str:
        return quoted_list(self.unmatched)


def quoted_list(items: Iterable[str]) -> str:
    quoted = [f"«{item}»" for item in items]
    if len(quoted) < 2:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " og " + quoted[-1]


def _with_corrections(text: str, fixed: dict[str, str]) -> str:
    return WORD.sub(lambda m: fixed.get(m.group().lower(), m.group()), text)


def _instead(
    queryset: QuerySet[Tiltak],
    query: Query,
    base: SearchResult,
    synonyms: Synonyms,
    terms: list[Term],
    weak: list[Term],
    *,
    exact: bool,
) -> SearchResult | None:
    """What to show when no tiltak holds every word of `query` (the module's
    docstring): the words corrected, the words found, or None when other filters,
    not the words, leave nothing."""
    found, together = found_counts(queryset, terms)
    if together:
        # Other filters, not the words, leave nothing.
        return None
    unknown = {word for word, count in found.items() if not count}
    fixed = {} if exact else corrections(unknown, synonyms)
    unmatched = tuple(word for word in query.words if word in unknown - set(fixed))
    kept = [fixed.get(word, word) for word in query.words if word not in unmatched]
    said = replace(
        base,
        searched=_with_corrections(query.text, fixed),
        corrected=tuple((word, fixed[word]) for word in query.words if word in fixed),
        unmatched=unmatched,
        partial=bool(unmatched and kept),
    )
    if not kept:
        return replace(said, tiltak=queryset.none())
    known = replace(synonyms, known=synonyms.known | set(fixed.values()))
    better = make_terms(kept, known)
    some = replace(said, tiltak=rank(queryset, better, weak, every=False))
    some.partial = True
    if kept == query.words:
        # Every word is found, but never all in one tiltak.
        return some
    every = replace(said, tiltak=rank(queryset, better, weak))
    return every if len(better) == 1 else replace(every, if_empty=lambda: some)


def search_tiltak(
    queryset: QuerySet[Tiltak],
    q: str,
    *,
    check_later: bool = False,
    correct: bool = True,
    exact: bool = False,
) -> SearchResult:
    """Filter `queryset` to the tiltak matching `q`, the most relevant first.

    The result stays a lazy QuerySet, so callers can filter it further and count
    facets in the database. When no tiltak holds every word, the result says
    what was searched instead (see the module's docstring); with `exact` no word
    is corrected, and with `correct=False` (the admin's search) nothing but the
    tiltak holding every word is shown.

    Finding out whether any tiltak holds every word costs a query over every
    tiltak. With `check_later` a caller that counts the result anyway (the
    list's facets) gets `if_empty` instead, and pays for the check only when
    the count is 0.
    """
    query = read_query(q)
    base = SearchResult(
        tiltak=queryset, text=query.text, searched=query.text, age=query.age
    )
    if not query.words:
        if query.ignored:
            return replace(base, tiltak=queryset.none(), only_stopwords=True)
        return base
    synonyms = load_synonyms(untrusted(query.words + query.weak))
    terms = make_terms(query.words, synonyms)
    weak = make_terms(query.weak, synonyms)
    first = replace(base, tiltak=rank(queryset, terms, weak))
    if not correct:
        return first

    def fallback() -> SearchResult | None:
        return _instead(queryset, query, base, synonyms, terms, weak, exact=exact)

    if check_later:
        return replace(first, if_empty=fallback)
    result = fallback()
    if result is None:
        return first
    if result.if_empty is not None and not result.tiltak.exists():
        return result.if_empty()
    return replace(result, if_empty=None)
