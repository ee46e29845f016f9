"""The blocks of an operative note: each labeled line ("PROCEDURE PERFORMED:", "ANESTHESIA:") starts
a block whose role (heading, description, not_today, ...) comes from rules/procedure_reading.yaml."""
from __future__ import annotations

import re
from bisect import bisect_right

from assistant.catalog import ProcedureReading
from assistant.models import Block


def line_bounds(note: str, at: int) -> tuple[int, int]:
    """(start, end) of the line of the note that position `at` stands on."""
    end = note.find("\n", at)
    return note.rfind("\n", 0, at) + 1, end if end >= 0 else len(note)


def line_at(note: str, at: int) -> str:
    """The whole line of the note that position `at` stands on."""
    start, end = line_bounds(note, at)
    return note[start:end]

# A label at the start of a line, at most six words, then a colon ("TITLE OF OPERATION:", "Procedure:");
# an all-capitals label may end in a comma instead, as transcription exports print it
# ("OPERATION PERFORMED,1.  Tonsillectomy"), and a line in capitals alone is a section title.
_LABEL = re.compile(r"""
    ^[ \t]*
    (?: (?P<title>[A-Za-z][A-Za-z0-9/&()#'\-]*(?:[ \t]+[A-Za-z0-9/&()#'\-]+){0,5}) [ \t]*:
      | (?P<caps>[A-Z][A-Z/&()#'\-]+(?:[ \t]+[A-Z/&()#'\-]+){0,5}) ,
      | (?P<line>[A-Z][A-Z/&()#'\-]+(?:[ \t]+[A-Z/&()#'\-]+){0,5}) [ \t]*$ )   # "OPERATIVE NOTE" alone on a line
    """, re.M | re.X)
# The same label in capitals inside a long line, after a sentence or field ends ("...fashion.  ANESTHESIA:,
# General."): a note whose line breaks were lost. Kept only when its words name a block role, so "CT:" or "BP:"
# in a sentence do not cut the description.
# A label in Title Case counts too ("..., Procedures:, 1. Laparoscopic cholecystectomy., 2. ..."), when every
# word is capitalized or a connector: "Her history is as follows:" is a sentence, not a label.
_INLINE_LABEL = re.compile(r"""
    (?:(?<=[.,;)|\-]\s)|(?<=[.,;)|\-]\s\s))  # after a field's end or a separator ("... -- PROCEDURE PERFORMED:")
    (?P<caps>[A-Z][A-Z/&()#'\-]+(?:[ \t]+[A-Z/&()#'\-]+){0,5}
      | [A-Z][a-z]+(?:[ \t]+(?:[A-Z][a-z]+|of|and|for|the|to|in|/|&)){0,4}) [ \t]*:
    """, re.X)
# Dictation run together without colons either ("...with obstruction POSTOPERATIVE DIAGNOSIS same, narrow ...
# PROCEDURE PERFORMED 1. cystoscopy"): a run of capitals between words, the text after it in lower case or a
# number ("INDICATIONS 37-year-old"). Kept under the same conditions.
_BARE_INLINE_LABEL = re.compile(r"""
    (?<=[a-z0-9.,;)]\s)
    (?P<caps>[A-Z][A-Z/&\-]{2,}(?:[ \t]+[A-Z][A-Z/&\-]{1,}){0,4}) (?=[ \t]+[a-z(\d])
    """, re.X)
_FIELD_MIN = 4  # letters of an inline label that ends a block whatever its role ("SURGEON:", not "CT:")
_LOST_BREAKS_LINE = 600  # a line (or hard-wrapped paragraph) this long holds several fields: its breaks were lost
_WRAPPED_LINES = 5  # lines of a paragraph before its wrapping says it is one run-on line
_SENTENCE_BREAK = re.compile(r"[a-z)][.!?]\s+[A-Z]")
_LIST_LINE = re.compile(r"^[ \t]*\(?\d{1,2}[.)][ \t]+[A-Za-z]", re.M)  # "5. Endoscopic endonasal ..."
_LINE = re.compile(r"[^\n]+")
# "biopsy of prostate:  Digital rectal exam showed..."; not the period of a title ("placement (Dr. Nakamura). 2.")
_ITEM_END = re.compile(r"(?<!\b[DMS])(?<!\bMr)[a-z)][.:]\s+[A-Z]")
_WRAPPED = re.compile(r"[ \t]*[a-z]")  # a line that goes on with a lower-case word
# or an indented line that is no list item, after a line left open ("...AND LIVER WEDGE" / "   BIOPSY (SEGMENT 3),")
_INDENTED = re.compile(r"[ \t]+(?!\d+[.)]|[-*•])\S")
_CLOSED = (".", ";", ":")


def _closed_before(note: str, at: int, marks: tuple[str, ...]) -> bool:
    """Whether the text before `at`, trailing spaces and breaks aside, ends in one of the marks: looked up from
    `at` backwards, never by slicing the note from its start."""
    while at > 0 and note[at - 1].isspace():
        at -= 1
    return at > 0 and note[at - 1] in marks
_WORDS = re.compile(r"[A-Za-z][A-Za-z\-]*")
_LEADING_PUNCTUATION = " \t\n,:;-"


def _run_on_length(note: str, at: int) -> int:
    start, end = run_on_bounds(note, at)
    return end - start


def run_on_bounds(note: str, at: int) -> tuple[int, int]:
    """The line of `at`, or its whole paragraph when that is a dictation hard-wrapped at a fixed width whose
    fields run on ("... Weight 8.1 kg. PREOPERATIVE DIAGNOSIS:\nAcquired subglottic stenosis ..."): most of its
    lines break mid-sentence. Its breaks carry no more meaning than a long line's."""
    start, end = note.rfind("\n\n", 0, at), note.find("\n\n", at)
    start, end = (start + 2 if start >= 0 else 0), (end if end >= 0 else len(note))
    lines = note[start:end].split("\n")
    wrapped = sum(1 for line in lines[:-1] if line.rstrip() and not line.rstrip().endswith(_CLOSED))
    if end - start >= _LOST_BREAKS_LINE and len(lines) >= _WRAPPED_LINES and wrapped * 2 >= len(lines) - 1:
        return start, end
    return line_bounds(note, at)


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
    # a heading lists procedures; prose runs on in sentences. A list of numbered lines, each a sentence, is still a
    # list: "1. Bilateral endoscopic sphenoidotomy. ... 5. Endoscopic endonasal ... resection of pituitary
    # macroadenoma." (blind h70-05)
    if len(_LIST_LINE.findall(text)) >= 2:
        return False
    return len(text) > reading.narrative_min_chars and len(_SENTENCE_BREAK.findall(text)) >= 2


def _ends_a_heading_line(note: str, inline: re.Match, labels: list[re.Match], reading: ProcedureReading) -> bool:
    """A label in capitals that a procedure heading's line runs on into, however short the line: "PROCEDURE:
    Bilateral inguinal hernia repair. FINDINGS: ... DESCRIPTION: ..." names no procedure after the heading's
    item (blind h67-40, where the findings and description were read as the heading's)."""
    caps = inline.group("caps")
    # a label of a known block ("FINDINGS", "DESCRIPTION"), not an item's own colon ("2. CHOLANGIOGRAM: normal")
    if not (caps.isupper() and len(caps) >= _FIELD_MIN and label_role(caps, reading) != "other"):
        return False
    line_start = note.rfind("\n", 0, inline.start()) + 1
    at_line = [label for label in labels if line_start <= label.start() < inline.start()]
    return bool(at_line) and label_role(_title_of(at_line[-1]), reading) == "heading"


def _title_of(label: re.Match) -> str:
    groups = label.groupdict()
    return (groups.get("title") or groups.get("caps") or groups.get("line")).strip()


def read_blocks(note: str, reading: ProcedureReading) -> list[Block]:
    """Blocks in note order; text before the first label is one `unlabeled` block."""
    labels = list(_LABEL.finditer(note))
    # a field of no role ends the block before it when it is a word-long label ("... case. SURGEON: Dr. K.
    # Monroe. ASSISTANT: ..." is no more procedure heading); "CT:" or "BP:" in a sentence are not fields
    found = sorted([*((m, len(m.group("caps")) >= _FIELD_MIN) for m in _INLINE_LABEL.finditer(note)),
                    *((m, False) for m in _BARE_INLINE_LABEL.finditer(note))], key=lambda item: item[0].start())
    inline = [m for m, field in found if (field or label_role(m.group("caps"), reading) != "other")
              and (_run_on_length(note, m.start()) >= _LOST_BREAKS_LINE
                   or _ends_a_heading_line(note, m, labels, reading))
              and not any(label.start() <= m.start() < label.end() for label in labels)]
    labels = sorted(labels + inline, key=lambda m: m.start())
    blocks: list[Block] = []
    if not labels or labels[0].start() > 0:
        blocks.append(Block(title="", role="unlabeled", start=0, end=labels[0].start() if labels else len(note)))
    for i, match in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(note)
        title = _title_of(match)
        role = label_role(title, reading)
        if role == "heading" and _reads_as_narrative(note[match.end():end], reading):
            role = "description"  # "PROCEDURE: The patient was taken to the operating room..."
        blocks.append(Block(title=title, role=role, start=match.start(), end=end, content_start=match.end(),
                            statement_end=_statement_end(note, match.end(), end)))
    return _same_as_preoperative(note, blocks, reading)


def _statement_end(note: str, content_start: int, end: int) -> int | None:
    """Where the label's statement closes: the end of the first line from the label's own that ends in a period
    and is not gone on with ("PMH: carpal tunnel release under" / "  general anesthesia."); None when the label
    heads what follows ("PMH:" over a list) or its statement runs to the block's end."""
    _, line_end = line_bounds(note, content_start)
    if not note[content_start:line_end].strip():
        return None
    while line_end < end:
        goes_on = _WRAPPED.match(note, line_end + 1) or _INDENTED.match(note, line_end + 1)
        if _closed_before(note, line_end, (".", ";")) and not goes_on:
            return line_end
        _, line_end = line_bounds(note, line_end + 1)
    return None


def _same_as_preoperative(note: str, blocks: list[Block], reading: ProcedureReading) -> list[Block]:
    """"POSTOPERATIVE DIAGNOSIS: Same.": the preoperative diagnosis is what was found ("supraumbilical")."""
    same = any(b.role == "postop_diagnosis" and re.match(r"[\s,:]*same\b", note[b.content_start:b.end], re.I)
               for b in blocks)
    if not same:
        return blocks
    preop = set(reading.preoperative_words)
    return [b.model_copy(update={"role": "postop_diagnosis"})
            if b.role == "other" and preop & set(re.findall(r"[A-Z\-]+", b.title.upper())) else b for b in blocks]


# "...femoral hernia, McVay repair. 2) Segmental resection of the distal ileum": a numbered item that runs on in the
# same line (the dictation lost its breaks) is an item of its own; so is each part of a list the dictation
# separated by semicolons ("thoracotomy; pericardiotomy with evacuation...; repair of right ventricular laceration")
_INLINE_NUMBER = re.compile(r"(?<=[.;,])\s+(?=\(?\d{1,2}[.)]\s+[A-Za-z])|(?<=;)\s+(?=[A-Za-z])")


def heading_items(note: str, block: Block):
    """(start, end) of each item of a heading block, a numbered item run on in the line split from the one
    before."""
    for start, end in _line_items(note, block):
        for joint in _INLINE_NUMBER.finditer(note, start, end):
            if note.count("(", start, joint.start()) > note.count(")", start, joint.start()):
                continue  # "(with biopsies; cold snare)": inside parentheses the item goes on
            yield start, joint.start()
            start = joint.end()
        yield start, end


def _line_items(note: str, block: Block):
    """(start, end) of the first sentence of each line of a block: a heading names its procedures
    there; what follows on the line is commentary ("...prostate:  Digital rectal exam showed...").
    A line that starts in lower case goes on with the line before: with its open item when the dictation
    was wrapped ("...intraocular lens" / "implantation, right eye"), else with its commentary."""
    start = None  # the item still open at the end of the line before
    previous_end = -2  # where the line before ended
    for line in _LINE.finditer(note, block.content_start, block.end):
        goes_on = previous_end == line.start() - 1 and bool(
            _WRAPPED.match(note, line.start())
            or (start is not None and _INDENTED.match(note, line.start())
                and not _closed_before(note, previous_end, _CLOSED)))
        if start is not None and not goes_on:
            yield start, previous_end
            start = None
        previous_end = line.end()
        if goes_on and start is None:
            continue  # commentary of the line before, wrapped
        stop = _ITEM_END.search(note, line.start(), line.end())
        start = line.start() if start is None else start
        if stop or note[line.start():line.end()].rstrip()[-1:] in (".", ";"):
            yield start, stop.start() + 1 if stop else line.end()
            start = None
    if start is not None:
        yield start, previous_end


def block_at(blocks: list[Block], offset: int) -> Block | None:
    at = bisect_right([b.start for b in blocks], offset) - 1
    return blocks[at] if at >= 0 else None


def tells_the_past(block: Block | None, words: list[str]) -> bool:
    """Whether the block's label has one of the words that say it tells the past ("Prenatal hx", "INDICATIONS")."""
    return bool(block) and bool(set(re.findall(r"[A-Z]+", block.title.upper())) & set(words))


def role_at(blocks: list[Block], offset: int, note: str | None = None) -> str:
    """The role of the block at an offset; commentary after a heading item reads as description."""
    starts = [b.start for b in blocks]
    at = bisect_right(starts, offset) - 1
    if at < 0:
        return "unlabeled"
    block = blocks[at]
    if block.role == "heading" and note is not None and offset >= block.content_start:
        if not any(start <= offset < end for start, end in heading_items(note, block)):
            return "description"
    return block.role


def read_anesthesia_blocks(note: str, facts, knowledge, recorder) -> None:
    """"ANESTHESIA: General inhalational..." and "ANESTHESIA:   Local." name the technique by the value's first
    words, which the phrase matcher does not know alone."""
    from assistant.models import Technique

    values = sorted(((str(v).lower(), kind) for kind, words in knowledge.anesthesia_block_values.items()
                     for v in words), key=lambda item: -len(item[0]))
    for block in facts.blocks:
        if block.role != "anesthesia" or any(block.start <= recorder.get(t.evidence_id).start < block.end
                                             for t in facts.techniques if t.kind != "local"):
            continue
        content = note[block.content_start:block.end]
        value = content.lstrip(_LEADING_PUNCTUATION).lower()
        found = next(((v, kind) for v, kind in values if re.match(re.escape(v) + r"\b", value)), None)
        if found:  # the value's first words name the technique: "General inhalational anesthetic with caudal block"
            start = block.content_start + len(content) - len(content.lstrip(_LEADING_PUNCTUATION))
            evidence_id = recorder.add(start, start + len(found[0]), "TECHNIQUE")
            facts.techniques.append(Technique(kind=found[1], administered_by="anesthesia", evidence_id=evidence_id))
