"""Scores the assistant on labeled scenarios (spec/scenarios.md): per-field accuracy, findings, failures."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from assistant.knowledge import load_knowledge
from assistant.pipeline import code_note

FIELDS = ["anesthesia_code", "physical_status", "qualifying_circumstances", "anesthesia_minutes", "pricing_modifiers",
          "other_modifiers", "units"]
UNITS_TOLERANCE = 0.05


@dataclass
class ScenarioOutcome:
    id: str
    expected: dict
    got: dict | None
    error: str | None = None
    scored: dict[str, bool] = field(default_factory=dict)
    style: str | None = None
    payer: str | None = None
    flagged: bool = False  # a finding sends the case to a coder
    diagnosis_counts: tuple[int, int, int] | None = None  # (true positive, false positive, false negative) codes


def scored_findings() -> set[str]:
    """The spec's fixed finding vocabulary; the project's own findings are shown, not scored."""
    return {code for code, meta in load_knowledge().findings.items() if meta.get("scored")}


def review_findings() -> set[str]:
    """Findings that send a case to a coder (`review: true` in rules/findings.yaml)."""
    return {code for code, meta in load_knowledge().findings.items() if meta.get("review")}


def _same(field_name: str, expected, got) -> bool:
    if field_name == "units":
        if expected is None or got is None:
            return expected is None and got is None
        return abs(float(expected) - float(got)) <= UNITS_TOLERANCE
    if field_name in ("qualifying_circumstances", "other_modifiers", "findings"):
        return sorted(expected or []) == sorted(got or [])
    if field_name == "pricing_modifiers":
        return dict(expected or {}) == dict(got or {})
    return expected == got


# what each labeled field must hold (spec/scenarios.md); a wrong type is that scenario's error, not the run's
_OPTIONAL_TEXT, _OPTIONAL_NUMBER = (str, type(None)), (int, float, type(None))
_EXPECTED_TYPES = {"anesthesia_code": _OPTIONAL_TEXT, "physical_status": _OPTIONAL_TEXT,
                   "qualifying_circumstances": list, "anesthesia_minutes": _OPTIONAL_NUMBER,
                   "pricing_modifiers": dict, "other_modifiers": list,
                   "units": _OPTIONAL_NUMBER, "findings": list, "diagnosis_codes": list}


def _malformed(scenario) -> str | None:
    if not isinstance(scenario, dict) or not isinstance(scenario.get("note"), str):
        return "a scenario needs an object with a 'note' string"
    expected = scenario.get("expected") or {}
    if not isinstance(expected, dict):
        return "'expected' must be an object"
    for name, kinds in _EXPECTED_TYPES.items():
        value = expected.get(name)
        if name in expected and (not isinstance(value, kinds) or isinstance(value, bool)):
            wanted = " or ".join(k.__name__ for k in (kinds if isinstance(kinds, tuple) else (kinds,)))
            return f"expected.{name} is {type(value).__name__}, not {wanted}"
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            return f"expected.{name} must be a list of strings"
    if scenario.get("payer") is not None and not isinstance(scenario.get("payer"), str):
        return "'payer' must be a string"
    return None


def read_scenarios(path: Path) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, scenario, error); a malformed line, or a file that cannot be opened, yields its error
    and reading goes on."""
    try:
        handle = open(path, encoding="utf-8", errors="replace")
    except OSError as error:
        yield 0, None, f"{path.name}: cannot be read ({error.strerror or type(error).__name__})"
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                scenario = json.loads(line)
            except ValueError as error:
                yield number, None, f"line {number}: malformed scenario ({error})"
                continue
            problem = _malformed(scenario)
            if problem:
                yield number, None, f"line {number}: malformed scenario ({problem})"
            else:
                yield number, scenario, None


def score_scenario(scenario: dict, proposer: str = "auto", vocabulary: set[str] | None = None) -> ScenarioOutcome:
    vocabulary = vocabulary if vocabulary is not None else scored_findings()
    expected = scenario.get("expected") or {}
    outcome = ScenarioOutcome(id=str(scenario.get("id")), expected=expected, got=None, style=scenario.get("style"),
                              payer=scenario.get("payer", "commercial"))
    try:
        result = code_note(scenario["note"], payer=outcome.payer, proposer=proposer, case_id=outcome.id)
    except Exception as error:  # a case that cannot be processed counts as wrong on every field
        outcome.error = f"{type(error).__name__}: {error}"
        outcome.scored = {name: False for name in [*FIELDS, "findings"] if name in expected}
        if "diagnosis_codes" in expected:
            outcome.scored["primary_diagnosis"] = False
            outcome.diagnosis_counts = (0, 0, len(set(expected["diagnosis_codes"])))
        return outcome
    got = result.summary()
    outcome.flagged = bool(set(got["findings"]) & review_findings())
    got["findings"] = sorted(f for f in got["findings"] if f in vocabulary)
    outcome.got = got
    outcome.scored = {name: _same(name, expected[name], got.get(name))
                      for name in [*FIELDS, "findings"] if name in expected}
    if "diagnosis_codes" in expected:
        score_diagnoses(outcome, expected["diagnosis_codes"], got.get("diagnosis_codes") or [])
    return outcome


def _code(code: str) -> str:
    return code.replace(".", "").strip().upper()


def score_diagnoses(outcome: ScenarioOutcome, expected: list[str], got: list[str]) -> None:
    """spec/scenarios.md: `primary_diagnosis` is the first code exact (it counts in case_exact); `diagnosis_f1`
    is the set F1 over all codes, pooled over the labeled cases (so a case with many codes weighs more)."""
    wanted, found = [_code(c) for c in expected], [_code(c) for c in got]
    outcome.scored["primary_diagnosis"] = (wanted[:1] == found[:1])
    hits = len(set(wanted) & set(found))
    outcome.diagnosis_counts = (hits, len(set(found)) - hits, len(set(wanted)) - hits)


def summarize(outcomes: list[ScenarioOutcome], seconds: float) -> dict:
    n = len(outcomes)
    accuracy = {}
    for name in FIELDS:
        scored = [o.scored[name] for o in outcomes if name in o.scored]
        accuracy[name] = round(sum(scored) / len(scored), 4) if scored else None
    primary = [o.scored["primary_diagnosis"] for o in outcomes if "primary_diagnosis" in o.scored]
    accuracy["primary_diagnosis"] = round(sum(primary) / len(primary), 4) if primary else None
    counts = [o.diagnosis_counts for o in outcomes if o.diagnosis_counts is not None]
    true_positive, false_positive, false_negative = (sum(c[i] for c in counts) for i in range(3))
    pooled = 2 * true_positive + false_positive + false_negative
    accuracy["diagnosis_f1"] = round(2 * true_positive / pooled, 4) if pooled else (1.0 if counts else None)
    accuracy["case_exact"] = round(sum(all(o.scored.values()) for o in outcomes) / n, 4) if n else None
    expected_total = found = false_positives = 0
    for o in outcomes:
        if "findings" not in o.expected:
            continue
        expected = set(o.expected["findings"] or [])
        got = set((o.got or {}).get("findings", []))
        expected_total += len(expected)
        found += len(expected & got)
        false_positives += len(got - expected)
    failures = []
    for o in outcomes:
        if o.error:
            failures.append({"id": o.id, "field": "error", "expected": None, "got": None, "error": o.error})
            continue
        for name, ok in o.scored.items():
            if not ok and name == "primary_diagnosis":
                first_expected = (o.expected.get("diagnosis_codes") or [None])[0]
                first_got = ((o.got or {}).get("diagnosis_codes") or [None])[0]
                failures.append({"id": o.id, "field": name, "expected": first_expected, "got": first_got})
            elif not ok:
                failures.append({"id": o.id, "field": name, "expected": o.expected.get(name),
                                 "got": (o.got or {}).get(name)})
        if o.diagnosis_counts and (o.diagnosis_counts[1] or o.diagnosis_counts[2]):
            failures.append({"id": o.id, "field": "diagnosis_codes", "expected": o.expected.get("diagnosis_codes"),
                             "got": (o.got or {}).get("diagnosis_codes")})
    coded = [o for o in outcomes if "anesthesia_code" in o.scored]
    review = {
        "flagged": round(sum(o.flagged for o in coded) / len(coded), 4) if coded else None,
        "code_wrong_unflagged": round(sum(not o.scored["anesthesia_code"] and not o.flagged for o in coded)
                                      / len(coded), 4) if coded else None,
    }
    return {
        "n": n,
        "accuracy": accuracy,
        "review": review,
        "findings": {"recall": round(found / expected_total, 4) if expected_total else 1.0,
                     "false_positives": false_positives},
        "seconds_per_case": round(seconds / n, 4) if n else 0.0,
        "failures": failures,
    }


def run_eval(paths: list[Path], proposer: str = "auto") -> tuple[dict, list[ScenarioOutcome]]:
    vocabulary = scored_findings()
    outcomes: list[ScenarioOutcome] = []
    started = time.perf_counter()
    for path in paths:
        for number, scenario, error in read_scenarios(path):
            if error:
                outcomes.append(ScenarioOutcome(id=f"{path.name}:{number}", expected={}, got=None, error=error,
                                                scored={"anesthesia_code": False}))
                continue
            outcomes.append(score_scenario(scenario, proposer, vocabulary))
    return summarize(outcomes, time.perf_counter() - started), outcomes


def render_eval_text(summary: dict) -> str:
    lines = [f"{summary['n']} scenarios, {summary['seconds_per_case'] * 1000:.1f} ms per case"]
    for name, value in summary["accuracy"].items():
        lines.append(f"  {name:<26} {'-' if value is None else f'{value:.3f}'}")
    review = summary.get("review") or {}
    if review.get("flagged") is not None:
        lines.append(f"  flagged for review          {review['flagged']:.3f}  "
                     f"code wrong and unflagged {review['code_wrong_unflagged']:.3f}")
    findings = summary["findings"]
    lines.append(f"  findings recall            {findings['recall']:.3f}  "
                 f"false positives {findings['false_positives']}")
    if summary["failures"]:
        lines.append("Failures:")
        for failure in summary["failures"]:
            detail = failure.get("error") or f"expected {failure['expected']!r} got {failure['got']!r}"
            lines.append(f"  {failure['id']}  {failure['field']}: {detail}")
    return "\n".join(lines)
