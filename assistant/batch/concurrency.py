"""An anesthesiologist's concurrency from a batch's case log: minute-by-minute sweep per provider-day.

Pure functions over small per-case facts (no note text). For every case the
maximum number of the same anesthesiologist's cases running at once during it
decides the pricing modifier it should carry (42 CFR 414.46: a directed case
with 1 -> QY, 2-4 -> QK, more than 4 -> AD); personal performance (AA) while
other cases of the same physician overlap is a CONCURRENCY_CONFLICT (42 CFR
415.110). The thresholds come from `coding_logic.concurrency_modifiers`, the
same function the single-note rules use, and the rule ids and sources from
rules/validation_rules.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.clock import MINUTES_PER_DAY, to_minutes
from assistant.coding_logic import concurrency_modifiers

DIRECTED = ("QY", "QK", "AD")
PERSONAL = "AA"
RULE_PERSONAL = "PERSONAL_PERFORMANCE_OVERLAP"
RULE_RATIO = "PRICING_MODIFIER_MATCHES_STAFFING"

_TITLES = re.compile(r"\b(dr|md|do|crna|mda|anesthesiologist|attending)\b\.?", re.I)


def provider_key(name: str | None) -> str | None:
    """'Dr. Benjamin Lee, MD' and 'B. Lee' -> 'b lee'; a last name alone -> 'lee'."""
    if not name:
        return None
    tokens = [t for t in re.sub(r"[^a-z\s]", " ", _TITLES.sub(" ", name).lower()).split() if t]
    if not tokens:
        return None
    return tokens[-1] if len(tokens) == 1 else f"{tokens[0][0]} {tokens[-1]}"


def intervals_from_blocks(blocks: list[tuple[str, str | None]]) -> list[tuple[int, int]]:
    """[start, end) minutes after the day's midnight; a block ending before it starts crosses midnight."""
    out = []
    for start, end in blocks:
        if not end:
            continue
        s, e = to_minutes(start), to_minutes(end)
        if e <= s:
            e += MINUTES_PER_DAY
        out.append((s, e))
    return _union(out)


def _union(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(intervals):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


@dataclass
class CaseTimes:
    """What the sweep needs from one coded case."""

    case_id: str
    date: str
    provider: str  # display name as documented
    intervals: list[tuple[int, int]]
    documented: str | None  # the anesthesiologist's pricing modifier on the claim: AA, QY, QK, AD
    crna: str | None = None
    documented_concurrent: int | None = None  # the note's own count ("ratio 1:3"), shown, not trusted over the log


@dataclass
class CaseConcurrency:
    case_id: str
    date: str
    provider: str
    max_concurrent: int
    overlapping: list[str]
    documented: str | None
    derived: str | None
    conflict: bool = False
    rule_id: str | None = None
    detail: str | None = None
    intervals: list[tuple[int, int]] = field(default_factory=list)


def minute_counts(cases: list[CaseTimes]) -> list[int]:
    """Cases running at each minute of the provider-day (index = minute after midnight; two days long)."""
    horizon = max((e for c in cases for _, e in c.intervals), default=0)
    delta = [0] * (horizon + 1)
    for case in cases:
        for s, e in case.intervals:
            delta[s] += 1
            delta[e] -= 1
    counts, running = [], 0
    for change in delta[:-1]:
        running += change
        counts.append(running)
    return counts


def _overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def sweep(cases: list[CaseTimes]) -> tuple[list[CaseConcurrency], list[int]]:
    """One provider-day: each case's maximum concurrency, its derived modifier, and any conflict."""
    counts = minute_counts(cases)
    out = []
    for case in cases:
        peak = max((counts[m] for s, e in case.intervals for m in range(s, e)), default=0)
        others = [o.case_id for o in cases if o is not case and _overlaps(case.intervals, o.intervals)]
        result = CaseConcurrency(case.case_id, case.date, case.provider, peak, others, case.documented, None,
                                 intervals=case.intervals)
        if case.documented in DIRECTED:
            # the log can only add cases: rooms missing from a partial batch do not lower the note's own count
            counted = max(peak, case.documented_concurrent or 0)
            result.derived = concurrency_modifiers(counted)
            if result.derived != case.documented:
                result.conflict, result.rule_id = True, RULE_RATIO
                result.detail = (f"The claim carries {case.documented} but the batch's case log shows {peak} of this "
                                 f"anesthesiologist's cases at once during it ({len(others)} overlapping): "
                                 f"{result.derived}."
                                 + (f" The note states {case.documented_concurrent} concurrent."
                                    if case.documented_concurrent else ""))
        elif case.documented == PERSONAL:
            result.derived = PERSONAL
            if peak > 1:
                result.conflict, result.rule_id = True, RULE_PERSONAL
                result.detail = (f"Personal performance (AA) is documented while the batch's case log shows "
                                 f"{len(others)} "
                                 f"other case(s) of the same anesthesiologist overlapping it (up to {peak} at once).")
        out.append(result)
    return out, counts
