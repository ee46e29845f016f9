from assistant.extract import extract
from assistant.knowledge import load_knowledge
from assistant import coding_logic as logic
from assistant.propose import propose_with_rules


def test_restated_blocks_are_not_counted_twice():
    note = "Attending anesthesiologist: Dr. Patel (0712 - 0905)\nAnesthesia Start 0712\nAnesthesia Stop 0905\n"
    assert logic.anesthesia_minutes(extract(note))[0] == 113


def test_separate_blocks_add_up_across_midnight():
    note = "Anesthesia block 1: 2300-2330\nAnesthesia block 2: 0010-0040\n"
    assert logic.anesthesia_minutes(extract(note))[0] == 60


def test_mac_with_local_by_surgeon_is_billable_mac():
    facts = extract("Anesthesia: MAC with local by surgeon.\nProcedure: lumpectomy, left breast.\n")
    assert logic.billability(facts) == (None, [])
    assert propose_with_rules(facts).anesthesia_code.value == "00400"


def test_bier_block_by_the_surgeon_is_not_billable():
    facts = extract("Anesthesia: IV regional (Bier block), administered by the operating surgeon.\nProcedure: carpal "
                    "tunnel release.\n")
    assert logic.billability(facts)[0] == logic.SURGEON_ADMINISTERED


def test_multiple_procedures_take_the_highest_base_units():
    facts = extract("Procedures: 1. Laparoscopic cholecystectomy. 2. Excision of skin lesion, left forearm.\n")
    assert logic.best_code(facts, load_knowledge()).value == "00790"


def test_approach_only_procedure_gives_way_to_the_definitive_one():
    facts = extract("Operative note: Exploratory laparotomy, sigmoid colectomy with end colostomy.\n")
    assert logic.best_code(facts, load_knowledge()).value == "00840"


def test_infant_hernia_takes_the_age_specific_code_and_no_99100():
    facts = extract("DOB: 03/01/2025\nDOS: 11/02/2025\nProcedure: right inguinal hernia repair.\nASA 1\n")
    proposal = propose_with_rules(facts)
    assert proposal.anesthesia_code.value == "00834"
    assert proposal.qualifying_circumstances == []


def test_burn_debridement_by_tbsa():
    small = extract("Procedure: excisional debridement of burn, 3% TBSA, right leg.\n")
    large = extract("Procedure: excisional debridement of burns, 22% TBSA, both legs.\n")
    assert logic.best_code(small, load_knowledge()).value == "01951"
    assert logic.best_code(large, load_knowledge()).value == "01952"
    assert [c.value for c in logic.burn_add_ons("01952", large)] == ["01953", "01953"]


def test_suggested_class_ignores_denied_and_family_conditions():
    facts = extract("PMH: denies CHF. Mother with diabetes. Mild intermittent asthma.\n")
    choice, documented = logic.physical_status(facts)
    assert (choice.value, documented) == ("P2", False)


def test_directing_ratio_decides_the_pricing_modifiers():
    def modifiers(ratio: str) -> dict:
        return logic.pricing_modifiers(extract(f"CRNA: Pat Kim\nDr. Lee medically directing, ratio 1:{ratio}\n"))[0]
    assert modifiers("1") == {"anesthesiologist": "QY", "crna": "QX"}
    assert modifiers("4") == {"anesthesiologist": "QK", "crna": "QX"}
    assert modifiers("5") == {"anesthesiologist": "AD", "crna": "QX"}


def test_one_lung_ventilation_takes_the_specific_thoracic_code():
    with_olv = extract("Procedure: right thoracotomy, upper lobectomy.\nAnesthetic: GA, left double-lumen tube, "
                       "one-lung ventilation.\n")
    without = extract("Procedure: right thoracotomy, upper lobectomy.\nAnesthetic: GA, ETT.\n")
    assert logic.best_code(with_olv, load_knowledge()).value == "00541"
    assert logic.best_code(without, load_knowledge()).value == "00540"


def test_slash_and_period_abbreviations_code_without_crashing():
    cesarean = extract("Procedure: Scheduled repeat C/S, elective, no labor.\nSpinal.\n")
    tonsils = extract("Procedure: T&A.\nGETA.\n")
    assert logic.best_code(cesarean, load_knowledge()).value == "01961"
    assert logic.best_code(tonsils, load_knowledge()).value == "00170"


def test_modifier_23_when_the_note_says_the_procedure_is_usually_done_under_local():
    facts = extract("Full mouth dental rehabilitation, normally done under local anesthesia; general anesthesia "
                    "required because of autism, unable to cooperate.\nGETA.\n")
    assert "23" in logic.other_modifiers(facts, "00170", load_knowledge())
    plain = extract("Tonsillectomy. GETA. Patient with autism.\n")
    assert "23" not in logic.other_modifiers(plain, "00170", load_knowledge())
