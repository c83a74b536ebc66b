"""Free-text search over tiltak that understands Norwegian: the one place it lives.

Every tiltak has a Sokeindeks row: its title, its actors and contact labels, and
its other text, each as a string of Norwegian word stems (" hasjavvenningsprogram
hap "). A query is cut into words, stemmed the same way and matched with LIKE,
so the database does the work and a search costs the same few queries at 42 or
20,000 tiltak:

- a stem matches a whole word, the start of a word («sommerjobb» finds
  «sommerjobber», «hasj» finds «hasjavvenningsprogram») and, from four letters,
  the inside of one («vold» finds «æresvold»), ranked in that order;
- title hits rank above actor and contact-label hits, which rank above hits in
  the description;
- editors' synonyms (Synonym) widen a word («narkotika» also finds «rus»);
- a word that finds nothing is replaced by the nearest word of the vocabulary
  (Sokeord) and offered as «Mente du …?».

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
from dataclasses import dataclass

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
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, When
from django.db.models.expressions import Col, RawSQL
from django.db.models.functions import Greatest, Length

from tiltak.database import large_cache
from tiltak.models import Sokeord, Synonym, Tiltak

# Words that carry no meaning in a query like «hvem ringer jeg om hasj».
STOPWORDS = frozenset(
    """
    og i på for til av med om en et ei den det de som er å at hva hvem hvor
    hvordan jeg meg min mitt mine vi oss du deg din ditt han hun hen kan har
    ved fra eller mot seg sin sitt sine skal vil ikke når noe noen så men
    the
    """.split()
)
# Bound the SQL a long pasted text can produce.
MAX_TERMS = 8
# A stem this long may also match inside a compound word.
MIN_INFIX = 4
# A word this long may be corrected; shorter ones are too ambiguous.
MIN_CORRECTABLE = 4
VOCABULARY_WORD = re.compile(r"[^\W\d_]{4,60}")
WORD = re.compile(r"[^\W_]+")
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
    """
    result = _stemmer.stemWord(word)
    if len(result) > 4 and result.endswith("er"):
        result = result[:-2]
    if len(result) > 4 and result[-1] == "r" and result[-2] not in "aeiouyæøå":
        result = result[:-1]
    if len(result) > 3 and result[-1] == result[-2] and result[-1] not in "aeiouyæøå":
        result = result[:-1]
    return result


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

    `apps` lets a data migration run this with its historical models.
    """
    tiltak_model = apps.get_model("tiltak", "Tiltak")
    if tiltak_ids is None:
        ids = list(tiltak_model.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(tiltak_ids))
    vocabulary: set[str] = set()
    with large_cache() if len(ids) > BATCH_SIZE else nullcontext():
        for start in range(0, len(ids), BATCH_SIZE):
            vocabulary |= _index_batch(ids[start : start + BATCH_SIZE], apps)
    word_model = apps.get_model("tiltak", "Sokeord")
    word_model.objects.bulk_create(
        [word_model(ord=word) for word in sorted(vocabulary)],
        ignore_conflicts=True,
        batch_size=BATCH_SIZE,
    )


def _index_batch(ids: list[int], apps) -> set[str]:
    """Write the index rows of these tiltak; return the words they contain."""
    tiltak_model = apps.get_model("tiltak", "Tiltak")
    link_models = (
        apps.get_model("tiltak", "TiltakAktor"),
        apps.get_model("tiltak", "TiltakKanal"),
    )
    index_model = apps.get_model("tiltak", "Sokeindeks")
    rows = tiltak_model.objects.filter(pk__in=ids)
    texts = {
        row["pk"]: {
            "tittel": [row["tittel"]],
            "aktorer": [],
            "tekst": [row["beskrivelse"], row["ansvar_tekst"], row["kontakt_tekst"]],
        }
        for row in rows.values(
            "pk", "tittel", "beskrivelse", "ansvar_tekst", "kontakt_tekst"
        )
    }
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
    vocabulary = set()
    for pk, columns in texts.items():
        values = {}
        for name, parts in columns.items():
            joined = "\n".join(part for part in parts if part)
            values[name] = normalise(joined)
            values[SOURCE[name]] = joined
            vocabulary.update(VOCABULARY_WORD.findall(joined.lower()))
        kept = {name: value for name, value in values.items() if name in fields}
        indexes.append(index_model(tiltak_id=pk, **kept))
    index_model.objects.bulk_create(
        indexes,
        update_conflicts=True,
        unique_fields=["tiltak"],
        update_fields=sorted(fields - {"tiltak"}),
    )
    return vocabulary


def rebuild_vocabulary() -> None:
    """Start the vocabulary afresh, dropping words no tiltak uses any more."""
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


# --- Queries -------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One word of the query and the stem sequences that count as finding it."""

    word: str
    alternatives: tuple[tuple[str, ...], ...]


@dataclass
class Synonyms:
    meanings: dict[str, list[tuple[str, ...]]]
    words: list[str]


def load_synonyms() -> Synonyms:
    """The editors' synonyms by the stem of their word, meanings as stems."""
    synonyms = Synonyms(meanings={}, words=[])
    for word, meaning in Synonym.objects.values_list("ord", "betyr"):
        stems = tuple(stem(w) for w in words(meaning) if w not in STOPWORDS)
        if stems:
            synonyms.meanings.setdefault(stem(word.lower()), []).append(stems)
            synonyms.words.append(word.lower())
    return synonyms


def query_words(q: str) -> list[str]:
    found = words(q)
    meaningful = [word for word in found if word not in STOPWORDS]
    return (meaningful or found)[:MAX_TERMS]


def make_terms(query: list[str], synonyms: Synonyms) -> list[Term]:
    terms = []
    for word in query:
        own = stem(word)
        terms.append(Term(word, ((own,), *synonyms.meanings.get(own, ()))))
    return terms


# How a stem may sit in an index column: as a whole word, at the start of a
# (compound) word, or anywhere inside one. The closer, the more points.
WHOLE_WORD, WORD_START, INSIDE = 3, 2, 1


def _pattern(part: str, how: int) -> str:
    if how == WHOLE_WORD:
        return f" {part} "
    if how == INSIDE and len(part) >= MIN_INFIX:
        return part
    return " " + part


def term_in(term: Term, column: str, how: int) -> Q:
    condition = Q()
    for stems in term.alternatives:
        all_in = Q()
        for part in stems:
            all_in &= Q(**{f"{INDEX}{column}__contains": _pattern(part, how)})
        condition |= all_in
    return condition


def term_found(term: Term) -> Q:
    condition = Q()
    for column, _ in COLUMNS:
        condition |= term_in(term, column, INSIDE)
    return condition


def relevance(terms: list[Term]) -> Case:
    """Points for each term by the column it is found in and how closely."""
    parts = [
        Case(
            *(
                When(term_in(term, column, how), then=how * weight)
                for how in (WHOLE_WORD, WORD_START, INSIDE)
            ),
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


def required_terms(count: int) -> int:
    """All words must be found, but a longer query may miss one."""
    return count if count <= 2 else count - 1


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
        part for term in terms for stems in term.alternatives for part in stems
    }
    query = SearchQuery(
        " | ".join(f"{part}:*" for part in sorted(parts)),
        search_type="raw",
        config="norwegian",
    )
    return SearchRank(StoredVector(), query)


def candidates(terms: list[Term]) -> Q:
    """What the found count implies, in a form an index can answer.

    `found >= required` is a sum of CASE expressions no index can serve; the
    same condition as plain ORs (and ANDs when every word is required) lets
    PostgreSQL narrow the rows with the trigram indexes first. On SQLite the
    trigram full-text table answers it (fts_match).
    """
    all_required = required_terms(len(terms)) == len(terms)
    found = [term_found(term) for term in terms]
    condition = functools.reduce(operator.and_ if all_required else operator.or_, found)
    match = fts_match(terms, all_required) if connection.vendor == "sqlite" else ""
    if not match:
        return condition
    in_index = Q(pk__in=RawSQL(FTS_QUERY, [match]))
    if all(len(stems) == 1 for term in terms for stems in term.alternatives):
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
        for stems in term.alternatives:
            patterns = [_pattern(part, INSIDE) for part in stems]
            if any(len(pattern) < FTS_MIN for pattern in patterns):
                return ""
            meanings.append(" AND ".join(f'"{pattern}"' for pattern in patterns))
        found.append("(" + " OR ".join(f"({m})" for m in meanings) + ")")
    return (" AND " if all_required else " OR ").join(found)


def rank(queryset: QuerySet[Tiltak], terms: list[Term]) -> QuerySet[Tiltak]:
    ordered = queryset.filter(candidates(terms)).alias(search_points=relevance(terms))
    order = ["-search_points"]
    if required_terms(len(terms)) < len(terms):
        # One word may be missing: those that have them all come first. When
        # every word is required, candidates() alone is the condition.
        ordered = ordered.alias(search_found=found_count(terms)).filter(
            search_found__gte=required_terms(len(terms))
        )
        order.insert(0, "-search_found")
    tiebreak = [Length("tittel").asc()]
    if connection.vendor == "postgresql":
        tiebreak.insert(0, full_text_rank(terms).desc())
    return ordered.order_by(*order, *tiebreak, *Tiltak._meta.ordering)


# --- «Mente du …?» ---------------------------------------------------------------


def unknown_words(queryset: QuerySet[Tiltak], terms: list[Term]) -> set[str]:
    """The query's words that no tiltak in the queryset contains, in one query."""
    counts = queryset.aggregate(
        **{
            f"term_{n}": Count("pk", filter=term_found(term))
            for n, term in enumerate(terms)
        }
    )
    return {term.word for n, term in enumerate(terms) if not counts[f"term_{n}"]}


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


def corrections(unknown: set[str], synonym_words: list[str]) -> dict[str, str]:
    targets = sorted(word for word in unknown if len(word) >= MIN_CORRECTABLE)
    if not targets:
        return {}
    candidates = vocabulary_candidates(targets) + synonym_words
    found = {}
    for word in targets:
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
        if close and close[0] != word:
            found[word] = close[0]
    return found


# --- The public interface -------------------------------------------------------


@dataclass
class SearchResult:
    tiltak: QuerySet[Tiltak]
    suggestion: str
    # With check_later: the search with misspelt words corrected, or None when
    # nothing is misspelt. Call it only when `tiltak` (narrowed or not) is empty.
    if_empty: Callable[[], "SearchResult | None"] | None = None


def search_tiltak(
    queryset: QuerySet[Tiltak],
    q: str,
    *,
    check_later: bool = False,
    correct: bool = True,
) -> SearchResult:
    """Filter `queryset` to the tiltak matching `q`, the most relevant first.

    The result stays a lazy QuerySet, so callers can filter it further and count
    facets in the database. When a word finds nothing and the vocabulary has a
    close word, the search runs with that word and `suggestion` holds the
    corrected query.

    Finding the words nothing contains costs a query over every tiltak. When
    every word is required, a word can only be missing if the search finds
    nothing, so with `check_later` a caller that counts the result anyway (the
    list's facets) gets `if_empty` instead, and pays for the check only then.
    With `correct=False` the words are searched as written (the admin's search).
    """
    query = query_words(q)
    if not query:
        return SearchResult(tiltak=queryset, suggestion="")
    synonyms = load_synonyms()
    terms = make_terms(query, synonyms)
    if not correct:
        return SearchResult(tiltak=rank(queryset, terms), suggestion="")

    def corrected() -> SearchResult | None:
        fixed = corrections(unknown_words(queryset, terms), synonyms.words)
        if not fixed:
            return None
        better = [fixed.get(word, word) for word in query]
        return SearchResult(
            tiltak=rank(queryset, make_terms(better, synonyms)),
            suggestion=" ".join(fixed.get(word, word) for word in words(q)),
        )

    if check_later and required_terms(len(terms)) == len(terms):
        return SearchResult(rank(queryset, terms), "", if_empty=corrected)
    return corrected() or SearchResult(tiltak=rank(queryset, terms), suggestion="")
