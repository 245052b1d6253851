"""Reading the demo's CSV files and saving their rows idempotently: what every
part of the loader (`load`, `plan_data`, `risk_data`) shares."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from django.db.models import Model

from goldenthread.indicators.bulk import Loaded


def read_rows(folder: Path, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row of a CSV file with its line number (the header is line 1)."""
    with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield number, {k.strip(): (v or "").strip() for k, v in row.items() if k}


def upsert(model: type[Model], loaded: Loaded, keys: dict[str, Any], values: dict[str, Any]) -> Any:
    """Create or update one row, saving (and recording history) only if it differs."""
    row = model.objects.filter(**keys).first()
    if row is None:
        loaded.created += 1
        return model.objects.create(**keys, **values)
    if all(getattr(row, name) == value for name, value in values.items()):
        loaded.unchanged += 1
        return row
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    loaded.changed += 1
    return row


def set_many(
    row: Model, name: str, wanted: Iterable[Model], loaded: Loaded, *, fresh: bool
) -> None:
    """Set a many-to-many field only if it differs (so a second load records no
    history); a change to a row that was there before (not `fresh`) counts."""
    manager = getattr(row, name)
    wanted = list(wanted)
    if {item.pk for item in manager.all()} != {item.pk for item in wanted}:
        manager.set(wanted)
        loaded.changed += 0 if fresh else 1


def form_problems(where: str, errors: Mapping[str, list[str]]) -> list[str]:
    """A form's errors, each naming the file, row and column."""
    return [
        f"{where}, column {name}: {message}"
        for name, messages in errors.items()
        for message in messages
    ]
