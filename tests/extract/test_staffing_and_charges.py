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
