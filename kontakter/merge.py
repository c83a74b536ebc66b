"""Merging two records that stand for the same thing: two actors for one unit
(«HFU» and «HFU Lillestrøm»), and the duplicate channels that brings.

Generic over the foreign keys that point at the model, so the links other apps
keep (a tiltak's actors and channels) move without kontakter importing them.
Every row moves by save() or goes by delete(), so the history records it.
"""

import os
import re

from django.db import models, transaction
from django.db.models import Q

from kontakter.models import Aktor


def _inbound(model: type[models.Model]) -> list:
    """Foreign keys from other models to this one; historical rows' are hidden."""
    return [
        rel for rel in model._meta.related_objects if rel.one_to_many and not rel.hidden
    ]


def _twin(row: models.Model, field: str, target: models.Model) -> models.Model | None:
    """The row that `row` would duplicate if its `field` pointed at target: one with
    the same values in a unique constraint that includes the field."""
    for constraint in row._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or field not in (
            constraint.fields or ()
        ):
            continue
        same = {
            name: getattr(row, row._meta.get_field(name).attname)
            for name in constraint.fields
            if name != field
        }
        candidates = type(row)._base_manager.filter(**same, **{field: target})
        condition = constraint.condition or Q()
        if not type(row)._base_manager.filter(condition, pk=row.pk).exists():
            continue  # not bound by it (a channel without a value)
        twin = candidates.filter(condition).exclude(pk=row.pk).first()
        if twin is not None:
            return twin
    return None


def _merge(keep: models.Model, remove: models.Model, reason: str) -> None:
    for rel in _inbound(type(keep)):
        name = rel.field.name
        for row in list(rel.related_model._base_manager.filter(**{name: remove})):
            row._change_reason = reason
            twin = _twin(row, name, keep)
            if twin is None:
                setattr(row, name, keep)
                row.save()
            elif _inbound(type(row)):
                _merge(twin, row, reason)  # a channel the kept actor also has
            else:
                row.delete()  # a link the kept record already has
    remove._change_reason = reason
    remove.delete()


def merge_actors(keep: Aktor, remove: Aktor) -> None:
    """Move everything of `remove` to `keep`: tiltak, channels (one of each value),
    cards; its names become other names of `keep`, so import and search still find
    it. All or nothing."""
    reason = f"Slått sammen med «{remove.navn}»"
    known = {name.lower() for name in (keep.navn, keep.kortnavn, *keep.alias_list())}
    names = [remove.navn, remove.kortnavn, *remove.alias_list()]
    new = [name for name in dict.fromkeys(names) if name and name.lower() not in known]
    with transaction.atomic():
        _merge(keep, remove, reason)
        keep.aliaser = "\n".join([*keep.alias_list(), *new])
        keep._change_reason = reason
        keep.save()


# --- Finding the candidates ------------------------------------------------------

# «Politiet» and «Politikontakt» share «politi»: a stem this long is rarely chance.
SHARED_STEM = 6


def _names(aktor: Aktor) -> list[tuple[str, ...]]:
    forms = (aktor.navn, aktor.kortnavn, *aktor.alias_list())
    return [
        words for form in forms if (words := tuple(re.findall(r"\w+", form.lower())))
    ]


def _alike(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name begins with the whole other («HFU» – «HFU Lillestrøm»), or their
    first words differ but share a long stem («Politiet» – «Politikontakt»)."""
    short, long = sorted((a, b), key=len)
    if short != long and long[: len(short)] == short:
        return True
    first, other = a[0], b[0]
    stem = len(os.path.commonprefix([first, other]))
    return first != other and stem >= SHARED_STEM


def similar_actors(actors) -> list[tuple[Aktor, Aktor]]:
    """Pairs of actors whose names, short names or other names are nearly the same:
    perhaps one unit entered twice, for the coordinator to merge or leave."""
    # Alike names always share their first word's first SHARED_STEM letters, so
    # only actors with a name in the same bucket are compared (400 actors of the
    # demo data would be 80,000 pairs).
    named = [(aktor, _names(aktor)) for aktor in actors]
    buckets: dict[str, set[int]] = {}
    for i, (_, names) in enumerate(named):
        for words in names:
            buckets.setdefault(words[0][:SHARED_STEM], set()).add(i)
    close = {(i, j) for bucket in buckets.values() for i in bucket for j in bucket}
    pairs = []
    for i, j in sorted(close):
        (a, names_a), (b, names_b) = named[i], named[j]
        if i < j and any(_alike(x, y) for x in names_a for y in names_b):
            pairs.append((a, b))
    return pairs
