"""Numbers behind the report: accuracy per group, confusion matrices. Pure functions over eval outcomes."""
from __future__ import annotations

from collections import Counter, defaultdict

from assistant.evaluate import FIELDS

NONE = "(none)"


def accuracy_by(outcomes, attribute: str) -> dict[str, dict]:
    """group value -> {n, case_exact, field: accuracy} for outcomes grouped by style or payer."""
    groups = defaultdict(list)
    for outcome in outcomes:
        groups[getattr(outcome, attribute) or NONE].append(outcome)
    table = {}
    for name in sorted(groups):
        members = groups[name]
        row = {"n": len(members), "case_exact": round(sum(all(o.scored.values()) for o in members) / len(members), 4)}
        for field in [*FIELDS, "findings"]:
            scored = [o.scored[field] for o in members if field in o.scored]
            row[field] = round(sum(scored) / len(scored), 4) if scored else None
        table[name] = row
    return table


def _label(value) -> str:
    return NONE if value in (None, "", {}) else str(value)


def confusion(outcomes, field: str, pick=lambda value: value) -> Counter:
    """(expected, got) -> count over outcomes that score the field; a case that failed to run counts as 'error'."""
    pairs = Counter()
    for outcome in outcomes:
        if field not in outcome.expected:
            continue
        expected = _label(pick(outcome.expected.get(field)))
        got = "error" if outcome.got is None else _label(pick(outcome.got.get(field)))
        pairs[(expected, got)] += 1
    return pairs


def confused_labels(pairs: Counter) -> list[str]:
    """Labels involved in at least one off-diagonal cell, sorted."""
    return sorted({label for (e, g) in pairs if e != g for label in (e, g)})


def anesthesiologist_modifier(value) -> str | None:
    value = value or {}
    return value.get("anesthesiologist") or (f"crna {value['crna']}" if value.get("crna") == "QZ" else None)
