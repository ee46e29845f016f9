from assistant.extract import extract


def test_personally_performed_without_crna():
    s = extract("Anesthesiologist: Dr. Avery Lee, personally performed. No CRNA.\n").staffing
    assert s.personally_performed and not s.crna_present and s.anesthesiologist == "Avery Lee"


def test_crna_without_medical_direction():
    s = extract("CRNA: Pat Kim, without medical direction.\n").staffing
    assert s.crna_present and s.crna_independent and not s.medical_direction


def test_directing_ratio():
    s = extract("Dr. Lee medically directing CRNA Kim, ratio 1:3.\nCRNA: Pat Kim\n").staffing
    assert s.medical_direction and s.concurrent_cases == 3


def test_concurrent_rooms_in_words():
    s = extract("Anesthesiologist medically directing two concurrent cases.\nCRNA: Pat Kim\n").staffing
    assert s.concurrent_cases == 2


def test_listed_overlapping_rooms_count_this_case_too():
    s = extract("Dr. Lee was also directing OR 3 and OR 5 during this case.\n").staffing
    assert s.overlapping_cases_listed == 2 and s.concurrent_cases == 3


def test_charge_ticket_codes_and_modifiers():
    facts = extract("CHARGE TICKET\n00400-P2-AA\n99100\n")
    assert [(c.code, c.modifiers) for c in facts.charged] == [("00400", ["P2", "AA"]), ("99100", [])]


def test_asa_formats():
    assert extract("ASA II\n").asa_class == 2
    assert extract("ASA class III\n").asa_class == 3
    assert extract("ASA: 4\n").asa_class == 4
    assert extract("ASA physical status 1\n").asa_class == 1


def test_aspirin_is_not_an_asa_class():
    assert extract("Meds: ASA 81 mg daily\n").asa_class is None


def test_surgeon_given_regional_is_surgeon_administered():
    techniques = extract("Bier block administered by the surgeon.\n").techniques
    assert [(t.kind, t.administered_by) for t in techniques] == [("regional", "surgeon")]


def test_negated_general_anesthesia_is_not_a_technique():
    kinds = {t.kind for t in extract("MAC; no general anesthesia required.\n").techniques}
    assert kinds == {"mac"}


def test_directing_physician_named_after_directed_by():
    s = extract("CRNA: Pat Kim, medically directed by Dana Park, MD\n").staffing
    assert s.anesthesiologist == "Dana Park" and s.medical_direction


def test_charge_line_with_mod_label():
    facts = extract("CPT 00160   Mod: QY / QX   P2\n")
    assert [(c.code, c.modifiers) for c in facts.charged] == [("00160", ["QY", "QX", "P2"])]


def test_listed_concurrent_rooms_include_this_case():
    note = ("Dr. Osei medically directing the following concurrent rooms:\n GI-1 (CRNA A)  GI-2 (CRNA B)  GI-3 (CRNA "
            "C)  GI-4 (CRNA D)  GI-5 (CRNA E)\nCRNA C\n")
    assert extract(note).staffing.concurrent_cases == 5


def test_non_smoker_is_not_a_smoker():
    assert not any(c.asserted for c in extract("Social: non-smoker, no alcohol.\n").comorbidities)


def test_role_modifiers_written_after_names_on_the_charge_line():
    facts = extract("CHARGE TICKET - ANESTHESIA\n00912-P3   Dr. N. Okafor: QY   CRNA L. Marsh: QX\n")
    assert [(c.code, c.modifiers) for c in facts.charged] == [("00912", ["P3", "QY", "QX"])]


def test_no_anesthesia_provider_with_a_block_is_surgeon_given():
    from assistant import coding_logic as logic

    facts = extract("Anesthesia: IV regional (Bier block), 0.5% lidocaine.\nNo anesthesiologist or CRNA involved. RN "
                    "monitoring only.\nProcedure: wrist ganglion excision.\n")
    assert logic.billability(facts)[0] == logic.SURGEON_ADMINISTERED


def test_table_and_ps_notations_of_the_asa_class():
    assert extract("ASA | III\n").asa_class == 3
    assert extract("PS 2 (HTN, BMI 33)\n").asa_class == 2
    assert extract("Physical status classification: IV E\n").asa_class == 4


def test_rooms_counted_in_parentheses():
    s = extract("CRNA Paul O, medically directed by Dr. Frost; Dr. Frost directing OR 7 and OR 9 "
                "concurrently (2 rooms)\n").staffing
    assert s.concurrent_cases == 2


def test_ratio_on_a_charge_line_is_not_documentation_and_listed_rooms_count():
    note = ("CRNA R. Holt in OR 7; Dr. Baker also directing CRNAs in OR 3 and OR 5 during this case. "
            "Anesthesia 1205-1441.\n"
            "Charge ticket: 00840-QY, 00840-QX (ratio 1:1).\n")
    assert extract(note).staffing.concurrent_cases == 3


def test_another_rooms_case_on_a_board_is_not_this_procedure():
    facts = extract("Procedure: ORIF distal radius.\nSame-day board: Dr. Cho also personally performing in OR 4, "
                    "0930-1045 (lap appendectomy).\n")
    assert {c for p in facts.procedures for c in p.candidate_codes} == {"01830"}
    assert facts.facility.in_room is None


def test_a_ratio_beside_a_code_is_a_charge_lines_even_without_the_word_charge():
    # one charge-line test for every reader (charges.on_charge_line): a code on the line makes it a request
    s = extract("CRNA Pat Kim, medically directed by Dr. Lee.\n00790-QK, ratio 1:3\nAnesthesia 0800-0900\n").staffing
    assert s.medical_direction and s.concurrent_cases is None


def test_an_asa_class_beside_a_code_is_the_tickets_not_a_conflict():
    facts = extract("Pre-anesthesia evaluation: ASA 3.\n00790-P2-QK  ASA 2\n")
    assert facts.asa_class == 3 and not facts.conflicts
