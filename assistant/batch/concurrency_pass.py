"""The batch's second pass: group coded cases by (date of service, anesthesiologist), sweep each
provider-day, write concurrency.jsonl, timelines and the CSV's concurrency columns.

Only small per-case facts are kept, and they live in a temporary SQLite file, so
memory does not grow with the number of cases.
"""
from __future__ import annotations

import itertools
import json
import re
import sqlite3
from dataclasses import asdict
from html import escape
from pathlib import Path

from assistant.batch.concurrency import DIRECTED, PERSONAL, CaseTimes, intervals_from_blocks, provider_key, sweep
from assistant.batch.output import iter_records, write_csv
from assistant.batch.timeline import render_page

CONCURRENCY_JSONL = "concurrency.jsonl"
TIMELINES = "timelines"
TIMELINE_CHOICES = ("all", "conflicts", "none")


def _finding(result, findings_meta: dict, sources: dict) -> dict | None:
    if not result.conflict:
        return None
    template = findings_meta["CONCURRENCY_CONFLICT"]
    return {"code": "CONCURRENCY_CONFLICT", "severity": template["severity"], "rule_id": result.rule_id,
            "message": template["message"].format(detail=result.detail),
            "source": sources.get(result.rule_id, {}).get("source")}


def _case_times(record: dict) -> tuple[CaseTimes | None, str | None, str | None]:
    """(times, provider key, reason it cannot be swept) for a coded record with an anesthesiologist modifier."""
    documented = ((record.get("summary") or {}).get("pricing_modifiers") or {}).get("anesthesiologist")
    if documented not in (PERSONAL, *DIRECTED):
        return None, None, None  # no anesthesiologist line (QZ, not billable): nothing to sweep
    staffing = record.get("staffing") or {}
    if not staffing.get("date_of_service"):
        return None, None, "no date of service documented"
    key = provider_key(staffing.get("anesthesiologist"))
    if not key:
        return None, None, "no anesthesiologist name documented"
    try:
        intervals = intervals_from_blocks([(b[0], b[1]) for b in staffing.get("blocks") or []])
    except (ValueError, IndexError, TypeError):
        intervals = []
    if not intervals:
        return None, None, "no anesthesia start and end times documented"
    return CaseTimes(str(record["id"]), staffing["date_of_service"], staffing["anesthesiologist"], intervals,
                     documented, staffing.get("crna"),
                     staffing.get("documented_concurrent_cases")), key, None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60] or "provider"


def run_concurrency(out: Path, timelines: str = "all") -> dict:
    from assistant.knowledge import load_knowledge, load_yaml

    knowledge = load_knowledge()
    sources = load_yaml(knowledge.rules_dir / "validation_rules.yaml")["rules"]
    results = out / "results.jsonl"
    db_path = out / ".concurrency.sqlite"
    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE TABLE cases (id TEXT PRIMARY KEY, date TEXT, pkey TEXT, facts TEXT)")
    db.execute("CREATE TABLE swept (id TEXT PRIMARY KEY, row TEXT)")
    stats = {"swept": 0, "not_swept": 0, "provider_days": 0, "conflicts": 0, "timelines": 0}
    timeline_dir = out / TIMELINES
    if timelines != "none":
        timeline_dir.mkdir(exist_ok=True)
    try:
        with open(out / CONCURRENCY_JSONL, "w", encoding="utf-8") as sink:
            batch = []
            for record in iter_records(results):
                if record.get("status") != "coded":
                    continue
                times, key, reason = _case_times(record)
                if reason:
                    row = {"id": str(record["id"]), "status": "not_swept", "reason": reason}
                    sink.write(json.dumps(row) + "\n")
                    batch.append((row["id"], json.dumps(row)))
                    stats["not_swept"] += 1
                    if len(batch) >= 5000:
                        db.executemany("INSERT OR REPLACE INTO swept VALUES (?, ?)", batch)
                        batch = []
                elif times:
                    db.execute("INSERT OR REPLACE INTO cases VALUES (?, ?, ?, ?)",
                               (times.case_id, times.date, key, json.dumps(asdict(times))))
            db.executemany("INSERT OR REPLACE INTO swept VALUES (?, ?)", batch)
            db.execute("CREATE INDEX by_day ON cases (date, pkey)")
            index = _IndexPage(timeline_dir) if timelines != "none" else None
            rows = db.execute("SELECT date, pkey, facts FROM cases ORDER BY date, pkey")
            pending = []
            for (date, key), group in itertools.groupby(rows, key=lambda r: (r[0], r[1])):
                cases = [CaseTimes(**{**f, "intervals": [tuple(i) for i in f["intervals"]]})
                         for f in (json.loads(r[2]) for r in group)]
                swept, counts = sweep(cases)
                stats["provider_days"] += 1
                conflicts = sum(r.conflict for r in swept)
                stats["conflicts"] += conflicts
                for result in swept:
                    row = {"id": result.case_id, "status": "swept", "date_of_service": date,
                           "anesthesiologist": result.provider,
                           "max_concurrent": result.max_concurrent, "overlapping": result.overlapping,
                           "documented": result.documented, "derived": result.derived, "conflict": result.conflict,
                           "finding": _finding(result, knowledge.findings, sources)}
                    sink.write(json.dumps(row) + "\n")
                    pending.append((result.case_id, json.dumps(row)))
                    stats["swept"] += 1
                if index and (timelines == "all" or conflicts):
                    name = f"{date}_{_slug(key)}.html"
                    provider = cases[0].provider
                    (timeline_dir / name).write_text(render_page(date, provider, swept, counts), encoding="utf-8")
                    index.add(date, provider, name, len(cases), max(counts) if counts else 0, conflicts)
                    stats["timelines"] += 1
                if len(pending) >= 5000:
                    db.executemany("INSERT OR REPLACE INTO swept VALUES (?, ?)", pending)
                    pending = []
            db.executemany("INSERT OR REPLACE INTO swept VALUES (?, ?)", pending)
            if index:
                index.close()
        lookup = db.cursor()

        def concurrency_for(case_id: str) -> dict | None:
            found = lookup.execute("SELECT row FROM swept WHERE id = ?", (case_id,)).fetchone()
            return json.loads(found[0]) if found else None

        write_csv(results, out / "results.csv", concurrency_for)
    finally:
        db.close()
        db_path.unlink(missing_ok=True)
    return stats


class _IndexPage:
    """timelines/index.html, written row by row as provider-days are swept."""

    def __init__(self, folder: Path):
        self._handle = open(folder / "index.html", "w", encoding="utf-8")
        self._handle.write('<!doctype html><html><head><meta charset="utf-8"><title>Provider-day timelines</title>'
                           "<style>body{font-family:sans-serif} td,th{border:1px solid #ccc;padding:3px 8px} "
                           "tr.conflict td{background:#fde0e0}</style></head>"
                           "<body><h1>Provider-day "
                           "timelines</h1><table><tr><th>date</th><th>anesthesiologist</th><th>cases</th><th>peak "
                           "concurrent</th><th>conflicts</th></tr>")

    def add(self, date: str, provider: str, name: str, cases: int, peak: int, conflicts: int) -> None:
        css = " class=conflict" if conflicts else ""
        self._handle.write(f'<tr{css}><td>{escape(date)}</td><td><a href="{escape(name)}">{escape(provider)}</a></td>'
                           f'<td>{cases}</td><td>{peak}</td><td>{conflicts}</td></tr>')

    def close(self) -> None:
        self._handle.write("</table></body></html>")
        self._handle.close()
