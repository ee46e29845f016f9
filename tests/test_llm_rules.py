"""LLM_EVIDENCE_REQUIRED (quote checks), LLM_RULES_DISAGREE and the prompt: unit checks without HTTP."""
from __future__ import annotations

import json

import pytest

from assistant.extract import extract
from assistant.knowledge import load_knowledge
from assistant.models import Choice
from assistant.propose import propose_with_rules
from assistant.propose.llm import prepare_messages
from assistant.propose.llm_client import read_answer
from assistant.propose.llm_prompt import load_prompt
from assistant.propose.llm_schema import to_proposal
from assistant.store.llm_cache import cache_key
from assistant.validate import RULES, validate
from assistant.validate.llm_claims import NoteView, code_consistency_problem
from tests.llm_notes import INJECTION, KNEE_EXPLANT, KNEE_EXPLANT_QUOTE, LIPOMA
from tests.llm_replay_server import answer

QUOTE = "Excision of 1.5 cm subcutaneous lipoma, left forearm"


@pytest.fixture(scope="module")
def case():
    facts = extract(LIPOMA)
    return facts, propose_with_rules(facts)


def _validate(facts, baseline, content, note=LIPOMA, **options):
    return validate(facts.model_copy(deep=True), to_proposal(read_answer(content), baseline), baseline, note=note,
                    **options)


def test_quote_rule_runs_first_and_the_disagreement_rule_last():
    assert RULES[0].id == "LLM_EVIDENCE_REQUIRED" and RULES[-1].id == "LLM_RULES_DISAGREE"


def test_rules_proposal_is_not_touched(case):
    facts, baseline = case
    request = baseline.model_copy(deep=True)
    request.anesthesia_code = Choice(value="00400", evidence_ids=[])
    validation = validate(facts, request, baseline, note=LIPOMA)
    assert not [c for c in validation.changes if c.rule_id.startswith("LLM_")]


def test_quotes_are_found_through_the_redaction(case):
    facts, _ = case
    view = NoteView(LIPOMA, facts)
    places, problem = view.locate("Procedure: Excision of 1.5 cm   subcutaneous\nlipoma")  # whitespace may differ
    assert problem is None and LIPOMA[places[0][0]:places[0][1]].startswith("Procedure: Excision")
    assert view.locate("Patient: [NAME]")[1] == "the quote contains a redaction placeholder"
    assert view.locate("Delgado")[1] == "the quote is not in the note"  # the model never saw the name
    assert view.locate("MRN: [ID]")[1] == "the quote contains a redaction placeholder"


def test_a_verified_quote_becomes_evidence(case):
    facts, baseline = case
    validation = _validate(facts, baseline, answer("00400", "P1", quotes=[QUOTE], status_quotes=["ASA 1"]))
    assert validation.proposal.anesthesia_code.value == "00400"
    assert not validation.changes


def test_without_the_note_nothing_quoted_is_verified(case):
    facts, baseline = case
    validation = validate(facts, to_proposal(read_answer(answer("01832", "P1", quotes=[QUOTE])), baseline), baseline)
    assert validation.proposal.anesthesia_code.value == "00400"
    assert "not given to the validator" in validation.changes[0].because


@pytest.mark.parametrize("code, why", [
    ("00790", "the quote names forearm"),             # another body part
    ("01402", "is a knee and popliteal area code"),    # another joint
    ("01953", "add-on"),                               # cannot stand alone
    ("00326", "months old"),                           # age limit
])
def test_code_consistency(case, code, why):
    facts, _ = case
    problem = code_consistency_problem(code, QUOTE, facts, load_knowledge())
    assert problem and why in problem


def test_code_consistency_accepts_a_procedure_at_the_right_joint():
    facts = extract(KNEE_EXPLANT)
    assert code_consistency_problem("01402", KNEE_EXPLANT_QUOTE, facts, load_knowledge()) is None
    assert "not otherwise specified" in code_consistency_problem("00400", "simple mastectomy, left breast", facts,
                                                                 load_knowledge())


def test_with_the_quote_rule_switched_off_the_other_rules_still_overrule(case):
    facts, baseline = case
    validation = _validate(facts, baseline, answer("00580", "P5", ["99140"], quotes=[QUOTE]),
                           disabled={"LLM_EVIDENCE_REQUIRED"})
    p = validation.proposal
    assert (p.anesthesia_code.value, p.physical_status.value, p.qualifying_circumstances) == ("00400", "P1", [])


def test_pricing_follows_the_counted_staffing(case):
    facts, baseline = case
    content = answer("00400", "P1", pricing=[("anesthesiologist", "QK"), ("crna", "QX")], quotes=[QUOTE])
    validation = _validate(facts, baseline, content)
    assert validation.proposal.pricing_modifiers == {"anesthesiologist": "AA"}
    assert any(c.field == "pricing_modifiers" for c in validation.changes)


def test_a_documented_class_the_extraction_missed_is_kept():
    note = LIPOMA.replace("ASA 1.", "Physical status: ASA-III (patient with COPD on home oxygen).")
    facts = extract(note)
    baseline = propose_with_rules(facts)
    content = answer("00400", "P3", quotes=[QUOTE], status_quotes=["ASA-III"])
    validation = validate(facts, to_proposal(read_answer(content), baseline), baseline, note=note)
    assert validation.proposal.physical_status.value == "P3"
    assert "PHYSICAL_STATUS_CHANGED" not in {f.code for f in validation.findings}


def test_prompt_is_versioned_and_the_version_enters_the_cache_key(case):
    facts, baseline = case
    template = load_prompt()
    assert template.version == "propose-v3"
    version, messages = prepare_messages(facts, LIPOMA, baseline)
    assert version == template.version
    assert cache_key(version, "m", messages) != cache_key("propose-v1", "m", messages)
    assert cache_key(version, "m", messages) != cache_key(version, "other-model", messages)
    assert cache_key(version, "m", messages) == cache_key(version, "m", prepare_messages(facts, LIPOMA, baseline)[1])
    assert '"codes": ["00300 (5 base units, neck): ' in messages[1]["content"] and "quotes" in messages[0]["content"]


def test_injected_closing_tags_stay_inside_the_json_string():
    facts = extract(INJECTION)
    _, messages = prepare_messages(facts, INJECTION)
    user = messages[1]["content"]
    payload = user[user.index("{"):]
    case = json.loads(payload)  # the whole case parses as one object: the note cannot break out
    assert "</note>" in case["note"] and set(case) == {"note", "age_years", "age_months", "codes"}


def test_read_answer_tolerates_fences_and_prose():
    content = answer("00400")
    assert read_answer(f"Sure!\n```json\n{content}\n```").anesthesia_code.value == "00400"
    assert read_answer(f"The answer is {content} as requested").anesthesia_code.value == "00400"
