"""Find the tiltak a new plan text continues, so a continued tiltak keeps its identity.

A tiltak keeps its page, its address, its follow-up history and its contact channels
from one plan to the next only if the import of the new plan recognises it. Each
parsed tiltak is matched to an existing Tiltak in four steps, each step only among
the tiltak and the parsed entries not matched by an earlier step:

1. «nøkkel»: the import key (Tiltak.kilde_nokkel) the importer gave it before. The
   same text, or a text with the same heading, finds its tiltak whatever an editor
   has changed since.
2. «adresse»: the address the plan's title gives (Tiltak.slug), or an address the
   tiltak had before it was renamed (TidligereAdresse).
3. «tittel»: the same title, after normalising: case-folded, whitespace collapsed,
   dashes made one dash. Compared with the tiltak's title today and the titles
   its plans adopted (an editor may have renamed it since). Two tiltak with the
   same normalised title are ambiguous: neither is taken.
4. «likhet»: title similarity. The ratio of difflib.SequenceMatcher (2·matches /
   total length, 0 to 1) between the normalised titles, at least SIMILARITY (0.85).
   At 0.85 a title may change a word or its inflection — «Rusundervisning på 8.
   trinn» against «Rusundervisning på 5. og 8. trinn» is 0.90 — but two different
   short tiltak («Foreldremøter» and «Foreldrekurs», 0.72) stay apart. Only the best
   candidate is taken, and only when it is unique: a tie between two tiltak is not
   matched (the import then makes a new tiltak and says so; an editor can merge).
   The best pairs are settled first, so a tiltak is matched to the entry most like
   it, and to only one.

An entry not matched is a new tiltak. The matching only reads: it writes nothing.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from tiltak.importer.parsing import ParsedTiltak
from tiltak.models import Plantiltak, TidligereAdresse, Tiltak

SIMILARITY = 0.85

BY_KEY = "nøkkel"
BY_SLUG = "adresse"
BY_TITLE = "tittel"
BY_SIMILARITY = "likhet"

DASHES = re.compile(r"[\u2010-\u2015\u2212-]+")
SPACE = re.compile(r"\s+")


def normalise(title: str) -> str:
    """«Gatemegling  – for Ungdom» → «gatemegling - for ungdom»."""
    title = DASHES.sub("-", title.casefold())
    return SPACE.sub(" ", title).strip(" .:")


def similarity(a: str, b: str) -> float:
    """How alike two normalised titles are: SequenceMatcher's ratio, 0 to 1."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class Match:
    tiltak: Tiltak
    how: str
    ratio: float = 1.0

    def describe(self) -> str:
        """How it was found, for the report: «nøkkel», «likhet 0.91»."""
        if self.how == BY_SIMILARITY:
            # A decimal comma, as Norwegian writes it.
            return f"{BY_SIMILARITY} {self.ratio:.2f}".replace(".", ",")
        return self.how


def titles_of(tiltak: Iterable[Tiltak]) -> dict[int, set[str]]:
    """Every normalised title of each tiltak: today's and those its plans adopted."""
    titles = {item.pk: {normalise(item.tittel)} for item in tiltak}
    # Every plan's titles, not a filter on thousands of ids: one plain query.
    for pk, tittel in Plantiltak.objects.values_list("tiltak_id", "tittel"):
        if pk in titles:
            titles[pk].add(normalise(tittel))
    return titles


def match_tiltak(
    items: Sequence[ParsedTiltak], candidates: Iterable[Tiltak] | None = None
) -> dict[int, Match]:
    """The existing tiltak each parsed entry continues: {entry's index: Match}.

    `candidates` defaults to every tiltak, whatever its status: one that ended or
    is still a draft is continued as well, not made again.
    """
    if candidates is None:
        candidates = Tiltak.objects.all()
    free = {item.pk: item for item in candidates}
    matches: dict[int, Match] = {}

    def take(index: int, tiltak: Tiltak, how: str, ratio: float = 1.0) -> None:
        matches[index] = Match(tiltak, how, ratio)
        del free[tiltak.pk]

    by_key = {t.kilde_nokkel: t for t in free.values() if t.kilde_nokkel}
    for index, item in enumerate(items):
        tiltak = by_key.get(item.key)
        if tiltak is not None and tiltak.pk in free:
            take(index, tiltak, BY_KEY)

    by_slug = {t.slug: t for t in free.values()}
    for slug, pk in TidligereAdresse.objects.values_list("slug", "tiltak_id"):
        if pk in free:
            by_slug.setdefault(slug, free[pk])
    for index, item in enumerate(items):
        tiltak = by_slug.get(item.slug)
        if index not in matches and tiltak is not None and tiltak.pk in free:
            take(index, tiltak, BY_SLUG)

    titles = titles_of(free.values())
    owners: dict[str, set[int]] = {}
    for pk, names in titles.items():
        for name in names:
            owners.setdefault(name, set()).add(pk)
    for index, item in enumerate(items):
        if index in matches:
            continue
        found = set().union(*(owners.get(name, set()) for name in entry_titles(item)))
        found &= set(free)
        if len(found) == 1:
            take(index, free[found.pop()], BY_TITLE)

    pairs = []
    for index, item in enumerate(items):
        if index in matches:
            continue
        best, ratio = best_candidate(entry_titles(item), titles, free)
        if best is not None:
            pairs.append((ratio, index, best))
    for ratio, index, pk in sorted(pairs, key=lambda pair: (-pair[0], pair[1])):
        if pk in free:
            take(index, free[pk], BY_SIMILARITY, ratio)
    return matches


def entry_titles(item: ParsedTiltak) -> set[str]:
    return {normalise(item.tittel), normalise(item.source_title)} - {""}


def best_candidate(
    names: set[str], titles: dict[int, set[str]], free: dict[int, Tiltak]
) -> tuple[int | None, float]:
    """The one free tiltak whose title is most like one of `names`, at least
    SIMILARITY; None when there is none, or two are equally alike."""
    best: dict[int, float] = {}
    for pk, theirs in titles.items():
        if pk not in free:
            continue
        for name in names:
            for title in theirs:
                matcher = SequenceMatcher(None, name, title, autojunk=False)
                # The cheap upper bounds first: most pairs end here.
                if matcher.real_quick_ratio() < SIMILARITY:
                    continue
                if matcher.quick_ratio() < SIMILARITY:
                    continue
                ratio = matcher.ratio()
                if ratio >= SIMILARITY and ratio > best.get(pk, 0.0):
                    best[pk] = ratio
    if not best:
        return None, 0.0
    top = max(best.values())
    leaders = [pk for pk, ratio in best.items() if ratio == top]
    if len(leaders) > 1:
        return None, top
    return leaders[0], top
