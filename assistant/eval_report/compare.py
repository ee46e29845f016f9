"""Compares two eval runs: accuracy per field and the (case, field) pairs that changed.

A run is an eval JSON summary (`eval --format json > run.json`) or a report folder
(its summary.json). Both carry `accuracy` and `failures`, the spec's eval contract.
"""
from __future__ import annotations

import json
from pathlib import Path

from assistant.models import InputError


def load_run(path: str | Path) -> dict:
    path = Path(path)
    if path.is_dir():
        path = path / "summary.json"
    if not path.is_file():
        raise InputError(f"--compare: no eval summary at {path}")
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"--compare: {path.name} is not an eval JSON summary") from None
    if not isinstance(run, dict) or not isinstance(run.get("accuracy"), dict):
        raise InputError(f"--compare: {path.name} has no 'accuracy' object (is it `eval --format json` output?)")
    cases = path.parent / "cases.jsonl"
    if path.name == "summary.json" and cases.is_file():
        with open(cases, encoding="utf-8") as handle:
            run["_ids"] = sorted({str(json.loads(line).get("id")) for line in handle if line.strip()})
    return run


def _failed(run: dict) -> set[tuple[str, str]]:
    return {(str(f.get("id")), str(f.get("field"))) for f in run.get("failures", []) if isinstance(f, dict)}


def compare_runs(this: dict, other: dict, this_ids: set[str] | None = None) -> dict:
    """Per-field accuracy of both runs; flips only among cases both runs scored (when the ids are known)."""
    fields = list(dict.fromkeys([*this["accuracy"], *other["accuracy"]]))
    rows = []
    for field in fields:
        a, b = this["accuracy"].get(field), other["accuracy"].get(field)
        rows.append({"field": field, "this": a, "other": b, "delta": None if a is None or b is None
                     else round(a - b, 4)})
    mine, theirs = _failed(this), _failed(other)
    if this_ids is not None:
        theirs = {pair for pair in theirs if pair[0] in this_ids}
    if other.get("_ids") is not None:
        known = set(other["_ids"])
        mine = {pair for pair in mine if pair[0] in known}
    return {
        "fields": rows,
        "n": {"this": this.get("n"), "other": other.get("n")},
        "newly_failing": sorted(mine - theirs),
        "newly_passing": sorted(theirs - mine),
    }


def render_compare_text(diff: dict, other_name: str) -> str:
    lines = [f"Compared with {other_name} (n {diff['n']['other']} -> {diff['n']['this']}):"]
    for row in diff["fields"]:
        show = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
        delta = "" if row["delta"] is None else f"{row['delta']:+.3f}"
        lines.append(f"  {row['field']:<26} {show(row['other'])} -> {show(row['this'])}  {delta}")
    lines.append(f"  newly failing {len(diff['newly_failing'])}, newly passing {len(diff['newly_passing'])}")
    for case_id, field in diff["newly_failing"][:20]:
        lines.append(f"    - {case_id} {field}")
    return "\n".join(lines)
