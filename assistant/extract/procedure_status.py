"""The description saying the heading's action was not done without naming the procedure again ("As no tumor
was present, no resection was performed", "the stone had evidently passed"); patterns in
rules/recognizers/procedure_status.yaml."""
from __future__ import annotations

import re

from assistant.catalog import procedure_reading
from assistant.extract.anatomy import has_action
from assistant.extract.blocks import block_at, role_at, tells_the_past
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.recognizers import patterns
from assistant.knowledge import load_knowledge
from assistant.models import Facts

_UNWRAPPED = re.compile(r"\n(?=[a-z(])")
_HEADER_CHARS = 300  # where a note says what it is ("FOLLOW-UP NOTE ... Date: 03/04 (POD 1)")
_DESCRIBING = {"description", "other", "unlabeled"}  # not the heading's booking, not the history
# "bursectomy, no acromioplasty and no cuff repair", "instrumentation and fusion": the items of a series
_SERIES = re.compile(r"[,\s]+(?:(?:and|or|nor)\s+)?no\s+|,?\s+(?:and|or|nor)\s+(?:the\s+)?")


def read_procedure_status(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    reading = procedure_reading(str(load_knowledge().rules_dir))
    p = patterns("procedure_status")
    # a hard-wrapped sentence reads as one ("no\nresection was done", "was not\nperformed": blind h62-40,
    # h61-33); a line that starts with a capital starts anew, and the offsets stay the note's
    flat = _UNWRAPPED.sub(" ", note)
    # "no <item> was performed" says something only of an item that holds an action, and the item keeps all its
    # words ("no open reduction" says nothing of a closed one); the verbs of "nothing to <verb>" are the pattern's own
    series = [(m, m["items"] or m.groupdict().get("items_before"))
              for m in (*p.action_not_done.finditer(flat), *p.action_abandoned.finditer(flat))]
    stone = sorted(p.words["stone_actions"])
    found = [(m, [action for item in _SERIES.split(text.lower()) for action in _denied(item, reading, stone)])
             for m, text in series]
    found += [(m, [m.group("action").lower()]) for m in p.nothing_to_act_on.finditer(flat)]
    # "the pancreas was not resected": a removal built on the organ's combining form ("pancreat*ectomy")
    found += [(m, [f"{stem}*ectomy" for stem in reading.organ_stems.get(m.group("organ").lower(), [])])
              for m in p.organ_not_removed.finditer(flat)]
    # a stone that had passed before it was reached: nothing was done to it
    found += [(m, stone) for m in p.stone_gone.finditer(flat)]
    # a follow-up note ("Date: 03/04 (POD 1)") whose procedure label carries a date ("Surgery 03/03:") names the
    # operation of another day; a return to the OR on a postoperative day names today's under a plain heading
    later = p.later_day_visit.search(note, 0, _HEADER_CHARS)
    if later and any(b.role == "heading" and p.dated_label.search(b.title) for b in facts.blocks):
        facts.later_day_visit_evidence_id = recorder.add(later.start(), later.end(), "LATER_DAY_VISIT")
    changed = next((m for m in p.plan_changed.finditer(note)
                    if role_at(facts.blocks, m.start(), note) in _DESCRIBING | {"heading"}), None)
    if changed:  # "Left carotid endarterectomy -- see description; plan changed" (blind h76-06)
        facts.plan_changed_evidence_id = recorder.add(changed.start(), changed.end(), "PLAN_CHANGED")

    def today(matches):  # "INDICATIONS: ... two weeks ago the case was cancelled before induction for a URI"
        return [m for m in matches if not tells_the_past(block_at(facts.blocks, m.start()), reading.past_words)]
    cancelled = today(p.cancelled_before_anesthesia.finditer(note))
    # or said in two places: "case CANCELLED, to be rescheduled" ... "no anesthetic agents, patient never left pre-op
    # holding" (blind h68-20)
    if not cancelled and today(p.nothing_given.finditer(note)):
        cancelled = today(p.case_called_off.finditer(note))[:1]
    for match in cancelled:
        facts.cancelled_before_anesthesia_evidence_ids.append(
            recorder.add(match.start(), match.end(), "CANCELLED_BEFORE_ANESTHESIA"))
    for match, actions in found:
        if not actions or role_at(facts.blocks, match.start(), note) not in _DESCRIBING:
            continue
        evidence_id = recorder.add(match.start(), match.end(), "PROCEDURE_NOT_DONE")
        for action in actions:
            facts.actions_not_done.setdefault(action, []).append(evidence_id)


def _denied(item: str, reading, stone: list[str]) -> list[str]:
    """What one denied item undoes: its own words, and the same operation by another name, by its organ, by its
    stone or by its eponym. An item that holds no action ("no mesh") undoes nothing."""
    by_name = _by_its_name(item)
    if not (has_action(item, reading) or _of_stone(item, stone) or any(has_action(n, reading) for n in by_name)):
        return []
    words = " ".join(item.split())
    return [words, *reading.action_synonyms.get(words, ()), *_organ_removal(item, reading), *_of_stone(item, stone),
            *by_name]


def _organ_removal(item: str, reading) -> list[str]:
    """"pancreatic resection" is the pancreas's removal: every wording built on its combining form
    ("pancreat*ectomy"), as "the pancreas was not resected" is."""
    words = item.split()
    if len(words) < 2 or words[-1] not in reading.organ_removals:
        return []
    return [f"{stem}*ectomy" for stem in reading.organ_stems.get(words[-2], [])]


def _of_stone(item: str, stone: list[str]) -> list[str]:
    """"no laser lithotripsy ... was performed": nothing was done to the stone, as when it had passed."""
    return stone if set(item.split()) & set(stone) else []


_GENERIC_ACTIONS = {"resection", "procedure", "operation"}


def _by_its_name(item: str) -> list[str]:
    """"the Whipple resection was not performed", "TURP was not performed": the operation its name or
    abbreviation stands for (a pancreaticoduodenectomy, a transurethral resection of the prostate)."""
    words = item.split()
    long_form = load_knowledge().abbreviations.get(words[0])
    named = len(words) == 1 or (len(words) == 2 and words[1] in _GENERIC_ACTIONS)
    return [" ".join(long_form)] if long_form and named else []
