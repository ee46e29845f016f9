"""The diagnosis coder on notes a coder would paste: the primary from the diagnosis blocks, the side, the 7th
character, the unspecified code with its query, and secondaries only for the patient's own current conditions."""
from __future__ import annotations

import pytest

from assistant.catalog import diagnosis_rules
from assistant.diagnosis import statement_words
from assistant.diagnosis.matcher import matcher
from assistant.knowledge import load_knowledge
from assistant.pipeline import code_note

_HEADER = "PATIENT: Test, Case\nDATE OF SURGERY: 05/06/2026\nSURGEON: A. Surgeon, MD\n\n"


def _note(postop: str, procedure: str, pmh: str = "", preop: str | None = None) -> str:
    return (_HEADER + f"PREOPERATIVE DIAGNOSIS:  {preop or postop}\n\nPOSTOPERATIVE DIAGNOSIS:  {postop}\n\n"
            f"PROCEDURE PERFORMED:  {procedure}\n\nANESTHESIA:  General endotracheal. ASA 2.\n\n"
            + (f"PAST MEDICAL HISTORY:  {pmh}\n\n" if pmh else "")
            + "DESCRIPTION OF PROCEDURE:  The patient was brought to the operating room and general anesthesia "
              "was induced by the anesthesia team. The procedure was completed and the patient went to PACU.\n")


def _codes(note: str) -> list[str]:
    return code_note(note, proposer="rules").summary()["diagnosis_codes"]


def _findings(note: str) -> set[str]:
    return {f.code for f in code_note(note, proposer="rules").findings}


@pytest.mark.parametrize("side, code", [("Right", "M1711"), ("Left", "M1712"), ("Bilateral", "M170")])
def test_laterality_goes_to_the_side_the_note_names(side, code):
    note = _note(f"{side} knee osteoarthritis.", f"{side} total knee arthroplasty.")
    assert _codes(note)[0] == code
    assert "DIAGNOSIS_UNSPECIFIED" not in _findings(note)


def test_a_knee_without_a_side_gets_the_unspecified_code_and_the_query():
    note = _note("Osteoarthritis of the knee.", "Total knee arthroplasty.")
    result = code_note(note, proposer="rules")
    assert result.summary()["diagnosis_codes"][0] == "M179"
    finding = next(f for f in result.findings if f.code == "DIAGNOSIS_UNSPECIFIED")
    assert "side" in finding.message and "M179" in finding.message
    from assistant.app.queries import draft_queries

    query = next(q for q in draft_queries(result, note) if q.id == "diagnosis_specificity")
    assert "Osteoarthritis of the knee" in query.text and "[ ] Right" in query.text
    assert "Unable to determine" in query.text


def test_an_injury_under_surgery_is_the_initial_encounter():
    note = _note("Right femoral neck fracture.", "Right hip hemiarthroplasty.")
    code = _codes(note)[0]
    assert code == "S72001A"  # 7th character A: active treatment


def test_the_postoperative_diagnosis_wins_over_the_preoperative():
    note = _note("Left breast cancer, upper outer quadrant.", "Left modified radical mastectomy.",
                 preop="Left breast mass.")
    assert _codes(note)[0] == "C50412"


def test_same_as_preoperative_reads_the_preoperative_diagnosis():
    note = _note("Same.", "Laparoscopic cholecystectomy.", preop="Symptomatic cholelithiasis.")
    assert _codes(note)[0] == "K8020"


def test_denied_and_family_conditions_are_not_the_patients():
    note = _note("Right inguinal hernia.", "Open right inguinal hernia repair with mesh.",
                 pmh="Hypertension. Denies CHF. Mother with diabetes. No history of COPD.")
    codes = _codes(note)
    assert codes[0] == "K4090"
    assert "I10" in codes
    assert not {"I509", "E119", "J449"} & set(codes)


def test_secondaries_carry_their_elixhauser_categories_beside_p():
    note = _note("Right inguinal hernia.", "Open right inguinal hernia repair.",
                 pmh="Hypertension, type 2 diabetes mellitus, obstructive sleep apnea.")
    result = code_note(note, proposer="rules")
    by_code = {d.code: d for d in result.diagnoses}
    assert by_code["I10"].elixhauser == ["HTN_UNCX"] and by_code["E119"].elixhauser == ["DIAB_UNCX"]
    assert all(d.role == "secondary" and d.source == "comorbidity" for d in result.diagnoses[1:])
    from assistant.report import render_text

    text = render_text(result)
    assert "supports P: I10" in text and "HTN_UNCX (Hypertension, uncomplicated)" in text


def test_box_21_and_the_24e_pointers_are_on_the_claim():
    note = _note("Right inguinal hernia.", "Open right inguinal hernia repair.", pmh="Hypertension.")
    result = code_note(note, proposer="rules")
    assert result.claim.diagnosis_codes == ["K4090", "I10"]
    assert result.claim.diagnosis_release == "2026-04-01"
    assert [line.diagnosis_pointer for line in result.claim.lines] == ["AB"] * len(result.claim.lines)
    from assistant.app.exports import claim_csv_rows

    rows = claim_csv_rows(result)
    assert rows[0]["diagnosis_codes"] == "K4090 I10" and rows[0]["diagnosis_pointer"] == "AB"


def test_every_diagnosis_keeps_its_evidence_span():
    note = _note("Right inguinal hernia.", "Open right inguinal hernia repair.", pmh="Hypertension.")
    result = code_note(note, proposer="rules")
    for dx in result.diagnoses:
        assert " ".join(note[dx.start:dx.end].split()) == dx.quote
        assert dx.release == "2026-04-01"
    assert result.diagnoses[0].quote == "Right inguinal hernia"
    comorbidity = result.facts.evidence_by_id(result.diagnoses[1].evidence_ids[0])
    assert (comorbidity.start, comorbidity.end) == (result.diagnoses[1].start, result.diagnoses[1].end)
    assert "DIAGNOSIS" not in {e.label for e in result.facts.evidence}  # the app's procedure marks stay


def test_a_note_without_any_diagnosis_says_so():
    note = "ANESTHESIA RECORD\nAnesthesia start 08:00  Anesthesia end 08:30\nGeneral anesthesia. ASA 1.\n"
    result = code_note(note, proposer="rules")
    assert result.diagnoses == [] and "DIAGNOSIS_NOT_FOUND" in {f.code for f in result.findings}


def test_synonyms_of_the_rules_file_reach_the_tabular_words():
    said = statement_words("Left breast ca")
    assert {"malignant", "neoplasm", "breast", "left"} <= said


def test_the_examples_of_the_rules_file_hold():
    rules = diagnosis_rules(str(load_knowledge().rules_dir))
    match_with = matcher(str(load_knowledge().rules_dir))
    for example in rules.examples:
        assert match_with.best(example.statement).code == example.code, example.statement


def test_every_comorbidity_code_of_the_rules_file_is_billable():
    rules = diagnosis_rules(str(load_knowledge().rules_dir))
    codeset = matcher(str(load_knowledge().rules_dir)).codeset
    codes = [(name, c.code) for name, c in rules.comorbidity_codes.items()]
    codes += [(name, r.code) for name, c in rules.comorbidity_codes.items() for r in c.refine]
    assert [(n, c) for n, c in codes if not codeset.billable(c)] == []


def _validated(note: str, diagnoses=None, disabled=frozenset()):
    from assistant.diagnosis import code_diagnoses
    from assistant.extract import extract
    from assistant.propose import propose_with_rules
    from assistant.validate import validate

    facts = extract(note)
    baseline = propose_with_rules(facts)
    baseline.diagnoses = code_diagnoses(note, facts) if diagnoses is None else diagnoses
    return validate(facts, baseline, baseline, note=note, disabled=set(disabled))


def test_a_category_on_the_claim_is_left_off_and_said():
    from assistant.models import Diagnosis

    note = _note("Right inguinal hernia.", "Open right inguinal hernia repair.")
    validation = _validated(note, [Diagnosis(code="K40", role="primary"), Diagnosis(code="I10", role="secondary")])
    assert [d.code for d in validation.proposal.diagnoses] == ["I10"]
    assert any(f.code == "DIAGNOSIS_NOT_BILLABLE" and "K40" in f.message for f in validation.findings)
    off = _validated(note, [Diagnosis(code="K40", role="primary")], {"DIAGNOSIS_BILLABLE"})
    assert "DIAGNOSIS_NOT_BILLABLE" not in {f.code for f in off.findings}


@pytest.mark.parametrize("rule_id, finding, postop", [
    ("DIAGNOSIS_SPECIFIC", "DIAGNOSIS_UNSPECIFIED", "Osteoarthritis of the knee."),
    ("DIAGNOSIS_DOCUMENTED", "DIAGNOSIS_NOT_FOUND", None),
])
def test_each_diagnosis_rule_raises_its_finding_and_not_when_switched_off(rule_id, finding, postop):
    note = (_note(postop, "Total knee arthroplasty.") if postop
            else "ANESTHESIA RECORD\nAnesthesia start 08:00  Anesthesia end 08:30\nGeneral anesthesia. ASA 1.\n")
    on = [f for f in _validated(note).findings if f.rule_id == rule_id]
    assert [f.code for f in on] == [finding] and on[0].source
    assert [f for f in _validated(note, disabled={rule_id}).findings if f.rule_id == rule_id] == []


def test_a_date_and_weeks_since_surgery_are_no_weeks_of_gestation():
    note = _note("Retained left ureteral stent.", "Cystoscopy with removal of left ureteral stent.",
                 preop="Retained left ureteral stent, three weeks status post ureteroscopy (11/24/2025).")
    assert not any(code.startswith("Z3A") for code in _codes(note))
    pregnant = _note("Intrauterine pregnancy at 11 weeks.", "Transabdominal cerclage.")
    assert "Z3A11" in _codes(pregnant)
