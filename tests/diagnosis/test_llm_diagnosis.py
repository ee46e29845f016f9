"""The LLM's diagnosis codes over real HTTP (replay server): each must exist, be billable, stand on an asserted
verbatim quote that names it, break no Excludes1 note, and agree with the anesthesia code's region."""
from __future__ import annotations

import json

from assistant.diagnosis import code_diagnoses
from assistant.extract import extract
from assistant.pipeline import code_note
from assistant.propose import propose_with_rules
from assistant.validate import validate
from tests.llm_replay_server import NoteReader, Reply, case_of

MASTECTOMY = """OPERATIVE REPORT
PATIENT:  Okonkwo, Adaeze
DATE OF SURGERY:  05/06/2026
PREOPERATIVE DIAGNOSIS:  Left breast mass.
POSTOPERATIVE DIAGNOSIS:  Left breast cancer, upper outer quadrant.
PROCEDURE PERFORMED:  Left modified radical mastectomy.
ANESTHESIA:  General endotracheal by the anesthesia team. ASA 2.
PAST MEDICAL HISTORY:  Hypertension. Type 2 diabetes mellitus. Denies CHF. Mother with COPD.
DESCRIPTION OF PROCEDURE:  General anesthesia was induced by the anesthesia team. The breast and axillary
contents were removed en bloc. The patient went to PACU in stable condition.
"""

KNEE = """OPERATIVE REPORT
PATIENT:  Lund, Greta
DATE OF SURGERY:  05/07/2026
POSTOPERATIVE DIAGNOSIS:  Right knee osteoarthritis.
PROCEDURE PERFORMED:  Right total knee arthroplasty.
ANESTHESIA:  Spinal by the anesthesia team. ASA 2.
PAST MEDICAL HISTORY:  Hypertension. She also has left breast cancer, on tamoxifen.
"""


def _with_diagnoses(*diagnoses: tuple[str, str, list[str]]):
    """A careful model's anesthesia answer plus the given (code, role, quotes) diagnoses."""
    def script(request: dict, number: int) -> Reply:
        reader = NoteReader(case_of(request)["note"])
        p = reader.rules
        content = json.loads(reader.answer_for(p.anesthesia_code.value, p.physical_status.value,
                                               [q.value for q in p.qualifying_circumstances],
                                               [m.value for m in p.other_modifiers], p.pricing_modifiers,
                                               p.not_billable_reason))
        content["diagnosis_codes"] = [{"value": c, "role": r, "quotes": q, "reason": "scripted"}
                                      for c, r, q in diagnoses]
        return Reply(json.dumps(content))
    return script


def _overruled(result) -> list[str]:
    return [f.message for f in result.findings if f.code == "LLM_OVERRULED" and "diagnosis" in f.message]


def test_the_prompt_asks_for_diagnosis_codes_with_quotes(llm):
    server = llm(_with_diagnoses())
    code_note(MASTECTOMY, proposer="llm")
    system = server.requests[0]["messages"][0]["content"]
    assert "diagnosis_codes" in system and "ICD-10-CM" in system


def test_quoted_billable_codes_are_used(llm):
    llm(_with_diagnoses(("C50.412", "primary", ["Left breast cancer, upper outer quadrant"]),
                        ("I10", "secondary", ["Hypertension"])))
    result = code_note(MASTECTOMY, proposer="llm")
    assert result.proposer == "llm"
    assert result.summary()["diagnosis_codes"] == ["C50412", "I10"]
    assert all(d.source == "llm" and d.evidence_ids and d.release == "2026-04-01" for d in result.diagnoses)
    assert _overruled(result) == []


def test_a_hostile_quote_is_refused_and_the_rules_primary_stands(llm):
    llm(_with_diagnoses(("C7931", "primary", ["metastatic breast cancer to the brain"])))
    result = code_note(MASTECTOMY, proposer="llm")
    rules_primary = code_note(MASTECTOMY, proposer="rules").summary()["diagnosis_codes"][0]
    assert result.summary()["diagnosis_codes"][0] == rules_primary
    assert result.summary()["diagnosis_codes"][0] == "C50412"
    assert any("C7931" in m and "not in the note" in m for m in _overruled(result))


def test_codes_that_do_not_exist_or_are_not_billable_are_refused(llm):
    llm(_with_diagnoses(("C50", "primary", ["Left breast cancer"]), ("Q99.99", "secondary", ["Hypertension"])))
    result = code_note(MASTECTOMY, proposer="llm")
    codes = result.summary()["diagnosis_codes"]
    assert "C50" not in codes and "Q9999" not in codes and codes[0] == "C50412"
    messages = _overruled(result)
    assert any("C50" in m and "not a billable code" in m for m in messages)
    assert any("Q9999" in m and "not an ICD-10-CM code" in m for m in messages)


def test_a_denied_or_family_condition_is_refused(llm):
    llm(_with_diagnoses(("C50412", "primary", ["Left breast cancer, upper outer quadrant"]),
                        ("I509", "secondary", ["CHF"]), ("J449", "secondary", ["COPD"])))
    result = code_note(MASTECTOMY, proposer="llm")
    codes = result.summary()["diagnosis_codes"]
    assert "I509" not in codes and "J449" not in codes
    assert len([m for m in _overruled(result) if "I509" in m or "J449" in m]) == 2


def test_a_quote_that_does_not_name_the_code_is_refused(llm):
    llm(_with_diagnoses(("C50412", "primary", ["Left breast cancer, upper outer quadrant"]),
                        ("N186", "secondary", ["Hypertension"])))
    result = code_note(MASTECTOMY, proposer="llm")
    assert "N186" not in result.summary()["diagnosis_codes"]
    assert any("N186" in m and "do not name" in m for m in _overruled(result))


def test_an_excludes1_pair_keeps_the_first_and_says_why(llm):
    llm(_with_diagnoses(("C50412", "primary", ["Left breast cancer, upper outer quadrant"]),
                        ("E119", "secondary", ["Type 2 diabetes mellitus"]),
                        ("E109", "secondary", ["diabetes mellitus"])))
    result = code_note(MASTECTOMY, proposer="llm")
    codes = result.summary()["diagnosis_codes"]
    assert "E119" in codes and "E109" not in codes
    finding = next(f for f in result.findings if f.code == "DIAGNOSIS_EXCLUDES1")
    assert "E119" in finding.message and "E109" in finding.message and "type 1 diabetes" in finding.message.lower()


def test_a_breast_cancer_primary_with_a_knee_code_gives_way_to_the_rules(llm):
    llm(_with_diagnoses(("C50912", "primary", ["left breast cancer"])))
    result = code_note(KNEE, proposer="llm")
    assert result.summary()["anesthesia_code"] == "01402"
    assert result.summary()["diagnosis_codes"][0] == "M1711"
    finding = next(f for f in result.findings if f.code == "DIAGNOSIS_REGION_MISMATCH")
    assert "C50912" in finding.message and "01402" in finding.message


def test_the_region_rule_judges_the_rules_path_too():
    facts = extract(MASTECTOMY)
    baseline = propose_with_rules(facts)
    baseline.diagnoses = code_diagnoses(MASTECTOMY, facts)
    assert baseline.anesthesia_code.value in ("00404", "00406")
    fits = validate(facts, baseline, baseline, note=MASTECTOMY)
    assert "DIAGNOSIS_REGION_MISMATCH" not in {f.code for f in fits.findings}
    knee = baseline.anesthesia_code.model_copy(update={"value": "01402"})
    knee_code = baseline.model_copy(update={"anesthesia_code": knee})
    misfit = validate(facts, knee_code, knee_code, note=MASTECTOMY)
    assert "DIAGNOSIS_REGION_MISMATCH" in {f.code for f in misfit.findings}
