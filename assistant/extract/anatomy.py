"""Anatomy x action: a heading line that names a body part and a surgical action lands in that body
part's anesthesia section even when no procedure wording of the code table matched it."""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.catalog import AnatomyGroup, ProcedureReading
from assistant.extract.blocks import heading_items, line_bounds, run_on_bounds
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.procedures import INTEGUMENTARY
from assistant.models import Facts, Procedure

_WORD = re.compile(r"[a-z][a-z'\-]*")


def _word_matches(term: str, word: str) -> bool:
    """`*ectomy` is a suffix, `hernior*` a prefix, anything else the whole word."""
    if term.startswith("*"):
        return word.endswith(term[1:])
    if term.endswith("*"):
        return word.startswith(term[:-1])
    return word == term


_PATTERNS: dict[int, list[tuple[re.Pattern, AnatomyGroup, int]]] = {}


def _anatomy_patterns(reading: ProcedureReading) -> list[tuple[re.Pattern, AnatomyGroup, int]]:
    """(pattern, code, length) for every anatomy term, longest first (built once per catalog)."""
    if id(reading) in _PATTERNS:
        return _PATTERNS[id(reading)]
    out = []
    for group in reading.anatomy:
        for term in group.terms:
            words = [re.escape(w) for w in term.lower().rstrip("*").split()]
            tail = r"\w*" if term.endswith("*") else r"\b"  # "cavernos*" is a prefix
            out.append((re.compile(r"\b" + r"\s+".join(words) + tail), group, len(term)))
    _PATTERNS[id(reading)] = sorted(out, key=lambda item: -item[2])
    return _PATTERNS[id(reading)]


def _without_graft_materials(lowered: str, reading: ProcedureReading) -> str:
    """The text with each graft source and the word after it blanked, offsets kept ("bovine pericardium")."""
    pattern = _graft_material_pattern(tuple(reading.graft_sources))
    return pattern.sub(lambda m: " " * len(m.group()), lowered) if pattern else lowered


@lru_cache(maxsize=4)
def _graft_material_pattern(sources: tuple[str, ...]) -> re.Pattern | None:
    """Built once per catalog, not on every anatomy look-up."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sources)) + r")\s+\w+") if sources else None


def _padded(text: str) -> str:
    """The text's words, lower case, one space apart and padded: phrases match as " deep soft tissue "."""
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def _names_phrase(text: str, phrases: list[str]) -> bool:
    padded = _padded(text)
    return any(f" {phrase} " in padded for phrase in phrases)


def has_action(text: str, reading: ProcedureReading) -> bool:
    words = _WORD.findall(text.lower())
    return any(_word_matches(a, w) for a in reading.actions for w in words)


@lru_cache(maxsize=4)
def _combining_forms(actions: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(a[1:] for a in actions if a.startswith("*"))


def same_action(word: str, action: str, reading: ProcedureReading) -> bool:
    """One action in two words of five letters or more: "resect" and "resection" share their first five; a word
    built on a combining form of rules/procedure_reading.yaml ("orchiectomy", "orchiopexy") names its organ and
    must be the same word."""
    if len(word) < 5:
        return False
    forms = _combining_forms(tuple(reading.actions))
    return word == action or (word[:5] == action[:5] and not word.endswith(forms) and not action.endswith(forms))


def class_of(text: str, reading: ProcedureReading) -> str | None:
    """The first procedure class whose words the text names: an artery, a vein, a nerve or tendon."""
    words = _WORD.findall(text.lower())
    return next((name for name, terms in reading.procedure_classes.items()
                 if any(_word_matches(t, w) for t in terms for w in words)), None)


def beneath_skin(text: str, reading: ProcedureReading) -> bool:
    """The text places its mass under the fascia ("intramuscular lipoma", "deep soft tissue mass")."""
    return _names_phrase(text, reading.beneath_skin)


def find_anatomy(text: str, reading: ProcedureReading, approach: str | None = None,
                 class_text: str | None = None) -> tuple[str, int, int] | None:
    """(code, start, end) of the longest anatomy term in the text. The approach may pick another code, and so
    may the procedure class (an artery, a vein, a tendon of the region); a mass beneath the fascia is not
    skin: it takes the soft-tissue code of the region named beside it, when one is. The class and depth are read
    from `class_text` when the body part comes from the rest of its item ("release of the median nerve" beside
    "brachial artery")."""
    lowered = _without_graft_materials(text.lower(), reading)
    deep = beneath_skin(class_text or text, reading)
    klass = "soft_tissue" if deep else class_of(class_text or text, reading)
    patterns = _anatomy_patterns(reading)
    skin = next(((INTEGUMENTARY, m.start(), m.end()) for pattern, group, _ in patterns
                 if group.code == INTEGUMENTARY and (m := pattern.search(lowered))), None)
    for pattern, group, _ in patterns:
        if group.code == INTEGUMENTARY and deep:
            continue
        match = pattern.search(lowered)
        if not match:
            continue
        if deep and skin and "soft_tissue" not in group.by_class:
            continue
        if skin and not deep and klass is None and "soft_tissue" in group.by_class:
            return skin  # "anterior abdominal wall (skin/subcutaneous)": the region's skin, not its muscles
        code = group.by_approach.get(approach or "") or group.by_class.get(klass or "") or group.code
        return code, match.start(), match.end()
    return skin


def deepen_soft_tissue(note: str, facts: Facts, reading: ProcedureReading, recorder: EvidenceRecorder) -> None:
    """A skin-and-soft-tissue wording of the code table ("excision of lipoma") whose line puts the mass under
    the fascia of a limb region takes that region's soft-tissue code instead of the skin zone's."""
    for index, procedure in enumerate(facts.procedures):
        evidence = recorder.get(procedure.evidence_id) if INTEGUMENTARY in procedure.candidate_codes else None
        if evidence is None:
            continue
        start, end = line_bounds(note, evidence.start)
        line = note[max(start, evidence.start - 80): min(end, evidence.end + 80)]
        found = find_anatomy(line, reading) if beneath_skin(line, reading) else None
        if found and found[0] != INTEGUMENTARY:
            codes = [found[0] if c == INTEGUMENTARY else c for c in procedure.candidate_codes]
            facts.procedures[index] = procedure.model_copy(update={"candidate_codes": codes})


def approach_of(text: str, reading: ProcedureReading) -> str | None:
    """The first approach whose words the text names (whole words)."""
    return reading.approach_in(_padded(text))


def compose_line(line: str, reading: ProcedureReading) -> tuple[str, int, int] | None:
    """(code, start, end) of the anatomy that a clause with a surgical action names, or None."""
    return find_anatomy(line, reading) if has_action(line, reading) else None


# an item may run over a wrapped line; a parenthesis stays with its clause ("muscle (for histology, electron
# microscopy, ...)" says what the specimen is for, no procedure of its own)
_CLAUSE = re.compile(r"(?:[^,;(]|\([^()]*\)?)+")
_AND = re.compile(r"\s+and\s+|\s+as well as\s+", re.I)


def _clauses(note: str, start: int, end: int):
    """(start, end, part_start, part_end) of each clause of a heading item, split at commas, semicolons and
    'and'; clauses joined by 'and' share their part ("Removal and reapplication of short leg cast")."""
    for item in _CLAUSE.finditer(note, start, end):
        position = item.start()
        for joint in _AND.finditer(note, item.start(), item.end()):
            yield position, joint.start(), item.start(), item.end()
            position = joint.end()
        yield position, item.end(), item.start(), item.end()


_DENIED_PART = re.compile(r"\b(?:no|not|without)\b[^,;()]*", re.I)


def _undenied(clause: str) -> str:
    """The clause without what it denies: "neck (no debridement of these areas)" does nothing to the neck."""
    return _DENIED_PART.sub(" ", clause)


def _continues(clause: str, reading: ProcedureReading) -> bool:
    words = _WORD.findall(clause.lower())
    return bool(words) and words[0] in reading.continuation_words


def add_procedures_by_anatomy(note: str, facts: Facts, reading: ProcedureReading, recorder: EvidenceRecorder) -> None:
    """Heading clauses that no code-table wording matched become procedures by anatomy x action. The body
    part may stand in another clause of the item ("Distal amputation, left hallux"), or, for a heading that
    names none ("debridement of above"), in the postoperative diagnosis."""
    # every wording of the code table the matcher found, asserted or not: a planned or negated procedure
    # is still that procedure, not a body part to compose
    coded = [e for e in recorder.items if e.label == "PROCEDURE"]
    # an approach alone ("diagnostic laparoscopy") says nothing of the body part: what it goes on to do
    # ("with biopsy of liver lesion") still composes, and places the case in the upper or lower abdomen
    approach_only = {p.evidence_id for p in facts.procedures if set(p.candidate_codes) <= set(p.approach_codes)}
    definitive = [e for e in coded if e.id not in approach_only]
    # a wording the note says was not done ("THE RADICAL HYSTERECTOMY WAS NOT PERFORMED") defines no item: the
    # item's other clauses still compose
    not_done = {i for ids in facts.not_done_evidence_ids.values() for i in ids}
    postop = " ".join(note[b.content_start:b.end] for b in facts.blocks if b.role == "postop_diagnosis")
    for block in facts.blocks:
        if block.role != "heading":
            continue
        found_any = any(block.start <= e.start < block.end for e in coded)
        block_approach = approach_of(note[block.content_start:block.end], reading)
        action_only = None
        for item_start, item_end in heading_items(note, block):
            # an item with a code-table wording keeps it: another clause adds a procedure of its own only when
            # it names its own approach ("cystoscopy, ... and open renal biopsy"), and never borrows the item's
            # body part ("2.0 cm excised diameter"); a continuing clause ("with ... placement") adds nothing
            item_coded = any(item_start <= e.start < item_end for e in coded if e.id not in not_done)
            item_defined = any(item_start <= e.start < item_end for e in definitive if e.id not in not_done)
            for start, end, part_start, part_end in _clauses(note, item_start, item_end):
                clause = note[start:end]
                if any(start <= e.start < end for e in definitive) or not has_action(_undenied(clause), reading) \
                        or _names_phrase(note[part_start:part_end], reading.access_words) \
                        or _names_phrase(clause, reading.wound_care_words):  # "debridement and wound vac placement"
                    continue
                clause_approach = approach_of(clause, reading)
                if item_defined and (_continues(clause, reading) or clause_approach is None):
                    continue
                approach = clause_approach or block_approach
                found = find_anatomy(clause, reading, approach)
                if found is None and not item_coded:
                    # the procedure class stays the clause's own, or what it shares through 'and': the item's
                    # "brachial artery" makes no artery procedure of its "release of the median nerve"
                    class_text = clause if class_of(clause, reading) else note[start:part_end]
                    found = find_anatomy(note[item_start:item_end], reading, approach, class_text)
                    # the item names the body part: the clause is the evidence
                    found = (found[0], 0, end - start) if found else None
                if found is None:
                    action_only = action_only or (start, end)
                    continue
                code, term_start, term_end = found
                line_start, line_end = run_on_bounds(note, item_start)[0], run_on_bounds(note, item_end)[1]
                beside = any(line_start <= e.start < line_end and not item_start <= e.start < item_end
                             for e in definitive)
                # the approach rules take the clause's own approach, else the heading's scope: "Right hip
                # arthroscopy with: ... femoroplasty" is arthroscopic throughout; another item's "manipulation
                # under anesthesia" makes no closed treatment of this one
                governing = block_approach if block_approach in reading.governing_approaches else None
                _add(facts, recorder, note, code, start + term_start, start + term_end, clause, beside,
                     clause_approach or governing)
                found_any = True
        if not found_any and action_only and (found := find_anatomy(postop, reading)):
            start, end = action_only
            text = note[start:end] + " (site from the postoperative diagnosis)"
            _add(facts, recorder, note, found[0], start, end, text, approach=approach_of(note[start:end], reading))


def _add(facts: Facts, recorder: EvidenceRecorder, note: str, code: str, start: int, end: int, text: str,
         beside_wording: bool = False, approach: str | None = None) -> None:
    evidence_id = recorder.add(start, end, "PROCEDURE")
    # the approach goes on to the approach rules ("closed reduction of the distal femur": closed treatment)
    facts.procedures.append(Procedure(text=text.strip(" ,.\t"), candidate_codes=[code], keyword=[],
                                      evidence_id=evidence_id, role="heading", by_anatomy=True,
                                      beside_wording=beside_wording, approach=approach))
