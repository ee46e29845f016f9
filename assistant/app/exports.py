"""JSON and CSV downloads of one coded case, written to a private temporary folder that is pruned."""
from __future__ import annotations

import atexit
import csv
import json
import os
import re
import shutil
import tempfile
import time

from assistant.models import CodingResult
from assistant.safe_text import for_spreadsheet, private_open

EXPORT_DIR = tempfile.mkdtemp(prefix="assistant-app-")
KEEP_SECONDS = 3600
atexit.register(shutil.rmtree, EXPORT_DIR, True)

CSV_COLUMNS = ["case_id", "payer", "line", "provider_role", "date_of_service", "place_of_service", "code", "modifiers",
               "code_modifiers", "minutes", "total_units", "units_or_minutes", "unit_type", "charge", "share",
               "conversion_factor", "expected_payment", "payable", "arithmetic", "findings",
               "diagnosis_pointer", "diagnosis_codes"]


def prune(folder: str = EXPORT_DIR, keep_seconds: int = KEEP_SECONDS) -> None:
    """Downloads hold note text: nothing stays longer than an hour."""
    cutoff = time.time() - keep_seconds
    for entry in os.scandir(folder):
        try:
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry.path) if entry.is_dir() else os.remove(entry.path)
        except OSError:
            pass


def new_folder() -> str:
    prune()
    return tempfile.mkdtemp(dir=EXPORT_DIR)


def safe_name(case_id: str | None, fallback: str = "case") -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", (case_id or "").strip())[:60].strip("._")
    return name or fallback


def result_record(result: CodingResult, queries: list | None = None) -> dict:
    record = result.model_dump(mode="json")
    record["summary"] = result.summary()
    if queries is not None:
        record["provider_queries"] = [{"id": q.id, "title": q.title, "text": q.text} for q in queries]
    return record


def claim_csv_rows(result: CodingResult) -> list[dict]:
    """The claim lines of one coded case (from assistant.app.claims.box24_rows), with the case's findings."""
    from assistant.app.claims import box24_rows

    findings = " ".join(sorted({f.code for f in result.validation.findings}))
    box_21 = " ".join(result.claim.diagnosis_codes)  # CMS-1500 box 21 in letter order (A first)
    rows = []
    for row, line in zip(box24_rows(result), result.claim.lines):
        rows.append({"case_id": result.case_id or "", "payer": result.payer, "line": row["line"],
                     "provider_role": line.provider_role, "date_of_service": row["date_of_service"],
                     "place_of_service": row["place_of_service"], "code": line.code,
                     "modifiers": " ".join(line.modifiers), "code_modifiers": "-".join([line.code, *line.modifiers]),
                     "minutes": line.minutes, "total_units": line.total_units,
                     "units_or_minutes": row["units_or_minutes"], "unit_type": row["unit_type"],
                     "charge": "" if row["charge"] is None else row["charge"], "share": line.share,
                     "conversion_factor": "" if line.conversion_factor is None else line.conversion_factor,
                     "expected_payment": "" if line.dollars is None else line.dollars, "payable": line.payable,
                     "arithmetic": line.arithmetic, "findings": findings,
                     "diagnosis_pointer": row["diagnosis_pointer"], "diagnosis_codes": box_21})
    if not rows:  # no billable line: one row still carries the case and its findings
        rows.append({**{c: "" for c in CSV_COLUMNS}, "case_id": result.case_id or "", "payer": result.payer,
                     "findings": findings, "date_of_service": result.facts.date_of_service or "",
                     "diagnosis_codes": box_21,
                     "arithmetic": result.validation.proposal.not_billable_reason or "no anesthesia code"})
    return rows


def write_exports(result: CodingResult, queries: list | None = None) -> tuple[str, str]:
    folder = new_folder()
    stem = safe_name(result.case_id, "coded-case")
    json_path = os.path.join(folder, f"{stem}.json")
    csv_path = os.path.join(folder, f"{stem}.csv")
    with private_open(json_path, "w", encoding="utf-8") as handle:
        json.dump(result_record(result, queries), handle, indent=2)
    with private_open(csv_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows({k: for_spreadsheet(v) for k, v in row.items()} for row in claim_csv_rows(result))
    return json_path, csv_path


def write_text(name: str, text: str) -> str:
    path = os.path.join(new_folder(), name)
    with private_open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return path
