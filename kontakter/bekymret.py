"""Load the curated content of «Er du bekymret?» from its TOML source.

Re-runnable: a number, a role or a concern already in the database is left as the
editor has it. The tiltak under each concern are linked on the tiltak side
(tiltak.seed), since kontakter never imports tiltak.
"""

import tomllib
from collections import Counter
from pathlib import Path

from kontakter.models import Bekymringstema, Kontaktkort, Nodnummer
from kontakter.normalize import normalize_phone


def read_bekymret(path: Path) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


def _create(model, lookup: dict, values: dict, counts: Counter) -> None:
    if model.objects.filter(**lookup).exists():
        counts[model._meta.verbose_name_plural, "uendret"] += 1
        return
    instance = model(**lookup, **values)
    # full_clean normalises numbers and turns bad source data into a clear error.
    instance.full_clean()
    instance.save()
    counts[model._meta.verbose_name_plural, "opprettet"] += 1


def load_bekymret(data: dict) -> Counter:
    counts: Counter = Counter()
    for order, row in enumerate(data.get("nodnummer", [])):
        _create(
            Nodnummer,
            {"nummer": normalize_phone(row["nummer"])},
            {"navn": row["navn"], "nar": row["nar"], "rekkefolge": order},
            counts,
        )
    for order, row in enumerate(data.get("kontaktkort", [])):
        values = {key: value for key, value in row.items() if key != "rolle"}
        _create(
            Kontaktkort, {"rolle": row["rolle"]}, values | {"rekkefolge": order}, counts
        )
    for order, row in enumerate(data.get("tema", [])):
        values = {"tittel": row["tittel"], "sporsmal": row["sporsmal"]}
        values |= {"rad": row["rad"], "rekkefolge": order}
        _create(Bekymringstema, {"slug": row["slug"]}, values, counts)
    return counts
