"""Streams cases from a folder of .txt notes, a JSON Lines file or a CSV, one at a time.

Each case is (id, note, payer, error): a row that cannot be read yields an error
(and no note) and reading goes on. Nothing is held beyond the current row.
"""
from __future__ import annotations

import codecs
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


def _unreadable(file: Path) -> str | None:
    """Why a *.txt entry of the folder is not a note file, or None when it is one."""
    if file.is_symlink():
        try:
            file.resolve(strict=True)
        except FileNotFoundError:
            return f"{file.name}: a symbolic link to a file that does not exist"
        except RuntimeError:  # Python < 3.13 reports a loop this way
            return f"{file.name}: a symbolic link loop"
        except OSError as error:
            return f"{file.name}: a symbolic link that cannot be followed ({error.strerror or type(error).__name__})"
    if file.is_dir():
        return f"{file.name}: a folder, not a note file"
    if not file.is_file():
        return f"{file.name}: not a regular file"
    return None


def _folder(path: Path, limit: int) -> Iterator[Case]:
    """Every *.txt entry becomes a case; an entry that cannot be read becomes an error row, never a crash."""
    for file in sorted(path.glob("*.txt")):
        reason = _unreadable(file)
        if reason is None:
            try:
                size = file.stat().st_size
                if size > limit:
                    reason = f"note is {size:,} bytes; the limit is {limit:,} bytes (one case's documentation)"
                else:
                    yield Case(file.stem, file.read_bytes())
                    continue
            except OSError as error:
                reason = f"{file.name}: cannot be read ({error.strerror or type(error).__name__})"
        yield Case(file.stem, None, error=reason)


def _payer(value) -> str:
    return str(value).strip() if value not in (None, "") else DEFAULT_PAYER


def _jsonl(path: Path, limit: int) -> Iterator[Case]:
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            fallback = f"line-{number}"
            if len(line) > limit * 2:
                yield Case(fallback, None, error=f"line {number} is {len(line):,} bytes; the limit is {limit:,} "
                           f"bytes per note")
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


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (what Excel writes on Windows)."""
    with open(path, "rb") as handle:
        head = handle.read(65536)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at the end of the sample is not an error
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _csv(path: Path, limit: int) -> Iterator[Case]:
    """Rows of a CSV. A row that breaks the CSV structure (an unterminated or stray quote) is an error
    naming its line; reading stops there, because after a broken quote nobody can tell where the next row
    starts (reading on would make note lines into case ids). Rows already coded are skipped on a rerun."""
    csv.field_size_limit(max(limit * 2, 131072))
    encoding = _csv_encoding(path)
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle, strict=True)
        try:
            columns = {c.strip().lower(): c for c in (reader.fieldnames or [])}
        except (csv.Error, UnicodeDecodeError) as error:
            raise InputError(f"{path.name}: the header line cannot be read ({type(error).__name__})") from None
        if "note" not in columns:
            raise InputError(f"{path.name}: a batch CSV needs a 'note' column (and 'id', optional 'payer')")
        number = 1
        while True:
            number += 1
            first_line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as error:
                name = "UTF-8" if encoding.startswith("utf-8") else encoding
                why = f"not valid {name}" if isinstance(error, UnicodeDecodeError) else str(error)
                yield Case(f"row-{number}", None, error=(
                    f"CSV line {first_line} (row {number}): unreadable ({why}); the rows after it were not read: "
                    "fix the file and run again (finished rows are skipped)")[:300])
                return
            if None in row:  # more fields than the header: a stray delimiter or quote
                yield Case(f"row-{number}", None,
                           error=f"CSV line {first_line} (row {number}): more fields than the header has columns")
                continue
            case_id = str(row.get(columns.get("id", "id")) or f"row-{number}").strip()
            note = row.get(columns["note"])
            payer = _payer(row.get(columns["payer"])) if "payer" in columns else DEFAULT_PAYER
            if note is not None and encoding == "cp1252":
                note = note.encode("cp1252")  # decoded again per case, so the result names the encoding
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


