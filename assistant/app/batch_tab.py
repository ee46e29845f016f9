"""Batch coding in the app: a JSONL, CSV or zip of .txt notes -> coded cases, progress, downloads.

Works over `code_note` directly; each case also lands in the review queue. Row
problems (bad JSON, empty note, unknown payer) become error rows with a clear
message; the batch goes on. Nothing of a note is logged.
"""
from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.models import InputError
from assistant.pipeline import code_note, decode_note

MAX_BATCH_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5000
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024
BATCH_TYPES = [".jsonl", ".ndjson", ".csv", ".zip"]

RESULT_COLUMNS = ["id", "payer", "status", "code", "modifiers", "claim_lines", "minutes", "units", "dollars",
                  "findings", "review_case", "message"]
MAX_INPUT_ECHO = 2000  # characters of a bad row's input kept in the JSONL (enough to find and fix it)


@dataclass
class BatchRow:
    id: str
    note: str | bytes | None
    payer: str
    error: str | None = None
    raw: str | None = None  # the input line of a row that could not be read (kept with its error)


@dataclass
class BatchOutcome:
    rows: list[dict] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)

    @property
    def coded(self) -> int:
        return sum(1 for row in self.rows if row["status"] == "coded")


def _decode(data: bytes, what: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{what} looks binary (NUL bytes), not JSON Lines or CSV text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{what} is not UTF-8 text") from None


def _pick(record: dict, *names: str):
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    return next((lowered[n] for n in names if lowered.get(n) not in (None, "")), None)


def parse_jsonl(text: str, default_payer: str) -> list[BatchRow]:
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        row_id = f"line-{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            rows.append(BatchRow(row_id, None, default_payer, f"line {number} is not valid JSON ({error.msg})",
                                 raw=line))
            continue
        if not isinstance(record, dict):
            rows.append(BatchRow(row_id, None, default_payer, f"line {number} is not a JSON object", raw=line))
            continue
        note = _pick(record, "note", "text", "note_text")
        rows.append(BatchRow(str(_pick(record, "id", "case_id") or row_id), note if isinstance(note, str) else None,
                             str(_pick(record, "payer") or default_payer),
                             None if isinstance(note, str) else f"line {number} has no 'note' text field",
                             raw=None if isinstance(note, str) else line))
    return rows


def parse_csv(text: str, default_payer: str) -> list[BatchRow]:
    csv.field_size_limit(16 * 1024 * 1024)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = {c.strip().lower() for c in (reader.fieldnames or [])}
    if not columns & {"note", "text", "note_text"}:
        raise InputError("the CSV needs a header row with a 'note' column (and optionally 'id' and 'payer')")
    rows = []
    for number, record in enumerate(reader, 2):
        note = _pick(record, "note", "text", "note_text")
        row_id = str(_pick(record, "id", "case_id") or f"row-{number}")
        rows.append(BatchRow(row_id, note, str(_pick(record, "payer") or default_payer),
                             None if note else f"row {number} has an empty note"))
    return rows


def parse_zip(path: str, default_payer: str) -> list[BatchRow]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise InputError("the file is not a readable zip archive") from None
    with archive:
        members = [m for m in archive.infolist()
                   if not m.is_dir() and not Path(m.filename).name.startswith(".") and "__MACOSX" not in m.filename]
        if len(members) > MAX_ZIP_MEMBERS:
            raise InputError(f"the zip holds {len(members):,} files; the limit is {MAX_ZIP_MEMBERS:,}")
        if sum(m.file_size for m in members) > MAX_ZIP_TOTAL_BYTES:
            raise InputError(f"the zip expands to more than {MAX_ZIP_TOTAL_BYTES // (1024 * 1024)} MB; split the batch")
        rows = []
        for member in members:
            name = Path(member.filename)
            if name.suffix.lower() != ".txt":
                rows.append(BatchRow(name.name, None, default_payer,
                                     f"{name.name}: only .txt files are read from a zip"))
                continue
            try:
                data = archive.read(member)
            except (zipfile.BadZipFile, RuntimeError, OSError):  # encrypted or corrupt member
                rows.append(BatchRow(name.stem, None, default_payer,
                                     f"{name.name}: cannot be read from the zip (encrypted or corrupt)"))
                continue
            rows.append(BatchRow(name.stem, data, default_payer))
    if not rows:
        raise InputError("the zip holds no .txt notes")
    return rows


def parse_batch(path: str, default_payer: str, name: str | None = None) -> list[BatchRow]:
    """The rows of a batch file, or InputError with one clear line."""
    suffix = Path(name or path).suffix.lower()
    if suffix not in BATCH_TYPES:
        raise InputError(f"{suffix or 'files without an extension'} is not a batch format; "
                         f"upload {', '.join(BATCH_TYPES)}")
    size = os.path.getsize(path)
    if size > MAX_BATCH_FILE_BYTES:
        raise InputError(f"the batch file is {size:,} bytes; the limit is {MAX_BATCH_FILE_BYTES:,} bytes")
    if suffix == ".zip":
        rows = parse_zip(path, default_payer)
    else:
        with open(path, "rb") as handle:
            text = _decode(handle.read(), "the batch file")
        rows = parse_csv(text, default_payer) if suffix == ".csv" else parse_jsonl(text, default_payer)
    if not rows:
        raise InputError("the batch file holds no notes")
    if len(rows) > MAX_ROWS:
        raise InputError(f"the batch holds {len(rows):,} notes; the limit is {MAX_ROWS:,} per upload")
    return rows


def run_rows(rows: list[BatchRow], store=None, actor: str = "batch",
             progress: Callable[[int, int], None] | None = None) -> BatchOutcome:
    """Codes every row; each coded case lands in the review queue when a store is given."""
    outcome = BatchOutcome()
    to_save: list[tuple[int, object, str]] = []  # (row index, result, note text)
    total = len(rows)
    for index, row in enumerate(rows):
        if progress:
            progress(index, total)
        base = {"id": row.id, "payer": row.payer, "code": "", "modifiers": "", "claim_lines": "", "minutes": "",
                "units": "", "dollars": "", "findings": "", "review_case": "", "message": ""}
        message = row.error
        if not message:
            try:
                result = code_note(row.note, row.payer, case_id=row.id)
            except InputError as error:
                message = str(error)
            except Exception as error:  # one bad case never stops the batch; the message names no note text
                message = f"internal error ({type(error).__name__}); case not coded"
        if message:  # every row is kept: the error row in the table and CSV, its input line in the JSONL
            outcome.rows.append({**base, "status": "error", "message": message})
            outcome.records.append({"id": row.id, "status": "error", "payer": row.payer, "error": message,
                                    **({"input": row.raw[:MAX_INPUT_ECHO]} if row.raw is not None else {})})
            continue
        from assistant.store.review import claim_keys, primary_line

        code, modifiers = primary_line(result)
        review_case = ""
        if store is not None:  # saved all together below
            text = decode_note(row.note)[0] if isinstance(row.note, bytes) else row.note
            to_save.append((len(outcome.rows), result, text))
        outcome.rows.append({**base, "status": "coded", "code": code or "", "modifiers": " ".join(modifiers),
                             "claim_lines": "; ".join(claim_keys(result)),
                             "minutes": result.validation.proposal.anesthesia_minutes,
                             "units": "" if result.claim.anesthesia_units is None else result.claim.anesthesia_units,
                             "dollars": result.claim.total_dollars if result.claim.total_dollars is not None else "",
                             "findings": " ".join(sorted({f.code for f in result.validation.findings})),
                             "review_case": review_case})
        record = {"status": "coded", **result.model_dump(mode="json")}
        record["summary"] = result.summary()
        outcome.records.append(record)
    if store is not None and to_save:  # one transaction: all saved or none, so a retry never duplicates cases
        saved = store.add_cases([(r, n) for _, r, n in to_save], actor=actor, source="batch")
        for (index, _, _), review_case in zip(to_save, saved):
            outcome.rows[index]["review_case"] = review_case
    if progress:
        progress(total, total)
    return outcome


def write_outcome(outcome: BatchOutcome) -> tuple[str, str]:
    from assistant.app.exports import new_folder
    from assistant.safe_text import for_spreadsheet, private_open

    folder = new_folder()
    csv_path = os.path.join(folder, "batch-results.csv")
    jsonl_path = os.path.join(folder, "batch-results.jsonl")
    with private_open(csv_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=RESULT_COLUMNS)
        writer.writeheader()
        writer.writerows({k: for_spreadsheet(v) for k, v in row.items()} for row in outcome.rows)
    with private_open(jsonl_path, "w", encoding="utf-8") as handle:
        for record in outcome.records:
            handle.write(json.dumps(record) + "\n")
    return csv_path, jsonl_path
