"""The documented ASA physical status class ("ASA 2", "ASA II", "ASA class III", "ASA PS 3E")."""
from __future__ import annotations

import re

from assistant.extract.charges import on_charge_line
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.recognizers import patterns
from assistant.models import DocumentationConflict, Facts

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}


def _p():
    return patterns("physical_status")


def mentions(text: str, in_text_order: bool = True) -> list[re.Match]:
    """Every written class ("ASA 2", "physical status P3", "PS 2"); else grouped by pattern, in that order."""
    p = _p()
    found = [m for pattern in (p.asa, p.physical_status, p.ps_abbreviated) for m in pattern.finditer(text)]
    return sorted(found, key=lambda m: (m.start(), -m.end())) if in_text_order else found


def _class(match: re.Match) -> int:
    raw = match.group(1).lower()
    return int(raw) if raw.isdigit() else _ROMAN[raw]


def classes_in(text: str) -> set[int]:
    """Every ASA class written in a text (an LLM's quote is checked against them)."""
    return {_class(m) for m in mentions(text)}


def _value(match: re.Match) -> str:
    return f"ASA {_class(match)}{'E' if match.group(2) else ''}"


def _conflicts(note: str, matches: list[re.Match], recorder: EvidenceRecorder, facts: Facts) -> None:
    """Documented classes that differ, where the later one does not say it corrects the earlier."""
    for earlier, later in zip(matches, matches[1:]):
        if _value(earlier) == _value(later):
            continue
        lead_in = note[max(note.rfind("\n", 0, later.start()) + 1, later.start() - 80):later.end()]
        if _p().correction.search(lead_in):
            continue
        facts.conflicts.append(DocumentationConflict(
            field="physical_status", values=[_value(earlier), _value(later)],
            evidence_ids=[recorder.add(m.start(), m.end(), "ASA_CLASS") for m in (earlier, later)],
        ))


def read_physical_status(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    """The last documented class wins (the anesthesia record follows the pre-op evaluation); classes that
    disagree without a stated correction are a documentation conflict for a reviewer."""
    every = mentions(note)
    if not every:
        return
    documented = [m for m in every if not on_charge_line(note, m.start())]
    found = (documented or every)[-1]  # a ticket's class only when the record documents none
    distinct = [m for i, m in enumerate(documented)
                if not any(o.start() <= m.start() < o.end() for o in documented[:i])]  # one mention, several patterns
    _conflicts(note, distinct, recorder, facts)
    facts.asa_class = _class(found)
    facts.asa_emergency = bool(found.group(2))
    facts.asa_evidence_id = recorder.add(found.start(), found.end(), "ASA_CLASS")
    if facts.asa_emergency:
        facts.emergency = True
        facts.emergency_evidence_ids.append(facts.asa_evidence_id)
