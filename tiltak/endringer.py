"""What a plan changed against the kommune's plan before it: computed, never typed.

A tiltak in a plan is «nytt» when the previous plan did not have it, «videreført»
when it did with the same adopted text, «endret» when the text differs; a tiltak of
the previous plan that this plan lacks is «avsluttet». The first plan in the
database has no previous plan: its own «(nytt tiltak)» marks decide (merket_nytt).

compare() sets any two plans side by side for «Hva er endret»: per innsatsområde
what is new, ended and changed, with a word diff of each changed text.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property

from django.db.models import TextChoices

from tiltak.models import (
    ADOPTED_FIELDS,
    PLAN_TEXT_FIELDS,
    Handlingsplan,
    Innsatsomrade,
    Plantiltak,
)


class Standing(TextChoices):
    NYTT = "nytt", "Nytt"
    VIDEREFORT = "videreført", "Videreført"
    ENDRET = "endret", "Endret"
    AVSLUTTET = "avsluttet", "Avsluttet"


def texts_differ(old: Plantiltak, new: Plantiltak) -> bool:
    """«Endret»: the adopted texts or the area the tiltak is under differ."""
    return any(getattr(old, name) != getattr(new, name) for name in ADOPTED_FIELDS)


def standing(
    plan: Handlingsplan, previous: Handlingsplan | None = ...
) -> dict[int, Standing]:
    """Each member's standing in `plan`, by tiltak id (two queries).

    `previous` defaults to plan.previous(); pass another plan to compare with it.
    """
    if previous is ...:
        previous = plan.previous()
    # Only what the comparison reads: a national plan has thousands of members.
    needed = ("tiltak_id", "merket_nytt", *ADOPTED_FIELDS)
    members = list(Plantiltak.objects.filter(plan=plan).only(*needed))
    if previous is None:
        return standing_of(members, None)
    return standing_of(members, Plantiltak.objects.filter(plan=previous).only(*needed))


def standing_of(
    members: list[Plantiltak], before: Iterable[Plantiltak] | None
) -> dict[int, Standing]:
    """standing() for members already loaded, against the previous plan's members
    (None when there is no previous plan): no queries of its own."""
    if before is None:
        return {
            m.tiltak_id: Standing.NYTT if m.merket_nytt else Standing.VIDEREFORT
            for m in members
        }
    old_by_tiltak = {m.tiltak_id: m for m in before}
    result = {}
    for member in members:
        old = old_by_tiltak.get(member.tiltak_id)
        if old is None:
            result[member.tiltak_id] = Standing.NYTT
        elif texts_differ(old, member):
            result[member.tiltak_id] = Standing.ENDRET
        else:
            result[member.tiltak_id] = Standing.VIDEREFORT
    return result


def ended(plan: Handlingsplan, previous: Handlingsplan | None = ...):
    """The previous plan's members that `plan` does not hold: «avsluttet»."""
    if previous is ...:
        previous = plan.previous()
    if previous is None:
        return Plantiltak.objects.none()
    kept = Plantiltak.objects.filter(plan=plan).values("tiltak_id")
    return (
        Plantiltak.objects.filter(plan=previous)
        .exclude(tiltak_id__in=kept)
        .select_related("innsatsomrade", "tiltak")
    )


# --- «Hva er endret»: two plans side by side, for the politiråd ---------------

# A word or the whitespace between words: whitespace is kept, so a diff of a
# text with paragraphs still has them.
TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Segment:
    """A piece of a word diff: text both versions have, or one lacks."""

    kind: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """The change from `old` to `new` word by word, as equal, delete and insert
    segments; joining the equal and delete texts gives `old`, the equal and insert
    texts `new`.

    The spaces between two changed words go with the change, so «a b» → «c d»
    reads as one deletion and one insertion rather than word-by-word shuffling.
    """
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    segments: list[Segment] = []
    deleted, inserted = [], []

    def flush() -> None:
        if deleted:
            segments.append(Segment("delete", "".join(deleted)))
        if inserted:
            segments.append(Segment("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        interior = 0 < number < len(opcodes) - 1
        if tag == "equal" and not (interior and "".join(a[i1:i2]).isspace()):
            flush()
            segments.append(Segment("equal", "".join(a[i1:i2])))
        else:
            deleted.extend(a[i1:i2])
            inserted.extend(b[j1:j2])
    flush()
    return segments


# What «endret» shows, by field: the adopted texts, then the area.
DIFF_FIELDS = (*PLAN_TEXT_FIELDS, "innsatsomrade")
NOT_GIVEN = "ikke oppgitt"


def shown_value(member: Plantiltak, name: str) -> str:
    value = getattr(member, name)
    if value is None or value == "":
        return NOT_GIVEN
    return str(value)


@dataclass
class FieldChange:
    name: str
    label: str
    segments: list[Segment]


@dataclass
class ChangedMember:
    """A tiltak in both plans whose adopted text or area differs."""

    old: Plantiltak
    new: Plantiltak
    fields: list[FieldChange]


@dataclass
class AreaChanges:
    """One innsatsområde's changes: new members are listed under their new area,
    ended ones under the area they had, changed ones under the area they have now."""

    omrade: Innsatsomrade
    new: list[Plantiltak] = field(default_factory=list)
    ended: list[Plantiltak] = field(default_factory=list)
    changed: list[ChangedMember] = field(default_factory=list)
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.ended or self.changed)


@dataclass
class Comparison:
    old_plan: Handlingsplan
    new_plan: Handlingsplan
    areas: list[AreaChanges]

    @cached_property
    def total(self) -> dict[str, int]:
        """How many new, ended, changed and unchanged members in all."""
        return {
            "new": sum(len(area.new) for area in self.areas),
            "ended": sum(len(area.ended) for area in self.areas),
            "changed": sum(len(area.changed) for area in self.areas),
            "unchanged": sum(area.unchanged for area in self.areas),
        }


def area_order(omrade: Innsatsomrade) -> tuple[int, str]:
    """Sorts areas as Innsatsomrade.Meta.ordering does."""
    return omrade.rekkefolge, omrade.navn


def field_changes(old: Plantiltak, new: Plantiltak) -> list[FieldChange]:
    changes = []
    for name in DIFF_FIELDS:
        before, after = shown_value(old, name), shown_value(new, name)
        if before != after:
            label = Plantiltak._meta.get_field(name).verbose_name
            changes.append(FieldChange(name, label, word_diff(before, after)))
    return changes


def compare(old_plan: Handlingsplan, new_plan: Handlingsplan) -> Comparison:
    """What `new_plan` changed against `old_plan`, per innsatsområde in the areas'
    order (two queries, whatever the size of the plans)."""
    members = Plantiltak.objects.select_related("innsatsomrade").order_by(
        *Plantiltak._meta.ordering, "pk"
    )
    before = {m.tiltak_id: m for m in members.filter(plan=old_plan)}
    after = list(members.filter(plan=new_plan))
    areas: dict[int, AreaChanges] = {}

    def area(omrade: Innsatsomrade) -> AreaChanges:
        return areas.setdefault(omrade.pk, AreaChanges(omrade))

    for member in after:
        old = before.get(member.tiltak_id)
        if old is None:
            area(member.innsatsomrade).new.append(member)
        elif texts_differ(old, member):
            changes = field_changes(old, member)
            area(member.innsatsomrade).changed.append(
                ChangedMember(old, member, changes)
            )
        else:
            area(member.innsatsomrade).unchanged += 1
    kept = {member.tiltak_id for member in after}
    for member in before.values():
        if member.tiltak_id not in kept:
            area(member.innsatsomrade).ended.append(member)
    in_order = sorted(areas.values(), key=lambda a: area_order(a.omrade))
    return Comparison(old_plan, new_plan, in_order)
