"""LLM_EVIDENCE_REQUIRED and the prompt: unit checks without HTTP."""
from __future__ import annotations

import json

import pytest

from assistant.extract import extract
from assistant.models import Choice
from assistant.propose import propose_with_rules
from assistant.propose.llm import prepare_messages
from assistant.propose.llm_client import read_answer
from assistant.propose.llm_prompt import load_prompt
from assistant.propose.llm_schema import to_proposal
from assistant.store.llm_cache import cache_key
from assistant.validate import RULES, validate
from tests.llm_notes import INJECTION, LIPOMA
from tests.llm_replay_server import answer


@pytest.fixture(scope="module")
def case():
    facts = extract(LIPOMA)
    return facts, propose_with_rules(facts)


def _llm(facts, baseline, content):
    return to_proposal(read_answer(content), baseline)


def test_rule_is_registered_first():
    assert RULES[0].id == "LLM_EVIDENCE_REQUIRED"


def test_rules_proposal_is_not_touched(case):
    facts, baseline = case
    request = baseline.model_copy(deep=True)
    request.anesthesia_code = Choice(value="00400", evidence_ids=[])
    validation = validate(facts, request, baseline)
    assert not [c for c in validation.changes if c.rule_id == "LLM_EVIDENCE_REQUIRED"]


def test_code_outside_candidates_is_reverted_even_with_evidence(case):
    facts, baseline = case
    validation = validate(facts, _llm(facts, baseline, answer("00580", "P1", evidence=[facts.evidence[0].id])), baseline)
    change = next(c for c in validation.changes if c.field == "anesthesia_code")
    assert (change.requested, change.final, change.rule_id) == ("00580", "00400", "LLM_EVIDENCE_REQUIRED")
    assert validation.proposal.anesthesia_code.value == "00400"
    finding = next(f for f in validation.findings if f.code == "LLM_OVERRULED")
    assert "00580" in finding.message and "00400" in finding.message and finding.source.startswith("Project rule")


def test_same_code_without_evidence_keeps_the_rules_evidence(case):
    facts, baseline = case
    validation = validate(facts, _llm(facts, baseline, answer("00400", "P1", evidence=[])), baseline)
    assert validation.proposal.anesthesia_code.evidence_ids == baseline.anesthesia_code.evidence_ids
    assert not [c for c in validation.changes if c.field == "anesthesia_code"]


def test_with_the_rule_switched_off_the_other_rules_still_overrule(case):
    facts, baseline = case
    validation = validate(facts, _llm(facts, baseline, answer("00580", "P5", ["99140"], evidence=["E1"])), baseline, disabled={"LLM_EVIDENCE_REQUIRED"})
    p = validation.proposal
    assert (p.anesthesia_code.value, p.physical_status.value, p.qualifying_circumstances) == ("00400", "P1", [])


def test_pricing_without_evidence_is_reverted(case):
    facts, baseline = case
    content = answer("00400", "P1", pricing=[("anesthesiologist", "QK"), ("crna", "QX")], evidence=[])
    validation = validate(facts, _llm(facts, baseline, content), baseline)
    assert validation.proposal.pricing_modifiers == {"anesthesiologist": "AA"}
    assert any(c.field == "pricing_modifiers" and c.rule_id == "LLM_EVIDENCE_REQUIRED" for c in validation.changes)


def test_prompt_is_versioned_and_the_version_enters_the_cache_key(case):
    facts, baseline = case
    template = load_prompt()
    assert template.version == "propose-v1"
    version, messages = prepare_messages(facts, LIPOMA, baseline)
    assert version == template.version
    assert cache_key(version, "m", messages) != cache_key("propose-v2", "m", messages)
    assert cache_key(version, "m", messages) != cache_key(version, "other-model", messages)
    assert cache_key(version, "m", messages) == cache_key(version, "m", prepare_messages(facts, LIPOMA, baseline)[1])
    assert '"candidate_codes": [{"code": "00400"' in messages[1]["content"]


def test_injected_closing_tags_stay_inside_the_json_string():
    facts = extract(INJECTION)
    _, messages = prepare_messages(facts, INJECTION)
    user = messages[1]["content"]
    payload = user[user.index("{"):]
    case = json.loads(payload)  # the whole case parses as one object: the note cannot break out
    assert "</note>" in case["note"] and set(case) == {"note", "evidence", "facts", "candidate_codes"}


def test_read_answer_tolerates_fences_and_prose():
    content = answer("00400")
    assert read_answer(f"Sure!\n```json\n{content}\n```").anesthesia_code.value == "00400"
    assert read_answer(f"The answer is {content} as requested").anesthesia_code.value == "00400"
