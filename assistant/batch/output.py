"""Results on disk: an append-only JSONL (the source of truth, flushed per case) and the CSV made from it."""
from __future__ import annotations

import csv
import json
import os
import sqlite3
from pathlib import Path
from typing import Callable, Iterator

from assistant.batch.record import CSV_COLUMNS, csv_row
from assistant.safe_text import for_spreadsheet, private_open

RESULTS_JSONL = "results.jsonl"
RESULTS_CSV = "results.csv"


def _drop_partial_last_line(path: Path) -> None:
    """A run killed mid-write leaves half a line; cut it so the case is coded again."""
    with open(path, "rb+") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        if size == 0:
            return
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return
        position = size - 1
        while position > 0:
            step = min(65536, position)
            handle.seek(position - step)
            chunk = handle.read(step)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                handle.truncate(position - step + cut + 1)
                return
            position -= step
        handle.truncate(0)


def iter_records(path: Path) -> Iterator[dict]:
    """Every complete record of a results JSONL; a damaged line is skipped."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and "id" in record:
                yield record


def finished_ids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    _drop_partial_last_line(path)
    return {str(record["id"]) for record in iter_records(path)}


class IdLedger:
    """Case ids already finished or handed out, kept in a temporary SQLite file so that memory
    does not grow with the input (a Python set of 100k ids is ~10 MB, of 10M ids ~1 GB)."""

    def __init__(self, path: Path, results: Path):
        self._path = path
        path.unlink(missing_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)  # used by the pool's feeder thread
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE ids (id TEXT PRIMARY KEY)")
        if results.exists():
            _drop_partial_last_line(results)
            batch = []
            for record in iter_records(results):
                batch.append((str(record["id"]),))
                if len(batch) >= 10_000:
                    self._db.executemany("INSERT OR IGNORE INTO ids VALUES (?)", batch)
                    batch = []
            self._db.executemany("INSERT OR IGNORE INTO ids VALUES (?)", batch)
        self._added = 0

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM ids").fetchone()[0]

    def add_if_new(self, case_id: str) -> bool:
        added = self._db.execute("INSERT OR IGNORE INTO ids VALUES (?)", (case_id,)).rowcount == 1
        self._added += 1
        if self._added % 10_000 == 0:
            self._db.commit()
        return added

    def close(self) -> None:
        self._db.close()
        self._path.unlink(missing_ok=True)


class ResultsWriter:
    """Appends one JSON line per case and flushes it, so a crash loses at most the case in flight."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = private_open(str(path), "a", encoding="utf-8")

    def write_line(self, line: str) -> None:
        self._handle.write(line if line.endswith("\n") else line + "\n")
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def write_csv(results: Path, out: Path, concurrency_for: Callable[[str], dict | None] = lambda _id: None) -> int:
    """Writes the CSV from the JSONL in one streaming pass; returns the row count."""
    temporary = out.with_suffix(".csv.tmp")
    rows = 0
    with private_open(temporary, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for record in iter_records(results):  # ids and errors come from the input: escaped for spreadsheets
            row = csv_row(record, concurrency_for(str(record["id"])))
            writer.writerow({k: for_spreadsheet(v) for k, v in row.items()})
            rows += 1
    os.replace(temporary, out)
    return rows
