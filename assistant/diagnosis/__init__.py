"""Diagnosis coding: the ICD-10-CM codes of a claim (box 21), read from the note (docs/diagnosis.md).

Primary: the condition that made the surgery necessary, from the postoperative diagnosis (else the diagnosis,
the preoperative diagnosis, the indication, and last the procedure heading), matched against the CMS tabular
list (assistant/diagnosis/matcher.py). Secondary: the comorbidities that support the physical status, as the
extraction read them (negated, family and historical mentions are already not asserted there).
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from assistant.catalog import DiagnosisRules, diagnosis_rules
from assistant.diagnosis import elixhauser
from assistant.diagnosis.codeset import words
from assistant.diagnosis.matcher import matcher
from assistant.extract.blocks import label_role
from assistant.knowledge import load_knowledge
from assistant.models import Diagnosis, Facts

# words just before a condition that make it not the patient's current one (a denial, a relative, the past)
NOT_ASSERTED_BEFORE = re.compile(r"\b(?:no|denies|denied|negative for|without|ruled out|rule out|r/o|free of|"
                                 r"absence of|family history|mother|father|sister|brother|history of|h/o|hx of|s/p|"
                                 r"status post|"
                                 r"resolved|remote)\b[^.;\n]{0,40}$", re.IGNORECASE)
_FALLBACK_KINDS = ("procedure", "narrative")
_ITEM_NUMBER = re.compile(r"(?:^|(?<=\s))(?:\d{1,2}[.)]|[-*•])\s+")
_TITLE_LINE = re.compile(r"\s*[A-Z][A-Z0-9 /&()#'-]+\n")
_SENTENCE_STOP = re.compile(r"[.!?](?=\s)|\n[ \t]*\n|\n(?=[ \t]*[A-Z][A-Za-z /&()#'-]{0,40}:)")
# "PMH:", "Meds:" inside a line: what follows is another part of the record
_INLINE_LABEL = re.compile(r"(?:^|(?<=[\s.;]))[A-Z][A-Za-z/&()#'-]{1,20}(?: [A-Za-z/&()#'-]{1,20}){0,3}:(?=\s)")
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
        for a, b in itertools.pairwise(bounds):
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
        said_same = next((w for w in sorted(same, key=len, reverse=True)
                          if first == w or first.startswith((w + " ", w + ","))), None)
        if said_same:  # "Same, superficial lobe": the preoperative diagnosis, with what the surgeon added
            rest = postop[0].text[len(said_same):].strip(_LEADING)
            pre = found["preop_diagnosis"][0]
            same_as_pre = Statement("postop_diagnosis", f"{pre.text} {rest}".strip(), pre.start, pre.end)
            found["postop_diagnosis"] = [same_as_pre]
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
    return out + _narrative(note, facts, config, out)


def _narrative(note: str, facts: Facts, config: DiagnosisRules, taken: list[Statement]) -> list[Statement]:
    """With no diagnosis block, the first sentences outside the history that name a condition word."""
    if any(s.kind in config.order for s in taken) or not config.narrative_sentences:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in config.condition_words) + r")s?\b", re.IGNORECASE)
    history = {s for s in load_knowledge().sections.get("history_sections", [])} | {"family_history"}
    out: list[Statement] = []
    for hit in pattern.finditer(note):
        if any(s.start <= hit.start() < s.end for s in [*taken, *out]):
            continue
        if NOT_ASSERTED_BEFORE.search(note[max(0, hit.start() - 60):hit.start()]):
            continue  # "History of right breast cancer s/p mastectomy": not today's reason
        section = next((name for name, a, b in facts.sections if a <= hit.start() < b), None)
        if section in history:
            continue
        start, end = _line_span(note, hit.start(), hit.end())
        out.append(Statement("narrative", " ".join(note[start:end].split()), start, end))
        if len(out) >= config.narrative_sentences:
            break
    return out


def _line_span(note: str, start: int, end: int) -> tuple[int, int]:
    """The sentence a mention stands in (a wrapped line continues it), after any label ("Op note: Excision
    of ...") and before the next one ("... lipoma. PMH: HTN")."""
    before = [m.end() for m in _SENTENCE_STOP.finditer(note, max(0, start - 300), start)]
    sentence_start = before[-1] if before else max(0, start - 300)
    after = _SENTENCE_STOP.search(note, end)
    sentence_end = after.start() + 1 if after else len(note)
    labels = [m.end() for m in _INLINE_LABEL.finditer(note, sentence_start, start)]
    if labels:
        sentence_start = labels[-1]
    label_after = _INLINE_LABEL.search(note, end, sentence_end)
    if label_after:
        sentence_end = label_after.start()
    text = note[sentence_start:sentence_end]
    title = _TITLE_LINE.match(text)  # "OPERATIVE NOTE" on the line above
    if title:
        sentence_start += title.end()
        text = text[title.end():]
    left = len(text) - len(text.lstrip(_LEADING))
    return sentence_start + left, sentence_start + len(text.rstrip(_LEADING + "."))


def _refined(name: str, line: str, config: DiagnosisRules) -> str | None:
    entry = config.comorbidity_codes.get(name)
    if entry is None:
        return None
    for refinement in entry.refine:
        if any(re.search(rf"(?<![a-z0-9]){re.escape(w.lower())}(?![a-z0-9])", line) for w in refinement.words):
            return refinement.code
    return entry.code


def primary(note: str, facts: Facts, secondary_codes: frozenset[str] = frozenset()) -> Diagnosis | None:
    """The first statement, in the order of sources, that the code set matches; a statement whose best code is
    one of the comorbidities ("Sebaceous cyst of the chest wall, HTN") names the patient's history, not the
    reason for today's surgery, unless it stands in a diagnosis block."""
    match_with = matcher(str(load_knowledge().rules_dir))
    release = match_with.codeset.release.id
    fallback = None  # with no diagnosis block, the strongest of the procedure and narrative sentences
    for statement in statements(note, facts):
        match = match_with.best(statement.text)
        if match is None or (statement.kind in _FALLBACK_KINDS and match.score < _PROCEDURE_MIN_SCORE):
            continue
        if match.code in secondary_codes and statement.kind in ("indication", *_FALLBACK_KINDS):
            continue
        if statement.kind in _FALLBACK_KINDS:
            if fallback is None or match.score > fallback[1].score:
                fallback = (statement, match)
            continue
        return _primary_of(note, facts, statement, match, release)
    return _primary_of(note, facts, *fallback, release) if fallback else None


def _primary_of(note: str, facts: Facts, statement: Statement, match, release: str) -> Diagnosis:
    quote = note[statement.start:statement.end]
    # the span stays on the diagnosis, not among the extraction's evidence: a statement would cover the
    # procedure and comorbidity spans inside it wherever evidence is drawn
    return Diagnosis(code=match.code, description=match.description, role="primary", source=statement.kind,
                     start=statement.start, end=statement.end, quote=" ".join(quote.split()),
                     specific=not match.unspecified,
                     elixhauser=elixhauser.categories(match.code), release=release,
                     reason=f"read from the {statement.kind.replace('_', ' ')}")


def _also(name: str, line: str, config: DiagnosisRules) -> list[str]:
    entry = config.comorbidity_codes.get(name)
    return [a.code for a in (entry.also if entry else []) if any(
        re.search(rf"(?<![a-z0-9]){re.escape(w.lower())}(?![a-z0-9])", line) for w in a.words)]


def _bmi_code(name: str, config: DiagnosisRules) -> str | None:
    value = re.match(r"BMI (\d+(?:\.\d+)?)", name)
    if not value:
        return None
    floor = [int(k) for k in config.bmi_codes if int(k) <= float(value.group(1))]
    return config.bmi_codes[str(max(floor))] if floor else None


def secondaries(note: str, facts: Facts, taken: set[str]) -> list[Diagnosis]:
    """The asserted comorbidities, coded (rules/diagnosis.yaml comorbidity_codes), in note order; hypertension
    with heart failure or kidney disease as its combination code; a BMI beside an obesity diagnosis."""
    config = rules()
    codeset = matcher(str(load_knowledge().rules_dir)).codeset
    out: list[Diagnosis] = []
    mentions = [(facts.evidence_by_id(c.evidence_id), c) for c in facts.comorbidities if c.asserted]
    mentions = sorted((m for m in mentions if m[0]), key=lambda m: m[0].start)
    names = {c.name for _, c in mentions}
    combination = next((c.code for c in config.hypertension_combinations if set(c.with_) <= names), None)
    obese = bool(names & {"obesity", "morbid obesity"})
    risk_words = re.compile(r"\b(?:" + "|".join(map(re.escape, config.not_patient_sentence_words)) + r")\b")
    for evidence, comorbidity in mentions:
        line = note[slice(*_line_span(note, evidence.start, evidence.end))].lower()  # its sentence, wrapped or not
        if config.not_patient_sentence_words and risk_words.search(line):
            continue  # "the risks of anesthesia, bleeding, infection, MI, DVT were discussed"
        code = _refined(comorbidity.name, line, config)
        if comorbidity.name == "hypertension" and combination:
            code = combination
        if code is None and obese:
            code = _bmi_code(comorbidity.name, config)
        for each in [code, *_also(comorbidity.name, line, config)]:
            if not each or each in taken or not codeset.billable(each):
                continue
            taken.add(each)
            out.append(Diagnosis(code=each, description=codeset.description(each), role="secondary",
                                 source="comorbidity", evidence_ids=[evidence.id],
                                 start=evidence.start, end=evidence.end,
                                 quote=" ".join(evidence.text.split()),
                                 elixhauser=elixhauser.categories(each), release=codeset.release.id,
                                 reason=f"comorbidity '{comorbidity.name}' (supports the physical status)"))
    return out[:_MAX_SECONDARY]


def listed(note: str, facts: Facts, first: Diagnosis, taken: set[str]) -> list[Diagnosis]:
    """The other diagnoses listed in the block the primary was read from ("2.  Septal deviation")."""
    match_with = matcher(str(load_knowledge().rules_dir))
    out = []
    for statement in statements(note, facts):
        if statement.kind != first.source or (statement.start, statement.end) == (first.start, first.end):
            continue
        match = match_with.best(statement.text)
        if match is None or match.code in taken:
            continue
        taken.add(match.code)
        quote = note[statement.start:statement.end]
        out.append(Diagnosis(code=match.code, description=match.description, role="secondary", source=statement.kind,
                             start=statement.start, end=statement.end,
                             quote=" ".join(quote.split()), specific=not match.unspecified,
                             elixhauser=elixhauser.categories(match.code), release=first.release,
                             reason=f"also listed in the {statement.kind.replace('_', ' ')}"))
    return out


def code_diagnoses(note: str, facts: Facts) -> list[Diagnosis]:
    """The rules' diagnoses of one case: the primary first, the other diagnoses its block lists, then the
    comorbidities that support P."""
    others = secondaries(note, facts, set())
    first = primary(note, facts, frozenset(d.code for d in others))
    if first is None:
        return others
    taken = {first.code, *(d.code for d in others)}
    more = listed(note, facts, first, taken) if first.source in rules().order else []
    return ([first, *more] + [d for d in others if d.code != first.code])[:_MAX_SECONDARY + 1]


def warm_up() -> None:
    """Builds the code set index and reads the Elixhauser table now (a worker's start, the app's launch)."""
    matcher(str(load_knowledge().rules_dir))
    elixhauser.table()


def statement_words(text: str) -> frozenset[str]:
    return matcher(str(load_knowledge().rules_dir)).statement_words(text)


__all__ = ["code_diagnoses", "warm_up", "primary", "release_id", "secondaries", "statement_words", "statements",
           "words"]
