"""The documented ASA physical status class ("ASA 2", "ASA II", "ASA class III", "ASA PS 3E")."""
from __future__ import annotations

import re

from assistant.extract.evidence import EvidenceRecorder
from assistant.models import Facts

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
_ASA = re.compile(
    r"\b(?:asa|american society of anesthesiologists)\s*(?:physical\s*status|phys\.?\s*status|ps|p\.s\.|class(?:ification)?|score|status|category|rating)?\s*(?:class(?:ification)?)?\s*(?:(?:corrected|changed|revised|updated|amended)\s+to\s*)?[:#=\-|]?\s*"
    r"(vi|iv|v|iii|ii|i|[1-6])(?:\s*-?\s*(e))?(?![\w])",
    re.I,
)
_PHYSICAL_STATUS = re.compile(r"\bphysical\s+status\s*(?:class(?:ification)?)?\s*[:#=\-|]?\s*(?:p)?(vi|iv|v|iii|ii|i|[1-6])(?:\s*-?\s*(e))?(?![\w])", re.I)
_PS_ABBREVIATED = re.compile(r"\bPS\s*[:#=\-]?\s*(?:class\s*)?(VI|IV|V|III|II|I|[1-6])(?:\s*-?\s*(E))?(?![\w])")


def read_physical_status(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    """The last documented class wins (the anesthesia record follows the pre-op evaluation)."""
    found = None
    for pattern in (_ASA, _PHYSICAL_STATUS, _PS_ABBREVIATED):
        for match in pattern.finditer(note):
            if found is None or match.start() > found.start():
                found = match
    if not found:
        return
    raw = found.group(1).lower()
    facts.asa_class = int(raw) if raw.isdigit() else _ROMAN[raw]
    facts.asa_emergency = bool(found.group(2))
    facts.asa_evidence_id = recorder.add(found.start(), found.end(), "ASA_CLASS")
    if facts.asa_emergency:
        facts.emergency = True
        facts.emergency_evidence_ids.append(facts.asa_evidence_id)
