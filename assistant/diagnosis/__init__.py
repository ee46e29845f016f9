"""Diagnosis coding: the ICD-10-CM codes of a claim (box 21), read from the note (docs/diagnosis.md).

Primary: the condition that made the surgery necessary, from the postoperative diagnosis (else the diagnosis,
the preoperative diagnosis, the indication, and last the procedure heading), matched against the CMS tabular
list (assistant/diagnosis/matcher.py). Secondary: the comorbidities that support the physical status, as the
extraction read them (negated, family and historical mentions are already not asserted there).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.catalog import DiagnosisRules, diagnosis_rules
from assistant.diagnosis import elixhauser
from assistant.diagnosis.codeset import words
from assistant.diagnosis.matcher import matcher
from assistant.extract.blocks import label_role
from assistant.knowledge import load_knowledge
from assistant.models import Diagnosis, Evidence, Facts

DIAGNOSIS_LABEL = "DIAGNOSIS"
_ITEM_NUMBER = re.compile(r"(?:^|(?<=\s))(?:\d{1,2}[.)]|[-*•])\s+")
_SENTENCE = re.compile(r"(?<=[a-z0-9)])[.;]\s+(?=[A-Z])")
_LEADING = " \t\n,:;-."
_INDICATION_CHARS = 400  # an indication is prose: its first sentences name the condition
_MAX_SECONDARY = 11  # box 21 holds 12 codes
_PROCEDURE_LINES = 2  # with no diagnosis block, the lines naming today's procedure may name its condition
# a procedure line names the operation more than the condition: its match must be a strong one
_PROCEDURE_MIN_SCORE = 6.0


@dataclass(frozen=True)
class Statement:
    kind: str  # postop_diagnosis, diagnosis, preop_diagnosis, indication, procedure
    text: str
    start: int
    end: int


def rules() -> DiagnosisRules:
    return diagnosis_rules(str(load_knowledge().rules_dir))


def release_id() -> str:
    return matcher(str(load_knowledge().rules_dir)).codeset.release.id


def _items(note: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each listed item of a block ("1.  Chronic rhinosinusitis...  2.  Septal deviation")."""
    content = note[start:end]
    cuts = [m.end() for m in _ITEM_NUMBER.finditer(content)]
    pieces = []
    if cuts:
        bounds = cuts + [len(content)]
        for a, b in zip(bounds, bounds[1:]):
            stop = _ITEM_NUMBER.search(content, a)
            b = stop.start() if stop and stop.start() < b else b
            pieces.append((a, b))
    else:
        paragraph = re.split(r"\n\s*\n", content.strip(_LEADING) or content)[0]
        offset = content.find(paragraph)
        pieces.append((offset, offset + len(paragraph)))
    out = []
    for a, b in pieces:
        text = content[a:b]
        left = len(text) - len(text.lstrip(_LEADING))
        right = len(text.rstrip(_LEADING + "."))
        if right > left:
            out.append((start + a + left, start + a + right))
    return out


def statements(note: str, facts: Facts) -> list[Statement]:
    """The diagnosis statements of the note, best source first (rules/diagnosis.yaml `order`)."""
    config = rules()
    diagnosis_words = {w.upper() for w in config.diagnosis_words}
    found: dict[str, list[Statement]] = {}
    for block in facts.blocks:
        if block.role == "unlabeled":
            continue
        kind = label_role(block.title, config)
        if kind == "other":
            if block.role == "heading":
                kind = "procedure"
            else:
                continue
        elif kind != "indication" and not {w.upper() for w in re.findall(r"[A-Za-z]+", block.title)} & diagnosis_words:
            continue
        if kind in found:
            continue
        items = _items(note, block.content_start, block.end)
        if kind == "indication" and items:
            start, end = items[0]
            end = min(end, start + _INDICATION_CHARS)
            items = [(start, end)]
        found[kind] = [Statement(kind, " ".join(note[a:b].split()), a, b) for a, b in items]
    same = {w.lower() for w in config.same_as_words}
    postop = found.get("postop_diagnosis")
    if postop and found.get("preop_diagnosis"):
        first = postop[0].text.lower()
        said_same = next((w for w in sorted(same, key=len, reverse=True) if first == w or first.startswith(w + " ")
                          or first.startswith(w + ",")), None)
        if said_same:  # "Same, superficial lobe": the preoperative diagnosis, with what the surgeon added
            rest = postop[0].text[len(said_same):].strip(_LEADING)
            pre = found["preop_diagnosis"][0]
            found["postop_diagnosis"] = [Statement("postop_diagnosis", f"{pre.text} {rest}".strip(), pre.start, pre.end)]
    order = [*config.order, "procedure"]
    out = [s for kind in order for s in found.get(kind, [])]
    seen = {(s.start, s.end) for s in out}
    for procedure in sorted(facts.procedures, key=lambda p: p.role != "heading")[:_PROCEDURE_LINES]:
        evidence = facts.evidence_by_id(procedure.evidence_id)
        if evidence is None:
            continue
        start, end = _line_span(note, evidence.start, evidence.end)
        if (start, end) not in seen and not any(s.start <= evidence.start < s.end for s in out):
            seen.add((start, end))
            out.append(Statement("procedure", " ".join(note[start:end].split()), start, end))
    return out


def _line_span(note: str, start: int, end: int) -> tuple[int, int]:
    """The line a mention stands on, without its label ("Op note: Excision of ...")."""
    line_start = note.rfind("\n", 0, start) + 1
    line_end = note.find("\n", end)
    line_end = len(note) if line_end < 0 else line_end
    label = re.match(r"[ \t]*[A-Za-z][A-Za-z /&()#'-]{0,40}:[ \t]*", note[line_start:start])
    if label:
        line_start += label.end()
    return line_start, len(note[:line_end].rstrip(_LEADING))


def _evidence(facts: Facts, start: int, end: int, text: str) -> str:
    for e in facts.evidence:
        if e.label == DIAGNOSIS_LABEL and (e.start, e.end) == (start, end):
            return e.id
    number = sum(1 for e in facts.evidence if e.label == DIAGNOSIS_LABEL) + 1
    facts.evidence.append(Evidence(id=f"DX{number}", start=start, end=end, text=text, label=DIAGNOSIS_LABEL))
    return f"DX{number}"


def _line_of(note: str, start: int, end: int) -> str:
    line_start = note.rfind("\n", 0, start) + 1
    line_end = note.find("\n", end)
    return note[line_start: line_end if line_end >= 0 else len(note)].lower()


def _refined(name: str, line: str, config: DiagnosisRules) -> str | None:
    entry = config.comorbidity_codes.get(name)
    if entry is None:
        return None
    for refinement in entry.refine:
        if any(re.search(rf"(?<![a-z0-9]){re.escape(w.lower())}(?![a-z0-9])", line) for w in refinement.words):
            return refinement.code
    return entry.code


def primary(note: str, facts: Facts) -> Diagnosis | None:
    """The first statement, in the order of sources, that the code set matches."""
    match_with = matcher(str(load_knowledge().rules_dir))
    release = match_with.codeset.release.id
    for statement in statements(note, facts):
        match = match_with.best(statement.text)
        if match is None or (statement.kind == "procedure" and match.score < _PROCEDURE_MIN_SCORE):
            continue
        quote = note[statement.start:statement.end]
        evidence_id = _evidence(facts, statement.start, statement.end, quote)
        return Diagnosis(code=match.code, description=match.description, role="primary", source=statement.kind,
                         evidence_ids=[evidence_id], quote=" ".join(quote.split()), specific=not match.unspecified,
                         elixhauser=elixhauser.categories(match.code), release=release,
                         reason=f"read from the {statement.kind.replace('_', ' ')}")
    return None


def secondaries(note: str, facts: Facts, taken: set[str]) -> list[Diagnosis]:
    """The asserted comorbidities, coded (rules/diagnosis.yaml comorbidity_codes), in note order."""
    config = rules()
    codeset = matcher(str(load_knowledge().rules_dir)).codeset
    out: list[Diagnosis] = []
    mentions = [(facts.evidence_by_id(c.evidence_id), c) for c in facts.comorbidities if c.asserted]
    for evidence, comorbidity in sorted((m for m in mentions if m[0]), key=lambda m: m[0].start):
        code = _refined(comorbidity.name, _line_of(note, evidence.start, evidence.end), config)
        if not code or code in taken or not codeset.billable(code):
            continue
        taken.add(code)
        out.append(Diagnosis(code=code, description=codeset.description(code), role="secondary", source="comorbidity",
                             evidence_ids=[evidence.id], quote=" ".join(evidence.text.split()),
                             elixhauser=elixhauser.categories(code), release=codeset.release.id,
                             reason=f"comorbidity '{comorbidity.name}' (supports the physical status)"))
    return out[:_MAX_SECONDARY]


def code_diagnoses(note: str, facts: Facts) -> list[Diagnosis]:
    """The rules' diagnoses of one case: the primary first, then the comorbidities that support P."""
    first = primary(note, facts)
    taken = {first.code} if first else set()
    return ([first] if first else []) + secondaries(note, facts, taken)


def statement_words(text: str) -> frozenset[str]:
    return matcher(str(load_knowledge().rules_dir)).statement_words(text)


__all__ = ["code_diagnoses", "statements", "primary", "secondaries", "release_id", "words", "statement_words"]
