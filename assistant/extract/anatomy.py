"""Anatomy x action: a heading line that names a body part and a surgical action lands in that body
part's anesthesia section even when no procedure wording of the code table matched it."""
from __future__ import annotations

import re
from assistant.catalog import ProcedureReading
from assistant.extract.evidence import EvidenceRecorder
from assistant.models import Block, Facts, Procedure

_WORD = re.compile(r"[a-z][a-z'\-]*")


def _word_matches(term: str, word: str) -> bool:
    """`*ectomy` is a suffix, `hernior*` a prefix, anything else the whole word."""
    if term.startswith("*"):
        return word.endswith(term[1:])
    if term.endswith("*"):
        return word.startswith(term[:-1])
    return word == term


_PATTERNS: dict[int, list[tuple[re.Pattern, str, int]]] = {}


def _anatomy_patterns(reading: ProcedureReading) -> list[tuple[re.Pattern, str, int]]:
    """(pattern, code, length) for every anatomy term, longest first (built once per catalog)."""
    if id(reading) in _PATTERNS:
        return _PATTERNS[id(reading)]
    out = []
    for group in reading.anatomy:
        for term in group.terms:
            words = [re.escape(w) for w in term.lower().rstrip("*").split()]
            tail = r"\w*" if term.endswith("*") else r"\b"  # "cavernos*" is a prefix
            out.append((re.compile(r"\b" + r"\s+".join(words) + tail), group.code, len(term)))
    _PATTERNS[id(reading)] = sorted(out, key=lambda item: -item[2])
    return _PATTERNS[id(reading)]


def compose_line(line: str, reading: ProcedureReading) -> tuple[str, int, int] | None:
    """(code, start, end) of the anatomy that a line with a surgical action names, or None."""
    lowered = line.lower()
    words = _WORD.findall(lowered)
    if not any(_word_matches(a, w) for a in reading.actions for w in words):
        return None
    for pattern, code, _ in _anatomy_patterns(reading):
        match = pattern.search(lowered)
        if match:
            return code, match.start(), match.end()
    return None


def _heading_lines(note: str, block: Block):
    """(start, end) of each line of a heading block, the label's own line after its colon."""
    position = note.index(":", block.start, block.end) + 1 if ":" in note[block.start:block.end] else block.start
    while position < block.end:
        end = note.find("\n", position, block.end)
        end = block.end if end < 0 else end
        yield position, end
        position = end + 1


def add_procedures_by_anatomy(note: str, facts: Facts, reading: ProcedureReading, recorder: EvidenceRecorder) -> None:
    """For heading blocks where no code-table wording matched, one procedure per line by anatomy."""
    coded = [recorder.get(p.evidence_id).start for p in facts.procedures if p.candidate_codes]
    for block in facts.blocks:
        if block.role != "heading" or any(block.start <= at < block.end for at in coded):
            continue
        for start, end in _heading_lines(note, block):
            found = compose_line(note[start:end], reading)
            if found:
                code, term_start, term_end = found
                evidence_id = recorder.add(start + term_start, start + term_end, "PROCEDURE")
                facts.procedures.append(Procedure(
                    text=note[start:end].strip(" ,.\t"), candidate_codes=[code], keyword=[], evidence_id=evidence_id,
                    role="heading", by_anatomy=True))
