"""Operative notes as coders paste them (transcription layout: capital labels, two spaces after a period),
one test per kind of miss found on real notes (eval/real): where today's procedure is read, the approach,
who gave the anesthetic, and when the result must say it is not sure."""
from __future__ import annotations

import pytest

from assistant.pipeline import code_note

REVIEW = {"CODE_NEEDS_REVIEW", "NO_PROCEDURE_FOUND", "ANESTHESIA_PROVIDER_UNDOCUMENTED"}


def coded(note: str):
    result = code_note(note)
    return result.proposal.anesthesia_code.value, {f.code for f in result.findings}


def op_note(procedure: str, anesthesia: str = "General endotracheal.", detail: str = "", extra: str = "") -> str:
    return (
        "PREOPERATIVE DIAGNOSIS: , See below.\n"
        f"PROCEDURE PERFORMED: , {procedure}\n"
        f"ANESTHESIA: , {anesthesia}\n"
        f"{extra}"
        "DESCRIPTION OF PROCEDURE: , The patient was brought to the operating room and placed supine.  "
        f"{detail}The patient tolerated the procedure well and went to recovery in stable condition.\n"
    )


# --- history, indications and plans never supply today's procedure -----------------------------------

def test_prior_surgery_in_the_history_is_not_todays_procedure():
    note = op_note(
        "Right inguinal herniorrhaphy with mesh.",
        extra="HISTORY: , The patient is status post laparoscopic cholecystectomy in 2015 and a total knee "
              "arthroplasty.  She had a coronary stent 2019.\n",
        detail="An incision was made in the right groin and the hernia sac was ligated.  ")
    code, findings = coded(note)
    assert code == "00830"  # not 01402 (knee arthroplasty, 7 units) nor 00790 from the history
    assert not findings & REVIEW


def test_indication_that_lists_earlier_operations_does_not_outrank_the_heading():
    note = op_note(
        "Cystoscopy.",
        extra="INDICATIONS FOR PROCEDURE: , He had a radical prostatectomy two years ago and now has hematuria.\n",
        detail="The cystoscope was passed and the bladder inspected.  ")
    code, _ = coded(note)
    assert code == "00910"  # the radical prostatectomy (00865) is the indication's history


def test_commentary_after_a_heading_item_is_not_a_procedure():
    note = op_note("Ultrasound guided sextant biopsy of prostate:  Digital rectal exam performed at the time of "
                   "the biopsy showed an enlarged prostate with normal seminal vesicles.")
    code, _ = coded(note)
    assert code == "00902"  # transrectal prostate biopsy, not 00922 (seminal vesicles)


def test_procedure_heading_wins_over_an_incidental_step_in_the_description():
    note = op_note(
        "Laparoscopic Roux-en-Y gastric bypass.",
        detail="At the end of the case an EGD was done to test the anastomosis for leaks.  ")
    code, _ = coded(note)
    assert code == "00797"


# --- approach and the right sibling -------------------------------------------------------------------

@pytest.mark.parametrize("procedure, expected", [
    ("Laparoscopic right inguinal herniorrhaphy with mesh, as well as a circumcision.", "00840"),
    ("Left inguinal herniorrhaphy, modified Bassini.", "00830"),
    ("Examination under anesthesia and laparoscopic right orchiopexy.", "00840"),
    ("Right orchiopexy and right inguinal hernia repair.", "00930"),
    ("Transurethral resection of the prostate.", "00914"),
    ("Cystoscopy, bladder biopsies, and fulguration.", "00910"),
    ("Left hydrocelectomy, cystopyelogram, bladder biopsy.", "00920"),
    ("Bilateral vasectomy and left spermatocelectomy.", "00921"),
    ("Cystoscopy under anesthesia, ureteroscopy, stent removal with retrograde pyelography.", "00910"),
    ("SPARC suburethral sling.", "00942"),
])
def test_approach_and_sibling_from_the_heading(procedure, expected):
    code, _ = coded(op_note(procedure))
    assert code == expected


def test_equal_units_go_to_the_procedure_named_first():
    code, _ = coded(op_note("1.  Tonsillectomy and adenoidectomy.\n2.  Left superficial nasal cauterization."))
    assert code == "00170"


def test_transcription_export_with_commas_for_colons():
    note = ("PREOPERATIVE DIAGNOSES,1.  Recurrent tonsillitis.\nOPERATION PERFORMED,1.  Tonsillectomy and "
            "adenoidectomy.\n2.  Left superficial nasal cauterization.\nANESTHESIA, General endotracheal.\n")
    code, _ = coded(note)
    assert code == "00170"


# --- negation after the noun, across a period and two spaces ----------------------------------------

def test_nodes_not_dissected_is_no_dissection():
    note = op_note("Left modified radical mastectomy.",
                   detail="A modified radical mastectomy was performed.  The internal mammary nodes were not "
                          "dissected.  ")
    code, _ = coded(note)
    assert code == "00404"  # not 00406 (with internal mammary node dissection)


def test_a_risk_explained_in_one_sentence_does_not_negate_the_block_in_the_next():
    note = ("PROCEDURE: , Circumcision.\nDESCRIPTION: , She is aware of the risk of bleeding and infection.  "
            "The infant was placed on the papoose board.  A penile block was performed with 1% lidocaine.  "
            "The foreskin was removed with a Gomco clamp.\n")
    code, findings = coded(note)
    assert code is None and "LOCAL_ONLY_NOT_BILLABLE" in findings


# --- who gave the anesthetic ---------------------------------------------------------------------------

def test_local_with_conscious_sedation_by_the_proceduralist_is_not_billable():
    note = ("PROCEDURE: , Elective male sterilization via bilateral vasectomy.\n"
            "MEDICATIONS: , Anesthesia is local with conscious sedation.\n"
            "PROCEDURE NOTE: , Once satisfactory sedation had been obtained, the scrotum was prepped.  "
            "The vas was isolated, divided and tied off on each side.\n")
    code, findings = coded(note)
    assert code is None and "SEDATION_BY_PROCEDURALIST" in findings


def test_sedation_in_the_cath_lab_is_the_proceduralists():
    note = ("PROCEDURE PERFORMED: , Insertion of a VVIR permanent pacemaker.\n"
            "PROCEDURE: , The patient was taken to the Cardiac Catheterization Lab.  The left pectodeltoid region "
            "was anesthetized locally.  IV sedation and analgesics were given.  The lead was positioned.\n")
    code, findings = coded(note)
    assert code is None and "SEDATION_BY_PROCEDURALIST" in findings


def test_sedation_by_the_department_of_anesthesia_is_billable():
    note = op_note("Distal amputation, left hallux.", anesthesia="IV sedation.",
                   detail="After adequate sedation by the Department of Anesthesia, a digital block was given.  ")
    code, findings = coded(note)
    assert code == "01480" and "SEDATION_BY_PROCEDURALIST" not in findings


def test_anesthesia_line_that_says_local_only():
    note = ("OPERATIVE PROCEDURE:   Bilateral vasectomy.\nANESTHESIA:   Local.\n"
            "PROCEDURE: , Through a midline scrotal incision the vas was divided on each side.\n")
    code, findings = coded(note)
    assert code is None and "LOCAL_ONLY_NOT_BILLABLE" in findings


def test_bier_block_given_by_the_surgeon():
    note = op_note("Left carpal tunnel release.", anesthesia="Bier block administered by the surgeon.")
    code, findings = coded(note)
    assert code is None and "SURGEON_ADMINISTERED" in findings


def test_local_by_the_surgeon_with_mac_by_anesthesia_is_billable():
    note = op_note("Excision of a 2 cm lipoma, right forearm.",
                   anesthesia="MAC by anesthesia; local infiltrated by surgeon.")
    code, _ = coded(note)
    assert code == "00400"


# --- say when it is not sure ---------------------------------------------------------------------------

def test_known_anatomy_and_action_land_in_the_section_and_are_flagged():
    code, findings = coded(op_note("Surgical removal of completely bony impacted teeth #1, #16, #17 and #32."))
    assert code == "00170" and "CODE_NEEDS_REVIEW" in findings


def test_debridement_of_above_takes_the_site_from_the_postoperative_diagnosis():
    note = ("POSTOPERATIVE DIAGNOSIS: , Right distal femoral subperiosteal abscess.\n"
            "OPERATION: , Repeat irrigation and debridement of above.\nANESTHESIA: , General.\n")
    code, findings = coded(note)
    assert code == "01360" and "CODE_NEEDS_REVIEW" in findings


def test_no_anesthetic_and_no_provider_documented_goes_to_review():
    note = ("PROCEDURE PERFORMED: , Flexible cystoscopy.\n"
            "PROCEDURE: , The patient was placed supine and the flexible scope was passed into the bladder.  "
            "The bladder was inspected.\n")
    code, findings = coded(note)
    assert code == "00910" and "ANESTHESIA_PROVIDER_UNDOCUMENTED" in findings


def test_a_clear_heading_with_general_anesthesia_is_not_flagged():
    code, findings = coded(op_note("Laparoscopic cholecystectomy."))
    assert code == "00790" and not findings & REVIEW


def test_an_ophthalmic_block_with_nobody_from_anesthesia_is_the_surgeons():
    note = ("PROCEDURE: , Pars plana vitrectomy, membrane peel, right eye.\n"
            "DESCRIPTION: , The patient was brought to the operating room.  Local anesthesia was obtained with a "
            "mixture of 2% lidocaine and 0.75% bupivacaine given as a peribulbar block.  The eye was prepped.\n")
    code, findings = coded(note)
    assert code is None and "SURGEON_ADMINISTERED" in findings


def test_an_ophthalmic_block_under_mac_is_billable():
    note = ("PROCEDURE: , Pars plana vitrectomy, membrane peel, right eye.\nANESTHESIA: , MAC.\n"
            "DESCRIPTION: , A peribulbar block was given and the eye was prepped.\n")
    code, _ = coded(note)
    assert code == "00145"


def test_the_procedure_performed_wins_over_the_scheduled_one():
    note = ("Scheduled procedure: Right ureteroscopy with holmium laser lithotripsy and stent placement.\n"
            "Procedure actually performed: Cystoscopy, right retrograde pyelogram, placement of right double-J "
            "ureteral stent.  Ureteroscopy not performed.\nAnesthesia: general, LMA.\n")
    code, _ = coded(note)
    assert code == "00910"  # not 00918: no stone was treated


def test_the_indication_says_which_kind_of_colonoscopy():
    note = ("Indication: Average-risk colorectal cancer screening; first screening colonoscopy.\n"
            "Procedure: Colonoscopy to the cecum.\nSedation: propofol by the anesthesia team (MAC).\n")
    code, _ = coded(note)
    assert code == "00812"


def test_the_diagnosis_says_the_curettage_is_for_a_missed_abortion():
    note = ("PREOPERATIVE DIAGNOSIS: Missed abortion at 9 weeks.\nPROCEDURE: Suction dilation and curettage.\n"
            "ANESTHESIA: MAC by the anesthesia team with a paracervical block.\n")
    code, _ = coded(note)
    assert code == "01965"


def test_an_anesthetic_of_an_earlier_operation_is_history():
    note = ("Procedure: Flexible bronchoscopy with endobronchial ultrasound-guided transbronchial needle aspiration.\n"
            "Sedation: Moderate (conscious) sedation administered by the procedure nurse under my direction.\n"
            "Indication: Left hilar mass.  He had a right total hip replacement in 2018 under spinal anesthesia.\n")
    code, findings = coded(note)
    assert code is None and "SEDATION_BY_PROCEDURALIST" in findings


def test_keyword_words_far_apart_in_a_long_sentence_do_not_match():
    note = ("Under general anesthesia a right inguinal hernia repair was done.  The hernia sac was identified, "
            "a long and careful dissection of the cord structures away from the floor of the canal was carried out "
            "and the ventral aspect of the sac was inspected.\n")
    code, _ = coded(note)
    assert code == "00830"  # not 00832 (ventral hernia) from words twenty tokens apart


def test_an_epidural_steroid_injection_under_local_is_not_an_epidural_anesthetic():
    note = ("PROCEDURE: , Lumbar interlaminar epidural steroid injection, L5-S1, under fluoroscopy.\n"
            "ANESTHESIA: , Local skin infiltration with 1% lidocaine by the physician.  The patient declined "
            "sedation.\nDESCRIPTION: , Contrast showed epidural spread along the left S1 root.\n")
    code, findings = coded(note)
    assert code is None and "LOCAL_ONLY_NOT_BILLABLE" in findings


def test_a_description_cut_off_after_the_vitrectomy_ports_is_vitreoretinal():
    note = ("DESCRIPTION OF PROCEDURE: , The patient was brought supine to the operating room.  Induction of general "
            "anesthesia via endotracheal intubation was then accomplished.  The right eye was prepped and draped.  "
            "Infusion line was set up in the inferotemporal quadrant and two additional sclerotomies were made in "
            "the superonasal and superotemporal quadrants.\n")
    code, _ = coded(note)
    assert code == "00145"


@pytest.mark.parametrize("procedure, expected", [
    ("Excisional biopsy of a right cervical lymph node.", "00320"),   # the neck's node, not the cervical spine
    ("Open reduction and internal fixation, left clavicle.", "00450"),  # clavicle has its own section
    ("Resection of the right seventh rib.", "00470"),
    ("Excision of right submandibular gland.", "00100"),
])
def test_anatomy_of_a_wording_no_list_foresaw(procedure, expected):
    code, _ = coded(op_note(procedure))
    assert code == expected


def test_an_airway_placed_in_the_emergency_room_is_no_anesthetic_today():
    note = ("PROCEDURE: , Urgent cardiac catheterization with coronary angiogram.\n"
            "PROCEDURE IN DETAIL: , The patient was brought urgently to the cardiac cath lab from the emergency "
            "room with the patient being intubated after a cardiac arrest.  Under 2% lidocaine anesthesia, the "
            "right femoral artery was entered.\n")
    code, findings = coded(note)
    assert code is None and {"LOCAL_ONLY_NOT_BILLABLE", "NOT_BILLABLE_UNCONFIRMED"} <= findings
    today = note.replace("from the emergency room with the patient being intubated after a cardiac arrest",
                         "and the patient was intubated by the anesthesiologist")
    assert coded(today)[0] == "01920"


def test_an_ileum_intubated_by_the_colonoscope_is_no_airway():
    note = ("PROCEDURE: , Colonoscopy with cold snare polypectomy.\n"
            "SEDATION: , Moderate sedation administered by the endoscopy nurse under my direct supervision.\n"
            "DESCRIPTION: , The colonoscope was advanced to the cecum.  The terminal ileum was intubated briefly and "
            "was normal.  A 6 mm polyp was removed with cold snare.\n")
    code, findings = coded(note)
    assert code is None and "SEDATION_BY_PROCEDURALIST" in findings
    airway = note.replace("The terminal ileum was intubated briefly and was normal.",
                          "The patient was intubated by the anesthesiologist.")
    assert coded(airway)[0] == "00811"


def test_cath_lab_sedation_with_no_anesthesiologist_and_an_earlier_mac_in_the_history():
    note = ("PROCEDURES PERFORMED: , Left heart catheterization.  Selective coronary angiography.\n"
            "SEDATION: , Moderate conscious sedation with Versed and fentanyl administered by the cath lab RN under "
            "my supervision.  No anesthesiologist was present.\n"
            "INDICATIONS: , She has a history of transcatheter aortic valve replacement in 2022 (done with MAC by "
            "anesthesia at that time) and hypertension.\n")
    code, findings = coded(note)
    assert code is None and "SEDATION_BY_PROCEDURALIST" in findings


# --- kinds from the blind specialty set eval/holdout15 ---------------------------------------------

def test_a_former_preemie_hernia_is_decided_by_the_stated_postmenstrual_age():
    history = ("HISTORY: , Former 31 weeks 2 day gestational age twin, NICU stay 7 weeks.  He is now 10 weeks "
               "chronological age, corrected/postmenstrual age approximately {pma} weeks, weight 3.1 kg.\n")
    note = op_note("Bilateral inguinal hernia repair (high ligation of sac), open.",
                   anesthesia="General endotracheal by pediatric anesthesia, caudal block.",
                   extra=history.format(pma=41))
    assert coded(note)[0] == "00836"
    assert coded(op_note("Bilateral inguinal hernia repair (high ligation of sac), open.",
                         anesthesia="General endotracheal by pediatric anesthesia.",
                         extra=history.format(pma=52)))[0] != "00836"  # 52 weeks is past the 00836 limit


def test_nurse_sedation_in_the_ep_lab_with_no_anesthesiology_involvement_is_not_billable():
    note = ("PROCEDURE: , Removal and replacement of implantable cardioverter-defibrillator (ICD) pulse generator.\n"
            "ANESTHESIA / SEDATION: , Local anesthesia infiltrated by the operator.  Moderate (conscious) sedation "
            "with midazolam and fentanyl, administered by the EP lab RN under my direct supervision.  No "
            "anesthesiology involvement.\n"
            "INDICATIONS: , The patient requests to avoid a deep sedation this time.\n"
            "DESCRIPTION OF PROCEDURE: , The generator was delivered from the pocket and replaced.\n")
    code, findings = coded(note)
    assert code is None and "SEDATION_BY_PROCEDURALIST" in findings
    with_anesthesia = note.replace("No anesthesiology involvement.", "MAC by the anesthesiology service.")
    assert coded(with_anesthesia)[0] == "00534"


def test_spinal_levels_listed_between_the_words_of_a_wording_still_give_the_region():
    note = op_note("Radiofrequency ablation of the right C3, C4 and C5 medial branch nerves under fluoroscopic "
                   "guidance.", anesthesia="Monitored anesthesia care by CRNA.")
    assert coded(note)[0] == "01939"
    assert coded(note.replace("C3, C4 and C5", "L3, L4 and L5"))[0] == "01940"


def test_a_heading_wrapped_onto_the_next_line_is_one_procedure_not_a_second_one():
    # the wrap leaves "implantation, right eye" / "placement of ... biliary stent" alone on a line: a step of
    # the worded procedure, not an eye or biliary operation of its own read by anatomy
    cataract = ("PROCEDURE:  Phacoemulsification of cataract with posterior chamber intraocular lens\n"
                "implantation, right eye (OD).  Lens: SN60WF in the bag.\n"
                "ANESTHESIA:  Topical by the surgeon, with monitored anesthesia care by the CRNA.\n"
                "DESCRIPTION OF PROCEDURE:  A clear corneal incision was made and the nucleus removed.\n")
    ercp = ("PROCEDURE:  ERCP with biliary sphincterotomy, balloon sweep and stone extraction, and\n"
            "placement of a 10 Fr x 7 cm plastic biliary stent.\n"
            "ANESTHESIA:  General endotracheal anesthesia, provided by the anesthesia service.\n"
            "DESCRIPTION OF PROCEDURE:  The duodenoscope was passed to the papilla.\n")
    assert coded(cataract)[0] == "00142" and "CODE_NEEDS_REVIEW" not in coded(cataract)[1]
    assert coded(ercp)[0] == "00732" and "CODE_NEEDS_REVIEW" not in coded(ercp)[1]
    # a new line in capitals is a procedure of its own: the wrap rule does not swallow it
    two = ercp.replace("and\nplacement of a 10 Fr x 7 cm plastic biliary stent.",
                       "and stent.\nLaparoscopic cholecystectomy.")
    assert coded(two)[0] == "00790"


def test_a_note_saved_with_windows_line_ends_codes_as_the_same_note():
    # "ANESTHESIA:" with its value on the next line must still read as local only when the lines end in \r\n
    note = ("PREOPERATIVE DIAGNOSIS: , Voluntary sterility.\nOPERATIVE PROCEDURE:\n  Bilateral vasectomy.\n"
            "ANESTHESIA:\n  Local.\n"
            "DESCRIPTION OF PROCEDURE:  ,The scrotal skin was anesthetized with 0.25% Marcaine by the surgeon and "
            "the vas deferens was divided on each side.\n")
    windows = note.replace("\n", "\r\n")
    result = code_note(windows)
    assert result.proposal.anesthesia_code.value is None and coded(note)[0] is None
    for evidence in result.facts.evidence:  # offsets still point into the note as pasted
        assert windows[evidence.start:evidence.end].replace("\r", " ") == evidence.text.replace("\r", " ")


def test_a_heading_item_wrapped_after_and_keeps_its_own_approach_and_commentary_stays_commentary():
    note = op_note("Cystoscopy under anesthesia, retrograde and antegrade pyeloureteroscopy, difficult\n"
                   "and open renal biopsy.\n"
                   "Ultrasound of the kidney:  Findings showed a normal contour and normal seminal\n"
                   "vesicles on the views obtained.")
    assert coded(note)[0] == "00862"  # the open renal biopsy, not the cystoscopy (00910)


# --- kinds found on the blind sets holdout16/holdout17 (first run 0.822 / 0.933) ---------------------------

def test_a_code_table_word_is_no_typo_of_another_code_table_word():
    # "colostomy" one letter from "colpotomy" (00942, vaginal) must not put a vaginal code into a colon case
    note = op_note("1. Reversal of Hartmann's procedure with stapled colorectal anastomosis. 2. Lysis of adhesions. "
                   "3. Flexible sigmoidoscopy.",
                   detail="The colostomy was taken down and the old midline incision reopened.  ")
    code, findings = coded(note)
    assert code == "00840"  # not 00811 (the sigmoidoscopy goes through the lumen: the laparotomy stands)
    assert "CODE_NEEDS_REVIEW" not in findings
    # the surgeon's name is no procedure
    assert coded(op_note("Total thyroidectomy.", extra="SURGEON: , Anna Hartmann, MD\n"))[0] == "00320"


def test_hepatorrhaphy_and_packing_are_management_of_liver_hemorrhage():
    note = op_note("1.  Exploratory laparotomy.\n2.  Splenectomy.\n3.  Hepatorrhaphy with control of liver hemorrhage "
                   "and perihepatic packing.", extra="POSTOPERATIVE DIAGNOSIS: , Grade III liver laceration.\n")
    assert coded(note)[0] == "00792"  # 13 units, not the splenectomy's 00790
    assert coded(note.replace("3.  Hepatorrhaphy with control of liver hemorrhage and perihepatic packing.",
                              "3.  Liver biopsy."))[0] == "00790"


def test_an_anesthetic_of_days_ago_in_the_diagnosis_is_not_todays_and_topical_alone_is_not_billable():
    note = ("PROCEDURE:  Flexible cystoscopy with removal of left ureteral stent.\n"
            "DIAGNOSIS:  Left ureteral stent status post ureteroscopy (performed 10 days ago under general "
            "anesthesia at the surgery center).\n"
            "ANESTHESIA:  Topical - 2% lidocaine jelly 10 mL intraurethral.  No sedation.\n"
            "DESCRIPTION:  The flexible cystoscope was introduced and the stent grasped and removed.\n")
    code, findings = coded(note)
    assert code is None and "LOCAL_ONLY_NOT_BILLABLE" in findings
    assert coded(note.replace("Topical - 2% lidocaine jelly 10 mL intraurethral.  No sedation.",
                              "General LMA."))[0] == "00910"


def test_a_block_by_the_urologist_with_anesthesiology_not_present_is_not_billable():
    note = ("PROCEDURE: Transrectal ultrasound guided 12-core prostate needle biopsy.\n"
            "ANESTHESIA: Periprostatic nerve block with 1% lidocaine 10 mL, administered by me under ultrasound "
            "guidance. No sedation; anesthesiology not present.\n"
            "PROCEDURE IN DETAIL: The probe was inserted and 12 cores obtained.\n")
    code, findings = coded(note)
    assert code is None and "SURGEON_ADMINISTERED" in findings


def test_an_anesthesia_team_scheduled_then_released_gives_no_mac():
    note = ("PROCEDURE:, CT-guided percutaneous core biopsy of segment 6 liver lesion. ANESTHESIA:, Local "
            "anesthesia only, 10 mL 1% lidocaine by the operator. Anesthesia service had been scheduled for MAC but "
            "the case was changed to local only; the anesthesia care team was released before the procedure began "
            "and was not present. TECHNIQUE:, After local anesthetic infiltration, a 17 gauge needle was advanced.\n")
    code, findings = coded(note)
    assert code is None and "LOCAL_ONLY_NOT_BILLABLE" in findings
    staffed = note.replace("Anesthesia service had been scheduled for MAC but the case was changed to local only; "
                           "the anesthesia care team was released before the procedure began and was not present.",
                           "MAC by the anesthesia care team, CRNA present throughout.")
    assert coded(staffed)[0] == "00702"


def test_a_septal_defect_closure_on_bypass_in_an_infant_is_heart_not_brain_ventricle():
    note = op_note("Patch closure of ventricular septal defect via right atriotomy; on cardiopulmonary bypass.",
                   extra="AGE / WEIGHT: 5 months, 4.6 kg.\n")
    assert coded(note)[0] == "00561"  # not 00210: "ventricular" of a septal defect is the heart's


def test_a_diagnostic_laparoscopy_takes_its_region_from_what_it_went_on_to_do():
    note = op_note("Diagnostic (staging) laparoscopy with biopsy of liver lesion and peritoneal nodule, peritoneal "
                   "washings. Pancreaticoduodenectomy NOT performed.")
    code, findings = coded(note)
    assert code == "00790" and "CODE_NEEDS_REVIEW" in findings  # upper abdomen, by anatomy: a coder checks
    assert coded(op_note("Diagnostic laparoscopy, peritoneal washings."))[0] == "00840"


def test_an_impending_operation_in_the_indication_is_not_todays_procedure():
    note = ("INDICATIONS FOR PROCEDURE:\n  Impending open heart surgery for closure of ventricular septal defect in a "
            "4-month-old girl.\nPROCEDURE #1:\n  Insertion of transesophageal echocardiography probe.\n"
            "DESCRIPTION OF PROCEDURE #1: , The probe was passed into the esophagus without resistance.\n")
    assert coded(note)[0] is None


def test_a_note_whose_line_breaks_were_lost_still_has_its_heading():
    # one line, labels inside it: the heading still names today's procedure, the history still is the past
    note = ("PREOPERATIVE DIAGNOSIS:, Right inguinal hernia. POSTOPERATIVE DIAGNOSIS:, Same. PROCEDURE PERFORMED:, "
            "Right inguinal herniorrhaphy with mesh (Lichtenstein). ANESTHESIA:, General endotracheal. "
            "HISTORY:, The patient is a 61-year-old man who underwent a total knee arthroplasty and, earlier, a "
            "coronary artery bypass graft; he has had a reducible right groin bulge for a year. DESCRIPTION OF "
            "PROCEDURE:, The patient was brought to the operating room and placed supine. After induction the right "
            "groin was prepped and draped in the usual sterile fashion. An oblique incision was made, the external "
            "oblique opened, the cord mobilized, a small cord lipoma excised and the indirect sac dissected and "
            "reduced. A polypropylene mesh was "
            "sutured to the shelving edge and the conjoint tendon. The wound was closed in layers. The patient "
            "tolerated the procedure well and went to recovery in stable condition.")
    assert "\n" not in note and len(note) > 600
    code, findings = coded(note)
    assert code == "00830"  # not 00567 (CABG, 18 units) nor 01402 from the history
    assert not findings & REVIEW  # the heading names it: the cord lipoma of the description is no competitor


def test_a_history_sentence_wrapped_before_its_year_keeps_the_year():
    # "under general anesthesia in" / "2018": the wrap must not cut the year from its sentence
    note = ("PROCEDURE:  Excision of a 2 cm scalp cyst.\n"
            "ANESTHESIA: Local. 1% lidocaine with epinephrine 8 mL, injected by the surgeon. No sedation given.\n"
            "INDICATIONS: 56-year-old woman, mobile scalp mass. She had a lumpectomy under general anesthesia in\n"
            "2018 with no problems.\n"
            "DESCRIPTION: The cyst was excised through a linear incision and the skin closed.\n")
    code, findings = coded(note)
    assert code is None and "LOCAL_ONLY_NOT_BILLABLE" in findings
    listed = op_note("1. Excision of a 2 cm scalp cyst with layered closure of the defect and\n2. Biopsy.")
    assert coded(listed)[0] is not None  # a numbered item after a long line stays an item


def test_real_words_next_to_a_keyword_term_are_not_typos_of_it():
    # "commands" one letter from "commando" (00176, radical head and neck), "supine" from "spine"
    note = ("TITLE OF PROCEDURE:  Right medialization thyroplasty (type I) with Gore-Tex implant.\n"
            "ANESTHESIA:  Monitored anesthesia care by the anesthesiology team.\n"
            "PROCEDURE:  The patient was positioned supine.  She followed commands and phonated throughout while the "
            "implant was adjusted; no infection was seen at the window.\n")
    code, findings = coded(note)
    assert code == "00320" and "CODE_NEEDS_REVIEW" not in findings
    assert coded(note.replace("thyroplasty", "arthroscpy of the knee"))[0] == "01382"  # a real typo still reads


def test_a_surgeon_block_added_to_a_general_leaves_the_general_to_anesthesia():
    note = op_note("1. Left hydrocelectomy (Jaboulay). 2. Left spermatocelectomy.",
                   anesthesia="General LMA with spermatic cord block by surgeon.")
    code, findings = coded(note)
    assert code == "00920" and "SURGEON_ADMINISTERED" not in findings
    assert coded(op_note("Left hydrocelectomy.", anesthesia="General anesthesia by surgeon."))[0] is None


def test_a_distal_syme_of_the_hallux_is_a_toe_amputation_not_the_ankle():
    note = op_note(
        "1.  Distal Syme amputation, left hallux.  2.  Excision of mass, left second toe.",
        anesthesia="MAC with a digital block by the surgeon.",
        detail="The nail plate and the distal phalanx tuft were removed and the plantar flap closed.  ")
    code, findings = coded(note)
    assert code == "01480"  # bones of the foot; 01482 (Syme at the ankle, lower leg) outranked it on units
    # the ankle operation itself keeps its code
    assert coded(op_note("Right Syme amputation for forefoot gangrene."))[0] == "01482"


def test_an_orchiopexy_beside_a_spermatocelectomy_goes_to_a_coder_naming_00920():
    beside = code_note(op_note(
        "1.  Left spermatocelectomy.  2.  Left orchidopexy.",
        detail="The spermatocele was excised and the testis was fixed to the dartos with three sutures.  "))
    review = [f.message for f in beside.findings if f.code == "CODE_NEEDS_REVIEW"]
    assert beside.proposal.anesthesia_code.value == "00930" and review and "00920" in review[0]
    alone, findings = coded(op_note(
        "Right inguinal orchiopexy for an undescended testis.",
        detail="The testis was found in the canal, mobilized and placed in a dartos pouch.  "))
    assert alone == "00930" and "CODE_NEEDS_REVIEW" not in findings


# --- blind sets 20-22: qualifiers, bundled repairs, who gave it, run-together dictation ---------------

def test_a_craniotomy_in_the_sitting_position_is_00218_and_a_position_only_considered_is_not():
    sitting = op_note(
        "Suboccipital craniotomy, supracerebellar infratentorial approach, resection of pineal region tumor.  "
        "Patient in the sitting position.",
        detail="Precordial Doppler monitoring was used.  The head was fixed in the Mayfield holder.  ")
    assert coded(sitting)[0] == "00218"  # 13 base units over the craniotomy's 11
    considered = op_note(
        "Left suboccipital craniotomy for resection of cerebellar metastasis.",
        extra="INDICATIONS: , The sitting position was considered for this approach but was not used because of "
              "a patent foramen ovale.\n",
        detail="She was placed in the park-bench position.  ")
    assert coded(considered)[0] == "00210"


def test_a_hiatal_hernia_repaired_with_the_fundoplication_is_the_fundoplication():
    note = op_note(
        "Laparoscopic Nissen fundoplication (360 degree, floppy, 2 cm) with hiatal hernia repair and posterior "
        "cruroplasty.",
        detail="The hiatus was dissected, the crura closed posteriorly and a floppy wrap created over a bougie.  ")
    assert coded(note)[0] == "00790"  # not 00756, the diaphragmatic hernia repair of equal units


def test_a_totally_extraperitoneal_groin_hernia_repair_goes_to_a_coder_naming_00830():
    result = code_note(op_note(
        "Laparoscopic totally extraperitoneal (TEP) repair of bilateral inguinal hernias with mesh.",
        detail="The preperitoneal space was developed with a balloon dissector; the peritoneal cavity was not "
               "entered.  "))
    review = [f.message for f in result.findings if f.code == "CODE_NEEDS_REVIEW"]
    assert result.proposal.anesthesia_code.value == "00840" and review and "00830" in review[0]


def _soft_tissue_tumor(depth: str, site: str) -> str:
    return op_note(f"Excision of {depth} soft tissue tumor of the {site}, 9 cm, with layered closure.",
                   anesthesia="Monitored anesthesia care by the anesthesiologist.")


def test_a_soft_tissue_tumor_of_the_back_read_by_anatomy_is_posterior_trunk_and_of_the_thigh_an_extremity():
    assert coded(_soft_tissue_tumor("subcutaneous", "back"))[0] == "00300"
    assert coded(_soft_tissue_tumor("subcutaneous", "posterior thigh"))[0] == "00400"


def test_a_mass_under_the_fascia_of_a_limb_is_the_regions_soft_tissue_and_of_the_back_still_00300():
    # 00300 covers the posterior trunk's muscles; 00400 is skin only, so a limb's subfascial or intramuscular
    # mass takes the region's nerves-muscles-tendons code
    assert coded(_soft_tissue_tumor("subfascial", "back"))[0] == "00300"
    assert coded(_soft_tissue_tumor("subfascial", "posterior thigh"))[0] == "01250"
    assert coded(_soft_tissue_tumor("subfascial", "right forearm"))[0] == "01810"
    assert coded(_soft_tissue_tumor("subfascial", "left upper arm"))[0] == "01710"
    assert coded(op_note("Excision of intramuscular lipoma, left calf."))[0] == "01470"
    assert coded(op_note("Excision of lipoma, left calf."))[0] == "00400"


def test_a_limb_vessel_or_cast_named_with_its_region_takes_that_regions_code():
    assert coded(op_note("Open thrombectomy of the left popliteal artery with patch angioplasty."))[0] == "01440"
    assert coded(op_note("Right below-knee popliteal to dorsalis pedis bypass with in situ great saphenous "
                         "vein."))[0] == "01500"
    assert coded(op_note("Ligation of bleeding right radial artery."))[0] == "01840"
    assert coded(op_note("Removal of long leg cast under anesthesia."))[0] == "01420"
    assert coded(op_note("Removal of bilateral short leg casts and reapplication."))[0] == "01490"
    assert coded(op_note("Open repair of the knee."))[0] == "01400"  # the joint itself stays the joint's code


def test_a_liver_sectionectomy_is_a_partial_hepatectomy():
    note = op_note("1.  Right posterior sectionectomy (segments 6 and 7), open.  2.  Cholecystectomy.  "
                   "3.  Intraoperative liver ultrasound.")
    assert coded(note)[0] == "00792"  # 13 units, not the cholecystectomy's 00790


def test_nurse_sedation_at_a_pain_injection_with_no_anesthesia_personnel_is_not_billable():
    note = ("PROCEDURE: Left L4-L5 and L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance.\n"
            "SEDATION/ANESTHESIA: Local skin wheal by physician; moderate sedation with midazolam 2 mg IV, "
            "administered by the procedure RN under my direction.  Anesthesia personnel: none.\n"
            "HISTORY: s/p L4-L5 fusion in 2016 under general anesthesia.\n"
            "DESCRIPTION: Contrast showed a good epidural flow along the L4 nerve root.  Dexamethasone was "
            "injected.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value is None  # the "epidural flow" is contrast, not an anesthetic


def test_an_office_cystoscopy_under_jelly_with_the_urologist_as_provider_is_not_billable():
    note = ("UROLOGY CLINIC PROCEDURE NOTE\n"
            "Provider: Daniel Okoye, MD (urology)\n"
            "Procedure: Flexible cystoscopy with removal of left ureteral stent (grasper).\n"
            "Anesthesia: Topical 2% lidocaine jelly instilled per urethra by the RN.  No sedation or anesthesia "
            "services.\n"
            "Indication: Three weeks status post left ureteroscopy with laser lithotripsy and stent placement under "
            "general anesthesia at the hospital (11/24/2025).\n"
            "Description: The cystoscope was passed and the stent was grasped and withdrawn intact.\n")
    assert code_note(note).proposal.anesthesia_code.value is None


def test_run_together_dictation_without_colons_keeps_the_planned_and_the_performed_procedure_apart():
    note = ("OPERATIVE NOTE PREOPERATIVE DIAGNOSIS right distal ureteral stone with obstruction POSTOPERATIVE "
            "DIAGNOSIS same, narrow non-dilatable distal right ureter PROCEDURE PLANNED right ureteroscopy with "
            "laser lithotripsy and stent PROCEDURE PERFORMED 1. cystoscopy 2. right retrograde pyelogram "
            "3. attempted right rigid ureteroscopy (unsuccessful, aborted) 4. right ureteral stent placement "
            "ANESTHESIA general anesthesia, LMA, by anesthesiology INDICATIONS 37-year-old woman with a 7 mm "
            "stone who consented to ureteroscopy with laser lithotripsy and stent, a stent alone if the ureter "
            "would not accept the scope. DESCRIPTION the rigid cystoscope was inserted and the bladder "
            "inspected. the ureter was narrow and the scope could not be advanced. the stone was not seen and "
            "the attempt was aborted. a double-J stent was placed over the wire. the patient was awakened.")
    assert len(note) >= 600  # a line whose breaks were lost
    assert coded(note)[0] == "00910"  # the stone was never reached: no 00918


def test_a_shunt_valve_checked_after_an_mri_is_no_shunt_procedure():
    note = ("ANESTHESIA FOR RADIOLOGY\n"
            "Procedure: MRI brain and total spine with and without gadolinium; programmable VP shunt valve setting "
            "verified after the scan.\n"
            "Anesthesia: General anesthesia via LMA by pediatric anesthesiologist Dr. K. Mensah.\n"
            "History: 3-year-old with medulloblastoma, status post VP shunt placement in 2023.\n")
    assert coded(note)[0] == "01922"  # not 00220, CSF shunt procedures


def test_title_case_labels_of_a_note_whose_line_breaks_were_lost_still_part_history_from_today():
    note = ("Operative Report, Date: 05/12/2025, Pre-operative Diagnosis:, 1. Symptomatic cholelithiasis., "
            "2. Umbilical hernia., Post-operative Diagnosis: Same., Procedures:, 1. Laparoscopic cholecystectomy., "
            "2. Primary repair of umbilical hernia, 1.5 cm., Surgeon: Olivia Brandt, MD, Anesthesia: General "
            "endotracheal by the anesthesiologist., History / Indications: 41-year-old woman, status post "
            "laparoscopic sleeve gastrectomy in 2022 with 38 kg weight loss, who developed gallstones with "
            "episodes of biliary colic.  She also has a small umbilical hernia that predates her gastric sleeve.  "
            "We planned to repair the hernia through the umbilical port site., Description of Procedure: The "
            "patient was brought to the operating room and placed supine.  The gallbladder was dissected from the "
            "liver bed and removed through the umbilical port, and the fascial defect was closed primarily.")
    assert len(note) >= 600
    assert coded(note)[0] == "00790"  # the sleeve of 2022 (00797, 8 units) is history


# --- blind sets 23 and 25: wrapped items, separators, hernia type, anastomoses, who gave it -------------

def test_a_heading_item_wrapped_onto_an_indented_line_stays_one_procedure():
    egd = ("Procedures:\n"
           "  1. Esophagogastroduodenoscopy (EGD) with biopsies (gastric antrum/body for\n"
           "     H. pylori; duodenal biopsies for celiac).\n"
           "  2. Colonoscopy with cold snare polypectomy x2, to the terminal ileum.\n"
           "Anesthesia: Monitored anesthesia care by the anesthesiologist, personally performed.\n")
    assert coded(egd)[0] == "00813"  # the duodenal biopsies belong to the EGD: no 00790 by anatomy
    staging = ("PROCEDURES PERFORMED:\n"
               "1. DIAGNOSTIC (STAGING) LAPAROSCOPY WITH PERITONEAL BIOPSIES X3 AND LIVER WEDGE\n"
               "   BIOPSY (SEGMENT 3), PERITONEAL WASHINGS FOR CYTOLOGY.\n"
               "ANESTHESIA: General endotracheal anesthesia by the anesthesia team.\n")
    assert coded(staging)[0] == "00790"  # the liver biopsy puts the laparoscopy in the upper abdomen


def test_fields_run_together_with_dashes_keep_the_planned_below_knee_apart_from_the_above_knee_done():
    note = ("VASCULAR SURGERY OPERATIVE NOTE -- PREOPERATIVE DIAGNOSIS: Chronic limb-threatening ischemia of the "
            "right leg; occluded right femoral-popliteal bypass graft. -- POSTOPERATIVE DIAGNOSIS: Same, not "
            "salvageable at the below-knee level. -- PROCEDURE PLANNED: Right below-knee amputation. -- PROCEDURE "
            "PERFORMED: Right above-knee amputation (transfemoral, mid-thigh), with ligation of the thrombosed "
            "bypass graft. -- ANESTHESIA: General endotracheal anesthesia, anesthesiologist Dr. I. Novak. -- "
            "HISTORY: Status post right femoral to below-knee popliteal bypass 2021. Consent obtained for BKA, "
            "possible AKA. -- FINDINGS: At the planned BKA level the calf muscle did not bleed; the tibial level "
            "was abandoned before any bone cut.")
    assert len(note) >= 600
    assert coded(note)[0] == "01232"  # not the history's bypass (01270) nor the planned BKA (01482)


def test_a_laparoscopic_paraesophageal_hernia_repair_is_an_upper_abdominal_laparoscopy():
    assert coded(op_note("Redo laparoscopic paraesophageal hernia repair with mesh; intraoperative upper "
                         "endoscopy."))[0] == "00790"
    assert coded(op_note("Open transabdominal repair of paraesophageal hernia."))[0] == "00756"


def test_the_postoperative_diagnosis_names_the_hernia_a_heading_calls_umbilical():
    note = ("PREOPERATIVE DIAGNOSIS:  Umbilical hernia.\n"
            "POSTOPERATIVE DIAGNOSIS:  Incisional hernia, upper midline, 5 cm above the umbilicus.\n"
            "PROCEDURE PERFORMED:  Umbilical hernia repair with mesh.\n"
            "ANESTHESIA:  General endotracheal.\n")
    assert coded(note)[0] == "00752"
    plain = note.replace("Incisional hernia, upper midline, 5 cm above the umbilicus.", "Same.")
    assert coded(plain)[0] == "00750"


def test_a_peg_under_nurse_sedation_with_anesthesia_services_not_requested_is_not_billable():
    note = ("PROCEDURE:  Esophagogastroduodenoscopy with placement of percutaneous endoscopic gastrostomy (PEG).\n"
            "SEDATION:  Moderate (conscious) sedation administered by the endoscopy RN under the direction of the "
            "endoscopist: midazolam 3 mg IV and fentanyl 75 mcg IV.  Topical benzocaine spray to the oropharynx.  "
            "Anesthesia services were not requested or present.\n")
    assert code_note(note).proposal.anesthesia_code.value is None


def test_an_anastomosis_named_by_its_stricture_is_the_site_not_todays_operation():
    note = op_note("ERCP using single-balloon enteroscope: removal of existing biliary stent, balloon dilation of "
                   "hepaticojejunostomy stricture to 8 mm, and placement of two plastic biliary stents.",
                   anesthesia="MAC by the anesthesiologist.")
    assert coded(note)[0] == "00732"  # not 00790 for a hepaticojejunostomy done years ago


# --- blind set 24: fields on one line, what old operations left, the hernia's site --------------------

def test_fields_on_one_line_end_the_heading_and_old_clips_are_no_cholecystectomy():
    note = ("OPERATIVE NOTE. Date of surgery 07/11/2025. Patient Jordan Ames, 28 year old male. PREOPERATIVE "
            "DIAGNOSIS: acute appendicitis. POSTOPERATIVE DIAGNOSIS: acute perforated appendicitis with localized "
            "purulent peritonitis. PROCEDURE: laparoscopic appendectomy, drainage of pelvic abscess, bilateral "
            "transversus abdominis plane blocks placed by the surgeon under laparoscopic guidance at the end of "
            "the case. SURGEON: Dr. Keisha Monroe. ASSISTANT: surgical tech first assist, Darnell Pruitt CST. "
            "ANESTHESIA: general endotracheal anesthesia by Dr. Alan Fenwick, anesthesiology. ESTIMATED BLOOD "
            "LOSS: 20 mL. SPECIMENS: appendix, peritoneal fluid for culture. COMPLICATIONS: none.\n\n"
            "FINDINGS: Retrocecal appendix, gangrenous, with a 4 mm perforation at the tip.  Old cholecystectomy "
            "clips in the right upper quadrant.\n")
    assert len(note.splitlines()[0]) >= 600
    assert coded(note)[0] == "00840"  # not 00790 for the clips of a cholecystectomy years ago


def test_an_incisional_hernia_the_heading_places_above_the_umbilicus_is_upper_abdominal():
    upper = op_note("Open repair of incisional hernia, right subcostal incision, with onlay mesh.")
    assert coded(upper)[0] == "00752"
    lower = op_note("Open repair of incisional hernia with mesh.",
                    extra="FINDINGS: , Two fascial defects between umbilicus and pubis.  Upper midline fascia "
                          "intact.\n")
    assert coded(lower)[0] == "00832"  # the findings' upper midline is where the hernia is not


# --- stop 20: blind sets 26-28 and the breadth probes titles01-02 --------------------------------------

def test_a_note_whose_line_breaks_became_commas_reads_like_the_original():
    lines = ["PREOPERATIVE DIAGNOSIS: , Symptomatic cholelithiasis.", "POSTOPERATIVE DIAGNOSIS: , Same.",
             "PROCEDURE: , Laparoscopic cholecystectomy.",
             "ANESTHESIA: , General endotracheal anesthesia by the anesthesia team.",
             "HISTORY: , The patient is status post total knee arthroplasty and a right inguinal hernia repair.",
             "DESCRIPTION OF PROCEDURE: , The patient was placed supine.  Four ports were placed.  The cystic duct "
             "and artery were clipped and divided.  The gallbladder was removed in a bag."]
    broken = ",".join(lines)  # as a spreadsheet export or the MTSamples CSV gives it
    result = code_note(broken)
    assert result.proposal.anesthesia_code.value == "00790"  # not 01402 from the history
    for evidence in result.facts.evidence:  # same length: every offset still points into what was pasted
        assert broken[evidence.start:evidence.end].replace(",", "\n") == evidence.text.replace(",", "\n")


def test_a_note_that_kept_its_line_breaks_keeps_its_commas():
    from assistant.pipeline import restore_comma_breaks

    note = op_note("Excision of lipoma, right forearm.",
                   detail="Bleeding, infection, etc., were discussed.  Sutures: 4-0 nylon., Dressing applied.  ")
    assert restore_comma_breaks(note) == note


def test_a_run_on_numbered_heading_item_is_read_and_its_larger_operation_flagged():
    note = ("OPERATIVE NOTE.  PREOPERATIVE DIAGNOSIS: Incarcerated right groin hernia.  PROCEDURE: 1) Open repair "
            "of incarcerated right femoral hernia, McVay Cooper's ligament repair. 2) Segmental resection of the "
            "distal ileum with primary stapled anastomosis. SURGEON: A. Surgeon, MD. ANESTHESIA: General "
            "endotracheal (Dr. Stavros, anesthesiology). INDICATIONS: A 78-year-old woman with two days of vomiting "
            "and an irreducible right groin mass; CT showed a knuckle of ileum in the femoral canal. DESCRIPTION OF "
            "PROCEDURE: After rapid sequence intubation the right groin was prepped. The femoral sac was opened and "
            "a dusky segment of ileum delivered; 10 cm of ileum was resected with a stapled anastomosis and the "
            "femoral canal was closed to Cooper's ligament. EBL 100 mL.")  # one line, as a scrape leaves it
    result = code_note(note)
    review = [f.message for f in result.findings if f.code == "CODE_NEEDS_REVIEW"]
    assert result.proposal.anesthesia_code.value == "00830"
    assert review and "00840" in review[0]  # the ileal resection, read by anatomy, would give more


@pytest.mark.parametrize("procedure, expected", [
    ("Closed reduction of dislocated right total hip arthroplasty.", "01200"),       # not 01214
    ("Closed reduction and percutaneous pinning of a right supracondylar humerus fracture.", "01730"),
    ("Manipulation under anesthesia of the left total knee arthroplasty.", "01380"),  # not 01402
    ("Open reduction and internal fixation of the right supracondylar humerus fracture.", "01740"),
])
def test_closed_treatment_takes_the_regions_closed_procedures_code(procedure, expected):
    code, _ = coded(op_note(procedure, detail="The fracture was reduced under fluoroscopy.  "))
    assert code == expected


def test_a_breast_implant_capsulotomy_is_not_lens_surgery():
    code, _ = coded(op_note("Removal of left tissue expander and placement of silicone gel implant with "
                            "capsulotomy (second-stage breast reconstruction)."))
    assert code == "00402"  # not 00142
    code, _ = coded(op_note("YAG laser capsulotomy, right eye.", anesthesia="Monitored anesthesia care."))
    assert code == "00142"


def test_thoracic_spine_surgery_through_the_chest_is_the_transthoracic_code():
    code, _ = coded(op_note("Left thoracoscopic T9-T10 discectomy.",
                            detail="A double-lumen tube was placed and one-lung ventilation established.  "))
    assert code == "00626"  # not the VATS 00541 beside a thoracic discectomy


def test_a_heading_procedure_the_description_says_was_not_done_is_not_coded():
    note = op_note("1.  Bilateral myringotomy with tympanostomy tube insertion.\n2.  Adenoidectomy.",
                   detail="Tubes were placed in both ears.  The adenoid pad was small and non-obstructive; "
                          "adenoidectomy was therefore not performed.  ")
    result = code_note(note)
    review = [f.message for f in result.findings if f.code == "CODE_NEEDS_REVIEW"]
    assert result.proposal.anesthesia_code.value == "00126"  # not the adenoidectomy's 00170
    assert review and "00170" in review[0]


def test_a_part_the_description_did_not_do_leaves_the_operation_standing():
    code, _ = coded(op_note("Total thyroidectomy.",
                            detail="Both lobes were removed.  A central neck dissection was not performed, as no "
                                   "suspicious nodes were seen.  "))
    assert code == "00320"


def test_deep_sedation_by_the_operating_surgeon_with_a_permit_is_not_billable():
    note = ("OFFICE OPERATIVE NOTE - ORAL AND MAXILLOFACIAL SURGERY\n"
            "PROCEDURE: Extraction of teeth #1, 16, 17 and 32.\n"
            "ANESTHESIA: IV deep sedation administered by the operating surgeon (general anesthesia permit), with "
            "local anesthesia.  No separate anesthesia provider.\n"
            "DESCRIPTION: The teeth were sectioned and elevated.  The sockets were irrigated.\n")
    code, findings = coded(note)
    assert code is None


# --- stop 21: kinds from blind sets holdout29-31 and probes titles03-04 ---------------------------------

def test_the_way_in_picks_the_sibling_perineal_prostatectomy_and_hysteroscopic_myomectomy():
    assert coded(op_note("Radical perineal prostatectomy with bilateral pelvic lymph node sampling."))[0] == "00908"
    assert coded(op_note("Robotic-assisted laparoscopic radical prostatectomy."))[0] == "00865"
    assert coded(op_note("Operative hysteroscopy with hysteroscopic myomectomy of a submucous fibroid."))[0] == "00952"
    assert coded(op_note("Abdominal myomectomy through a Pfannenstiel incision."))[0] == "00840"


def test_a_billing_line_naming_a_code_is_an_instruction_and_the_hysteroscopy_stays_00952():
    result = code_note(op_note(
        "Operative hysteroscopy with hysteroscopic myomectomy (MyoSure) of a type 1 submucous fibroid.",
        detail="Laparoscopy was not performed.  ",
        extra="NOTE TO BILLING: , The office books this as a lap/hyst block, please code anesthesia as 00840.\n"))
    assert result.proposal.anesthesia_code.value == "00952"
    assert "INSTRUCTION_IN_NOTE" in {f.code for f in result.findings}


def test_an_off_pump_bypass_converted_to_the_pump_is_the_pump_code():
    converted = op_note("Off-pump coronary artery bypass grafting x3 (LIMA to LAD, SVG to OM1, SVG to PDA).",
                        detail="The heart did not tolerate the positioning, so the decision was made to convert to "
                               "on-pump.  Cardiopulmonary bypass was instituted through the ascending aorta.  ")
    standby = op_note("Off-pump coronary artery bypass grafting x3 (LIMA to LAD, SVG to OM1, SVG to PDA).",
                      detail="Perfusion was on standby; the grafts were sewn on the beating heart.  ")
    assert coded(converted)[0] == "00567"
    assert coded(standby)[0] == "00566"


def test_a_double_lumen_tube_not_placed_is_no_one_lung_ventilation():
    note = op_note("Flexible bronchoscopy and cervical mediastinoscopy with biopsies of stations 4R and 7.",
                   detail="The planned lobectomy was not performed.  A double-lumen tube was not placed and the "
                          "patient was not repositioned.  ")
    assert coded(note)[0] == "00528"  # not 00529


def test_a_case_booked_with_mac_done_under_the_surgeons_local_alone_has_no_code():
    note = op_note("Excision of 5 cm subcutaneous lipoma, right upper back.",
                   anesthesia="Local anesthesia (1% lidocaine with epinephrine) by the surgeon.",
                   detail="The case was booked with monitored anesthesia care, but in the holding area the patient "
                          "declined sedation.  Anesthesiology was released and did not participate in the case.  ")
    code, findings = coded(note)
    assert code is None


def test_an_operators_attending_line_and_nurse_sedation_when_anesthesia_was_unavailable_has_no_code():
    note = ("CARDIAC CATHETERIZATION LABORATORY REPORT\n"
            "Attending: Rafael Quintero, MD, Interventional Cardiology\n"
            "Procedures:\n 1. Left heart catheterization.\n 2. Selective coronary angiography.\n"
            "Sedation: Moderate sedation (see below).\n"
            "Pre-procedure: An anesthesia consultation was requested for possible monitored anesthesia care.  "
            "Anesthesia was consulted on the morning of the procedure but was not available.\n"
            "Sedation: Moderate sedation was administered by the cath lab RN under my supervision.\n")
    assert coded(note)[0] is None  # not 01920


def test_a_cervical_spine_case_in_the_sitting_position_is_00604():
    note = op_note("C3-C6 posterior cervical laminectomy.",
                   detail="The patient was placed in the sitting position in a Mayfield head holder.  ")
    assert coded(note)[0] == "00604"


def test_an_arthroscopic_heading_governs_its_list_and_the_femoral_head_neck_is_the_hip():
    note = ("PROCEDURES PERFORMED:\n1) Right hip arthroscopy with labral repair using three suture anchors.\n"
            "2) Acetabuloplasty (rim trimming) for pincer lesion.\n"
            "3) Femoroplasty/osteochondroplasty of cam lesion of the femoral head-neck junction.\n"
            "ANESTHESIA: General endotracheal anesthesia.\n")
    assert coded(note)[0] == "01202"  # not 00320 (neck) nor 01210 (open hip)


def test_the_posterior_wall_of_the_stomach_is_no_acetabulum():
    assert coded(op_note("Repair of the posterior wall of the stomach."))[0] != "01173"
    assert coded(op_note("Open reduction internal fixation of right posterior wall acetabular fracture."))[0] \
        == "01173"


def test_a_no_scalpel_vasectomy_is_a_vasectomy():
    assert coded(op_note("Bilateral no-scalpel vasectomy."))[0] == "00921"


def test_a_coil_embolization_names_no_vessel_bed_and_the_tips_wins():
    note = op_note("Transjugular intrahepatic portosystemic shunt (TIPS) creation with covered stent graft; "
                   "coil embolization of gastric varix (left gastric vein).")
    assert coded(note)[0] == "01931"  # not 01926 (intracranial, heart or aorta)


def test_a_clause_about_the_access_composes_no_procedure():
    note = op_note("Balloon-assisted coil embolization of left posterior communicating artery aneurysm; diagnostic "
                   "cerebral angiography; right common femoral artery access and closure.")
    code, findings = coded(note)
    assert code == "01926" and "CODE_NEEDS_REVIEW" not in findings


def test_the_burn_area_treated_today_chooses_the_burn_code_not_the_total_burn_of_the_diagnosis():
    note = ("PREOPERATIVE DIAGNOSIS: , Scald burn of the right hand, forearm and chest; total burn 6% TBSA.\n"
            "PROCEDURE PERFORMED: , Excisional debridement of partial-thickness scald burn of the right dorsal hand "
            "and distal forearm, approximately 3% TBSA.\nANESTHESIA: , General endotracheal anesthesia.\n")
    assert coded(note)[0] == "01951"  # less than 4% treated, not 01952 (4-9%)


def test_a_single_shot_spinal_for_an_instrumented_delivery_is_the_delivery_code():
    spinal = op_note("Outlet forceps-assisted vaginal delivery under spinal anesthesia.",
                     anesthesia="Single-shot spinal (saddle) anesthesia placed by anesthesia for delivery.")
    epidural = op_note("Outlet forceps-assisted vaginal delivery.",
                       anesthesia="Continuous lumbar epidural for labor analgesia placed and managed by anesthesia.")
    assert coded(spinal)[0] == "01960"
    assert coded(epidural)[0] == "01967"


def test_the_abdominal_wall_by_zone_and_depth():
    assert coded(op_note("Wide excision of desmoid tumor of the upper anterior abdominal wall with biologic mesh "
                         "reconstruction."))[0] == "00700"  # no hernia: not 00832
    assert coded(op_note("Excision of 7 cm intramuscular lipoma, left upper posterior abdominal wall."))[0] == "00730"
    assert coded(op_note("Excision of 6 cm dermatofibrosarcoma, anterior abdominal wall (skin/subcutaneous), "
                         "complex closure."))[0] == "00400"  # the wall's skin


def test_a_femoral_hernia_reduced_is_no_femur_reduction():
    note = op_note("Emergent repair of incarcerated right femoral hernia, open, with reduction of hernia contents "
                   "(McVay / Cooper ligament repair).")
    assert coded(note)[0] == "00830"  # not 01230


def test_a_postmastectomy_word_is_not_corrected_into_a_prostatectomy():
    note = op_note("Left modified radical mastectomy (total mastectomy with level I and II axillary lymph node "
                   "dissection); placement of drains for postmastectomy seroma prevention.")
    assert coded(note)[0] == "00404"  # not 00865


def test_an_infant_at_exactly_50_weeks_postmenstrual_is_no_longer_the_premature_code():
    note = op_note("Right inguinal herniorrhaphy (high ligation of the sac).",
                   extra="PATIENT: , Female infant, chronological age 17 weeks 0 days.  Former 33 0/7 week premature "
                         "infant, postmenstrual age today 50 weeks 0 days.\n")
    assert coded(note)[0] == "00834"  # younger than 1 year; 00836 needs under 50 weeks


def test_a_heading_item_marked_not_performed_and_lung_isolation_not_used_leave_the_mediastinoscopy():
    note = ("PROCEDURES:\n1. Flexible bronchoscopy.\n2. Cervical mediastinoscopy with biopsy of stations 4R, 7 and 4L."
            "\n3. Planned right VATS upper lobectomy - NOT PERFORMED.\n"
            "ANESTHESIA: General anesthesia via a 37 French left double-lumen endotracheal tube.\n"
            "DESCRIPTION OF PROCEDURE: A left double-lumen tube was placed by anesthesia.  Frozen section showed N2 "
            "disease.  The patient was never turned to the lateral position and lung isolation was not used.\n")
    assert coded(note)[0] == "00528"  # not 00541 (VATS) nor 00529 (one-lung ventilation)


def test_the_venography_that_guides_a_pacemaker_lead_is_part_of_the_implant():
    note = op_note("Implantation of a new dual-chamber permanent pacemaker (transvenous), left infraclavicular, with "
                   "fluoroscopic guidance and left upper extremity venography.",
                   anesthesia="Monitored anesthesia care by the anesthesiologist.")
    assert coded(note)[0] == "00530"  # not 01916


def test_a_cesarean_the_description_takes_on_to_a_hysterectomy_is_the_cesarean_hysterectomy_and_flags():
    result = code_note(op_note(
        "Repeat low transverse cesarean section; bilateral tubal ligation.",
        anesthesia="Spinal anesthesia by the anesthesiologist.",
        detail="For placenta accreta the decision was made to proceed with cesarean hysterectomy.  Total abdominal "
               "hysterectomy was completed.  "))
    assert result.proposal.anesthesia_code.value == "01963"
    assert "CODE_NEEDS_REVIEW" in {f.code for f in result.findings}


@pytest.mark.parametrize("denial", [
    "As no tumor was present, no resection was performed.",
    "There was no lesion to resect.",
])
def test_a_turbt_the_description_says_resected_nothing_is_the_cystoscopy_and_flags(denial):
    result = code_note(op_note(
        "1. Cystoscopy.  2. TURBT.",
        detail=f"A rigid cystoscope was passed per urethra.  No papillary tumor was seen.  {denial}  Cold cup "
               "biopsies of an erythematous patch were taken and the sites fulgurated.  "))
    assert result.proposal.anesthesia_code.value == "00910"  # not 00912: nothing was resected
    assert "CODE_NEEDS_REVIEW" in {f.code for f in result.findings}


def test_a_resection_done_and_an_organ_not_removed_leave_the_heading_standing():
    # "no further resection" names no action after "no"; "no orchiectomy" is not the orchiopexy
    assert coded(op_note("TURBT, large.", detail="The tumor was resected to muscle.  No further resection was "
                                                 "needed.  "))[0] == "00912"
    assert coded(op_note("Scrotal exploration with bilateral orchiopexy.",
                         detail="The testis was viable after detorsion, so no orchiectomy was performed.  "))[0] \
        == "00930"


# --- stop 24: kinds from the blind sets holdout35-37 ----------------------------------------------------

def test_a_stone_that_had_passed_leaves_the_ureteroscopy_without_lithotripsy_and_flags():
    result = code_note(op_note(
        "Left ureteroscopy with holmium laser lithotripsy and basket extraction; left ureteral stent.",
        detail="The semirigid ureteroscope was advanced to the renal pelvis.  No calculus was seen anywhere along "
               "the ureter; the stone had apparently passed since the CT.  A 6 x 24 double-J stent was placed.  "))
    assert result.proposal.anesthesia_code.value == "00910"  # not 00918: nothing was fragmented or removed
    assert "CODE_NEEDS_REVIEW" in {f.code for f in result.findings}


def test_a_lithotripsy_done_with_no_residual_fragments_stays_the_stone_code():
    note = op_note("Right ureteroscopy with laser lithotripsy.",
                   detail="The 8 mm stone was fragmented with the holmium laser.  No residual stone fragments were "
                          "seen on a final pass.  ")
    assert coded(note)[0] == "00918"


@pytest.mark.parametrize("tube", ["Exchange of suprapubic cystostomy tube (22 French)",
                                  "Placement of 20 Fr suprapubic cystostomy tube"])
def test_a_suprapubic_tube_through_an_open_cystolithotomy_is_part_of_it(tube):
    note = op_note(f"1.  Open cystolithotomy.  2.  {tube}.",
                   detail="The bladder was opened through a lower midline incision and a 5 cm stone delivered.  ")
    assert coded(note)[0] == "00870"  # not 00860 (6 units) for the tube
    assert coded(op_note("Open suprapubic cystostomy."))[0] == "00860"
    assert coded(op_note("1.  Open cystolithotomy.  2.  Right ureteroneocystostomy."))[0] == "00860"


@pytest.mark.parametrize("heading, expected", [
    ("Re-do median sternotomy; coronary artery bypass grafting x3 (LIMA-LAD, SVG-OM, SVG-PDA).", "00562"),
    ("Median sternotomy; coronary artery bypass grafting x3 (LIMA-LAD, SVG-OM, SVG-PDA).", "00567"),
])
def test_a_cabg_on_the_pump_through_a_redo_sternotomy_is_the_reoperation_code(heading, expected):
    note = op_note(heading, extra="INDICATIONS: , Prior CABG in 2009; the heart team recommended redo CABG.\n",
                   detail="After full heparinization cardiopulmonary bypass was instituted and the aorta clamped.  ")
    assert coded(note)[0] == expected  # the indication's "redo CABG" is no heading


@pytest.mark.parametrize("second_item, expected", [
    ("Supracervical hysterectomy for uterine atony, ovaries preserved.", "01963"),
    ("Appendectomy for an incidental inflamed appendix.", "01961"),
])
def test_a_cesarean_and_a_hysterectomy_in_one_heading_are_the_cesarean_hysterectomy(second_item, expected):
    note = op_note(f"1.  Primary low transverse cesarean section.  2.  {second_item}",
                   anesthesia="Spinal anesthesia placed by the anesthesiologist for the cesarean.")
    assert coded(note)[0] == expected


def test_a_labor_epidural_dosed_for_a_cesarean_is_labor_analgesia_with_the_cesarean_add_on():
    note = ("ANESTHESIA RECORD:  Labor epidural placed at 03:10 by anesthesiology for labor analgesia; at 09:40 the "
            "labor epidural was extended with 3% chloroprocaine for cesarean.\n" +
            op_note("Primary low transverse cesarean section for arrest of descent.",
                    anesthesia="Epidural, by anesthesiology."))
    result = code_note(note)
    assert result.proposal.anesthesia_code.value == "01967"
    assert "01968" in [line.code for line in result.claim.lines]
    earlier = op_note("Repeat low transverse cesarean section.", anesthesia="Spinal, by anesthesiology.",
                      extra="HISTORY: , Prior vaginal delivery in 2020 under a labor epidural.\n")
    assert coded(earlier)[0] == "01961"  # that labor epidural was another day's


def test_a_double_lumen_tube_kept_in_the_room_is_no_one_lung_ventilation():
    note = op_note("Cervical mediastinoscopy with biopsies of stations 4R and 7.",
                   anesthesia="General anesthesia, 8.0 single-lumen endotracheal tube.  A double-lumen tube was kept "
                              "in the room in case of lobectomy.")
    assert coded(note)[0] == "00528"  # not 00529


def test_a_heading_item_that_is_not_part_of_this_procedure_is_not_coded():
    note = ("PROCEDURES:\n1. Coil embolization of a ruptured anterior communicating artery aneurysm.\n"
            "2. Left ventriculostomy catheter in place (placed yesterday in the ICU; not part of this procedure).\n"
            "ANESTHESIA: General endotracheal anesthesia by anesthesiology.\n"
            "TECHNIQUE: A microcatheter was navigated into the aneurysm and five coils were deployed.\n")
    assert coded(note)[0] == "01926"  # not 00214 (9 units) for yesterday's drain


def test_a_supraclavicular_lymph_node_excision_is_a_neck_procedure():
    assert coded(op_note("Excision of right supraclavicular lymph node."))[0] == "00320"


def test_a_series_of_actions_the_description_says_were_not_done_leaves_the_diagnostic_scope():
    note = op_note("1.  Cystoscopy.  2.  Transurethral resection of bladder tumor.  3.  Bladder biopsies.",
                   detail="The bladder was inspected with the rigid cystoscope.  The previously seen lesion had "
                          "healed: no resection and no biopsies were performed.  ")
    assert coded(note)[0] == "00910"  # not 00912


# --- stop 24: kinds from the blind sets holdout38-39, after their first runs ----------------------------

def test_instrumentation_the_description_says_was_not_placed_leaves_the_laminectomy():
    note = ("PROCEDURES:\n1. Decompressive laminectomy L3-L4 with foraminotomies.\n"
            "2. Posterior instrumented fusion L3-L4 with pedicle screws.\n3. Repair of dural tear.\n"
            "ANESTHESIA: General endotracheal, by anesthesiology.\n"
            "DESCRIPTION: The laminectomy was completed and a small durotomy was repaired.  Because of blood loss the "
            "fusion was abandoned: pedicle screws were not placed and no fusion was performed.\n")
    assert coded(note)[0] == "00630"  # not 00670 (instrumentation) nor 00210 (a dural tear is no skull)


def test_a_booking_in_parentheses_under_the_heading_is_not_todays_procedure():
    note = ("PROCEDURE: Diagnostic cerebral angiography, bilateral ICA and vertebral injections. (Planned: "
            "endovascular coil embolization of a left MCA aneurysm.)\n"
            "ANESTHESIA: General endotracheal anesthesia by the anesthesia service.\n"
            "FINDINGS: No aneurysm; a vessel loop only.  Coil embolization was therefore not performed.\n")
    assert coded(note)[0] == "01916"  # not 01926


def test_sedation_by_a_nurse_under_the_proceduralists_direction_is_not_billable():
    note = ("TRANSESOPHAGEAL ECHOCARDIOGRAM REPORT\nPerforming physician: A. Ruiz, MD, Cardiology\n"
            "Sedation: Moderate sedation by the cardiology RN under the direction of Dr. Ruiz: midazolam 2 mg, "
            "fentanyl 50 mcg.  Anesthesia: not involved.\n"
            "Procedure: The TEE probe was passed and a complete examination performed.  DC cardioversion was then "
            "performed with one 200 J shock.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value is None  # not 00410: nobody from anesthesia gave it
    assert "SEDATION_BY_PROCEDURALIST" in {f.code for f in result.findings}


def test_anesthesia_not_requested_today_outweighs_an_anesthesiologist_in_the_history():
    note = ("Procedure: Colonoscopy with biopsies.\n"
            "History: Colonoscopy 2019 at an outside center under monitored anesthesia care (propofol by an "
            "anesthesiologist).\n"
            "Pre-procedure assessment: Patient agreeable to moderate sedation; anesthesia services not requested.\n"
            "Sedation: Moderate sedation administered by the sedation RN under the supervision of the endoscopist.\n"
            "Description: The colonoscope was advanced to the cecum and random biopsies were taken.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value is None
    assert "SEDATION_BY_PROCEDURALIST" in {f.code for f in result.findings}


def test_a_colonoscopy_for_colorectal_cancer_screening_is_the_screening_code_for_a_commercial_payer():
    note = ("Procedure: Colonoscopy with cold snare polypectomy.\n"
            "Anesthesia: Monitored anesthesia care by the anesthesiologist.\n"
            "Indications: Average-risk colorectal cancer screening; no symptoms.\n"
            "Description: The colonoscope was advanced to the cecum; a 5 mm polyp was removed with a cold snare.\n")
    assert code_note(note, payer="commercial").proposal.anesthesia_code.value == "00812"


def test_instrumentation_the_surgeon_decided_to_abandon_leaves_the_decompression():
    note = ("TITLE OF OPERATION: C4-C6 posterior cervical laminectomy and instrumented fusion with lateral mass "
            "screws.\nANESTHESIA: General endotracheal anesthesia by anesthesiology.\n"
            "DESCRIPTION OF PROCEDURE: The laminectomy of C4 through C6 was completed.  Given the poor bone quality, "
            "the decision was made to abandon the instrumentation and fusion and to proceed with decompression "
            "only.\n")
    assert coded(note)[0] == "00600"  # not 00670


@pytest.mark.parametrize("denial, expected", [
    ("Based on the frozen sections the planned resection was abandoned; the pancreas was not resected.", "00790"),
    ("The uncinate process was dissected off the SMV and the pancreas was divided at the neck.", "00794"),
])
def test_an_organ_the_description_says_was_not_removed_undoes_the_headings_removal(denial, expected):
    note = ("PROCEDURES:\n1. Exploratory laparotomy.\n2. Pancreaticoduodenectomy (Whipple).\n"
            "3. Roux-en-Y hepaticojejunostomy and gastrojejunostomy.\n"
            "ANESTHESIA: General endotracheal with a thoracic epidural, by anesthesiology.\n"
            "DESCRIPTION OF PROCEDURE: An upper midline incision was made.  Peritoneal nodules were biopsied.  "
            f"{denial}  "
            "A hepaticojejunostomy and a retrocolic gastrojejunostomy were performed.\n")
    assert coded(note)[0] == expected


def test_the_wall_of_the_gallbladder_left_behind_is_still_a_cholecystectomy():
    note = op_note("Laparoscopic subtotal cholecystectomy.",
                   detail="Because of dense inflammation the posterior wall of the gallbladder was left in situ on the "
                          "liver bed and the mucosa cauterized.  ")
    assert coded(note)[0] == "00790"


# --- stop 24: kinds from the blind sets holdout40-41, after their first runs ----------------------------

@pytest.mark.parametrize("diagnosis, expected", [
    ("Missed abortion at 11 weeks, no fetal cardiac activity.", "01965"),
    ("Elective termination of pregnancy at 16 weeks.", "01966"),
])
def test_a_dilation_and_evacuation_takes_its_code_from_the_diagnosis(diagnosis, expected):
    note = (f"PREOPERATIVE DIAGNOSIS: {diagnosis}\nNAME OF PROCEDURE: Suction dilation and evacuation (D&E).\n"
            "ANESTHESIA: MAC with propofol by anesthesiology.\n"
            "DESCRIPTION: The cervix was dilated and the uterus evacuated with a 10 mm suction cannula.\n")
    assert coded(note)[0] == expected


def test_a_bladder_stone_broken_up_beside_a_turp_is_no_ureteral_stone():
    note = ("PROCEDURES PERFORMED:\n1. Cystoscopy.\n2. Holmium laser fragmentation and evacuation of bladder stone.\n"
            "3. Bipolar transurethral resection of the prostate.\nANESTHESIA: Spinal, by anesthesiology.\n"
            "DESCRIPTION: A 2 cm bladder stone was fragmented and evacuated; the prostate was then resected.\n")
    assert coded(note)[0] == "00914"  # not 00918 (a ureteral stone)


def test_a_booking_line_and_a_resection_not_carried_out_leave_the_biopsies():
    note = ("OR BOOKING: TURBT (transurethral resection of bladder tumor). GA/LMA. 45 min.\n\n"
            "OPERATIVE NOTE\nPROCEDURE: TURBT -- see description.\nANESTHESIA: General with LMA, by anesthesiology.\n"
            "DESCRIPTION: The cystoscope was passed.  No papillary tumor was identified.  A formal resection with the "
            "loop was not carried out; cold cup biopsies of an erythematous patch were taken and fulgurated.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value == "00910"  # not 00912: the booking is no description
    assert "CODE_NEEDS_REVIEW" in {f.code for f in result.findings}


def test_an_open_reduction_that_was_not_needed_is_not_coded_as_open_and_goes_to_a_coder():
    result = code_note(op_note(
        "Open reduction and internal fixation, left distal radius.", anesthesia="Supraclavicular block by anesthesia.",
        detail="The fracture reduced with longitudinal traction, so an open reduction was not needed and no plate was "
               "used; two K-wires were placed percutaneously.  "))
    assert result.proposal.anesthesia_code.value != "01830"
    assert {f.code for f in result.findings} & REVIEW


@pytest.mark.parametrize("diagnosis, expected", [
    ("Postpartum hemorrhage from uterine atony, status post spontaneous vaginal delivery.", "01962"),
    ("Cervical carcinoma, stage IB1; the specimen was delivered vaginally.", "00846"),
])
def test_a_hysterectomy_after_a_vaginal_delivery_is_the_urgent_postpartum_code(diagnosis, expected):
    heading = "Supracervical hysterectomy." if expected == "01962" else "Laparoscopic radical hysterectomy."
    note = (f"PREOPERATIVE DIAGNOSIS: {diagnosis}\nPROCEDURE: {heading}\n"
            "ANESTHESIA: General endotracheal, by anesthesiology.\n"
            "DESCRIPTION: The uterine arteries were ligated and the uterus removed.\n")
    assert coded(note)[0] == expected


def test_anesthesia_not_involved_across_a_line_wrap_is_local_only():
    note = ("TITLE OF OPERATION: Creation of left brachiocephalic arteriovenous fistula.\n"
            "ANESTHESIA: Local. 1% lidocaine, 14 mL, infiltrated by the surgeon. No sedation was given. "
            "Anesthesia services\n"
            "were not involved in the procedure.\n"
            "INDICATIONS: He was booked for MAC with anesthesia; anesthesia cancelled their involvement.\n"
            "DESCRIPTION: The cephalic vein was anastomosed to the brachial artery end to side.\n"
            "CHARGE TICKET (pre-printed at booking): 36821-LT surgeon; anesthesia 01780 MAC - cancel if\n"
            "not provided.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value is None  # the pre-printed 01780 does not stand
    assert "LOCAL_ONLY_NOT_BILLABLE" in {f.code for f in result.findings}


# --- stop 24: kinds from the blind sets holdout42-43, after their first runs ----------------------------

def test_a_rib_cartilage_resected_for_a_free_flaps_recipient_vessels_is_part_of_the_breast_reconstruction():
    note = ("PROCEDURE:\n1. Delayed right breast reconstruction with DIEP free flap, microvascular anastomosis to the "
            "internal mammary artery and vein, with resection of costal cartilage, right 3rd rib.\n"
            "2. Closure of the abdominal donor site.\nANESTHESIA: General endotracheal, by anesthesiology.\n"
            "HISTORY: Right modified radical mastectomy in 2021.\n")
    assert coded(note)[0] == "00402"  # not 00470 (partial rib resection, 6 units)


def test_a_dilation_and_evacuation_for_a_fetal_demise_is_the_missed_abortion_code():
    note = ("PREOPERATIVE DIAGNOSIS: Intrauterine fetal demise at 17 weeks.\n"
            "PROCEDURE: Dilation and evacuation, second trimester.\n"
            "ANESTHESIA: MAC with propofol, by anesthesiology.\n"
            "PAST SURGICAL HISTORY: Suction D&C for elective termination in 2019.\n")
    assert coded(note)[0] == "01965"  # not 01966: the termination is the history's


@pytest.mark.parametrize("anesthesia_line", ["Anesthesiology: not called, not involved.",
                                             "Anesthesiology: not present."])
def test_an_anesthesia_label_saying_not_called_or_not_present_is_no_anesthesia_provider(anesthesia_line):
    note = ("PROCEDURE NOTE: Pacemaker pulse generator replacement.\nOperator: M. Bell, MD, cardiology.\n"
            "Local: 1% lidocaine infiltrated by Dr. Bell.  Moderate sedation: midazolam 2 mg IV administered by the "
            f"RN under my direction.  {anesthesia_line}\n"
            "Description: The pocket was opened, the generator exchanged and the pocket closed.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value is None
    assert "SEDATION_BY_PROCEDURALIST" in {f.code for f in result.findings}


def test_a_limited_contact_compression_plate_is_no_laparoscopic_cholecystectomy():
    note = op_note("Revision open reduction internal fixation of right humeral shaft nonunion with a 4.5 mm LC-DCP "
                   "plate and allograft.", detail="The nonunion was debrided and compressed with the plate.  ")
    assert coded(note)[0] != "00790"


# --- stop 25: kinds from the blind sets holdout44-47, after their first runs ----------------------------

def test_an_anesthesia_service_not_consulted_leaves_the_nurses_moderate_sedation_unbillable():
    note = ("COLONOSCOPY REPORT\nPatient: 67 yo M\n"
            "Pre-procedure assessment: ASA II.  Prior colonoscopy 11/2021 was done under monitored anesthesia care "
            "with propofol by the anesthesia department; low risk for moderate sedation; anesthesia service was not "
            "consulted for today.\n"
            "Sedation: Moderate (conscious) sedation.  Midazolam 3 mg IV and fentanyl 100 mcg IV administered by "
            "endoscopy RN under my direct supervision.\n"
            "Procedure: The colonoscope was advanced to the cecum.  Cold snare polypectomy x3.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value is None  # not 00811: the 2021 MAC is the history's
    assert "SEDATION_BY_PROCEDURALIST" in {f.code for f in result.findings}


def test_an_acronym_in_brackets_names_the_procedure_its_words_do_not():
    note = ("Procedures:\n1. Cystoscopy, right retrograde pyelogram.\n"
            "2. Right percutaneous nephrostolithotomy (PCNL), > 2 cm, lower pole access, with balloon dilation of "
            "tract, ultrasonic and laser lithotripsy.\n\nAnesthesia: General endotracheal, by anesthesiology.\n")
    assert coded(note)[0] == "00862"  # not 00918: the PCNL is the kidney's operation
    # the words before the brackets name the procedure already: the acronym adds nothing
    vats = ("TITLE OF OPERATION: Left diagnostic thoracoscopy (VATS) with parietal pleural biopsies\n"
            "ANESTHESIA: General anesthesia with left double-lumen tube and one-lung ventilation.\n")
    assert coded(vats)[0] == "00529"  # not 00541 (a surgical thoracoscopy)


def test_a_cystoscopy_heading_whose_description_resects_the_bladder_tumor_is_a_turbt():
    note = ("PROCEDURE: Cystoscopy, bladder biopsy, bilateral retrograde pyelograms.\n"
            "ANESTHESIA: General, LMA, by anesthesiology.\n"
            "INDICATIONS: History of low-grade Ta urothelial carcinoma, status post TURBT x2.\n"
            "DESCRIPTION: A 22 Fr rigid cystoscope was passed and bilateral retrograde pyelograms performed.  A "
            "26 Fr bipolar resectoscope was then introduced.  Thereafter the tumor was resected with the bipolar loop "
            "in its entirety down to and including detrusor muscle.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value == "00912"
    assert "CODE_NEEDS_REVIEW" in {f.code for f in result.findings}  # the heading named 00910: a coder sees why


@pytest.mark.parametrize("description, expected", [
    ("The ureteroscope was advanced to the stone, which was fragmented with holmium laser lithotripsy and the "
     "fragments extracted with a basket.  A stent was placed.", "00918"),
    ("The ureteroscope could not be advanced beyond the ureterovesical junction.  The stone was not visualized.  "
     "No laser lithotripsy or basket extraction was performed.  A stent was placed.", "00910"),
])
def test_a_cystoscopy_heading_extends_to_the_stone_only_when_the_description_treats_it(description, expected):
    note = ("PROCEDURE: Cystoscopy, left retrograde pyelogram, left ureteral stent placement.\n"
            "ANESTHESIA: General LMA, by anesthesiology.\n"
            f"DESCRIPTION: A 21 Fr cystoscope was inserted and a retrograde pyelogram done.  {description}\n")
    assert coded(note)[0] == expected


def test_no_laser_lithotripsy_or_basket_extraction_undoes_the_headings_stone_treatment():
    note = ("PROCEDURE: Cystoscopy, left retrograde pyelogram, left ureteroscopy with holmium laser lithotripsy and "
            "basket extraction, left ureteral stent placement.\nANESTHESIA: LMA general anesthesia, by "
            "anesthesiology.\n"
            "DESCRIPTION: The semi-rigid ureteroscope could not be advanced beyond the ureterovesical junction.  The "
            "stone was not visualized.  No laser lithotripsy or basket extraction was performed.  A double-J stent "
            "was placed.\n\nThe plan is passive dilation with the stent and staged left ureteroscopy with laser "
            "lithotripsy then.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value == "00910"
    assert "CODE_NEEDS_REVIEW" in {f.code for f in result.findings}  # the heading named 00918


def test_an_organs_adjective_before_a_resection_not_undertaken_undoes_the_whipple():
    note = ("SURGICAL SCHEDULING: Pancreaticoduodenectomy (Whipple), open, possible vein resection.\n\n"
            "TITLE OF OPERATION: Pancreaticoduodenectomy (Whipple).\n"
            "ANESTHESIA: General endotracheal, by anesthesiology.\n"
            "PROCEDURE: We began with a staging laparoscopy.  Peritoneal biopsies were positive for metastatic "
            "adenocarcinoma.  Given metastatic disease, PANCREATIC RESECTION WAS NOT UNDERTAKEN.  Ports removed.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value != "00794"
    assert {f.code for f in result.findings} & REVIEW  # what was done is for a coder to read


@pytest.mark.parametrize("detail, expected", [
    ("Total area excised 4% TBSA, measured with the template after excision.", "01952"),
    ("", "01952"),  # the heading's items: 2.5% and 1.5% excised are 4%
])
def test_the_area_excised_today_is_the_total_or_the_sum_of_the_headings_excisions(detail, expected):
    note = ("ANESTHESIA RECORD\nPreop estimate: 3% TBSA full thickness (burn unit diagram)\n"
            "PREOPERATIVE DIAGNOSIS: Full thickness flame burns, right forearm and right anterior thigh.\n"
            "PROCEDURES:\n1. Tangential excision of burn wound, right forearm and dorsal hand, 2.5% TBSA.\n"
            "2. Tangential excision of burn wound, right anterior thigh, 1.5% TBSA.\n"
            "3. Split thickness autograft, meshed 1:1.5, 2.5% TBSA, harvested from the left thigh.\n"
            "ANESTHESIA: General endotracheal, by anesthesiology.\n"
            f"DESCRIPTION: The burns were tangentially excised to punctate bleeding.  {detail}\n")
    assert coded(note)[0] == expected  # not 01951 (less than 4%) from the first figure


def test_a_total_burn_size_is_not_the_area_excised():
    note = ("PREOPERATIVE DIAGNOSIS: Flame burns, total burn size 19% TBSA.\n"
            "PROCEDURE: Tangential excision of burn, left volar forearm, approximately 2% TBSA.\n"
            "ANESTHESIA: General endotracheal, by anesthesiology.\n"
            "DESCRIPTION: The burn was excised.  Total burn size 19% TBSA as mapped on admission.\n")
    assert coded(note)[0] == "01951"


def test_pedicle_screws_not_placed_undo_the_instrumentation_despite_the_trial_screw():
    note = ("PROCEDURE: 1) L4-5 decompressive laminectomy with bilateral foraminotomies 2) posterolateral "
            "instrumented fusion L4-5 with pedicle screws and allograft.\n"
            "ANESTHESIA: general endotracheal, by anesthesiology.\n"
            "DESCRIPTION OF PROCEDURE: Decompressive laminectomy L4 and partial L5 with bilateral foraminotomies was "
            "performed.  The right L4 pedicle was cannulated, tapped and a 6.5 mm screw trialled with zero insertional "
            "torque and pulled out by hand.  The pedicle screws were not placed and no fusion was performed.\n")
    assert coded(note)[0] == "00630"  # not 00670


@pytest.mark.parametrize("age_line, expected", [
    ("Pt: 13-month-old male, former 27-week preemie (corrected age 10 months), 8.1 kg", "00320"),
    ("Pt: 10-month-old male, former 27-week preemie, 8.1 kg", "00326"),
])
def test_the_airway_codes_age_is_the_chronological_age(age_line, expected):
    note = (f"PEDIATRIC OTOLARYNGOLOGY\n{age_line}\n"
            "PREOP DX: Acquired subglottic cysts; history of prolonged neonatal intubation.\n"
            "PROCEDURE: Microdirect laryngoscopy with marsupialization of subglottic cysts.\n"
            "ANESTHESIA: General anesthesia by pediatric anesthesia, TIVA.\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("age_line, expected", [
    ("Male infant born at 35 weeks 0 days, NICU stay for feeding.  He is now 17 weeks (4 months) old.", "00834"),
    ("Male infant born at 31 weeks 0 days, NICU stay for feeding.  He is now 10 weeks old.", "00836"),
])
def test_a_stated_age_in_weeks_dates_the_postmenstrual_age_of_a_former_preemie(age_line, expected):
    note = (f"ANESTHESIA PRE-OP SUMMARY: {age_line}  Circumcision was done in the newborn nursery.\n"
            "PROCEDURE: Right inguinal herniorrhaphy (open, high ligation of the sac).\n"
            "ANESTHESIA: General endotracheal with caudal block, by pediatric anesthesiology.\n")
    assert coded(note)[0] == expected  # 35 + 17 = 52 weeks is not under 50; 31 + 10 is


def test_a_frontalis_suspension_for_ptosis_is_eyelid_surgery():
    note = ("EYE SURGERY - PEDIATRIC OPHTHALMOLOGY\nPATIENT: 5-year-old boy\n"
            "PROCEDURES:\n 1. Bilateral frontalis suspension (silicone rod sling) for congenital ptosis.\n"
            " 2. Examination under anesthesia with dilated fundus examination, both eyes.\n"
            "ANESTHESIA: General, LMA, by pediatric anesthesiology.\n")
    assert coded(note)[0] == "00103"  # not 00148 (the fundus examination, 4 units)


def test_a_heading_item_not_required_is_not_coded():
    note = ("Procedure:\n  1. Closed reduction attempted x2 - failed.\n"
            "  2. Open reduction through an anterior approach with percutaneous crossed pinning.\n"
            "  3. Brachial artery exploration was not required - pulse restored after reduction.\n"
            "Postoperative diagnosis: Right supracondylar humerus fracture.\n"
            "Anesthesia: GETA, pediatric anesthesiology.\n"
            "Description: The fracture was reduced under direct vision and pinned.  Given the restored pulse, "
            "exploration or repair of the brachial artery was not required.\n")
    assert coded(note)[0] == "01740"  # not 01770 (arteries of the upper arm)


def test_topical_ice_slush_on_the_field_is_no_topical_anesthetic():
    note = ("DONOR OPERATING ROOM RECORD\nAge: 34 years\nBrain death declared 06/16 21:40.\n"
            "ANESTHESIA: Physiologic support of the brain-dead donor by Dr. G. Ruiz (anesthesiology): ventilator "
            "management, vasopressin.\n"
            "PROCEDURE: Multiorgan recovery - heart, liver, both kidneys.\n"
            "DESCRIPTION: Aortic cross-clamp; abdominal flush with cold UW solution, topical ice slush.  The heart "
            "was excised first.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value == "01990"
    assert "LOCAL_ONLY_NOT_BILLABLE" not in {f.code for f in result.findings}


@pytest.mark.parametrize("cancel_line", ["CASE CANCELLED IN OR PRIOR TO INDUCTION",
                                         "After discussion, case cancelled in the operating room prior to induction."])
def test_a_case_cancelled_before_induction_has_no_anesthesia_code(cancel_line):
    note = (f"ANESTHESIA / PERIOPERATIVE EVENT NOTE -- {cancel_line}\n"
            "Scheduled procedure: Cystoscopy, transurethral resection of bladder tumor (TURBT).\n"
            "Anesthesia plan: General (LMA) - Dr. A. Kapoor (anesthesiologist).\n"
            "No anesthetic agents, sedatives or opioids were administered.\n"
            "CHARGE SHEET (pre-filled by scheduling): Anes 00912 -- P3\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value is None  # not the pre-filled 00912
    assert "CASE_CANCELLED_BEFORE_ANESTHESIA" in {f.code for f in result.findings}


def test_a_block_placed_before_induction_is_no_cancellation():
    note = ("PROCEDURE: Right total knee arthroplasty.\n"
            "ANESTHESIA: Spinal; adductor canal block placed by anesthesia before induction.\n"
            "DESCRIPTION: A medial parapatellar arthrotomy was made and the components cemented.\n")
    assert coded(note)[0] == "01402"


def test_a_dilation_and_curettage_heading_whose_description_uses_the_hysteroscope_is_a_hysteroscopy():
    note = ("ANESTHESIA: MAC converted to LMA general anesthesia, by anesthesiology.\n"
            "OPERATION: Dilation and curettage\n"
            "DESCRIPTION: The cervix was dilated serially.  The hysteroscope was then inserted and a 2.5 cm polyp "
            "resected at its base with the MyoSure device.  A sharp curettage was performed.\n")
    assert coded(note)[0] == "00952"  # not 00940


def test_a_labor_epidural_declined_and_a_nurses_opioid_are_no_labor_analgesia_before_the_cesarean():
    note = ("PROCEDURE: Primary low transverse cesarean delivery.\n"
            "Anesthesia: Spinal anesthesia placed in the OR by anesthesiology (Dr. I. Kaminski).\n"
            "Labor epidural: offered during labor, declined by patient (birth plan unmedicated); labor analgesia was "
            "nitrous oxide 50% self-administered and IV fentanyl 50 mcg x1 by RN order.\n"
            "Procedure: The patient was taken to the OR where spinal anesthesia was placed.  A Pfannenstiel "
            "incision was made and the infant delivered.\n")
    assert coded(note)[0] == "01961"  # not 01967 + 01968


def test_a_labor_epidural_placed_is_still_the_labor_code_before_the_cesarean():
    note = ("PROCEDURE: Primary low transverse cesarean delivery for arrest of dilation.\n"
            "Anesthesia: Existing labor epidural was dosed for the cesarean by anesthesiology.\n"
            "Procedure: A Pfannenstiel incision was made and the infant delivered.\n")
    assert coded(note)[0] == "01967"


def test_a_heading_item_marked_not_performed_after_a_colon_is_not_coded():
    note = ("SURGERY BOOKING REQUEST: L3-5 decompression + possible PSF L4-5 with pedicle screws.\n\n"
            "PROCEDURE(S):\n1. Bilateral L3-4 and L4-5 laminectomy with foraminotomies (medial facetectomies)\n"
            "2. Posterolateral fusion / pedicle screw instrumentation L4-5: not performed (see below)\n"
            "Anesthesia: General endotracheal, by anesthesiology.\n"
            "DESCRIPTION: Laminectomy of L4 and the inferior half of L3.  Given the stable segment, posterolateral "
            "fusion and pedicle screws were not placed.\n")
    assert coded(note)[0] == "00630"  # not 00670


def test_a_booked_combined_endoscopy_whose_egd_was_cancelled_is_a_colonoscopy():
    note = ("ENDOSCOPY BOOKING\nBooked procedure: EGD/colonoscopy, combined\n"
            "Day-of-procedure change: EGD: cancelled - not performed (EGD 12/2024 normal elsewhere)\n\n"
            "PROCEDURE: Colonoscopy with cold snare polypectomy.\n"
            "ANESTHESIA: MAC with propofol, by anesthesiology.\n"
            "DESCRIPTION: The colonoscope was advanced to the cecum.  A 6 mm polyp was removed with a cold snare.\n")
    assert coded(note)[0] == "00811"  # not 00813 from the booking


def test_an_epidural_request_discussed_and_not_placed_is_no_labor_analgesia():
    note = ("ANESTHESIA L&D CONSULT NOTE\nCalled by L&D RN for epidural request.  24 yo G2P1001 at 39w6d.\n"
            "On arrival the patient was complete and pushing.  Discussed that epidural placement at this point "
            "would likely not provide benefit.  Epidural placement was not performed.\n\n"
            "DELIVERY NOTE\nProcedure: Spontaneous vaginal delivery; repair of second degree perineal laceration.\n"
            "Anesthesia: local infiltration by the delivering provider.\n")
    assert coded(note)[0] != "01967"


def test_no_acromioplasty_undoes_the_headings_subacromial_decompression_and_a_coder_checks_the_rest():
    note = ("PROCEDURE: Right shoulder arthroscopy, rotator cuff repair, subacromial decompression.\n"
            "ANESTHESIA: General with interscalene block, by anesthesiology.\n"
            "DESCRIPTION: A systematic diagnostic examination was carried out.  The cuff was intact, so no "
            "bursectomy, no acromioplasty and no cuff repair was performed.\n")
    result = code_note(note)
    findings = {f.code for f in result.findings}
    assert "CODE_NEEDS_REVIEW" in findings
    assert any("which the description says was not done" in f.message for f in result.findings)


def test_a_bovine_pericardium_graft_is_no_heart_procedure():
    note = ("PROCEDURES:\n1. Left frontotemporoparietal decompressive hemicraniectomy with evacuation of acute "
            "subdural hematoma.\n2. Expansile duraplasty with bovine pericardium onlay.\n"
            "ANESTHESIA: General endotracheal, by anesthesiology.\n")
    assert coded(note)[0] == "00211"  # not 00560 from the pericardium, nor 00210


def test_a_pericardial_window_is_still_the_hearts():
    note = op_note("Subxiphoid pericardial window.", detail="The pericardium was opened and drained.  ")
    assert coded(note)[0] == "00560"


def test_a_suction_uterine_aspiration_for_a_missed_abortion_is_the_obstetric_code():
    note = ("Preoperative diagnosis: Early pregnancy loss (missed abortion) at 9w2d, anembryonic gestation\n"
            "Procedure performed: Suction uterine aspiration (manual/electric vacuum) for EPL, with ultrasound "
            "guidance\nAnesthesia: MAC with propofol by CRNA, medically directed by Dr. P. Hargrove "
            "(anesthesiology).\n")
    assert coded(note)[0] == "01965"  # not 00840 (the uterus read by anatomy)


def test_labels_run_on_in_a_hard_wrapped_dictation_still_start_their_blocks():
    note = ("OPERATIVE REPORT. DATE: 02/19/2025. PREOPERATIVE DIAGNOSIS: Acquired\n"
            "skull defect, left frontotemporoparietal, status post decompressive\n"
            "hemicraniectomy for traumatic subdural hematoma. POSTOPERATIVE\n"
            "DIAGNOSIS: Same. PROCEDURE: 1. Left frontotemporoparietal cranioplasty\n"
            "using autologous bone flap (retrieved from the subcutaneous abdominal\n"
            "pocket), fixation with titanium plates and screws. 2. Retrieval of bone\n"
            "flap from the abdominal wall pocket, left lower quadrant. SURGEON: Farah\n"
            "Siddiqui, MD. ANESTHESIA: General endotracheal by anesthesiology (Dr. G.\n"
            "Tan). INDICATIONS: This 24-year-old man was involved in a motorcycle\n"
            "accident on 11/08/2024 with an acute left subdural hematoma and underwent\n"
            "emergent left decompressive hemicraniectomy with evacuation of the\n"
            "subdural hematoma. CT shows a well healed craniectomy defect without\n"
            "hydrocephalus. DESCRIPTION: The flap was retrieved and plated; the\n"
            "dura was not opened.\n")
    assert coded(note)[0] == "00215"  # the heading's cranioplasty, not the indication's craniectomy (00210)


@pytest.mark.parametrize("description, expected", [
    ("Pedicle screws were placed at L4 and L5 under navigation and rods were seated.", "00670"),
    ("We stayed above the top of the L5 pedicle screws which were not exposed.", "00630"),
])
def test_a_laminectomy_heading_extends_to_the_instrumentation_the_description_places(description, expected):
    note = ("PROCEDURE PERFORMED:  Decompressive laminectomy L4-L5 with bilateral foraminotomies.\n"
            "ANESTHESIA:  General endotracheal, by anesthesiology.\n"
            f"DESCRIPTION:  The laminectomy of L4 was completed and the roots decompressed.  {description}\n")
    assert coded(note)[0] == expected


def test_a_thoracoscopy_whose_lobectomy_was_aborted_goes_to_a_coder():
    note = ("PROCEDURE: Right VATS, right upper lobectomy.\n"
            "ANESTHESIA: General, one-lung ventilation via a left-sided double-lumen tube, by anesthesiology.\n"
            "DESCRIPTION: Thoracoscopic inspection showed pleural studding; biopsies of the parietal pleura were "
            "positive for adenocarcinoma and the planned lobectomy was aborted.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value in {"00529", "00541"}
    assert any("which the description says was not done" in f.message for f in result.findings)


def test_a_cystoscopy_heading_whose_description_implants_prostate_seeds_is_the_perineal_prostate_code():
    note = ("PROCEDURE:  Cystoscopy.\nANESTHESIA:  General.\n"
            "DESCRIPTION:  With the patient in lithotomy, the template was fixed to the perineum and the needles "
            "placed under transrectal ultrasound; the implanting of the seeds proceeded per plan.  Cystoscopy "
            "showed one seed in the urethra, removed with a grasper.\n")
    assert coded(note)[0] == "00908"  # not 00910


def test_a_cancellation_told_in_the_indications_is_no_cancellation_today():
    note = ("PROCEDURE: Right inguinal hernia repair.\nANESTHESIA: General LMA, by anesthesiology.\n"
            "INDICATIONS: Two weeks ago the case was cancelled before induction for an upper respiratory infection; "
            "he is now well.\nDESCRIPTION: The sac was ligated and a mesh placed.\n")
    assert coded(note)[0] == "00830"


def test_the_whipple_resection_not_performed_undoes_the_headings_pancreaticoduodenectomy():
    note = ("PROCEDURE: Exploratory laparotomy, pancreaticoduodenectomy.\n"
            "ANESTHESIA: General endotracheal with epidural, by anesthesiology.\n"
            "DESCRIPTION: The tumor encased the superior mesenteric artery and the Whipple resection was therefore "
            "not performed.  An end-to-side hepaticojejunostomy and a retrocolic gastrojejunostomy were done.\n")
    result = code_note(note)
    assert result.proposal.anesthesia_code.value == "00790"  # not 00794
    assert "CODE_NEEDS_REVIEW" in {f.code for f in result.findings}


def test_a_cystoscopy_for_bleeding_after_a_turp_is_the_post_turp_bleeding_code():
    note = ("PREOPERATIVE DIAGNOSIS: Clot retention, postoperative day 3 after transurethral resection of the "
            "prostate.\nPROCEDURE: Cystoscopy, evacuation of clot retention and fulguration of bleeding prostatic "
            "fossa.\nANESTHESIA: General endotracheal, by anesthesiology.\n"
            "DESCRIPTION: 300 mL of clot was evacuated and two arterial bleeders in the fossa fulgurated.\n")
    assert coded(note)[0] == "00916"  # not 00910, nor the earlier TURP (00914)


def test_a_cord_tourniqueted_before_the_testis_is_handled_makes_the_orchiectomy_radical():
    note = ("PROCEDURE: Right orchiectomy.\nANESTHESIA: General LMA, by anesthesiology.\n"
            "DESCRIPTION: A 6 cm incision was made in the right inguinal region.  The cord was encircled with a "
            "Penrose drain cinched as a tourniquet.  The testis was delivered and the cord vessels divided at the "
            "internal ring.\n")
    assert coded(note)[0] == "00926"  # not 00920


# --- stop 26 kinds --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("site, expected", [
    ("melanoma of the back of the left leg", "00400"),   # the leg named after "of" decides, not "back"
    ("lipoma, back of the right arm", "00400"),
    ("lipoma of the upper back", "00300"),               # the upper back is posterior trunk
])
def test_the_back_of_a_limb_is_the_limb_not_the_posterior_trunk(site, expected):
    note = op_note(f"Wide local excision, {site}, with advancement flap closure.",
                   detail="The lesion was excised with 1 cm margins down to the fascia and closed.  ")
    assert coded(note)[0] == expected


def test_a_booked_cesarean_whose_description_goes_on_to_the_hysterectomy_is_the_cesarean_hysterectomy():
    note = ("Scheduled: planned repeat cesarean, not in labor, no labor epidural.\n"
            "Procedure: Repeat low transverse cesarean section\n"
            "Anesthesia: Combined spinal-epidural, converted to GETA after delivery, by anesthesiology.\n"
            "Description: The infant was delivered through a fundal hysterotomy and the placenta left in situ.  "
            "Given the accreta, we proceeded with total hysterectomy: round ligaments divided, uterine arteries "
            "ligated, cuff closed.\n")
    code, findings = coded(note)
    assert code == "01963"  # not 01961: the hysterectomy was done under the same anesthetic
    assert "CODE_NEEDS_REVIEW" in findings  # the heading named only the cesarean


def test_a_booked_cesarean_whose_description_only_discusses_a_hysterectomy_stays_the_cesarean():
    note = ("Procedure: Repeat low transverse cesarean section\n"
            "Anesthesia: Spinal, by anesthesiology.\n"
            "Description: The infant was delivered and the placenta delivered intact.  Hemostasis was good and no "
            "hysterectomy was needed.  The hysterotomy was closed in two layers.\n")
    assert coded(note)[0] == "01961"


@pytest.mark.parametrize("procedure, expected", [
    ("1. Right partial glossectomy with floor of mouth resection, en bloc.  2. Right selective neck dissection, "
     "levels I-IV.  3. Tracheostomy.", "00176"),
    ("1. Left tonsillectomy.  2. Left selective neck dissection, levels II-IV.", "00320"),  # no resection
])
def test_a_mouth_resection_with_a_neck_dissection_is_radical_intraoral_surgery(procedure, expected):
    assert coded(op_note(procedure))[0] == expected


def test_a_named_postmenstrual_age_outranks_a_corrected_age_counted_from_term():
    note = ("ANESTHESIA EVALUATION\nMale infant, 22 weeks old today.\n"
            "Birth history: former 33-week, 2 days preterm, NICU 19 days.\n"
            "Ages: chronological 22 weeks; corrected age ~15 weeks; postmenstrual age 55 weeks 2 days.\n"
            "OPERATIVE NOTE\nProcedure: Right open inguinal herniorrhaphy (high ligation).\n"
            "Anesthesia: GA via LMA plus caudal, by pediatric anesthesiology.\n"
            "Description: The sac was identified, twisted and high ligated.\n")
    assert coded(note)[0] == "00834"  # not 00836: 55 weeks postmenstrual is past 50


def test_as_performed_under_a_booked_heading_says_what_was_done():
    note = ("Postoperative diagnosis: Left lateral tibial plateau fracture, Schatzker II.\n"
            "Procedure: ORIF L tibia fx.\n"
            "  As performed: Open reduction internal fixation, lateral tibial plateau fracture, with elevation of "
            "the articular surface.\n"
            "Anesthesia: GA with LMA, by anesthesiology.\n"
            "Description: Submeniscal arthrotomy; the depressed segment was elevated and a proximal lateral tibial "
            "locking plate applied.\n")
    assert coded(note)[0] == "01392"  # the upper tibia is knee, not 01480's lower leg


@pytest.mark.parametrize("addendum, billable", [
    ("Case CANCELLED in pre-op holding before transport.  No anesthetic agents or sedatives were administered.",
     False),
    # a block was given first: not "cancelled before any anesthetic"
    ("Case cancelled in pre-op holding after the interscalene block was placed by anesthesia.", True),
])
def test_a_case_cancelled_in_pre_op_holding_has_no_anesthesia_code_whatever_the_charge_line_asks(addendum, billable):
    note = ("PRE-ANESTHESIA EVALUATION\nScheduled procedure: Right reverse total shoulder arthroplasty.\n"
            "ANES CHARGE (pre-filled by scheduling): 01638\n"
            "ASA: 3\nAssessment: Potassium 6.9 this morning, not optimized.\n"
            f"ADDENDUM 06:48 (anesthesiology): {addendum}  Patient admitted for hyperkalemia management.\n")
    code, findings = coded(note)
    assert ("CASE_CANCELLED_BEFORE_ANESTHESIA" not in findings) == billable
    assert (code is not None) == billable


@pytest.mark.parametrize("heading, detail, expected", [
    # the burr holes were converted: a craniotomy for the hematoma the diagnosis names
    ("Planned left burr holes for evacuation of chronic subdural hematoma.  See description, the burr hole "
     "drainage was converted to a mini-craniotomy.",
     "Solid clot would not irrigate out, so a 5 by 4 cm craniotomy was turned incorporating the burr hole.  "
     "The clot was removed with suction.  ", "00211"),
    ("Left burr hole evacuation of subdural hematoma.",
     "Two burr holes were made and the chronic subdural hematoma irrigated out.  ", "00214"),
    ("Left frontal craniotomy for resection of meningioma.",
     "A bone flap was turned and the tumor resected.  No subdural hematoma was seen on closure.  ", "00210"),
])
def test_a_craniotomy_for_the_diagnosed_hematoma_is_the_hematoma_craniotomy(heading, detail, expected):
    note = op_note(heading, detail=detail, extra="POSTOPERATIVE DIAGNOSIS: , Left mixed-density subdural hematoma.\n"
                   if expected != "00210" else "")
    assert coded(note)[0] == expected


def test_a_subdural_hematoma_told_in_the_indications_history_makes_no_tumor_craniotomy_a_hematoma_one():
    note = op_note("Left frontal craniotomy for resection of intra-axial tumor.",
                   extra="INDICATIONS: , He has a remote history of a right chronic subdural hematoma treated with "
                         "burr holes in 2022, fully recovered.\n",
                   detail="A bone flap was turned and the tumor debulked with the ultrasonic aspirator.  ")
    assert coded(note)[0] == "00210"  # not 00211


DELIVERY = (
    "DELIVERY NOTE -- SPONTANEOUS VAGINAL DELIVERY\n"
    "Attending: Valeria Castellano, MD (OB)\n"
    "Anesthesia: Local (OB).  Anesthesia service consulted for labor epidural -- epidural {status} (see timeline)\n"
    "Timeline (anesthesia):\n"
    "  04:12  Epidural requested by patient.\n"
    "  04:23  {course}\n"
    "Delivery: Spontaneous vaginal delivery of a live male infant over a second-degree laceration.\n"
    "Laceration repaired under local infiltration (1% lidocaine 10 mL) by Dr. Castellano.\n"
    "Prenatal hx: Uncomplicated.  Prior: SVD 2021 with labor epidural (uneventful), wisdom teeth extraction under "
    "IV sedation 2015.\n")


@pytest.mark.parametrize("status, course, expected", [
    ("NOT placed", "Patient declined to proceed and chose to push; Dr. Durant agreed an epidural was not indicated "
                   "at this point.  No needle placed.", None),
    ("placed", "Labor epidural placed at L3-4 by Dr. Durant (anesthesiology), catheter threaded, test dose "
               "negative, infusion started.", "01967"),
])
def test_a_labor_epidural_requested_but_not_placed_leaves_a_delivery_under_the_obstetricians_local(status, course,
                                                                                                   expected):
    # neither the prior delivery's labor epidural nor the old sedation in the history is today's anesthetic
    assert coded(DELIVERY.format(status=status, course=course))[0] == expected


LIPOMA_EVALUATION = (
    "PRE-ANESTHESIA EVALUATION\n"
    "HPI: 45 y/o male with a 1.5 cm soft mobile mass of the left forearm, clinically a lipoma.\n"
    "PMH: {pmh}\n"
    "{plan}\n"
    "OPERATIVE NOTE\n"
    "Procedure: Excision of 1.5 cm subcutaneous lipoma, left forearm.  Tolerated well.\n")


@pytest.mark.parametrize("pmh, plan, expected", [
    # the history label's statement closes on its line: the plan on the next line is today's
    ("none. Meds: none. Allergies: NKDA.", "Local infiltration by the surgeon only.", "LOCAL_ONLY_NOT_BILLABLE"),
    ("none.", "Plan: general anesthesia with LMA by Dr. Park (anesthesiology).", "00400"),
    # an anesthetic the history line itself tells, or its wrapped lower-case run-on, is another day's
    ("carpal tunnel release 2019 under general anesthesia.", "Local infiltration by the surgeon only.",
     "LOCAL_ONLY_NOT_BILLABLE"),
    ("carpal tunnel release 2019 under\n  general anesthesia, uneventful.", "Local infiltration by the surgeon only.",
     "LOCAL_ONLY_NOT_BILLABLE"),
])
def test_a_history_line_tells_the_past_only_up_to_where_its_statement_closes(pmh, plan, expected):
    code, findings = coded(LIPOMA_EVALUATION.format(pmh=pmh, plan=plan))
    assert (code or next(iter(findings & {"LOCAL_ONLY_NOT_BILLABLE"}), None)) == expected


@pytest.mark.parametrize("procedure, expected", [
    ("Flexible fiberoptic bronchoscopy with therapeutic aspiration of mucus plugs, through the endotracheal tube.",
     "00520"),
    # the bronchoscope that checks the airway device is part of the anesthetic, not a procedure
    ("Right VATS wedge resection.  Fiberoptic bronchoscopy to confirm double-lumen tube position.", "00541"),
])
def test_a_bronchoscopy_through_the_endotracheal_tube_is_a_bronchoscopy(procedure, expected):
    note = op_note(procedure, detail="One-lung ventilation was used for the wedge.  " if expected == "00541" else
                   "Thick plugs were suctioned from the left lower lobe.  ")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("level, expected", [("L1", "01942"), ("T11", "01941")])
def test_a_vertebral_augmentation_is_coded_by_its_level(level, expected):
    note = op_note(f"Percutaneous balloon-assisted vertebral augmentation, {level}, bipedicular, with cement.",
                   anesthesia="MAC by the anesthesia care team.",
                   detail="Inflatable bone tamps were placed and PMMA delivered under fluoroscopy.  ")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("detail, expected", [
    ("Visualization was poor, so the arthroscopic procedure was abandoned and converted to an open medial "
     "parapatellar arthrotomy, and an open synovectomy was done.  ", "01400"),
    ("The joint was washed out with 9 liters; it was not converted to an open arthrotomy.  ", "01382"),
])
def test_a_knee_arthroscopy_converted_to_an_open_arthrotomy_is_the_open_knee_code(detail, expected):
    note = op_note("Right knee arthroscopic irrigation and debridement.", detail=detail)
    assert coded(note)[0] == expected


def test_a_joint_injection_beside_a_manipulation_is_no_open_joint_procedure():
    note = ("Procedures consented: 1. Manipulation under anesthesia left shoulder. 2. Possible arthroscopic capsular "
            "release if MUA inadequate.\n"
            "Procedures performed:\n1. Manipulation under anesthesia, left shoulder (closed).\n"
            "2. Intra-articular injection left glenohumeral joint (triamcinolone 40 mg).\n"
            "Anesthesia: General anesthesia (LMA), anesthesiology.\n"
            "Description: Gentle manipulation released the inferior capsule.  The scope was not opened.\n")
    assert coded(note)[0] == "01620"  # closed shoulder, not the open or arthroscopic 01630


def test_a_title_in_a_heading_item_does_not_end_the_numbered_list():
    note = ("OPERATIVE REPORT.\nANESTHESIA: Combined spinal-epidural by obstetric anesthesiology, converted to "
            "general after delivery.\n"
            "PROCEDURES: 1. Cystoscopy with bilateral ureteral stent placement (Dr. Nakamura). 2. Classical cesarean "
            "delivery through a fundal hysterotomy. 3. Total abdominal hysterectomy with placenta left in situ.\n"
            "DESCRIPTION: The infant was delivered and the uterus removed en bloc with the placenta.\n")
    assert coded(note)[0] == "01963"  # not the cystoscopy (00910), the only item read before the "Dr."


def test_an_indented_line_under_an_open_capital_heading_line_goes_on_with_it():
    note = ("PREOP DX: RUPTURED ABDOMINAL AORTIC ANEURYSM, HEMORRHAGIC SHOCK.\n"
            "ANESTHESIA: GENERAL ENDOTRACHEAL, ANESTHESIOLOGY.\n"
            "PROCEDURE: OPEN REPAIR OF RUPTURED INFRARENAL ABDOMINAL AORTIC\n"
            "  ANEURYSM, TRANSPERITONEAL, WITH 20 MM DACRON TUBE GRAFT.\n"
            "HISTORY: CTA IN THE ED: RUPTURED AAA.  ENDOVASCULAR REPAIR NOT FEASIBLE AND NOT ATTEMPTED.\n")
    assert coded(note)[0] == "00770"  # the abdominal aorta, not the heart's "aortic" (00560)


def test_a_hyphenated_axillo_bifemoral_bypass_is_the_axillary_femoral_bypass():
    note = op_note("1. Right axillo-bifemoral bypass, 8 mm ringed PTFE.  2. Left common femoral endarterectomy.")
    assert coded(note)[0] == "01656"


@pytest.mark.parametrize("item, expected", [
    ("Dressing change with silver foam to the abdomen and neck (no\n     debridement of these areas)", "01952"),
    ("Debridement of the neck burn, 1%.", "01952"),  # still a burn excision beside it, of more units
])
def test_a_heading_clause_that_denies_its_action_composes_no_procedure(item, expected):
    note = ("Preoperative diagnosis: Scald burn (hot soup), 12% TBSA total.\n"
            "Procedure:\n"
            "  1. Tangential excision of 6% TBSA deep partial/full-thickness burn\n"
            "     (anterior chest 3%, right upper extremity 3%)\n"
            "  2. Split-thickness autograft 10/1000 inch, meshed 1.5:1, to the excised\n"
            "     beds, about 250 cm2 (split from bilateral anterior thighs)\n"
            f"  3. {item}\n"
            "Anesthesia: general endotracheal, pediatric anesthesiology.\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("item, expected", [
    ("3. Angioplasty and stent of the left superficial femoral artery (6 x 150 mm self-expanding stent).", "01924"),
    ("3. Left common femoral endarterectomy with bovine patch angioplasty of the femoral artery.", "01270"),
])
def test_a_limb_artery_ballooned_from_a_puncture_is_interventional_not_open_arterial_surgery(item, expected):
    note = op_note(f"1. Ultrasound-guided right common femoral artery access.  2. Aortogram with runoff.  {item}",
                   anesthesia="MAC by anesthesiology.")
    assert coded(note)[0] == expected


def test_a_facility_name_on_its_own_line_labels_no_procedure_heading():
    note = ("LAKESHORE SURGERY CENTER\n"
            "OR SCHEDULE 07/14/2025  OR 2  case 3 of 5:  RIGHT SHOULDER ORIF -- Dr. Banerjee -- GA + ISB -- 2 hrs -- "
            "implant: Acumed clavicle set\n\n"
            "OPERATIVE REPORT\n"
            "Age: 23     DOS: 07/14/2025\n"
            "Surgeon: Ravi Banerjee, MD (orthopaedics)\n"
            "Anesthesia: General LMA + right interscalene nerve block placed preoperatively by anesthesia\n\n"
            "PREOPERATIVE DIAGNOSIS: Displaced, shortened right midshaft clavicle fracture, 9 days old\n"
            "PROCEDURE: Open reduction internal fixation, right midshaft clavicle fracture with superior precontoured "
            "locking plate (8-hole) and one interfragmentary lag screw\n")
    assert coded(note)[0] == "00450"  # the clavicle, not the booked "shoulder" (01630)


# --- stop 27 kinds (blind labels h52-01, h52-19, h52-26, h52-39, h52-40, h53-25) ------------------------------

@pytest.mark.parametrize("detail, expected", [
    ("The 26 Fr resectoscope could not be passed without force, and with mucosal bleeding and the risk of a false "
     "passage, TURP was not performed.  A catheter was placed over the wire.  ", "00910"),
    ("The resectoscope passed easily and the median lobe was resected to the capsule.  ", "00914"),
])
def test_an_abbreviation_the_description_says_was_not_done_undoes_the_heading_procedure_it_stands_for(detail,
                                                                                                   expected):
    note = op_note("Transurethral resection of prostate (TURP); cystourethroscopy and urethral dilation.",
                   anesthesia="Spinal by anesthesiology.", detail=detail)
    assert coded(note)[0] == expected


@pytest.mark.parametrize("item", ["2. Placement of left subdural drain.",
                                  "2. Application of NPWT dressing to the scalp."])
def test_a_drain_or_dressing_item_composes_no_procedure_of_its_own(item):
    note = op_note(f"1. Left frontotemporoparietal craniotomy for evacuation of acute subdural hematoma.  {item}",
                   detail="A bone flap was turned and 70 mL of clot evacuated.  ")
    code, findings = coded(note)
    assert code == "00211" and "CODE_NEEDS_REVIEW" not in findings  # the drain alone would compose 00210


@pytest.mark.parametrize("procedure, expected", [
    # a conversion ends the laparoscopy, even with the next item after a semicolon
    ("Laparoscopic ventral hernia repair, converted to open; primary fascial closure with mesh.", "00832"),
    ("Laparoscopic ventral hernia repair; primary fascial closure with mesh.", "00840"),
])
def test_a_laparoscopic_hernia_repair_converted_to_open_is_the_open_hernia_code(procedure, expected):
    note = op_note(procedure, detail="The hernia below the umbilicus was repaired and the bowel found viable.  ")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("detail, expected", [
    ("With a fresh dural repair, I chose to abort the instrumented fusion rather than risk the repair.  ", "00630"),
    ("Pedicle screws were placed at L5 and S1 and the instrumented fusion was completed.  ", "00670"),
])
def test_a_fusion_the_surgeon_chose_to_abort_does_not_carry_the_case_to_the_fusion_code(detail, expected):
    note = op_note("Revision left L5-S1 laminotomy and discectomy; planned instrumented fusion.",
                   detail=f"The recurrent fragment was removed and the root decompressed.  {detail}")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("status, expected", [("not placed (arrived 0315, repeat cesarean decided 0340)", "01961"),
                                              ("placed 0320 by Dr. Abara (anesthesiology), dosed for labor", "01967")])
def test_a_field_value_wrapped_below_its_colon_reads_with_its_field(status, expected):
    note = ("OB ANESTHESIA RECORD\n"
            "30-year-old G3P1011 at 39+2 wk.  Presented in early labor with a prior cesarean; labor epidural:\n"
            f"{status}.\n"
            "0356 Spinal L3-4 by Dr. Abara (anesthesiology).\n"
            "OPERATIVE REPORT\nProcedure: Repeat low transverse cesarean delivery.\nAnesthesia: Spinal.\n")
    assert coded(note)[0] == expected  # a labor epidural before the cesarean makes 01967 primary (+01968)



# --- stop 27 kinds (blind labels of holdout54-55) ---------------------------------------------------------------

@pytest.mark.parametrize("airway, expected", [
    ("8.5 single lumen tube; plan had been to exchange to a double lumen tube only after frozen section; no DLT was "
     "placed.", "00528"),
    ("37 Fr left double lumen tube; the left lung was isolated for the staging.", "00529"),
])
def test_a_plan_told_in_the_past_is_no_lung_isolation(airway, expected):
    note = op_note("Cervical mediastinoscopy with biopsy of stations 4R, 4L and 7.  The lobectomy was not performed.",
                   anesthesia=f"General endotracheal anesthesia, {airway}",
                   detail="The mediastinoscope was inserted and the stations biopsied.  ")
    assert coded(note)[0] == expected


def test_an_internal_hernia_at_petersens_space_is_upper_abdominal():
    note = op_note("Diagnostic laparoscopy, reduction of internal hernia, closure of Petersen's defect.",
                   extra="INDICATIONS: , Crampy epigastric pain, status post Roux-en-Y gastric bypass 2019.\n",
                   detail="The herniated bowel was reduced and Petersen's space closed with running suture.  ")
    assert coded(note)[0] == "00790"  # not the lower abdomen's 00840 that a diagnostic laparoscopy alone reads as


@pytest.mark.parametrize("detail, expected", [
    ("Given the non-dilated duct, ERCP and stent placement were deferred and not performed.  ", "00731"),
    ("The duodenoscope was passed, ERCP done and a plastic biliary stent placed.  ", "00732"),
])
def test_a_procedure_deferred_in_the_description_is_not_done(detail, expected):
    note = op_note("EUS with fine-needle biopsy of pancreatic head mass; ERCP with biliary stent placement.",
                   anesthesia="MAC by anesthesia.", detail=f"A 22G needle biopsy of the mass was taken.  {detail}")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("pma, expected", [("50 weeks 2 days", "00834"), ("46 weeks 1 day", "00836")])
def test_a_postmenstrual_age_at_surgery_after_a_colon_decides_the_preemie_hernia_code(pma, expected):
    note = ("PRE-ANESTHETIC NOTE\nPt: female infant, 16 weeks 2 days old.  Born at 34 weeks 0 days.\n"
            f"Postmenstrual age at surgery: {pma}.\n"
            "OPERATIVE REPORT\nPROCEDURE: Left inguinal hernia repair, open (high ligation).\n"
            "ANESTHESIA: General LMA by Dr. Ng (anesthesiology).\n")
    assert coded(note)[0] == expected  # 00836 is for younger than 50 weeks postmenstrual age


def test_a_procedure_not_performed_label_under_the_performed_heading_is_not_todays():
    note = ("PROCEDURE PERFORMED: L4-L5 bilateral laminectomy with foraminotomies (decompression only).\n"
            "PROCEDURE NOT PERFORMED: Posterior instrumented fusion L4-5.  The segment was judged stable.\n"
            "ANESTHESIA: General endotracheal by anesthesiology.\n"
            "DESCRIPTION: Bilateral laminectomy of L4 with Kerrison rongeurs; the roots were free.\n")
    assert coded(note)[0] == "00630"  # not 00670


@pytest.mark.parametrize("plan, expected", [
    ("case CANCELLED. No anesthetic was administered; the patient never entered the operating room.", None),
    ("case proceeded after rate control; general anesthesia with a double lumen tube was induced at 0810.", "00541"),
])
def test_a_case_cancelled_with_no_anesthetic_given_has_no_anesthesia_code(plan, expected):
    note = ("ANESTHESIA PRE-OPERATIVE EVALUATION\n"
            "Scheduled procedure: Right VATS wedge resection of RLL nodule.  Booked anesthesia: general with DLT, "
            "Dr. Pereira (anesthesiologist).\n"
            f"PLAN / DISPOSITION: AF with RVR in holding; discussed with the surgeon at 0655: {plan}\n")
    code, findings = coded(note)
    assert code == expected
    assert ("CASE_CANCELLED_BEFORE_ANESTHESIA" in findings) == (expected is None)


@pytest.mark.parametrize("procedure, expected", [
    ("1. Oberlin transfer: transfer of an ulnar nerve fascicle to the biceps motor branch, left upper arm.", "01710"),
    ("1. Open biopsy of the left vastus lateralis muscle (for histology, electron microscopy, and frozen tissue).",
     "01250"),
])
def test_a_nerve_transfer_or_a_named_thigh_muscle_composes_by_its_region(procedure, expected):
    assert coded(op_note(procedure))[0] == expected


@pytest.mark.parametrize("labor, expected", [
    ("Labor analgesia not requested or provided - patient taken directly for repeat CS.", "01961"),
    ("Labor epidural placed 0410 by Dr. Lindgren (anesthesiology) and dosed for labor.", "01967"),
])
def test_a_charge_slip_naming_labor_analgesia_documents_none(labor, expected):
    note = ("ANESTHESIA RECORD - LABOR & DELIVERY\n"
            f"Pt 31 yo G2P1 at 39w2d, early labor.  {labor}\n"
            "Anesthetic: Spinal by Dr. Lindgren, personally performed.\n"
            "L&D CHARGE SLIP (unit clerk): 01967 neuraxial labor analgesia + 01968 cesarean add-on.\n"
            "OPERATIVE REPORT\nPROCEDURE: Repeat low transverse cesarean section.\nANESTHESIA: Spinal.\n")
    assert coded(note)[0] == expected


# --- stop 27 kinds (blind labels of holdout56-57) ---------------------------------------------------------------

@pytest.mark.parametrize("procedure, expected", [
    ("Revision of right frontal ventriculoperitoneal shunt: replacement of ventricular catheter and valve.", "00220"),
    ("Aortic valve replacement with a 23 mm bioprosthesis on cardiopulmonary bypass.", "00562"),
])
def test_a_csf_shunts_valve_is_no_heart_valve(procedure, expected):
    note = op_note(procedure, extra="AGE: , 8 years.\n")
    assert coded(note)[0] == expected


def test_a_procedure_title_from_the_posting_is_the_booking_not_the_operation():
    note = ("PROCEDURE TITLE (from posting): Open reduction internal fixation, left radius and ulna shaft fractures.\n"
            "PROCEDURE PERFORMED: Closed reduction of both-bone forearm fracture, left, under fluoroscopy, with "
            "application of long arm cast.\n"
            "ANESTHESIA: General LMA by the pediatric anesthesia team.\n"
            "DESCRIPTION: The fracture was manipulated and reduced; no incision was made.\n")
    assert coded(note)[0] == "01820"  # not the posting's 01830


def test_a_procedure_planned_but_deferred_is_not_done():
    note = op_note("1. Microdirect laryngoscopy with CO2 laser marsupialization of a left saccular cyst.  "
                   "2. Rigid bronchoscopy was planned but deferred: the subglottis was seen with the telescope.",
                   extra="AGE: , 3 years.\n")
    assert coded(note)[0] == "00320"  # the larynx, not the bronchoscopy (00520) of equal units


@pytest.mark.parametrize("procedure, expected", [
    ("1. Cervical mediastinoscopy with biopsies of stations 2R, 4R and 7.\n"
     "Planned left VATS wedge resection / possible lobectomy was NOT performed: N3 disease on frozen section.",
     "00528"),
    # the denial inside a parenthesis is the parenthesis's own
    ("1. Panniculectomy (infraumbilical, fleur-de-lis was not done).  2. Primary repair of umbilical hernia.", "00802"),
])
def test_a_heading_item_that_says_it_was_not_performed_is_not_done(procedure, expected):
    assert coded(op_note(procedure, detail="Frozen sections were sent.  "))[0] == expected


@pytest.mark.parametrize("procedure, expected", [
    ("Coronary artery bypass grafting x3, beating heart (LIMA to LAD, SVG to OM1 and PDA).", "00566"),
    ("Coronary artery bypass grafting x3 on cardiopulmonary bypass (LIMA to LAD, SVG to OM1 and PDA).", "00567"),
])
def test_a_beating_heart_bypass_is_the_off_pump_code(procedure, expected):
    assert coded(op_note(procedure))[0] == expected


def test_a_brachial_thromboembolectomy_is_the_upper_arm_embolectomy_code():
    note = op_note("Right brachial artery exploration, thromboembolectomy with No. 3 Fogarty balloon catheter, "
                   "repair of arteriotomy with vein patch angioplasty.")
    assert coded(note)[0] == "01772"  # not the arteries' NOS 01770


# --- stop 27 kinds (blind labels of holdout59) ------------------------------------------------------------------

@pytest.mark.parametrize("detail, expected", [
    ("Thick membranes prevented evacuation, so the procedure was converted: the incision was extended and a right "
     "frontotemporoparietal craniotomy was turned and the hematoma evacuated.  ", "00211"),
    ("Dark fluid was irrigated out through both burr holes until clear.  ", "00214"),
])
def test_burr_holes_that_go_on_to_a_craniotomy_are_the_hematoma_craniotomy(detail, expected):
    note = op_note("Right frontal and parietal burr holes for evacuation of chronic subdural hematoma.",
                   extra="POSTOPERATIVE DIAGNOSIS: , Right chronic subdural hematoma.\n", detail=detail)
    assert coded(note)[0] == expected


@pytest.mark.parametrize("ventilation, expected", [
    ("Both lumens were ventilated together throughout; one-lung ventilation was never initiated.  ", "00528"),
    ("The right lung was isolated for the biopsies.  ", "00529"),
])
def test_a_double_lumen_tube_never_used_for_one_lung_ventilation_is_no_lung_isolation(ventilation, expected):
    note = op_note("Cervical mediastinoscopy with biopsy of stations 2R, 4R, 4L and 7.",
                   anesthesia="General, 39 Fr left double-lumen tube placed at induction for the planned lobectomy.",
                   detail=f"{ventilation}The mediastinoscope was inserted and the stations biopsied.  ")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("age, expected", [
    # under a year, past 50 weeks postmenstrual: not 00830, not 00836
    ("chronological age today 16 weeks 2 days; postmenstrual age 51 weeks 2 days", "00834"),
    ("54 weeks 2 days old", "00830"),  # more than a year: the weeks count, not the 2 days
])
def test_an_infants_age_in_weeks_and_days_counts_the_weeks(age, expected):
    note = ("PEDIATRIC ANESTHESIA RECORD\n"
            f"Male child, born at 35 weeks 0 days gestation; {age}.\n"
            "Anesthesia: Dr. Yamaguchi (pediatric anesthesiologist), personally performed; LMA and caudal.\n"
            "PROCEDURE: Bilateral open inguinal herniorrhaphy (high ligation of hernia sacs).\n")
    assert coded(note)[0] == expected


def test_a_document_title_with_its_service_names_no_procedure():
    note = ("OPERATIVE REPORT - BARIATRIC SURGERY\n"
            "ANESTHESIA: General endotracheal by anesthesiology.\n"
            "PROCEDURE PERFORMED: Diagnostic laparoscopy with laparoscopic wedge biopsy of the liver.  The planned "
            "stomach operation was not done.\n"
            "DESCRIPTION: A nodular cirrhotic liver was found and a wedge biopsy taken with the harmonic scalpel.\n")
    assert coded(note)[0] == "00790"  # not the bariatric 00797 of the title


@pytest.mark.parametrize("diagnosis, expected", [
    ("Multiparity, desires permanent sterilization; postpartum day 1.", "00851"),
    ("Left hydrosalpinx before IVF.", "00840"),
])
def test_a_salpingectomy_for_sterilization_is_the_tubal_code(diagnosis, expected):
    note = op_note("Bilateral salpingectomy through an infraumbilical mini-laparotomy.", anesthesia="Spinal.",
                   extra=f"POSTOPERATIVE DIAGNOSIS: , {diagnosis}\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("detail, flagged", [
    ("A partial medial meniscectomy was performed with baskets and a shaver.  ", True),
    ("The menisci, cruciates and cartilage were normal; nothing was treated.  ", False),
])
def test_a_diagnostic_knee_arthroscopy_that_goes_on_to_treat_is_sent_to_a_coder(detail, flagged):
    code, findings = coded(op_note("Diagnostic arthroscopy, left knee.", detail=detail))
    assert code == "01382" and ("CODE_NEEDS_REVIEW" in findings) == flagged  # 01400 also fits a surgical one


# --- stop 28 kinds (blind labels of holdout61-63) ---------------------------------------------------------------
@pytest.mark.parametrize("age, expected", [
    ("2 year 3 month old male, 12.6 kg", "00520"),  # two years old: not the under-one larynx code 00326
    ("10 month old male, 8.1 kg", "00326"),
])
def test_an_age_in_years_and_months_counts_the_years(age, expected):
    note = (f"PATIENT: {age}.\n"
            "PROCEDURES: 1. Direct laryngoscopy and rigid bronchoscopy with removal of foreign body (peanut).\n"
            "ANESTHESIA: General, spontaneous ventilation, Dr. Castell, attending anesthesia.\n"
            "DESCRIPTION: Mask induction by anesthesia; the peanut was grasped in the left mainstem bronchus and "
            "withdrawn with the bronchoscope.\n")
    assert coded(note)[0] == expected


def test_a_colonoscopy_into_the_ileum_beside_an_egd_is_the_combined_endoscopy():
    note = ("PEDIATRIC GASTROENTEROLOGY - PROCEDURE REPORT\n"
            "Patient: 12 y 4 m, female, 38 kg.\n"
            "Anesthesia: Deep sedation / MAC with propofol infusion, CRNA J. Pruitt, medically directed.\n"
            "Procedures:\n1. Esophagogastroduodenoscopy with biopsies.\n2. Ileocolonoscopy with biopsies.\n"
            "Both performed under the same anesthetic, upper first, then lower.\n")
    assert coded(note)[0] == "00813"


def test_an_anesthetic_offered_for_a_later_date_was_not_given_today():
    note = ("PEDIATRIC OTOLARYNGOLOGY - OUTPATIENT CLINIC PROCEDURE NOTE\n"
            "Patient: 5 week 3 day old female.\n"
            "Discussion: Options reviewed: clinic frenotomy today, or frenuloplasty under general anesthesia at a "
            "later date. Parents chose clinic frenotomy.\n"
            "Procedure: Lingual frenotomy.\nThe infant was swaddled and held by the nurse. The frenulum was divided "
            "with iris scissors.\n")
    code, findings = coded(note)
    assert "ANESTHESIA_PROVIDER_UNDOCUMENTED" in findings or code is None  # no general anesthetic was given


@pytest.mark.parametrize("procedure, flagged", [
    ("Closed reduction and retrograde flexible intramedullary nailing, right femur.", True),
    ("Open reduction internal fixation of distal femur fracture with lateral locking plate.", False),
])
def test_a_retrograde_femoral_nail_leaves_the_femurs_third_to_a_coder(procedure, flagged):
    code, findings = coded(op_note(procedure))
    assert code == "01360" and ("CODE_NEEDS_REVIEW" in findings) == flagged  # 01230 for a shaft fracture


@pytest.mark.parametrize("denial, expected", [
    # hard-wrapped, with the approach the heading's item does not name
    ("Open reimplantation was not\nperformed and no Pfannenstiel incision was made.", "00910"),
    ("The reimplantation was then completed through a Pfannenstiel incision.", "00860"),
])
def test_an_open_reimplantation_said_not_done_undoes_the_headings_reimplantation(denial, expected):
    note = ("PROCEDURE PERFORMED: Cystoscopy, bilateral ureteral reimplantation (Cohen cross-trigonal).\n"
            "ANESTHESIA: General via LMA, Dr. A. Kiprotich.\n"
            "DESCRIPTION: Cystoscopy was performed with the pediatric cystoscope. Given favorable orifices, we\n"
            f"proceeded with endoscopic subureteric injection of Deflux on both sides. {denial}\n")
    assert coded(note)[0] == expected


def test_a_hard_wrapped_no_resection_undoes_the_booked_bladder_tumor_resection():
    note = ("UROLOGY OPERATIVE NOTE\n"
            "PROCEDURE(S): Cystourethroscopy; bilateral retrograde\npyelograms; clot evacuation.\n"
            "TURBT (transurethral resection of bladder tumor) was\nbooked.\n"
            "ANESTHESIA: General LMA by the anesthesia team.\n"
            "DESCRIPTION: A 22 Fr rigid cystoscope was passed.  After evacuation, a full survey showed no\n"
            "papillary or sessile tumor anywhere.  Because no tumor was identified, no\n"
            "resection was done and no biopsy was taken.\n")
    assert coded(note)[0] == "00910"


@pytest.mark.parametrize("procedure, expected", [
    ("PROCUREMENT OF HEART, BILATERAL LUNGS, LIVER AND BOTH KIDNEYS FOR TRANSPLANTATION.", "01990"),
    ("Orthotopic liver transplantation, piggyback technique.", "00796"),  # the recipient's operation
])
def test_organs_procured_from_a_brain_dead_donor_are_the_donors_support(procedure, expected):
    note = ("DONOR: 34 YEAR OLD MALE, DECLARED DEAD BY NEUROLOGIC CRITERIA.\n"
            f"PROCEDURE: {procedure}\n"
            "ANESTHESIA SERVICE: Attending anesthesiologist present for physiologic support, general anesthesia.\n")
    assert coded(note)[0] == expected


def test_a_crt_d_upgrade_with_a_defibrillation_lead_is_the_defibrillator_code():
    note = op_note("System upgrade - removal of dual chamber pacemaker generator, implantation of a new right "
                   "ventricular dual-coil defibrillation lead, connection to a new CRT-D generator.",
                   anesthesia="General anesthesia with LMA by anesthesiologist.")
    assert coded(note)[0] == "00534"  # not the pacemaker's 00530


@pytest.mark.parametrize("procedure, expected", [
    ("1. Excisional debridement of the sternum, costal cartilages and mediastinal soft tissue, including bone.",
     "00550"),
    ("1. Excisional debridement of the anterior chest wall wound, skin and subcutaneous tissue.", "00400"),
])
def test_a_debridement_of_the_sternum_is_the_sternal_code_not_the_skin(procedure, expected):
    assert coded(op_note(procedure))[0] == expected


def test_a_partial_calcanectomy_is_the_foot_bone_code():
    note = op_note("Partial calcanectomy (excision of the posterior calcaneus) with excisional debridement of the "
                   "heel ulcer.", anesthesia="General LMA with popliteal sciatic block by anesthesia.")
    assert coded(note)[0] == "01480"


@pytest.mark.parametrize("detail, expected", [
    ("The joint was well visualized throughout, and conversion to open surgical hip dislocation was not "
     "necessary.  ", "01202"),
    ("Visualization was poor and the procedure was converted to an open surgical hip dislocation.  ", "01210"),
])
def test_a_conversion_to_open_said_not_needed_leaves_the_arthroscopy(detail, expected):
    note = op_note("Right hip arthroscopy with labral repair.", detail=detail,
                   extra="INDICATIONS: , Risks including infection and conversion to open were discussed.\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("procedure, flagged", [
    ("Right wrist arthroscopy with debridement of the triangular fibrocartilage complex.", True),
    ("Open reduction internal fixation of distal radius fracture with volar plate.", False),
])
def test_a_surgical_wrist_arthroscopy_is_sent_to_a_coder(procedure, flagged):
    code, findings = coded(op_note(procedure, anesthesia="Supraclavicular block by anesthesiologist with MAC."))
    assert code == "01830" and ("CODE_NEEDS_REVIEW" in findings) == flagged  # 01829 by many crosswalks


@pytest.mark.parametrize("procedure, expected", [
    ("Open reduction internal fixation of supracondylar femur fracture with lateral locking plate.", "01360"),
    ("Open reduction internal fixation of femoral shaft fracture with plate.", "01230"),
])
def test_an_open_procedure_on_the_distal_femur_is_the_lower_thirds_code(procedure, expected):
    assert coded(op_note(procedure))[0] == expected


# --- stop 29 kinds ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("detail, expected, flagged", [
    ("The calf muscle was gray and did not bleed, so a below-knee level was not viable. We proceeded to the "
     "above-knee level and the femur was divided with an oscillating saw. Final procedure is a left above-knee "
     "amputation.  ", "01232", True),
    ("The calf muscle bled well and the tibia was divided 10 cm below the tubercle.  ", "01482", False),
])
def test_an_amputation_taken_higher_in_the_description_is_the_higher_level(detail, expected, flagged):
    note = op_note("Left below-knee amputation.", anesthesia="Spinal by the anesthesia team.", detail=detail,
                   extra="INDICATIONS: , Wet gangrene; the consent covered a below- or above-knee level.\n")
    code, findings = coded(note)
    assert code == expected and ("CODE_NEEDS_REVIEW" in findings) == flagged


@pytest.mark.parametrize("labor, anesthesia, expected", [
    ("LABOR ANALGESIA: The patient declined epidural analgesia on admission; nitrous oxide by nursing. "
     "No neuraxial catheter was placed at any time during labor.",
     "ANESTHESIA: General endotracheal anesthesia, rapid sequence induction, for cord prolapse.\n", "01961"),
    ("LABOR ANALGESIA: Labor epidural placed at 5 cm by Dr. Esposito, L3-4, catheter 5 cm in the space; "
     "it was bolused for the cesarean.", "", "01967"),
])
def test_a_labor_analgesia_heading_without_a_neuraxial_anesthetic_leaves_the_cesarean(labor, anesthesia, expected):
    note = ("OBSTETRIC ANESTHESIA NOTE\nPatient: 27-year-old G1P0 at 40 weeks, in labor.\n"
            f"Anesthesiologist: Dr. R. Esposito, personally performed\n{labor}\n{anesthesia}"
            "OPERATIVE SUMMARY: Primary low transverse cesarean delivery through a Pfannenstiel incision.\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("detail, expected, flagged", [
    ("Two portals were established; the cam could not be reached and the arthroscopic portion was abandoned. "
     "Surgical hip dislocation by the Ganz technique with trochanteric flip osteotomy; the labrum was repaired.  ",
     "01210", True),
    ("Two portals were established and the labrum was repaired with three anchors.  ", "01202", False),
])
def test_a_hip_arthroscopy_that_goes_on_to_an_open_dislocation_is_the_open_hip_code(detail, expected, flagged):
    code, findings = coded(op_note("Left hip arthroscopy with labral repair.", detail=detail))
    assert code == expected and ("CODE_NEEDS_REVIEW" in findings) == flagged


@pytest.mark.parametrize("detail, expected", [
    ("The worn liner was removed and the loose acetabular shell was taken out; a 60 mm multi-hole revision shell "
     "was impacted with four screws.  ", "01215"),
    ("The acetabulum was reamed to 54 mm and a 54 mm press-fit shell was impacted.  ", "01214"),
])
def test_a_total_hip_heading_whose_description_is_a_revision_is_the_revision(detail, expected):
    note = op_note("RIGHT TOTAL HIP ARTHROPLASTY.", detail=detail,
                   extra="INDICATIONS: , Right hip pain, status post right total hip arthroplasty 2008.\n")
    assert coded(note)[0] == expected


def test_a_short_heading_line_runs_on_into_its_findings_and_description():
    note = ("PEDIATRIC ANESTHESIA PRE-OPERATIVE EVALUATION\nPatient: male infant, 4 months old. Weight 5.9 kg.\n"
            "Plan: GA with ETT, caudal block by anesthesia. Dr. Marisol Teague, pediatric anesthesiology.\n\n"
            "OPERATIVE NOTE - PEDIATRIC SURGERY\n"
            "PROCEDURE: Bilateral open inguinal hernia repair (high ligation of the hernia sacs). FINDINGS: Bilateral "
            "indirect sacs, right larger, both testes normal and in the scrotum. DESCRIPTION: After GA and a caudal "
            "block by Dr. Teague, supine. Prep, drape, time-out. Right inguinal skin-crease incision, external oblique "
            "opened, cord elevated, the sac separated from the vas and vessels, twisted and high-ligated with 4-0 "
            "Vicryl. Same on the left. Closure with 5-0 Monocryl, Dermabond. No complications. EBL minimal.\n\n"
            "OPERATIVE NOTE - PEDIATRIC ORTHOPAEDICS\n"
            "PROCEDURE: Left hip arthrogram, closed reduction left hip, and application of hip spica cast.\n")
    assert coded(note)[0] == "00834"  # the infant hernia repair (5 units), not the closed hip reduction (4)


@pytest.mark.parametrize("detail, expected", [
    ("Spleen removed. Persistent liver bleeding: perihepatic packing and suture hepatorrhaphy of the right lobe "
     "laceration.  ", "00792"),
    ("Spleen removed. The liver was inspected and was uninjured.  ", "00790"),
])
def test_a_laparotomy_that_goes_on_to_repair_the_liver_is_the_liver_code(detail, expected):
    assert coded(op_note("Exploratory laparotomy, splenectomy.", detail=detail))[0] == expected


@pytest.mark.parametrize("asa, expected", [("ASA 6", "01990"), ("ASA 3", "00792")])
def test_a_brain_dead_donor_is_the_donors_support_whatever_organs_the_heading_names(asa, expected):
    note = op_note("Donor hepatectomy and bilateral nephrectomy.", anesthesia=f"General, anesthesiologist. {asa}.")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("line, expected", [
    ("0745: Case discussed with the surgeon: the case is cancelled prior to induction. No spinal was placed.", None),
    ("0745: Spinal placed at L3-4 by Dr. Nikolaidis; the case proceeded.", "01230"),
])
def test_a_case_that_is_cancelled_prior_to_induction_has_no_anesthesia_code(line, expected):
    note = ("PRE-ANESTHESIA EVALUATION\nPatient: 67-year-old male scheduled for: Right femur IMN "
            "(subtrochanteric fracture)\nPlan: Spinal anesthetic with sedation. Dr. Nikolaidis, anesthesiology.\n"
            f"OR NOTE\n{line}\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("tube, expected", [
    ("A left double-lumen tube was attempted but could not be positioned, so there was no lung isolation for the "
     "case.", "00540"),
    ("A left double-lumen tube was placed and one-lung ventilation was used throughout.", "00541"),
])
def test_a_double_lumen_tube_attempted_with_no_lung_isolation_is_no_one_lung_ventilation(tube, expected):
    note = op_note("Left thoracotomy, primary repair of diaphragm rupture.", detail=f"{tube}  ")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("colonoscopy, expected", [
    ("COLONOSCOPY: Not performed. Solid stool in the rectal vault; the colonoscope was not inserted.", "00731"),
    ("COLONOSCOPY: The colonoscope was advanced to the cecum; two polyps were removed.", "00813"),
])
def test_a_combined_endoscopy_whose_colonoscopy_was_not_performed_is_the_upper_endoscopy(colonoscopy, expected):
    note = ("PROCEDURE REPORT\nPROCEDURE: EGD and colonoscopy\nANESTHESIA: MAC by CRNA, medically directed.\n"
            "EGD: The gastroscope was passed; a 9 mm antral ulcer was biopsied.\n"
            f"{colonoscopy}\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("record, expected", [
    ("Requesting: L&D RN (K. Moreau) for labor epidural.\nASSESSMENT/PLAN: Candidate for labor epidural.\n"
     "Epidural procedure discontinued before any skin infiltration or needle insertion: she delivered.\n"
     "BILLING NOTE FROM L&D CLERK: \"Epidural called - please charge labor epidural.\"\n", None),
    ("Requesting: L&D RN (K. Moreau) for labor epidural.\nLabor epidural placed at L3-4 by Dr. Ruiz, catheter "
     "5 cm in the space, test dose negative.\n", "01967"),
])
def test_an_obstetric_consult_for_an_epidural_never_placed_has_no_anesthesia_code(record, expected):
    note = ("OBSTETRIC ANESTHESIA CONSULT NOTE\nPatient: 24-year-old G2P1 at 38 weeks in active labor.\n"
            f"{record}Delivery: spontaneous vaginal delivery by the CNM.\n")
    code, findings = coded(note)
    if expected is None:  # no labor analgesia billed; the delivery the CNM did has no anesthetic to report
        assert code != "01967" and (code is None or "ANESTHESIA_PROVIDER_UNDOCUMENTED" in findings)
    else:
        assert code == expected


@pytest.mark.parametrize("birth, expected", [
    ("Born at 37 weeks 0 days (early term); the referral called him a \"former preemie\".", "00834"),
    ("Born at 34 weeks 2 days; a former preemie.", "00836"),
])
def test_a_baby_born_at_37_weeks_is_at_term_whatever_the_referral_says(birth, expected):
    note = ("AGE: 7 weeks\n" f"{birth} Now 44 weeks postmenstrual age.\n"
            "PROCEDURE: Right open inguinal hernia repair (high ligation).\n"
            "ANESTHESIA: General by mask and LMA, Dr. Osei, anesthesiology.\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("procedure, expected", [
    ("Right axillary artery to bilateral\nfemoral artery bypass (axillo-bifemoral).", "01656"),  # a short wrapped line
    ("Right common femoral artery to above-knee popliteal artery bypass.", "01270"),
])
def test_a_heading_wrapped_after_a_side_reads_as_one_line(procedure, expected):
    note = f"PROCEDURE: {procedure}\nANESTHESIA: General ETT, anesthesiology.\n"
    assert coded(note)[0] == expected


@pytest.mark.parametrize("procedure, expected", [
    ("(1) Open tracheostomy, (2) esophagogastroduodenoscopy with percutaneous endoscopic gastrostomy.", "00320"),
    ("(1) Open gastrostomy tube placement.", "00790"),
])
def test_a_wording_does_not_reach_across_numbered_items(procedure, expected):
    assert coded(op_note(procedure))[0] == expected


@pytest.mark.parametrize("procedure, expected", [
    ("Left heart catheterization, coronary angiography, native vessels and bypass grafts.", "01920"),
    ("Coronary bypass grafting x3 (LIMA-LAD, SVG-OM, SVG-PDA) on cardiopulmonary bypass.", "00567"),
])
def test_the_bypass_grafts_a_catheterization_images_are_no_bypass_operation(procedure, expected):
    assert coded(op_note(procedure, anesthesia="MAC by anesthesiology."))[0] == expected


@pytest.mark.parametrize("detail, expected", [
    ("Cardiopulmonary bypass was NOT instituted at any point. The following grafts were performed on the "
     "beating heart with a stabilizer.  ", "00566"),
    ("Cardiopulmonary bypass was instituted and the heart arrested with cardioplegia.  ", "00567"),
])
def test_a_templated_on_pump_cabg_done_on_the_beating_heart_is_off_pump(detail, expected):
    note = op_note("Coronary artery bypass grafting x3 on\ncardiopulmonary bypass.", detail=detail)
    assert coded(note)[0] == expected


@pytest.mark.parametrize("header, label, flagged", [
    ("Date: 03/04 (POD 1)", "Surgery 03/03", True),  # a follow-up note: the operation was yesterday's
    ("Date: 03/04", "Procedure", False),
])
def test_a_follow_up_note_that_dates_yesterdays_operation_is_sent_to_a_coder(header, label, flagged):
    note = ("REGIONAL ANESTHESIA / ACUTE PAIN SERVICE - FOLLOW-UP NOTE\n"
            f"{header}\nPatient: 70 yo female\n"
            f"{label}: Right anatomic total shoulder arthroplasty under general anesthesia with a continuous "
            "interscalene catheter placed preoperatively by anesthesiology.\n"
            "Assessment: Effective continuous interscalene analgesia.\n")
    code, findings = coded(note)
    assert code == "01638" and ("CODE_NEEDS_REVIEW" in findings) == flagged


@pytest.mark.parametrize("item, expected", [
    ("3. Repair of superior mesenteric artery with bovine pericardial patch angioplasty", "00770"),
    ("3. Repair of the left common iliac artery", "00880"),
])
def test_a_great_abdominal_vessel_repaired_composes_its_vessel_code(item, expected):
    note = op_note(f"1. Exploratory laparotomy\n{item}\n4. Primary repair of gastric wounds x2")
    code, findings = coded(note)
    assert code == expected and "CODE_NEEDS_REVIEW" in findings  # composed by anatomy: a coder confirms


@pytest.mark.parametrize("procedure, expected", [
    ("Left hip, intramedullary fixation", "01230"),  # the nail fixes the femur, not the joint
    ("Left hip, open reduction of posterior dislocation", "01210"),
])
def test_an_intramedullary_nail_at_the_hip_is_the_femurs_code(procedure, expected):
    assert coded(op_note(procedure, anesthesia="Spinal by anesthesiology."))[0] == expected


@pytest.mark.parametrize("line, expected", [
    ("Case CANCELLED at 0712 prior to entry into the OR. No anesthetic was given.", None),
    ("Elective case CANCELLED. No interscalene block was placed; the patient never entered the operating room.", None),
    ("The case was cancelled after the block; the patient never entered the operating room again.", "01630"),
])
def test_a_case_cancelled_before_the_patient_entered_the_room_has_no_anesthesia_code(line, expected):
    note = ("PRE-ANESTHESIA EVALUATION AND CANCELLATION NOTE\nPatient: 64 yo male.\n"
            "Scheduled: Right shoulder arthroscopy, rotator cuff repair. Plan: interscalene block and general, "
            f"Dr. Oyelaran, anesthesiology.\n{line}\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("tail, expected", [
    ("Pedicle screw instrumentation\nwas available in the room and was not used;\nfusion was not performed.", "00630"),
    ("Pedicle screw instrumentation\nwas then placed at L3-L5 with rods;\nposterolateral fusion was done.", "00670"),
])
def test_a_narrow_template_wrapped_mid_sentence_reads_as_one_sentence(tail, expected):
    note = ("PROCEDURE PERFORMED: L3, L4 and L5 bilateral\nlaminectomies for lumbar stenosis.\n"
            "ANESTHESIA: General endotracheal by\nthe anesthesia team.\n"
            "DESCRIPTION: Prone on the Jackson table.\nBilateral laminectomies were completed\n"
            f"from L3 to L5 with foraminotomies.\n{tail}\n")
    assert coded(note)[0] == expected


# --- stop 30 kinds (blind sets holdout68-71) ----------------------------------------------------------

@pytest.mark.parametrize("detail, flagged", [
    ("The appendix was removed.  Because of stones seen on the way, a laparoscopic cholecystectomy was also "
     "performed and the gallbladder removed.  ", True),
    ("The appendix was removed with a stapler.  ", False),
])
def test_a_description_that_names_a_bigger_operation_than_the_heading_is_sent_to_a_coder(detail, flagged):
    code, findings = coded(op_note("Laparoscopic appendectomy.", detail=detail))
    assert code == "00840"  # the heading's code stands: the coder decides what the description adds
    assert ("CODE_NEEDS_REVIEW" in findings) == flagged


@pytest.mark.parametrize("procedure, detail, expected", [
    ("Surgery as below.", "Pedicle screws were placed at L4 and L5 and rods seated.  Decortication of the transverse "
     "processes and facets was done and local autograft laid in.  ", "00670"),
    ("Right thoracotomy with decortication of the lung.", "The fibrous peel was removed from the lung.  ", "00542"),
])
def test_a_spinal_fusions_decortication_of_bone_is_no_decortication_of_the_lung(procedure, detail, expected):
    assert coded(op_note(procedure, detail=detail))[0] == expected


@pytest.mark.parametrize("nodes, expected", [
    ("Internal mammary nodes were not sampled.", "00404"),
    ("Internal mammary nodes were dissected and sent.", "00406"),
])
def test_internal_mammary_nodes_that_were_not_sampled_are_no_internal_mammary_dissection(nodes, expected):
    note = op_note("Right breast operation.", detail="A right modified radical mastectomy was performed with level I "
                   f"and II axillary dissection.  {nodes}  ")
    assert coded(note)[0] == expected


def _lipoma(lines: str) -> str:
    return ("PROCEDURE NOTE - MINOR OR\n" + lines +
            "PROCEDURE: Excision of subcutaneous lipoma, right posterior shoulder, 5.5 cm.\n"
            "DESCRIPTION: Elliptical incision over the mass; the lipoma was enucleated and the wound closed.\n")


_LOCAL_ONLY = "ANESTHESIA: Local only, 1% lidocaine infiltrated by the surgeon. No sedation.\n"


@pytest.mark.parametrize("lines, expected", [
    ("MINOR OR SCHEDULE 1330-1430: Dr. Ostrowski - lipoma right posterior shoulder - MAC (CRNA Sandvik).\n"
     + _LOCAL_ONLY, None),
    ("Pt: 49 yo M. Booked: excision lipoma right posterior shoulder w/ MAC (CRNA on schedule).\n" + _LOCAL_ONLY, None),
    ("The patient had been posted for monitored anesthesia care but preferred to stay awake.\n" + _LOCAL_ONLY, None),
    ("Pre-op: planned MAC with local by surgeon.\n" + _LOCAL_ONLY, None),
    ("Pt verbalized preference for local only after discussion of MAC.\n" + _LOCAL_ONLY, None),
    ("OR POSTING: lipoma excision - Anes type: MAC (00300).\n" + _LOCAL_ONLY, None),
    # the schedule's MAC given after all
    ("MINOR OR SCHEDULE 1330-1430: Dr. Ostrowski - lipoma right posterior shoulder - MAC (CRNA Sandvik).\n"
     "ANESTHESIA: MAC by CRNA Sandvik with propofol; local by the surgeon.\n", "00300"),
])
def test_an_anesthetic_a_schedule_booking_or_posting_names_is_not_one_given(lines, expected):
    assert coded(_lipoma(lines))[0] == expected


@pytest.mark.parametrize("presence, expected", [
    ("Anesthesia was not present for this procedure.", None),
    ("Anesthesia was present for this procedure.", "00532"),
])
def test_sedation_with_anesthesia_not_present_is_no_anesthesia_service(presence, expected):
    note = op_note("Placement of right tunneled pleural catheter.", anesthesia="IV sedation.", extra=f"{presence}\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("second, expected", [
    ("No IV sedation, no anesthetic agents, no monitoring in OR - patient never left pre-op holding.", None),
    ("MAC with propofol was given in the OR before the surgeon called the case.", "01810"),
])
def test_a_case_called_off_with_no_anesthetic_given_said_apart_has_no_anesthesia_code(second, expected):
    note = ("PRE-ANESTHESIA EVALUATION / CANCELLATION NOTE (CRNA J. Whitehorse)\n"
            "66 yo F scheduled 0730: left open carpal tunnel release (Dr. P. Haugland).\n"
            "Assessment: BP 212/118 and not NPO. Discussed with Dr. Haugland at 0655: case CANCELLED, to be "
            f"rescheduled after her PCP optimizes BP.\n{second}\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("detail, expected", [
    ("Given zonular laxity, the decision was made not to proceed with the trabeculectomy.", "00142"),
    ("The trabeculectomy was then performed with mitomycin C.", "00140"),
])
def test_a_combined_eye_operation_whose_filtering_part_was_not_proceeded_with_is_the_lens_code(detail, expected):
    note = op_note("Phacoemulsification with intraocular lens and trabeculectomy, left eye.",
                   anesthesia="MAC by anesthesia.", detail=f"The lens was placed in the bag.  {detail}  ")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("colonoscopy, expected", [
    ("", "00731"),
    ("COLONOSCOPY: the colonoscope was advanced to the cecum; two polyps were removed.\n", "00813"),
])
def test_what_was_consented_scheduled_or_rescheduled_is_not_todays_procedure(colonoscopy, expected):
    note = ("PRE-PROCEDURE H&P: 67 yo M. Consent for EGD and colonoscopy w/ possible polypectomy signed.\n"
            "ENDOSCOPY REPORT\nProcedure(s) scheduled: EGD / Colonoscopy.\nSedation: MAC, propofol by CRNA.\n"
            f"EGD: scope passed to the 2nd portion of the duodenum; antral biopsies taken.\n{colonoscopy}"
            "POST-PROC CALL: reminded of the 2-day prep for rescheduled colonoscopy in 2 weeks.\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("wording", ["", "transsphenoidal "])
def test_a_numbered_heading_of_sentences_is_a_list_not_a_narrative(wording):
    note = ("PROCEDURES:\n(ENT - Dr. Y. Holloway)\n1. Bilateral endoscopic sphenoidotomy with removal of the sphenoid "
            "rostrum.\n2. Posterior septectomy.\n(Neurosurgery - Dr. F. Mbeki)\n"
            f"3. Endoscopic endonasal {wording}resection of pituitary macroadenoma, including the suprasellar "
            "portion.\n4. Repair of intraoperative CSF leak with abdominal fat graft.\n"
            "5. Intraoperative stereotactic navigation.\n"
            "ANESTHESIA: General endotracheal.\nDESCRIPTION: The sellar floor was opened and the tumor removed.\n")
    assert coded(note)[0] == "00210"  # the pituitary is intracranial, not the nose's 00160


def test_the_ladd_procedure_for_malrotation_is_upper_abdominal():
    note = op_note("Exploratory laparotomy, Ladd procedure (detorsion of midgut volvulus, division of Ladd bands), "
                   "incidental appendectomy.")
    assert coded(note)[0] == "00790"  # not the incidental appendectomy's 00840


@pytest.mark.parametrize("detail, expected", [
    ("A laparoscopic-assisted right hemicolectomy was performed for cecal adenocarcinoma.  CEA preop 6.2.  ", "00840"),
    ("A left carotid endarterectomy (CEA) was performed.  ", "00350"),
])
def test_a_cea_level_is_the_tumor_marker_not_a_carotid_endarterectomy(detail, expected):
    assert coded(op_note("Surgery as below.", detail=detail))[0] == expected


@pytest.mark.parametrize("label", ["BACKGROUND", "HISTORY"])
def test_the_operation_a_background_block_tells_is_yesterdays(label):
    note = ("ACUTE PAIN SERVICE -- Daily Epidural Management Note\nDate: 09/10. Postoperative day 1.\n"
            f"{label}: Yesterday underwent minimally invasive pectus excavatum repair (Nuss procedure); a thoracic "
            "epidural was placed preoperatively.\n"
            "CURRENT REGIMEN: Continuous thoracic epidural infusion of bupivacaine 0.1% at 8 mL/h.\n"
            "ASSESSMENT/PLAN: Continue the epidural; wean tomorrow.\n")
    assert coded(note)[0] == "01996"  # not the Nuss procedure's 00474


@pytest.mark.parametrize("site, expected", [("posterior thigh", "00400"), ("upper back", "00300")])
def test_a_layered_skin_closure_is_the_excisions_step_not_the_bone_below(site, expected):
    note = ("PLASTIC SURGERY OPERATIVE NOTE\nAnesthesia: Monitored anesthesia care by anesthesiology with propofol.\n"
            f"Procedures:\n1. Excision of squamous cell carcinoma of the left {site} with 6 mm margins, excised "
            f"diameter 3.6 cm.\n2. Complex layered closure of the left {site}, 9 cm.\n"
            "Description: Prone. The lesion was excised and the wound closed in layers.\n")
    assert coded(note)[0] == expected  # the posterior thigh is an extremity, the upper back the posterior trunk


# --- stop 30 kinds (blind sets holdout72-75) ----------------------------------------------------------

@pytest.mark.parametrize("age, expected", [
    ("male infant, born at 32 weeks 3 days gestation; today is day of life 58", "00836"),  # 40 weeks PMA
    ("male, born at 32 weeks 3 days gestation; now 3 years old", "00830"),
])
def test_a_neonates_day_of_life_is_his_age(age, expected):
    note = (f"PEDIATRIC SURGERY OPERATIVE NOTE\nPatient: {age}.\n"
            "Procedure: Left open inguinal herniorrhaphy with high ligation of the hernia sac.\n"
            "Anesthesia: General endotracheal, pediatric anesthesiologist.\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("before, expected", [
    ("Patient: 28-year-old, now P3 after a spontaneous vaginal birth at 00:15. Uterine atony with brisk bleeding "
     "from 00:30.", "01962"),
    ("Patient: 48-year-old with symptomatic fibroids and menorrhagia.", "00840"),
])
def test_a_hysterectomy_for_bleeding_after_a_vaginal_birth_is_the_postpartum_hysterectomy(before, expected):
    note = (f"ANESTHESIA RECORD\n{before}\nAnesthetic: General endotracheal by the anesthesiologist.\n"
            "Surgical course: Laparotomy via Pfannenstiel. Proceeded with a supracervical hysterectomy; adnexa "
            "preserved.\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("addendum, expected", [
    ("The patient did not enter the procedure room. No sedation or anesthetic was administered.", None),
    ("The patient was brought to the procedure room and propofol sedation was given before the cardioversion was "
     "stopped.", "00410"),
])
def test_a_procedure_cancelled_before_the_patient_entered_the_room_has_no_anesthesia_code(addendum, expected):
    note = ("PRE-ANESTHESIA EVALUATION\nScheduled procedure: Elective DC cardioversion, with anesthesia "
            "(MAC/propofol).\nPlan: MAC with propofol.\nADDENDUM -- CARDIOLOGY: The patient had spontaneously "
            "converted; cardioversion is no longer indicated; procedure cancelled.\n"
            f"ADDENDUM -- ANESTHESIA: {addendum}\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("day_of, expected", [
    ("Anesthesiology did not provide the sedation and was not called during the case.", None),
    ("Anesthesiology provided the sedation with propofol.", "01920"),
])
def test_nurse_sedation_after_an_anesthesia_consult_the_day_before_is_no_anesthesia_service(day_of, expected):
    note = ("CARDIAC CATHETERIZATION LABORATORY REPORT\nPROCEDURE: Right and left heart catheterization, selective "
            "coronary angiography.\nSEDATION: Moderate sedation by the cath lab RN, physician-supervised.\n"
            "ANESTHESIA CONSULT (day prior): cleared for nurse-administered moderate sedation. -- Anesthesiology "
            f"attending.\nDAY OF PROCEDURE: {day_of}\n")
    code, findings = coded(note)
    if expected is None:
        assert code is None or "ANESTHESIA_PROVIDER_UNDOCUMENTED" in findings
    else:
        assert code == expected


def test_an_aortic_root_angiogram_is_the_catheterizations_imaging_not_a_root_replacement():
    note = ("CATH LAB PROCEDURE REPORT\nPROCEDURE: Left heart catheterization with selective coronary angiography; "
            "right femoral approach; aortic root angiogram.\nANESTHESIA: MAC provided by anesthesiology.\n")
    assert coded(note)[0] == "01920"  # not the pump's 00562


@pytest.mark.parametrize("item, expected", [
    ("2. Reconstruction of the pelvic ring with an allograft strut and spinopelvic fixation L5-S1.", "01150"),
    ("2. Hardware removal from the iliac wing.", "01150"),
])
def test_a_pelvis_rebuilt_after_its_tumor_resection_is_no_pelvic_fracture_repair(item, expected):
    note = ("PROCEDURE(S):\n1. Internal hemipelvectomy (Enneking type I and III), left, with resection of the iliac "
            f"wing.\n{item}\nANESTHESIA: General endotracheal, anesthesiology.\n")
    code, findings = coded(note)
    # the reconstruction may still read by anatomy (the pelvis); then a coder is asked, never a silent 01173
    assert code == expected or (code == "01173" and "CODE_NEEDS_REVIEW" in findings)


@pytest.mark.parametrize("detail, expected", [
    ("Given the excellent descent, a decision was made to proceed vaginally, and the laparoscope was never "
     "introduced.  ", "00944"),
    ("Ports were placed and the uterus was freed laparoscopically; the specimen was delivered vaginally.  ", "00840"),
])
def test_a_laparoscopic_hysterectomy_done_from_below_instead_is_the_vaginal_hysterectomy(detail, expected):
    assert coded(op_note("Total laparoscopic hysterectomy, bilateral salpingectomy.", detail=detail))[0] == expected


@pytest.mark.parametrize("detail, expected", [
    ("The mortise could not be reduced closed.  We therefore proceeded to open reduction and internal fixation.  "
     "The fibula was plated.  ", "01480"),
    ("The mortise reduced anatomically with traction and a long leg splint was applied.  ", "01462"),
])
def test_a_closed_reduction_that_went_on_to_an_open_one_is_the_open_procedure(detail, expected):
    assert coded(op_note("Closed reduction right ankle.", detail=detail))[0] == expected


@pytest.mark.parametrize("detail, expected", [
    ("The tumor involved the sphincter, so we proceeded with abdominoperineal resection.  The perineal portion was "
     "then performed and the anus excised.  ", "00844"),
    ("The rectum was divided with the stapler and a colorectal anastomosis made.  ", "00840"),
])
def test_an_anterior_resection_that_went_on_to_take_the_anus_is_the_abdominoperineal_resection(detail, expected):
    assert coded(op_note("Robotic low anterior resection, diverting loop ileostomy.", detail=detail))[0] == expected


@pytest.mark.parametrize("labor, expected", [
    ("She declined neuraxial labor analgesia during a long latent phase.", "01961"),
    ("Neuraxial labor analgesia was placed at 6 cm and dosed for the cesarean.", "01967"),
])
def test_a_cesarean_after_declined_labor_analgesia_is_the_cesarean(labor, expected):
    note = ("OPERATIVE REPORT - OBSTETRICS\nANESTHESIA: Spinal anesthesia by the anesthesiologist. "
            f"{labor}\nPROCEDURES:\n1. Primary low transverse cesarean section.\n")
    assert coded(note)[0] == expected


def test_a_prepatellar_bursa_excised_is_the_knees_soft_tissue_not_the_knee_joint():
    note = op_note("Excision of left prepatellar bursa (bursectomy) with irrigation.",
                   detail="The bursa was excised; the knee joint was not entered.  ")
    assert coded(note)[0] == "01320"


@pytest.mark.parametrize("care, expected", [
    ("The patient was re-consented for local only; no anesthetic care was rendered by the anesthesia service.", None),
    ("MAC with propofol by the anesthesia service.", "00902"),
])
def test_a_templated_mac_with_no_anesthetic_care_rendered_is_local_only(care, expected):
    note = ("PROCEDURE NOTE - COLORECTAL SURGERY\nPROCEDURE: Excision and fulguration of perianal condylomata.\n"
            f"ANESTHESIA: MAC with local (templated at scheduling).\n{care}\n"
            "Perianal local anesthetic infiltration by me with 1% lidocaine.\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("procedure, flagged", [
    ("Open reduction and percutaneous pin fixation, right supracondylar humerus fracture; exploration of the "
     "brachial artery and median nerve.", True),
    ("Repair of a lacerated right brachial artery with a reversed saphenous vein interposition graft.", False),
])
def test_an_artery_explored_inside_a_fractures_open_reduction_is_sent_to_a_coder(procedure, flagged):
    code, findings = coded(op_note(procedure))
    assert code == "01770"
    assert ("CODE_NEEDS_REVIEW" in findings) == flagged


# --- stop 30 kinds (blind set holdout76) --------------------------------------------------------------

@pytest.mark.parametrize("heading, flagged", [
    ("Left carotid endarterectomy -- see description; plan changed.", True),
    ("Left carotid endarterectomy with patch angioplasty.", False),
])
def test_a_heading_that_says_the_plan_changed_is_sent_to_a_coder(heading, flagged):
    code, findings = coded(op_note(heading, anesthesia="MAC by anesthesia."))
    assert code == "00350"
    assert ("CODE_NEEDS_REVIEW" in findings) == flagged


@pytest.mark.parametrize("procedure, expected", [
    ("Subtotal parathyroidectomy with bilateral cervical thymectomy, bilateral neck exploration.", "00320"),
    ("Video-assisted thoracoscopic thymectomy for thymoma.", "00540"),
])
def test_a_thymectomy_through_the_neck_is_the_necks_operation(procedure, expected):
    assert coded(op_note(procedure))[0] == expected


def test_a_popliteal_artery_aneurysm_repair_is_its_own_code():
    note = op_note("Right popliteal artery aneurysm repair -- ligation of the aneurysm and above-knee to below-knee "
                   "popliteal artery bypass with reversed saphenous vein.")
    assert coded(note)[0] == "01444"  # not the popliteal artery's NOS 01440


# --- stop 30 kinds (blind set holdout77) --------------------------------------------------------------

@pytest.mark.parametrize("procedure, expected", [
    ("Replacement of deep brain stimulator pulse generator, right infraclavicular chest.", "00400"),
    ("Bilateral deep brain stimulator lead placement, subthalamic nucleus.", "00210"),
])
def test_a_stimulators_generator_changed_in_its_chest_pocket_is_skin_not_brain(procedure, expected):
    assert coded(op_note(procedure, anesthesia="MAC by anesthesia."))[0] == expected


@pytest.mark.parametrize("lungs, expected", [
    ("Lung isolation was never required; two-lung ventilation was maintained throughout.", "00625"),
    ("The right lung was isolated and one-lung ventilation used for the exposure.", "00626"),
])
def test_a_double_lumen_tube_placed_in_case_with_isolation_never_required_is_no_one_lung_ventilation(lungs, expected):
    note = op_note("Anterior transthoracic discectomy T8-T9 via right mini-thoracotomy.",
                   anesthesia="General endotracheal. A 37 Fr left double-lumen tube was placed by anesthesia in case "
                              "lung isolation became necessary.", detail=f"{lungs}  ")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("detail, expected", [
    ("Diagnostic angiography confirmed occlusion of the left M1 segment.  We then proceeded to intervention: a 4 x 40 "
     "mm stent retriever was deployed across the clot and withdrawn with aspiration.  ", "01926"),
    ("Diagnostic angiography showed no aneurysm and no vascular malformation.  ", "01916"),
])
def test_a_cerebral_angiogram_that_went_on_to_a_thrombectomy_is_the_intervention(detail, expected):
    assert coded(op_note("Cerebral angiogram.", anesthesia="General endotracheal by anesthesia.",
                         detail=detail))[0] == expected


@pytest.mark.parametrize("procedure, expected", [
    ("1. Open reduction internal fixation right ZMC fracture via upper buccal sulcus approach and right lateral "
     "brow (upper blepharoplasty-line) incision.  2. Reduction of right zygomatic arch fracture.", "00190"),
    ("Bilateral upper lid blepharoplasty.", "00103"),
])
def test_an_incision_named_after_a_blepharoplasty_is_an_approach_not_an_eyelid_operation(procedure, expected):
    assert coded(op_note(procedure))[0] == expected


@pytest.mark.parametrize("items, expected", [
    ("1. Left partial glossectomy (hemiglossectomy), transoral.\n2. Left selective neck dissection, levels I-III.\n"
     "3. Tracheostomy.", "00176"),
    ("1. Left partial glossectomy (hemiglossectomy), transoral.", "00170"),
])
def test_a_partial_glossectomy_with_a_neck_dissection_is_radical_surgery_inside_the_mouth(items, expected):
    note = ("PROCEDURES:\n" + items + "\nANESTHESIA: General, nasotracheal, anesthesiology.\n"
            "DESCRIPTION: The lateral tongue lesion was resected with 1 cm margins.\n")
    assert coded(note)[0] == expected


@pytest.mark.parametrize("procedure, expected", [
    ("Irrigation and debridement of the right knee with exchange of the modular polyethylene tibial insert (DAIR).",
     "01402"),
    ("Irrigation and debridement of the right knee.", "01400"),
])
def test_a_knee_replacements_tibial_insert_exchanged_is_the_arthroplasty(procedure, expected):
    assert coded(op_note(procedure))[0] == expected
