"""Codes already on a charge ticket: "00400-P2-AA", "99100", "00790 P3 QK"."""
from __future__ import annotations

import re

from assistant.extract.evidence import EvidenceRecorder
from assistant.models import ChargedLine, Facts

_MODIFIERS = r"P[1-6]|AA|QK|QX|QY|QZ|AD|QS|G8|G9|GC|23|47"
_CODE = re.compile(r"(?<![\d.$])(0[01]\d{3}|99100|99116|99135|99140)\b((?:\s*(?:[-,/ ]|mod(?:ifiers?|s)?\s*:?)\s*(?:" + _MODIFIERS + r")\b)*)", re.I)
_CHARGE_LINE = re.compile(r"\b(charge|charges|charged|cpt|bill(?:ed|ing)?|claims?|superbill|coded|codes?)\b", re.I)


def read_charges(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    offset = 0
    in_ticket = False
    for line in note.splitlines(keepends=True):
        if re.search(r"\b(charge ticket|charges|charge slip|charge capture|billing abstract|billing|superbill)\b", line, re.I):
            in_ticket = True
        elif re.match(r"\s*[A-Z][A-Z /-]{3,}:?\s*$", line) and not _CHARGE_LINE.search(line):
            in_ticket = False  # a new all-caps section title ends the ticket
        if in_ticket or _CHARGE_LINE.search(line):
            for match in _CODE.finditer(line):
                modifiers = [m.upper() for m in re.findall(_MODIFIERS, match.group(2) or "", re.I)]
                # "00912-P3   Dr. N. Okafor: QY   CRNA L. Marsh: QX": role modifiers later on the line
                rest = line[match.end():]
                nxt = _CODE.search(rest)
                rest = rest[: nxt.start()] if nxt else rest
                modifiers += [m for m in re.findall(r"\b(AA|QK|QX|QY|QZ|AD|QS|G8|G9|P[1-6])\b", rest) if m not in modifiers]
                evidence_id = recorder.add(offset + match.start(), offset + match.end(), "CHARGED_CODE")
                facts.charged.append(ChargedLine(code=match.group(1), modifiers=modifiers, evidence_id=evidence_id))
        offset += len(line)
