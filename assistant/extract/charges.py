"""Codes already on a charge ticket: "00400-P2-AA", "99100", "00790 P3 QK"."""
from __future__ import annotations

from assistant.extract.blocks import line_at
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.recognizers import patterns
from assistant.models import ChargedLine, Facts


def _p():
    return patterns("charges")


def on_charge_line(note: str, at: int) -> bool:
    """Whether position `at` stands on a charge line: one that speaks of charges or codes ("Charges:", "CPT",
    "billed") or carries an anesthesia or add-on code. What such a line says (a ratio, an ASA class,
    "99140 (emergency)") is what is requested, not documentation. The one test for every reader and rule."""
    line = line_at(note, at)
    return bool(_p().charge_line.search(line)) or names_anesthesia_code(line)


def names_anesthesia_code(text: str) -> bool:
    """Whether the text (a sentence) carries an anesthesia or add-on code: "01967 neuraxial labor analgesia"
    on a charge slip describes what is billed; a surgical "CPT 47562 lap chole" still documents the procedure."""
    return bool(_p().charge_code.search(text))


def read_charges(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    p = _p()
    offset = 0
    in_ticket = False
    for line in note.splitlines(keepends=True):
        if p.ticket_start.search(line):
            in_ticket = True
        elif p.section_title.match(line) and not p.charge_line.search(line):
            in_ticket = False  # a new all-caps section title ends the ticket
        # a ticket's codes sit under its heading or on a line that speaks of charges (not on_charge_line:
        # a code alone does not make a line a ticket's, "Patient: ... 00832" may be a ZIP code)
        if in_ticket or p.charge_line.search(line):
            for match in p.code.finditer(line):
                modifiers = [m.upper() for m in p.modifier.findall(match.group(2) or "")]
                # "00912-P3   Dr. N. Okafor: QY   CRNA L. Marsh: QX": role modifiers later on the line
                rest = line[match.end():]
                nxt = p.code.search(rest)
                rest = rest[: nxt.start()] if nxt else rest
                modifiers += [m for m in p.role_modifier.findall(rest) if m not in modifiers]
                evidence_id = recorder.add(offset + match.start(), offset + match.end(), "CHARGED_CODE")
                facts.charged.append(ChargedLine(code=match.group(1), modifiers=modifiers, evidence_id=evidence_id))
        offset += len(line)
