"""The description saying the heading's action was not done without naming the procedure again ("As no tumor
was present, no resection was performed"); patterns in rules/recognizers/procedure_status.yaml."""
from __future__ import annotations

from assistant.catalog import procedure_reading
from assistant.extract.anatomy import has_action
from assistant.extract.blocks import role_at
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.recognizers import patterns
from assistant.knowledge import load_knowledge
from assistant.models import Facts

_DESCRIBING = {"description", "other", "unlabeled"}  # not the heading's booking, not the history


def read_procedure_status(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    reading = procedure_reading(str(load_knowledge().rules_dir))
    p = patterns("procedure_status")
    # "no <word> was performed" says something only of a word that is an action; the verbs of "nothing to
    # <verb>" are the pattern's own
    named = [m for m in p.action_not_done.finditer(note) if has_action(m.group("action"), reading)]
    for match in [*named, *p.nothing_to_act_on.finditer(note)]:
        if role_at(facts.blocks, match.start(), note) not in _DESCRIBING:
            continue
        action = match.group("action").lower()
        evidence_id = recorder.add(match.start(), match.end(), "PROCEDURE_NOT_DONE")
        facts.actions_not_done.setdefault(action, []).append(evidence_id)
