"""Reads the concept spans (comorbidities, sites, techniques, circumstances, procedures) into facts."""
from __future__ import annotations

import re
from typing import get_args

from assistant.catalog import ProcedureReading, VariantLabel
from assistant.extract.blocks import role_at
from assistant.extract.charges import names_anesthesia_code, on_charge_line
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.nlp import SPAN_GROUP
from assistant.extract.other_rooms import another_rooms_case
from assistant.extract.procedures import PROCEDURE_HITS
from assistant.extract.recognizers import patterns
from assistant.knowledge import Knowledge
from assistant.models import Comorbidity, Facts, Procedure, Site, Technique

# "3 weeks ago", "a month ago", "recently": how long ago a cardiac event was (recent ones are severe)
_AGO = re.compile(r"""
    (\d+|a|one|two|three|four|five|six|several) \s* (day|week|wk|month|mo|year|yr)s? \s* ago
    | (recent|recently|last\ week|last\ month)
""", re.I | re.X)
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "several": 4}
_MONTHS_PER = {"day": 1 / 30, "week": 0.25, "wk": 0.25, "month": 1, "mo": 1, "year": 12, "yr": 12}
_EMERGENCY_NOT = {"department", "dept", "room", "medicine", "physician", "contact", "drugs", "medications",
                  "equipment", "cart", "airway", "kit", "services", "medical", "cesarean"}
_SURGEON = r"""(?:the\s+)?(?:operating\s+|attending\s+)?(?:[a-z]+\s+)?
                (?:surgeon|surgical\ team|podiatrist|dermatologist|proceduralist|obstetrician
                   |delivering\ (?:provider|physician|clinician|midwife))"""  # the pudendal block of a delivery
# who gave a technique: "by the surgeon", "the surgeon injected", "surgeon-administered", "by Dr. X (surgeon)"
_SURGEON_GAVE = re.compile(r"""
    \bby\s+ """ + _SURGEON + r"""
    | \b """ + _SURGEON + r""" \s+ (?:himself\s+|herself\s+)?
        (?:administered|performed|placed|injected|infiltrated|gave|provided|did)\b
    | \bsurgeon[-\ ]administered\b
    | \bper\ (?:the\ )?surgeon\b
    | \bby\s+dr\.?\s+[a-z'\-]+ \s* \((?:the\s+)?(?:operating\s+)?surgeon\)
""", re.I | re.X)


_REASON_LABELS = {
    "MAC_REASON": lambda facts: facts.mac_reason_evidence_ids,
    "COMPLEXITY_G8": lambda facts: facts.g8_complexity_evidence_ids,
    "UNUSUAL_ANESTHESIA": lambda facts: facts.unusual_anesthesia_evidence_ids,
    "USUALLY_LOCAL": lambda facts: facts.usually_local_evidence_ids,
}



def _not_todays_airway(span, knowledge) -> bool:
    before = " " + span.doc[span.sent.start: span.start].text.lower() + " "
    near = " " + span.doc[max(span.sent.start, span.start - 4): span.start].text.lower() + " "
    return any(f" {cue} " in before for cue in knowledge.airway_already_in_place) \
        or any(f" {word} " in near for word in knowledge.intubated_structure)

def _months_ago(sentence: str) -> float | None:
    match = _AGO.search(sentence)
    if not match:
        return None
    if match.group(3):
        return 1.0
    count = _NUMBER_WORDS.get(match.group(1).lower()) or float(match.group(1))
    return count * _MONTHS_PER[match.group(2).lower()]


def _another_organs(span, knowledge: Knowledge) -> bool:
    """"right ureteral stent placement" is no coronary stent: a word of another organ just before the phrase."""
    name = span._.target_rule.metadata["name"]
    words = next(c for c in knowledge.asa["conditions"] if c["name"] == name).get("not_after")
    before = span.doc[max(span.sent.start, span.start - 8): span.start]
    return bool(words) and any(t.lower_ in words for t in before)


def _comorbidity(span, knowledge: Knowledge, evidence_id: str, asserted: bool) -> Comorbidity:
    name = span._.target_rule.metadata["name"]
    condition = next(c for c in knowledge.asa["conditions"] if c["name"] == name)
    sentence = span.sent.text.lower()
    asa_class = condition["class"]
    recent_cardiac = False
    escalate = condition.get("escalate")
    if escalate and any(word in sentence for word in escalate["words"]):
        asa_class = escalate["class"]
    if condition.get("timed"):
        months = _months_ago(sentence)
        if months is not None and months < knowledge.asa["recent_event_months"]:
            asa_class = 4
            recent_cardiac = name in ("myocardial infarction", "coronary stent")
    severe = recent_cardiac or bool(condition.get("cardiopulmonary_severe")) \
        or any(w in sentence for w in condition.get("cardiopulmonary_severe_if", []))
    return Comorbidity(name=name, asa_class=asa_class, cardiopulmonary_severe=severe, evidence_id=evidence_id,
                       asserted=asserted)


def _laterality(span) -> str | None:
    window = span.doc[max(span.start - 3, span.sent.start): span.end + 1].text.lower()
    if re.search(r"\bbilateral|\bboth\b", window):
        return "bilateral"
    if re.search(r"\bleft\b|\blt\b|\(l\)|\bl\b", window):
        return "left"
    if re.search(r"\bright\b|\brt\b|\(r\)|\br\b", window):
        return "right"
    return None


def _administered_by(span, technique_spans: list, other_anesthetic_words: list[str]) -> str:
    """Surgeon-given only when the surgeon phrase belongs to this technique, not to another one
    in the same sentence ("MAC with local by surgeon": the surgeon gave the local)."""
    kind = span._.target_rule.metadata["kind"]
    if kind == "mac":
        return "anesthesia"  # MAC is anesthesia care by definition
    sentence = span.sent
    for match in _SURGEON_GAVE.finditer(sentence.text):
        at = sentence.start_char + match.start()
        if kind in ("general", "sedation", "neuraxial"):
            # a surgeon giving a general anesthetic is rare: the words must attach directly
            gap = span.doc.text[span.end_char:at] if at >= span.end_char else ""
            if not gap or len(gap) > 40 or re.search(r"[,;]", gap):
                continue
            if set(re.findall(r"[a-z]+", gap.lower())) & set(other_anesthetic_words):
                continue  # "General LMA with spermatic cord block by surgeon": the surgeon gave the block
        lo, hi = sorted((span.end_char, at)) if at >= span.end_char else (at, span.start_char)
        between = [t for t in technique_spans if t.sent == sentence and lo <= t.start_char < hi
                   and t._.target_rule.metadata["kind"] != kind]
        if not between:
            return "surgeon"
    return "anesthesia"


_CIRCUMSTANCE_LABELS = {"EMERGENCY", "CONTROLLED_HYPOTENSION", "HYPOTHERMIA"}
_VARIANT_LABELS = set(get_args(VariantLabel))  # circumstances that give a procedure its own code
_CLAUSE_BREAK = {",", ";", "and", ".", "as"}
_APPROACH_REACH = 8  # tokens before a mention: "Closed reduction of dislocated right total hip arthroplasty"


def _approach(span, reading: ProcedureReading) -> str | None:
    """The approach named in the mention or just before it, within its clause: "laparoscopic right
    orchiopexy" is laparoscopic, the circumcision after "..., as well as" is not."""
    sent = span.sent
    start = span.start
    while (start > sent.start and span.start - start < _APPROACH_REACH
           and span.doc[start - 1].lower_ not in _CLAUSE_BREAK):
        start -= 1
    window = " " + " ".join(t.lower_ for t in span.doc[start: span.end]) + " "
    # "converted to open" anywhere in the sentence, word by word: "..., converted to open; reduction of ..."
    words = " " + " ".join(t.lower_ for t in sent) + " "
    if any(f" {w} " in words for w in reading.approaches.get("open", []) if " " in w):
        return "open"
    return reading.approach_in(window)


def _sedation_given_by(span, knowledge: Knowledge, facts: Facts, note: str) -> str:
    """Conscious/moderate sedation, or sedation in a cath lab, at the bedside or in the office today,
    is the proceduralist's (the history's "seen in the office" is not today's setting); propofol sedation
    is an anesthesia provider's; plain "IV sedation" is unknown until the rest of the note says."""
    rules = knowledge.sedation_by_proceduralist
    text = span.text.lower()
    if text in {str(p) for p in rules.get("by_anesthesia", [])}:
        return "anesthesia"
    if text in {str(p) for p in rules.get("phrases", [])}:
        return "proceduralist"
    today = " ".join(note[b.start:b.end] for b in facts.blocks if b.role != "not_today").lower()
    if any(re.search(r"\b" + re.escape(str(s)) + r"\b", today) for s in rules.get("settings", [])):
        return "proceduralist"
    return "unknown"


def _says_not_done(span, text: str, evidence, start: int, facts: Facts, recorder: EvidenceRecorder,
                   history_sections: set[str]) -> bool:
    """A procedure the description says was not done today ("the adenoidectomy was therefore not
    performed"): not a history mention, not a heading's, not a plan. Any block, the heading too, may say an item
    is not part of today's procedure ("EVD present (placed 09/02 at bedside; not part of this procedure)")."""
    if evidence.family or evidence.historical or evidence.hypothetical or evidence.section in history_sections:
        return False
    status = patterns("procedure_status")
    line_end = text.find("\n", span.end_char)
    # a heading item's ";" ends no item: "drain present (placed 09/02; not part of this procedure)"
    if status.not_part_of_today.search(text[span.end_char: line_end if line_end >= 0 else None]):
        return True  # another day's or team's, wherever it stands
    # the words after its name in the sentence (rules/recognizers/procedure_status.yaml); the sentence is looked
    # up only for a likely match (span.sent walks the document's sentences)
    # or "No laser lithotripsy or basket extraction was performed": a "no" before it and "was performed" after
    said_not = evidence.negated and status.no_before.search(text[max(0, span.start_char - 60): span.start_char]) \
        and status.performed_after.search(text[span.end_char: span.end_char + 80])
    if not said_not and (not status.not_done.search(text[span.end_char: span.end_char + 200])
                         or not status.not_done.search(text[span.end_char: span.sent.end_char])):
        return False
    role = role_at(facts.blocks, start, recorder.note)
    if role == "heading":
        # a heading item may deny itself too ("Planned left VATS wedge resection / possible lobectomy was NOT
        # performed": blind label h57-26), not through a parenthesis of its own ("Panniculectomy (infraumbilical,
        # fleur-de-lis was not done)")
        denial = status.not_done.search(text[span.end_char: span.sent.end_char])
        return bool(denial) and "(" not in denial.group(0)
    return role in {"description", "other", "unlabeled"}


_DENIED_RIGHT_BEFORE = {"no", "without"}


def _not_used_after(span) -> bool:
    """Negated by words after it that say it was not used ("lung isolation was not used", "one-lung ventilation was
    never initiated") or by a "no" right before it ("no lung isolation"), not by a "no patent foramen ovale, and
    the sitting position" or a "negative bubble study" beside it."""
    return any(m.category == "NEGATED_EXISTENCE" and (
        (m.modifier_span[0] >= span.end
         and {"not", "never"} & set(span.doc[m.modifier_span[0]:m.modifier_span[1]].text.lower().split()))
        # or a "no" / "without" that stands right before it: "there was no lung isolation for the case" (h64-34)
        or (m.modifier_span[1] == span.start
            and span.doc[m.modifier_span[0]:m.modifier_span[1]].text.lower() in _DENIED_RIGHT_BEFORE))
        for m in span._.modifiers)


def _is_real_emergency(span) -> bool:
    following = span.doc[span.end: span.end + 1]
    return not (following and following[0].lower_ in _EMERGENCY_NOT)


def read_concepts(doc, offset: int, knowledge: Knowledge, recorder: EvidenceRecorder, facts: Facts,
                  history_sections: set[str], reading: ProcedureReading) -> None:
    """Facts from one processed chunk of the note; `offset` is where the chunk starts in the note."""
    hits = doc.user_data.get(PROCEDURE_HITS, {})
    text = doc.text  # once: Doc.text joins every token on each call
    spans = sorted(doc.spans[SPAN_GROUP], key=lambda s: (s.start, s.end)) if SPAN_GROUP in doc.spans else []
    technique_spans = [s for s in spans if s.label_ == "TECHNIQUE"]
    for span in spans:
        label = span.label_
        evidence_id = recorder.add_span(span, label, offset)
        evidence = recorder.get(evidence_id)
        asserted = evidence.asserted
        if label == "COMORBIDITY":
            if _another_organs(span, knowledge):
                continue
            own = asserted and evidence.section not in {"family_history"}
            facts.comorbidities.append(_comorbidity(span, knowledge, evidence_id, own))
        elif label in _REASON_LABELS:
            # "cannot tolerate general anesthesia" is a reason, not a negated one
            if not evidence.family:
                _REASON_LABELS[label](facts).append(evidence_id)
            continue
        elif label == "PROCEDURE" and _says_not_done(span, text, evidence, offset + span.start_char, facts, recorder,
                                                     history_sections):
            for kw in hits.get((span.start, span.end), []):
                if not kw.approach:
                    facts.not_done_evidence_ids.setdefault(" ".join(kw.terms), []).append(evidence_id)
            continue
        elif not asserted:
            if label in _VARIANT_LABELS and _not_used_after(span):
                facts.variant_denied_evidence_ids.setdefault(label, []).append(evidence_id)
            continue
        elif label == "SITE":
            meta = span._.target_rule.metadata
            facts.sites.append(Site(term=span.text, region=meta["region"], zone=meta["zone"],
                                    laterality=_laterality(span), evidence_id=evidence_id))
        elif label == "PROCEDURE":
            if evidence.section in history_sections or another_rooms_case(span.sent.text):
                continue  # the patient's past, or another room's case on a board
            keywords = hits.get((span.start, span.end), [])
            codes = sorted({kw.code for kw in keywords})
            approach = sorted({kw.code for kw in keywords if kw.approach}
                              - {kw.code for kw in keywords if not kw.approach})
            role = role_at(facts.blocks, offset + span.start_char, recorder.note)
            if role != "heading":
                sentence = span.sent
                # "CHARGE SLIP: 01967 neuraxial labor analgesia": what is billed, not documented; "... Procedure(s)
                # scheduled: EGD / Colonoscopy": what was booked
                if names_anesthesia_code(sentence.text) or patterns("procedure_status").booking_label.search(
                        text[sentence.start_char: span.start_char]):
                    role = "not_today"
            facts.procedures.append(Procedure(
                text=span.text, candidate_codes=codes, keyword=[" ".join(kw.terms) for kw in keywords],
                approach_codes=approach, evidence_id=evidence_id, role=role, approach=_approach(span, reading)))
        elif label == "TECHNIQUE":
            kind = span._.target_rule.metadata["kind"]
            following = span.doc[span.end: span.end + 1]
            if kind == "neuraxial" and following and following[0].lower_ in knowledge.not_an_anesthetic_after:
                continue  # "epidural steroid injection" is the procedure, not the anesthetic
            if span.text.lower() == "topical" and following \
                    and following[0].lower_ in knowledge.not_a_topical_anesthetic_after:
                continue  # "topical ice slush" cools the organs; it numbs nothing
            if following and following[0].lower_ in knowledge.credential_words:
                continue  # "(general anesthesia permit)": what the surgeon may give, not what was given
            if kind == "general" and span.text.lower() == "intubated" and _not_todays_airway(span, knowledge):
                continue  # intubated in the emergency room before the case, or "the terminal ileum was intubated"
            if names_anesthesia_code(span.sent.text):
                continue  # "Anes type: MAC (00520)", "Anes: 00300 MAC": what is posted or billed, not what was given
            given_by = _administered_by(span, technique_spans, knowledge.surgeon_part_words)
            if kind == "sedation" and given_by == "anesthesia":
                given_by = _sedation_given_by(span, knowledge, facts, recorder.note)
            elif kind == "regional" and given_by == "anesthesia" \
                    and span.text.lower() in knowledge.surgeon_usual_blocks:
                given_by = "unknown"  # the surgeon's, unless the note shows an anesthesia provider or anesthetic
            facts.techniques.append(Technique(kind=kind, administered_by=given_by, evidence_id=evidence_id))
        elif label == "ANESTHESIA_PROVIDER":
            facts.anesthesia_provider_evidence_ids.append(evidence_id)
        elif label in _CIRCUMSTANCE_LABELS and on_charge_line(text, span.start_char):
            continue  # "99140 (emergency)" on a charge line is what is requested, not documentation
        elif label == "EMERGENCY" and _is_real_emergency(span):
            facts.emergency = True
            facts.emergency_evidence_ids.append(evidence_id)
        elif label == "CONTROLLED_HYPOTENSION":
            facts.controlled_hypotension = True
            facts.circumstance_evidence_ids.setdefault("99135", []).append(evidence_id)
        elif label == "SCREENING_TURNED_DIAGNOSTIC":  # today's findings, not the indication's or the history's
            if evidence.section not in history_sections \
                    and role_at(facts.blocks, offset + span.start_char, recorder.note) != "not_today":
                facts.circumstance_evidence_ids.setdefault(label, []).append(evidence_id)
        elif label == "CONVERTED_TO_OPEN" and patterns("procedure_status").conversion_not_needed.search(
                text[span.end_char: span.sent.end_char]):
            continue  # "conversion to open ... was not necessary"; not one-lung ventilation's "not needed for the
            # mediastinoscopy portion", which speaks of a part of the case (h15-24)
        elif label in _VARIANT_LABELS:
            facts.variant_evidence_ids.setdefault(label, []).append(evidence_id)
        elif label == "HYPOTHERMIA":
            facts.hypothermia = True
            facts.circumstance_evidence_ids.setdefault("99116", []).append(evidence_id)
