"""Streams cases from a folder of .txt notes, a JSON Lines file or a CSV, one at a time.

Each case is (id, note, payer, error): a row that cannot be read yields an error
(and no note) and reading goes on. Nothing is held beyond the current row.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from assistant.models import InputError
from assistant.settings import get_settings

DEFAULT_PAYER = "commercial"


@dataclass
class Case:
    id: str
    note: str | bytes | None
    payer: str = DEFAULT_PAYER
    error: str | None = None


def input_kind(path: Path) -> str:
    if path.is_dir():
        return "folder"
    if not path.is_file():
        raise InputError(f"no such file or folder: {path}")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise InputError(f"{path.name}: batch input must be a folder of .txt notes, a .jsonl or a .csv file")


def _folder(path: Path, limit: int) -> Iterator[Case]:
    for file in sorted(path.glob("*.txt")):
        size = file.stat().st_size
        if size > limit:
            yield Case(file.stem, None, error=f"note is {size:,} bytes; the limit is {limit:,} bytes (one case's documentation)")
        else:
            yield Case(file.stem, file.read_bytes())


def _payer(value) -> str:
    return str(value).strip() if value not in (None, "") else DEFAULT_PAYER


def _jsonl(path: Path, limit: int) -> Iterator[Case]:
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            fallback = f"line-{number}"
            if len(line) > limit * 2:
                yield Case(fallback, None, error=f"line {number} is {len(line):,} bytes; the limit is {limit:,} bytes per note")
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("not a JSON object")
            except (ValueError, UnicodeDecodeError) as error:
                yield Case(fallback, None, error=f"line {number}: not a JSON object ({type(error).__name__})")
                continue
            case_id = str(row.get("id") or fallback)
            note = row.get("note")
            if not isinstance(note, str):
                yield Case(case_id, None, _payer(row.get("payer")), error=f"line {number}: no 'note' string")
                continue
            yield Case(case_id, note, _payer(row.get("payer")))


def _csv(path: Path, limit: int) -> Iterator[Case]:
    csv.field_size_limit(max(limit * 2, 131072))
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = {c.strip().lower(): c for c in (reader.fieldnames or [])}
        if "note" not in columns:
            raise InputError(f"{path.name}: a batch CSV needs a 'note' column (and 'id', optional 'payer')")
        number = 1
        while True:
            number += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield Case(f"row-{number}", None, error=f"row {number}: unreadable CSV ({error})"[:200])
                continue
            case_id = str(row.get(columns.get("id", "id")) or f"row-{number}").strip()
            note = row.get(columns["note"])
            payer = _payer(row.get(columns["payer"])) if "payer" in columns else DEFAULT_PAYER
            yield Case(case_id, note if note is not None else "", payer)


def read_cases(path: Path) -> Iterator[Case]:
    limit = get_settings().max_note_bytes
    kind = input_kind(path)
    return {"folder": _folder, "jsonl": _jsonl, "csv": _csv}[kind](path, limit)


def count_cases(path: Path) -> int:
    """How many cases the input holds (a cheap streaming pass, for the progress bar's ETA)."""
    kind = input_kind(path)
    if kind == "folder":
        return sum(1 for _ in path.glob("*.txt"))
    if kind == "jsonl":
        with open(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    return sum(1 for _ in read_cases(path))


