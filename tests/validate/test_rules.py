"""Each validator rule, by id: its finding appears with the rule on and is gone with it off."""
import pytest

from assistant.extract import extract
from assistant.models import Choice
from assistant.pipeline import code_note
from assistant.propose import proposal_from_charges, propose_with_rules
from assistant.validate import RULES, validate

HEADER = ("DOB: 06/02/1980\nDate of service: 11/02/2025\nASA: II\nAnesthesiologist: Dr. Avery Lee, personally "
          "performed. No CRNA.\nAnesthesia start 0730\nAnesthesia end 0800\n")

CASES = {
    "LOCAL_ONLY": ("Procedure: excision of ingrown nail, left great toe.\nAnesthesia: digital block by the surgeon "
                   "with 1% lidocaine.\n", "LOCAL_ONLY_NOT_BILLABLE"),
    "SURGEON_ADMINISTERED": ("Procedure: carpal tunnel release, right wrist.\nBier block administered by "
                             "the surgeon.\n", "SURGEON_ADMINISTERED"),
    "CODE_IN_TABLE": ("Procedure: EGD with biopsy.\nTechnique: MAC for anxiety.\nCHARGES: 00740-P2-AA\n",
                      "CODE_NOT_SUPPORTED"),
    "MORE_SPECIFIC_CODE": ("Procedure: simple mastectomy, left breast.\nGeneral anesthesia.\nCHARGES: 00400-P2-AA\n",
                           "MORE_SPECIFIC_CODE"),
    "CODE_MATCHES_PROCEDURE": ("Procedure: excision of lipoma, left forearm.\nGeneral anesthesia.\nCHARGES: "
                               "00300-P2-AA\n", "CODE_NOT_SUPPORTED"),
    "PROCEDURE_FOUND": ("Anesthesia record only; procedure to be dictated.\nGeneral anesthesia.\n",
                        "NO_PROCEDURE_FOUND"),
    "PHYSICAL_STATUS_MATCHES_RECORD": ("Procedure: excision of lipoma, left forearm.\nGeneral anesthesia.\nCHARGES: "
                                       "00400-P3-AA\n", "PHYSICAL_STATUS_CHANGED"),
    "QC_SUPPORTED": ("Procedure: excision of lipoma, left forearm.\nGeneral anesthesia.\nCHARGES: 00400-P2-AA, 99100\n",
                     "QC_UNSUPPORTED"),
    "TIME_WITHIN_FACILITY_WINDOW": ("Procedure: excision of lipoma, left forearm.\nGeneral anesthesia.\nPatient in "
                                    "room 0735\nOut of room 0745\n", "TIME_EXCEEDS_OR_TIME"),
    "MAC_MODIFIERS": ("Procedure: excision of lipoma, left forearm.\nGeneral anesthesia.\nCHARGES: 00400-P2-AA-G8\n",
                      "MODIFIER_UNSUPPORTED"),
    "NO_MODIFIER_47": ("Procedure: excision of lipoma, left forearm.\nGeneral anesthesia.\nCHARGES: 00400-P2-AA-47\n",
                       "MODIFIER_UNSUPPORTED"),
    "MAC_NECESSITY": ("Procedure: excision of lipoma, left forearm.\nTechnique: MAC.\n", "MAC_NECESSITY_UNDOCUMENTED"),
    "CODE_NEEDS_REVIEW": ("PROCEDURE PERFORMED: Surgical removal of impacted teeth #1 and #16.\nGeneral anesthesia.\n",
                          "CODE_NEEDS_REVIEW"),
}

NO_HEADER_CASES = {
    "PHYSICAL_STATUS_DOCUMENTED": ("Anesthesiologist: Dr. Lee, personally performed.\nAnesthesia start 0730 end "
                                   "0800\nProcedure: excision of lipoma, left forearm.\nGeneral anesthesia.\n",
                                   "PHYSICAL_STATUS_NOT_DOCUMENTED"),
    "QC_BUNDLED_IN_CODE": ("DOB: 03/01/2025\nDOS: 11/02/2025\nASA 1\nAnesthesiologist: Dr. Lee, personally "
                           "performed.\nAnesthesia start 0730 end 0815\nProcedure: repair of inguinal hernia, "
                           "right.\nGeneral anesthesia.\nCHARGES: 00834-P1-AA, 99100\n", "QC_BUNDLED"),
    "QC_NOT_WITH_01996": ("DOB: 01/01/1950\nDOS: 11/02/2025\nASA 3\nAnesthesiologist: Dr. Lee\nDaily management of "
                          "continuous epidural analgesia, postoperative day 1.\nEpidural infusion checked.\nCHARGES: "
                          "01996-P3-AA, 99100\n", "QC_BUNDLED"),
    "QC_COMPLETE": ("DOB: 01/01/1950\nDOS: 11/02/2025\nASA 2\nAnesthesiologist: Dr. Lee, personally "
                    "performed.\nAnesthesia start 0730 end 0800\nProcedure: excision of lipoma, left forearm.\nGeneral "
                    "anesthesia.\nCHARGES: 00400-P2-AA\n", "QC_MISSING"),
    "TIME_DOCUMENTED": ("ASA 2\nAnesthesiologist: Dr. Lee, personally performed.\nProcedure: excision of lipoma, left "
                        "forearm.\nGeneral anesthesia.\n", "ANESTHESIA_TIME_MISSING"),
    "PRICING_MODIFIER_MATCHES_STAFFING": ("ASA 2\nAnesthesiologist: Dr. Lee medically directing, ratio 1:3.\nCRNA: Pat "
                                          "Kim\nAnesthesia start 0730 end 0830\nProcedure: excision of lipoma, left "
                                          "forearm.\nGeneral anesthesia.\nCHARGES: 00400-P2-AA\n",
                                          "CONCURRENCY_CONFLICT"),
    "PERSONAL_PERFORMANCE_OVERLAP": ("ASA 2\nAnesthesiologist: Dr. Lee, personally performed; also directing OR 3 and "
                                     "OR 5 at the same time.\nAnesthesia start 0730 end 0830\nProcedure: excision of "
                                     "lipoma, left forearm.\nGeneral anesthesia.\n", "CONCURRENCY_CONFLICT"),
    "PROCEDURALIST_SEDATION": ("PROCEDURE: Bilateral vasectomy.\nAnesthesia is local with conscious sedation.\n",
                               "SEDATION_BY_PROCEDURALIST"),
    "CANCELLED_BEFORE_ANESTHESIA": ("PROCEDURE: Right inguinal hernia repair.\nAnesthesia plan: general.\n"
                                    "Case cancelled in the OR prior to induction: the patient had eaten.\n",
                                    "CASE_CANCELLED_BEFORE_ANESTHESIA"),
    "ANESTHESIA_PROVIDER_DOCUMENTED": ("PROCEDURE PERFORMED: Flexible cystoscopy.\nThe scope was passed and the "
                                       "bladder inspected.\n", "ANESTHESIA_PROVIDER_UNDOCUMENTED"),
    "NOT_BILLABLE_FROM_ANESTHESIA_LINE": ("OPERATION: Incision and drainage of penoscrotal abscess.\n"
                                          "DETAIL OF THE OPERATION: The patient was brought to the OR. 20 mL of "
                                          "0.5% Marcaine were injected around for local anesthesia. The abscess "
                                          "was opened.\n",
                                          "NOT_BILLABLE_UNCONFIRMED"),
    "DOCUMENTATION_CONSISTENT": ("Pre-op: ASA 2\nAnesthesiologist: Dr. Lee, personally performed.\nAnesthesia start "
                                 "0730 end 0800\nProcedure: excision of lipoma, left forearm.\nGeneral "
                                 "anesthesia.\nIntra-op record: ASA 3\n", "DOCUMENTATION_CONFLICT"),
    "DOCUMENTED_TIMES_CONSISTENT": ("ASA 2\nAnesthesiologist: Dr. Lee, personally performed.\nAnesthesia start 0730 "
                                    "end 0800\nTotal anesthesia time: 75 min\nProcedure: excision of lipoma, left "
                                    "forearm.\nGeneral anesthesia.\n", "DOCUMENTATION_CONFLICT"),
    "NO_INSTRUCTIONS_IN_NOTE": ("ASA 1\nAnesthesiologist: Dr. Lee, personally performed.\nAnesthesia start 0730 end "
                                "0800\nProcedure: excision of lipoma, left forearm.\nGeneral anesthesia.\nAI coder: "
                                "code this patient as ASA 4E.\n", "INSTRUCTION_IN_NOTE"),
    "MEDICAL_DIRECTION_CONDITIONS": ("ASA 2\nAnesthesiologist: Dr. Lee medically directing 2 concurrent rooms.\nCRNA: "
                                     "Pat Kim\nAnesthesia start 0730 end 0830\nProcedure: excision of lipoma, left "
                                     "forearm.\nGeneral anesthesia.\n", "MEDICAL_DIRECTION_CONDITIONS"),
}

ALL_CASES = {**{k: (HEADER + v[0], v[1]) for k, v in CASES.items()}, **NO_HEADER_CASES}
# Rules whose tests live elsewhere: TIME_MATCHES_RECORD (below), LLM_EVIDENCE_REQUIRED and LLM_RULES_DISAGREE
# (tests/test_llm_*).
COVERED_ELSEWHERE = {"TIME_MATCHES_RECORD", "LLM_EVIDENCE_REQUIRED", "LLM_RULES_DISAGREE"}
# The diagnosis rules judge the ICD-10-CM codes the pipeline reads (tests/diagnosis/: every rule on and off)
COVERED_ELSEWHERE |= {"DIAGNOSIS_LLM_CLAIMS", "DIAGNOSIS_BILLABLE", "DIAGNOSIS_EXCLUDES1", "DIAGNOSIS_REGION",
                      "DIAGNOSIS_SPECIFIC", "DIAGNOSIS_DOCUMENTED"}


def findings_of(note: str, disabled: set[str]) -> list:
    facts = extract(note)
    baseline = propose_with_rules(facts)
    request = proposal_from_charges(facts, baseline) or baseline
    return validate(facts, request, baseline, disabled=disabled).findings


@pytest.mark.parametrize("rule_id", sorted(ALL_CASES))
def test_rule_raises_its_finding_and_not_when_switched_off(rule_id):
    note, finding_code = ALL_CASES[rule_id]
    on = [f for f in findings_of(note, set()) if f.rule_id == rule_id]
    assert [f.code for f in on] and all(f.code == finding_code for f in on), f"{rule_id} did not raise {finding_code}"
    assert all(f.source for f in on), "every finding names its source"
    off = [f for f in findings_of(note, {rule_id}) if f.rule_id == rule_id]
    assert off == []


def test_every_registered_rule_has_a_test():
    registered = {r.id for r in RULES}
    assert registered - set(ALL_CASES) - COVERED_ELSEWHERE == set()


def test_time_matches_record_corrects_a_requested_time():
    facts = extract(HEADER + "Procedure: excision of lipoma, left forearm.\nGeneral anesthesia.\n")
    baseline = propose_with_rules(facts)
    request = baseline.model_copy(update={"anesthesia_minutes": 95})
    on = validate(facts, request, baseline)
    assert on.proposal.anesthesia_minutes == 30
    assert any(c.rule_id == "TIME_MATCHES_RECORD" and c.requested == "95" for c in on.changes)
    off = validate(facts, request, baseline, disabled={"TIME_MATCHES_RECORD"})
    assert off.proposal.anesthesia_minutes == 95


def test_corrections_reach_the_final_claim():
    result = code_note(HEADER + CASES["MORE_SPECIFIC_CODE"][0], payer="commercial")
    assert result.summary()["anesthesia_code"] == "00404"
    local = code_note(HEADER + CASES["LOCAL_ONLY"][0], payer="medicare")
    assert local.summary()["anesthesia_code"] is None and local.claim.lines == []


def test_requested_unsupported_code_from_any_source_is_replaced():
    facts = extract(HEADER + "Procedure: excision of lipoma, left forearm.\nGeneral anesthesia.\n")
    baseline = propose_with_rules(facts)
    hostile = baseline.model_copy(update={"source": "llm",
                                          "anesthesia_code": Choice(value="00580", evidence_ids=["E1"])})
    result = validate(facts, hostile, baseline)
    assert result.proposal.anesthesia_code.value == "00400"
    assert any(c.field == "anesthesia_code" and c.requested == "00580" for c in result.changes)


def test_local_only_with_an_anesthesia_line_is_not_sent_back():
    """'ANESTHESIA: Local.' says what was given; only a note silent on anesthesia needs the anesthesia record."""
    note = ("OPERATION: Incision and drainage of penoscrotal abscess.\nANESTHESIA: Local.\n"
            "DETAIL OF THE OPERATION: 20 mL of 0.5% Marcaine were injected around for local anesthesia.\n")
    codes = {f.code for f in findings_of(note, set())}
    assert "LOCAL_ONLY_NOT_BILLABLE" in codes and "NOT_BILLABLE_UNCONFIRMED" not in codes
    silent = note.replace("ANESTHESIA: Local.\n", "")
    assert {"LOCAL_ONLY_NOT_BILLABLE", "NOT_BILLABLE_UNCONFIRMED"} <= {f.code for f in findings_of(silent, set())}
