"""The model's claims are verified, not overwritten: real openai client, real HTTP, replay server on 127.0.0.1."""
from __future__ import annotations

from assistant.pipeline import code_note
from tests.llm_notes import (
    KNEE_EXPLANT, KNEE_EXPLANT_QUOTE, KNEE_SCOPE, LIPOMA, LIPOMA_NO_HERNIA, SPERMATOCELE, SPERMATOCELE_QUOTE,
)
from tests.llm_replay_server import answer, fixed

LIPOMA_QUOTE = "Excision of 1.5 cm subcutaneous lipoma, left forearm"


def _codes(result) -> set[str]:
    return {f.code for f in result.findings}


def _finding(result, code: str):
    found = [f for f in result.findings if f.code == code]
    assert found, f"no {code} finding: {[(f.code, f.message) for f in result.findings]}"
    return found[0]


def _notice(result, requested: str) -> str:
    found = [n for n in result.notices if n.startswith(f"LLM proposed {requested} for anesthesia_code;")]
    assert found, result.notices
    return found[0]


def test_a_verified_code_fixes_what_the_rules_misread(llm):
    rules = code_note(SPERMATOCELE, proposer="rules")
    assert rules.summary()["anesthesia_code"] == "00930", "premise: the rules take the fixation for an orchiopexy"
    server = llm(fixed(answer("00920", "P2", quotes=[SPERMATOCELE_QUOTE], status_quotes=["ASA 2"])))
    result = code_note(SPERMATOCELE, proposer="llm")
    assert result.proposer == "llm" and result.summary()["anesthesia_code"] == "00920"
    assert result.claim.anesthesia_units < rules.claim.anesthesia_units  # pays less: kept, shown to the reviewer
    disagree = _finding(result, "LLM_RULES_DISAGREE")
    assert "00920" in disagree.message and "00930" in disagree.message and "spermatocelectomy" in disagree.message
    assert "LLM_PAYS_MORE" not in _codes(result)
    quote = result.facts.evidence_by_id(result.proposal.anesthesia_code.evidence_ids[0])
    assert quote.text == SPERMATOCELE_QUOTE and SPERMATOCELE[quote.start:quote.end] == SPERMATOCELE_QUOTE
    case = server.requests[0]["messages"][1]["content"]
    assert '"00920 (' in case and '"evidence"' not in case  # the model chose from the shortlist, not from evidence ids


def test_a_fabricated_quote_is_refused(llm):
    llm(fixed(answer("01402", "P2", quotes=["Right total knee arthroplasty with cemented components"],
                     status_quotes=["ASA 2"])))
    result = code_note(KNEE_SCOPE.replace("may need a total knee replacement in the future", "no further plans"),
                       proposer="llm")
    assert result.summary()["anesthesia_code"] == "01382"
    assert "the quote is not in the note" in _notice(result, "01402")
    assert "LLM_RULES_DISAGREE" not in _codes(result)


def test_a_quote_from_the_past_surgical_history_is_refused(llm):
    llm(fixed(answer("01402", "P2", quotes=["right total knee replacement 2015"], status_quotes=["ASA 2"])))
    result = code_note(LIPOMA.replace("PMH: none.", "PSH: right total knee replacement 2015."), proposer="llm")
    assert result.summary()["anesthesia_code"] == "00400"
    notice = _notice(result, "01402")
    assert "past surgical history" in notice or "history" in notice
    assert "LLM_PAYS_MORE" not in _codes(result)


def test_a_negated_quote_is_refused(llm):
    llm(fixed(answer("00830", "P1", quotes=["No inguinal hernia repair was done"], status_quotes=["ASA 1"])))
    result = code_note(LIPOMA_NO_HERNIA, proposer="llm")
    assert result.summary()["anesthesia_code"] == "00400"
    assert "negated" in _notice(result, "00830")


def test_a_placeholder_in_a_quote_is_refused(llm):
    llm(fixed(answer("00400", "P1", ["99140"], quotes=[LIPOMA_QUOTE], circumstance_quotes=["[NAME] emergency"])))
    result = code_note(LIPOMA, proposer="llm")
    assert result.summary()["qualifying_circumstances"] == []
    assert any("redaction placeholder" in n for n in result.notices if "99140" in n)


def test_an_upcode_with_real_quotes_goes_to_review(llm):
    rules = code_note(LIPOMA, proposer="rules")
    llm(fixed(answer("01832", "P1", quotes=[LIPOMA_QUOTE], status_quotes=["ASA 1"])))  # 6 base units against 00400's 3
    result = code_note(LIPOMA, proposer="llm")
    pays_more = _finding(result, "LLM_PAYS_MORE")
    assert pays_more.severity.value == "error" and "01832" in pays_more.message and "lipoma" in pays_more.message
    assert "00400" in _finding(result, "LLM_RULES_DISAGREE").message
    assert result.claim.anesthesia_units > rules.claim.anesthesia_units  # kept, but never without the review finding


def test_an_upcode_from_another_body_part_is_refused(llm):
    llm(fixed(answer("00790", "P1", quotes=[LIPOMA_QUOTE], status_quotes=["ASA 1"])))  # upper abdomen for a forearm
    result = code_note(LIPOMA, proposer="llm")
    assert result.summary()["anesthesia_code"] == "00400"
    assert "forearm" in _notice(result, "00790")


def test_no_code_is_sent_to_review_and_the_claim_stays(llm):
    llm(fixed(answer(None, None, not_billable="no_procedure")))
    result = code_note(LIPOMA, proposer="llm")
    assert result.summary()["anesthesia_code"] == "00400" and result.claim.anesthesia_units == 5.0
    assert "00400" in _finding(result, "LLM_NO_CODE_DISPUTED").message
    assert _notice(result, "nothing")


def test_a_code_for_a_case_the_rules_find_not_billable_is_a_dispute(llm):
    note = LIPOMA.replace("ASA 1. Plan: general anesthesia with LMA.", "Local infiltration by the "
                          "surgeon only.").replace(
        " - anesthesia personally performed, no CRNA.", "")
    rules = code_note(note, proposer="rules")
    assert rules.summary()["anesthesia_code"] is None, "premise: local only"
    llm(fixed(answer("00400", "P1", quotes=[LIPOMA_QUOTE])))
    result = code_note(note, proposer="llm")
    dispute = _finding(result, "LLM_BILLABILITY_DISPUTED")
    assert dispute.severity.value == "error" and "00400" in dispute.message and "local only" in dispute.message
    assert result.summary()["anesthesia_code"] == "00400" and "LLM_PAYS_MORE" in _codes(result)  # kept, held for review
    assert "LOCAL_ONLY_NOT_BILLABLE" not in _codes(result)


def test_charge_ticket_code_the_model_verified_stands(llm):
    note = KNEE_EXPLANT + "CHARGES: 01402-P2-AA\n"
    rules = code_note(note, proposer="rules")
    assert rules.summary()["anesthesia_code"] == "01400", (
        "premise: the rules correct the ticket to open knee surgery NOS")
    llm(fixed(answer("01402", "P2", quotes=[KNEE_EXPLANT_QUOTE], status_quotes=["ASA 2"])))
    result = code_note(note, proposer="llm")
    assert result.validation.requested.source == "charge_ticket"
    assert result.summary()["anesthesia_code"] == "01402"
    assert "CODE_NOT_SUPPORTED" not in _codes(result)
    assert {"LLM_RULES_DISAGREE", "LLM_PAYS_MORE"} <= _codes(result)  # more base units than the rules: held for review


def test_charge_ticket_code_nobody_supports_follows_the_verified_reading(llm):
    note = KNEE_EXPLANT + "CHARGES: 01214-P2-AA\n"  # a hip replacement on the ticket
    llm(fixed(answer("01402", "P2", quotes=[KNEE_EXPLANT_QUOTE], status_quotes=["ASA 2"])))
    result = code_note(note, proposer="llm")
    assert result.summary()["anesthesia_code"] == "01402"
    assert "CODE_NOT_SUPPORTED" in _codes(result)


def test_charge_ticket_with_the_rules_code_stands_and_the_model_disagreement_shows(llm):
    note = KNEE_EXPLANT + "CHARGES: 01400-P2-AA\n"
    llm(fixed(answer("01402", "P2", quotes=[KNEE_EXPLANT_QUOTE], status_quotes=["ASA 2"])))
    result = code_note(note, proposer="llm")
    assert result.summary()["anesthesia_code"] == "01400"
    assert "01402" in _finding(result, "LLM_RULES_DISAGREE").message


PILONIDAL = LIPOMA.replace("1.5 cm soft mobile mass of the left forearm, clinically a lipoma",
                           "chronic pilonidal sinus with recurrent abscesses").split("OPERATIVE NOTE")[0] + \
    "OPERATIVE NOTE\nProcedure: Excision of pilonidal cyst and sinus tracts with cleft lift closure.\n"
PILONIDAL_QUOTE = "Excision of pilonidal cyst and sinus tracts with cleft lift closure"


def test_the_other_reading_of_a_contested_code_is_kept_and_still_goes_to_a_coder(llm):
    rules = code_note(PILONIDAL, proposer="rules")
    assert rules.summary()["anesthesia_code"] == "00400" and "CODE_NEEDS_REVIEW" in _codes(rules), "premise"
    llm(fixed(answer("00300", "P1", quotes=[PILONIDAL_QUOTE], status_quotes=["ASA 1"])))
    result = code_note(PILONIDAL, proposer="llm")
    assert result.summary()["anesthesia_code"] == "00300"  # the model's reading of the sacral skin stands
    review = _finding(result, "CODE_NEEDS_REVIEW")
    assert "00300" in review.message and "00400" in review.message  # contested either way: a coder decides
    # the same answer for a forearm lipoma, where no code is contested, is refused
    llm(fixed(answer("00300", "P1", quotes=[LIPOMA_QUOTE], status_quotes=["ASA 1"])))
    assert code_note(LIPOMA, proposer="llm").summary()["anesthesia_code"] == "00400"
