"""The documented ASA physical status class ("ASA 2", "ASA II", "ASA class III", "ASA PS 3E")."""
from __future__ import annotations

import re

from assistant.extract.evidence import EvidenceRecorder
from assistant.models import DocumentationConflict, Facts

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
_ASA = re.compile(
    r"\b(?:asa|american society of anesthesiologists)\s*(?:physical\s*status|phys\.?\s*status|ps|p\.s\.|class(?:ification)?|score|status|category|rating)?\s*(?:class(?:ification)?)?\s*(?:(?:corrected|changed|revised|updated|amended)\s+to\s*)?[:#=\-|]?\s*"
    r"(vi|iv|v|iii|ii|i|[1-6])(?:\s*-?\s*(e))?(?![\w])",
    re.I,
)
_PHYSICAL_STATUS = re.compile(r"\bphysical\s+status\s*(?:class(?:ification)?)?\s*[:#=\-|]?\s*(?:p)?(vi|iv|v|iii|ii|i|[1-6])(?:\s*-?\s*(e))?(?![\w])", re.I)
_PS_ABBREVIATED = re.compile(r"\bPS\s*[:#=\-]?\s*(?:class\s*)?(VI|IV|V|III|II|I|[1-6])(?:\s*-?\s*(E))?(?![\w])")
# a later class that says it corrects the earlier one is a correction, not a conflict
_CORRECTION = re.compile(r"\b(?:corrected|changed|revised|updated|amended|upgraded|downgraded|reclassified|now|addendum"
                         r"|correction)\b", re.I)
# a charge ticket's class is a request (checked by PHYSICAL_STATUS_MATCHES_RECORD), not documentation
_CHARGE_LINE = re.compile(r"\b(?:charges?|charge ticket|cpt|bill(?:ed|ing)?|claim|superbill)\b", re.I)


def _value(match: re.Match) -> str:
    raw = match.group(1).lower()
    return f"ASA {int(raw) if raw.isdigit() else _ROMAN[raw]}{'E' if match.group(2) else ''}"


def _line_of(note: str, match: re.Match) -> str:
    start = note.rfind("\n", 0, match.start()) + 1
    end = note.find("\n", match.end())
    return note[start:end if end >= 0 else len(note)]


def _conflicts(note: str, matches: list[re.Match], recorder: EvidenceRecorder, facts: Facts) -> None:
    """Documented classes that differ, where the later one does not say it corrects the earlier."""
    for earlier, later in zip(matches, matches[1:]):
        if _value(earlier) == _value(later):
            continue
        lead_in = note[max(note.rfind("\n", 0, later.start()) + 1, later.start() - 80):later.end()]
        if _CORRECTION.search(lead_in):
            continue
        facts.conflicts.append(DocumentationConflict(
            field="physical_status", values=[_value(earlier), _value(later)],
            evidence_ids=[recorder.add(m.start(), m.end(), "ASA_CLASS") for m in (earlier, later)],
        ))


def read_physical_status(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    """The last documented class wins (the anesthesia record follows the pre-op evaluation); classes that
    disagree without a stated correction are a documentation conflict for a reviewer."""
    every = sorted((m for pattern in (_ASA, _PHYSICAL_STATUS, _PS_ABBREVIATED) for m in pattern.finditer(note)),
                   key=lambda m: (m.start(), -m.end()))
    if not every:
        return
    documented = [m for m in every if not _CHARGE_LINE.search(_line_of(note, m))]
    found = (documented or every)[-1]  # a ticket's class only when the record documents none
    distinct = [m for i, m in enumerate(documented)
                if not any(o.start() <= m.start() < o.end() for o in documented[:i])]  # one mention, several patterns
    _conflicts(note, distinct, recorder, facts)
    raw = found.group(1).lower()
    facts.asa_class = int(raw) if raw.isdigit() else _ROMAN[raw]
    facts.asa_emergency = bool(found.group(2))
    facts.asa_evidence_id = recorder.add(found.start(), found.end(), "ASA_CLASS")
    if facts.asa_emergency:
        facts.emergency = True
        facts.emergency_evidence_ids.append(facts.asa_evidence_id)
