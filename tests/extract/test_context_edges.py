"""The edges clinical coding is unforgiving about: negation, family, history, anatomy, age."""
from assistant.extract import extract


def asserted_comorbidities(note: str) -> set[str]:
    return {c.name for c in extract(note).comorbidities if c.asserted}


def test_denied_condition_is_not_a_comorbidity():
    assert "congestive heart failure" not in asserted_comorbidities("PMH: Denies CHF. HTN.\n")
    assert "hypertension" in asserted_comorbidities("PMH: Denies CHF. HTN.\n")


def test_family_history_is_not_the_patients():
    note = "Past medical history: none.\nMother with diabetes. Father had an MI at 60.\n"
    assert asserted_comorbidities(note) == set()


def test_family_history_section_is_not_the_patients():
    note = "FAMILY HISTORY:\nDiabetes, hypertension.\nSOCIAL HISTORY: nonsmoker\n"
    assert asserted_comorbidities(note) == set()


def test_negation_does_not_leak_to_the_next_line():
    note = "ROS: denies chest pain\nPMH: COPD on inhalers\n"
    assert "copd" in asserted_comorbidities(note)


def test_history_of_chronic_disease_counts_but_resolved_does_not():
    assert "hypertension" in asserted_comorbidities("PMH: history of hypertension on lisinopril.\n")
    assert "asthma" not in asserted_comorbidities("PMH: asthma as a child, resolved.\n")


def test_hypothetical_mention_is_not_a_comorbidity():
    assert "sepsis" not in asserted_comorbidities("Plan: cultures to rule out sepsis.\n")


def test_poorly_controlled_diabetes_is_class_three():
    facts = extract("PMH: poorly controlled type 2 diabetes, A1c 10.2.\n")
    assert max(c.asa_class for c in facts.comorbidities if c.asserted) == 3


def test_recent_myocardial_infarction_is_class_four_and_remote_is_three():
    recent = extract("PMH: NSTEMI 6 weeks ago, medically managed.\n")
    remote = extract("PMH: MI 5 years ago, stable.\n")
    assert max(c.asa_class for c in recent.comorbidities) == 4
    assert max(c.asa_class for c in remote.comorbidities) == 3


def test_reduced_ejection_fraction_is_severe_cardiopulmonary():
    facts = extract("Echo: EF 25% with global hypokinesis.\n")
    assert any(c.cardiopulmonary_severe and c.asa_class == 4 for c in facts.comorbidities)


def zone_of(note: str) -> str:
    sites = extract(note).sites
    assert sites, "no site found"
    return sites[0].zone


def test_posterior_thigh_is_an_extremity():
    assert zone_of("Procedure: excision of lipoma, left posterior thigh.\n") == "lower_extremity"


def test_upper_back_is_posterior_trunk():
    assert zone_of("Procedure: excision of sebaceous cyst, upper back.\n") == "posterior_trunk"


def test_anterior_chest_wall_is_anterior_trunk():
    assert zone_of("Procedure: excision of lesion, anterior chest wall.\n") == "anterior_trunk"


def test_back_of_the_hand_is_an_extremity():
    assert zone_of("Procedure: excision of mass, back of the hand.\n") == "upper_extremity"


def test_laterality_is_read():
    site = extract("Procedure: excision of lipoma, right forearm.\n").sites[0]
    assert site.laterality == "right"


def test_age_seventy_from_dob_is_not_older_than_seventy():
    facts = extract("DOB: 12/15/1954\nDate of service: 11/02/2025\n")
    assert (facts.age_years, facts.age_months // 12) == (70, 70)


def test_age_seventy_one_from_dob():
    facts = extract("DOB: 11/01/1954\nDate of service: 11/02/2025\n")
    assert facts.age_years == 71


def test_infant_age_in_months_from_dob():
    facts = extract("DOB: 2025-03-10\nDOS: 2025-11-02\n")
    assert facts.age_years == 0 and facts.age_months == 7


def test_stated_age_in_months():
    facts = extract("HPI: 8-month-old male with inguinal hernia.\n")
    assert facts.age_months == 8


def test_stated_age_in_years():
    facts = extract("HPI: 74 y/o female with burn.\n")
    assert facts.age_years == 74


def test_emergency_department_is_not_an_emergency():
    facts = extract("HPI: seen in the emergency department last week for pain; elective repair today.\n")
    assert not facts.emergency


def test_documented_emergency_and_non_emergent():
    assert extract("Emergency surgery for ruptured appendix.\n").emergency
    assert not extract("Non-emergent, elective case.\n").emergency


def test_asa_e_suffix_marks_emergency():
    facts = extract("ASA PS 3E\n")
    assert facts.asa_class == 3 and facts.asa_emergency and facts.emergency


def test_negated_controlled_hypotension_does_not_count():
    assert not extract("No deliberate hypotension was used.\n").controlled_hypotension
    assert extract("Controlled hypotension with nicardipine to MAP 60.\n").controlled_hypotension


def test_warming_to_prevent_hypothermia_is_not_hypothermia():
    assert not extract("Forced-air warmer to prevent hypothermia.\n").hypothermia
    assert extract("Deep hypothermic circulatory arrest at 18 C for 22 minutes.\n").hypothermia


def test_wrapped_narrative_line_keeps_its_negation():
    note = ("Procedure performed: diagnostic arthroscopy of the left shoulder only. Planned labral repair was "
            "not\nperformed; the labrum was intact.\n")
    procedures = extract(note).procedures
    assert all("labral" not in p.text for p in procedures)


def test_short_list_lines_are_not_joined():
    facts = extract("ROS: denies chest pain\nhtn on lisinopril\n")
    assert "hypertension" in {c.name for c in facts.comorbidities if c.asserted}


def test_two_digit_birth_year_is_last_century():
    facts = extract("DOB 7/19/45  DOS 3/9/26\n")
    assert facts.age_years == 80


def test_backward_negation_reaches_only_its_clause():
    procedures = extract("Proc: cysto w/ L ureteral stent placement (retrograde pyelogram), stone not "
                         "addressed today\n").procedures
    assert {c for p in procedures for c in p.candidate_codes} == {"00910"}


def test_parenthetical_not_a_screening_exam():
    procedures = extract("Procedure: Colonoscopy, diagnostic, for anemia (not a screening exam)\n").procedures
    assert {c for p in procedures for c in p.candidate_codes} == {"00811"}


def test_procedure_in_a_past_year_is_history():
    facts = extract("He has coronary artery disease with a stent in 2019 and COPD.\nProcedure: excision of "
                    "scalp lesion.\n")
    assert all("stent" not in p.text for p in facts.procedures)


def test_emergency_on_a_charge_line_is_not_documentation():
    facts = extract("CHARGE TICKET: 00790-P2-QK, 99140 (emergency)\nProcedure: elective laparoscopic cholecystectomy, "
                    "non-emergent\n")
    assert not facts.emergency


def test_premature_infant_needs_less_than_50_weeks_postmenstrual_age():
    young = extract("DOB 06/10/2025  DOS 08/12/2025\nex-34-week preterm infant\n")
    older = extract("DOB 01/10/2025  DOS 11/12/2025\nex-34-week preterm infant\n")
    assert young.premature_infant and not older.premature_infant


def test_labelled_surgery_date_wins_over_admission_date():
    facts = extract("DOB: 11/20/1954\nAdmission date: 11/17/2025\nSurgery date: 11/21/2025\n")
    assert facts.date_of_service == "2025-11-21" and facts.age_years == 71


def test_non_negates_only_the_word_it_joins():
    facts = extract("Now scheduled for non-emergent elective laparoscopic cholecystectomy with cholangiogram.\n")
    assert not facts.emergency
    assert {c for p in facts.procedures for c in p.candidate_codes} == {"00790"}


def test_none_negates_the_condition_it_answers_not_the_whole_list_before_it():
    assert asserted_comorbidities("CHF: none\nSleep apnea:  none\n") == set()
    note = "PMH: obesity BMI 34, mild intermittent asthma (last exacerbation none in 1 yr).\n"
    assert {"obesity", "asthma"} <= asserted_comorbidities(note)


def test_emergency_on_a_charges_line_without_a_code_is_not_documentation():
    facts = extract("Charges: emergency add-on requested by the surgeon\nProcedure: elective laparoscopic "
                    "cholecystectomy\n")
    assert not facts.emergency
    assert extract("Procedure: emergency laparoscopic appendectomy\n").emergency


def test_a_board_row_without_a_cue_word_is_another_rooms_case():
    # the times reader already left this row's times out; the procedure reader now leaves its procedure out too
    facts = extract("Procedure: ORIF distal radius.\nOR 5  Smith, lap chole  08:05-09:20\n")
    assert {c for p in facts.procedures for c in p.candidate_codes} == {"01830"}
    assert not facts.anesthesia_blocks


def test_a_ureteral_stent_is_no_coronary_stent_but_a_cardiac_one_is():
    urology = extract("Indication: Three weeks status post left ureteroscopy with laser lithotripsy and stent "
                      "placement.\nProcedure: Cystoscopy, right ureteral stent placement.\n")
    cardiac = extract("PMH: CAD s/p stent placement 2019.\nProcedure: Cystoscopy.\n")
    assert "coronary stent" not in {c.name for c in urology.comorbidities}
    assert "coronary stent" in {c.name for c in cardiac.comorbidities}
