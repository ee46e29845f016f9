"""The blocks of an operative note: each labeled line ("PROCEDURE PERFORMED:", "ANESTHESIA:") starts
a block whose role (heading, description, not_today, ...) comes from rules/procedure_reading.yaml."""
from __future__ import annotations

import re
from bisect import bisect_right

from assistant.catalog import ProcedureReading
from assistant.models import Block

# A label at the start of a line, at most six words, then a colon ("TITLE OF OPERATION:", "Procedure:");
# an all-capitals label may end in a comma instead, as transcription exports print it
# ("OPERATION PERFORMED,1.  Tonsillectomy"), and a line in capitals alone is a section title.
_LABEL = re.compile(r"""
    ^[ \t]*
    (?: (?P<title>[A-Za-z][A-Za-z0-9/&()#'\-]*(?:[ \t]+[A-Za-z0-9/&()#'\-]+){0,5}) [ \t]*:
      | (?P<caps>[A-Z][A-Z/&()#'\-]+(?:[ \t]+[A-Z/&()#'\-]+){0,5}) ,
      | (?P<line>[A-Z][A-Z/&()#'\-]+(?:[ \t]+[A-Z/&()#'\-]+){0,5}) [ \t]*$ )   # "OPERATIVE NOTE" alone on a line
    """, re.M | re.X)
_SENTENCE_BREAK = re.compile(r"[a-z)][.!?]\s+[A-Z]")
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
    text = content.lstrip(_LEADING_PUNCTUATION)
    if any(text.lower().startswith(opener) for opener in reading.narrative_openers):
        return True
    # a heading lists procedures; prose runs on in sentences
    return len(text) > reading.narrative_min_chars and len(_SENTENCE_BREAK.findall(text)) >= 2


def read_blocks(note: str, reading: ProcedureReading) -> list[Block]:
    """Blocks in note order; text before the first label is one `unlabeled` block."""
    labels = list(_LABEL.finditer(note))
    blocks: list[Block] = []
    if not labels or labels[0].start() > 0:
        blocks.append(Block(title="", role="unlabeled", start=0, end=labels[0].start() if labels else len(note)))
    for i, match in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(note)
        title = (match.group("title") or match.group("caps") or match.group("line")).strip()
        role = label_role(title, reading)
        if role == "heading" and _reads_as_narrative(note[match.end():end], reading):
            role = "description"  # "PROCEDURE: The patient was taken to the operating room..."
        blocks.append(Block(title=title, role=role, start=match.start(), end=end, content_start=match.end()))
    return blocks


def role_at(blocks: list[Block], offset: int) -> str:
    starts = [b.start for b in blocks]
    at = bisect_right(starts, offset) - 1
    return blocks[at].role if at >= 0 else "unlabeled"


def read_anesthesia_blocks(note: str, facts, knowledge, recorder) -> None:
    """"ANESTHESIA:   Local." names the technique by its value alone; the phrase matcher needs more words."""
    from assistant.models import Technique

    values = {str(v).lower(): kind for kind, words in knowledge.anesthesia_block_values.items() for v in words}
    for block in facts.blocks:
        if block.role != "anesthesia":
            continue
        value = note[block.content_start:block.end].strip(_LEADING_PUNCTUATION + ".").lower()
        if value in values and not any(block.start <= recorder.get(t.evidence_id).start < block.end for t in facts.techniques):
            start = note.lower().index(value, block.content_start)
            evidence_id = recorder.add(start, start + len(value), "TECHNIQUE")
            facts.techniques.append(Technique(kind=values[value], administered_by="anesthesia", evidence_id=evidence_id))
