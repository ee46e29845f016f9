"""The blocks of an operative note: each labeled line ("PROCEDURE PERFORMED:", "ANESTHESIA:") starts
a block whose role (heading, description, not_today, ...) comes from rules/procedure_reading.yaml."""
from __future__ import annotations

import re
from bisect import bisect_right

from assistant.catalog import ProcedureReading
from assistant.models import Block

# A label at the start of a line, at most six words, then a colon: "TITLE OF OPERATION:", "Procedure:"
_LABEL = re.compile(r"^[ \t]*(?P<title>[A-Za-z][A-Za-z0-9/&()#'\-]*(?:[ \t]+[A-Za-z0-9/&()#'\-]+){0,5})[ \t]*:", re.M)
_WORDS = re.compile(r"[A-Za-z][A-Za-z\-]*")
_LEADING_PUNCTUATION = " \t\n,:;-"


def label_role(title: str, reading: ProcedureReading) -> str:
    """The role of a block from its label's words; the first matching rule wins."""
    words = {w.upper() for w in _WORDS.findall(title)}
    for rule in reading.block_roles:
        if words & {w.upper() for w in rule.any_word}:
            return rule.role
    return "other"


def _reads_as_narrative(content: str, reading: ProcedureReading) -> bool:
    text = content.lstrip(_LEADING_PUNCTUATION).lower()
    if any(text.startswith(opener) for opener in reading.narrative_openers):
        return True
    return len(text) > reading.narrative_min_chars and "the patient" in text


def read_blocks(note: str, reading: ProcedureReading) -> list[Block]:
    """Blocks in note order; text before the first label is one `unlabeled` block."""
    labels = list(_LABEL.finditer(note))
    blocks: list[Block] = []
    if not labels or labels[0].start() > 0:
        blocks.append(Block(title="", role="unlabeled", start=0, end=labels[0].start() if labels else len(note)))
    for i, match in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(note)
        role = label_role(match.group("title"), reading)
        if role == "heading" and _reads_as_narrative(note[match.end():end], reading):
            role = "description"  # "PROCEDURE: The patient was taken to the operating room..."
        blocks.append(Block(title=match.group("title").strip(), role=role, start=match.start(), end=end))
    return blocks


def role_at(blocks: list[Block], offset: int) -> str:
    starts = [b.start for b in blocks]
    at = bisect_right(starts, offset) - 1
    return blocks[at].role if at >= 0 else "unlabeled"
