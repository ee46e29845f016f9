"""Hand-labeled evaluation scenarios for the anesthesia coding assistant.

Every `expected` value in this file was written by hand by the scenario author
(codes from the CMS CY2022 base-unit file, units computed by hand as
base + minutes/15 rounded half-up to one decimal + payer PS/QC adds). This
script only serializes them to JSON Lines; it never calls the assistant.

Run:  python eval/scenarios/author_scenarios.py   (rewrites the *.jsonl files)
"""
from __future__ import annotations

import json
import os
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))

PM = {
    "AA": {"anesthesiologist": "AA"},
    "QK": {"anesthesiologist": "QK", "crna": "QX"},
    "QY": {"anesthesiologist": "QY", "crna": "QX"},
    "AD": {"anesthesiologist": "AD", "crna": "QX"},
    "QZ": {"crna": "QZ"},
    None: {},
}

SCENARIOS: list[tuple[str, dict]] = []


def S(file, sid, payer, style, tags, note, code, ps, qc, minutes, pm, om, units, findings):
    SCENARIOS.append((file, {
        "id": sid,
        "payer": payer,
        "note": textwrap.dedent(note).strip("\n"),
        "expected": {
            "anesthesia_code": code,
            "physical_status": ps,
            "qualifying_circumstances": qc,
            "anesthesia_minutes": minutes,
            "pricing_modifiers": PM[pm],
            "other_modifiers": om,
            "units": units,
            "findings": findings,
        },
        "style": style,
        "tags": tags,
    }))

# ---------------------------------------------------------------- core.jsonl
F = "core"

S(F, "seed-lipoma-forearm-01", "commercial", "structured", ["seed000", "00400", "extremity", "AA"], """
    PRE-ANESTHESIA EVALUATION
    Patient: DELGADO, Marcus    MRN: 40012877    DOB: 06/21/1979    DOS: 03/11/2025
    HPI: 45 y/o male with a slowly enlarging 1.5 cm soft mobile mass of the left forearm, clinically a lipoma.
    PMH: none. PSH: appendectomy age 19. Meds: none. Allergies: NKDA. Non-smoker, social EtOH.
    Airway: Mallampati I, full ROM neck.
    ASA 1. Plan: general anesthesia with LMA.

    ANESTHESIA RECORD
    Anesthesiologist: Helen Okafor, MD - anesthesia personally performed, no CRNA.
    Anesthesia start 08:02    Anesthesia end 08:32
    LMA #4, sevoflurane/O2/air, SV. Uneventful emergence.

    OR LOG
    Patient in room 08:00 / Out of room 08:30 / PACU 08:34

    OPERATIVE NOTE
    Procedure: Excision of 1.5 cm subcutaneous lipoma, left forearm. Pathology: benign lipoma. EBL minimal.
""", "00400", "P1", [], 30, "AA", [], 5.0, [])

S(F, "seed-burn-debridement-3pct-02", "commercial", "narrative", ["seed000", "01951", "burn", "99100", "age"], """
    Pre-anesthesia note: Mrs. Evelyn Hartwell (MRN 55120943), DOB 05/30/1951, seen on 09/15/2025 before debridement of a
    partial-thickness scald burn of the right lower leg involving approximately 3% TBSA. She is a 74 year old woman with
    hypertension, well controlled on amlodipine 5 mg daily; no other medical problems. Allergies: sulfa (rash).
    Airway unremarkable. ASA II. Plan GA with LMA, discussed and consented.

    Intraop: I personally performed the anesthetic (Raymond Cole, MD). Anesthesia start 10:15, anesthesia end 11:00.
    LMA, sevo, fentanyl 50 mcg. Stable throughout.

    Op note: Excisional debridement of burn wound, right lower extremity (anterior shin and calf), approximately 3% total
    body surface area; xenograft applied. Patient tolerated well.
""", "01951", "P2", ["99100"], 45, "AA", [], 7.0, [])

S(F, "seed-stsg-anterior-trunk-03", "commercial", "structured", ["seed000", "00400", "anterior_trunk", "QK"], """
    PRE-ANESTHESIA EVALUATION  DOS 02/04/2025
    Pt: Gerald Whitcomb  MRN 7731904  DOB 10/12/1969 (55 y)
    PMH: insulin-dependent diabetes (A1c 8.9), CKD stage 3 (Cr 1.9), HTN.
    Meds: insulin glargine, lispro, lisinopril. Allergies: NKDA.
    ASA class 3. Plan: GETA.

    ANESTHESIA RECORD
    Anesthesia start 13:00   Anesthesia stop 14:30
    CRNA: Tom Reyes, CRNA.  Medical direction: Anita Shah, MD, medically directing 2 concurrent cases (this room OR 3 and OR 7).
    Dr. Shah present for induction and emergence.

    OPERATIVE NOTE
    Split-thickness skin graft, 80 sq cm, to anterior abdominal wall wound; donor site anterior chest/upper abdomen.
""", "00400", "P3", [], 90, "QK", [], 10.0, [])

S(F, "seed-perineal-cyst-mac-04", "medicare", "structured", ["seed000", "00400", "perineum", "MAC", "G9", "AA"], """
    PRE-ANESTHESIA EVALUATION
    Name: Harold Brandt   MRN: 3309128   DOB: 02/02/1957   DOS: 04/14/2025   Payer: Medicare
    68 y/o with CHF (EF 30% on echo 01/2025), severe COPD (FEV1 38%), CKD stage 4.
    Meds: furosemide, carvedilol, tiotropium, albuterol PRN. Allergies: PCN.
    Pt cannot tolerate general anesthesia given cardiopulmonary status -> MAC planned.
    ASA 4.

    ANESTHESIA RECORD
    Technique: Monitored anesthesia care (propofol infusion 25 mcg/kg/min, midazolam 1 mg). Surgeon local infiltration.
    Anesthesiologist: Priya Raman, MD - personally performed.
    Anesthesia start 0905   Anesthesia end 0930

    OPERATIVE NOTE
    Excision of 2 cm perineal epidermoid cyst.
""", "00400", "P4", [], 25, "AA", ["G9", "QS"], 4.7, [])

S(F, "seed-perineal-cyst-mac-04-commercial", "commercial", "structured", ["seed000", "00400", "perineum", "MAC", "G9", "payer_variant"], """
    PRE-ANESTHESIA EVALUATION
    Name: Harold Brandt   MRN: 3309128   DOB: 02/02/1957   DOS: 04/14/2025   Payer: Aetna PPO
    68 y/o with CHF (EF 30% on echo 01/2025), severe COPD (FEV1 38%), CKD stage 4.
    Meds: furosemide, carvedilol, tiotropium, albuterol PRN. Allergies: PCN.
    Pt cannot tolerate general anesthesia given cardiopulmonary status -> MAC planned.
    ASA 4.

    ANESTHESIA RECORD
    Technique: Monitored anesthesia care (propofol infusion 25 mcg/kg/min, midazolam 1 mg). Surgeon local infiltration.
    Anesthesiologist: Priya Raman, MD - personally performed.
    Anesthesia start 0905   Anesthesia end 0930

    OPERATIVE NOTE
    Excision of 2 cm perineal epidermoid cyst.
""", "00400", "P4", [], 25, "AA", ["G9", "QS"], 6.7, [])

S(F, "integ-posterior-thigh-05", "commercial", "abbreviated", ["00400", "extremity", "posterior_thigh"], """
    PREOP: 52F, HTN (well ctrl on HCTZ), otherwise healthy. NKDA. ASA II. Plan GA/LMA.
    DOS 07/22/2025. Dr. M. Fischer (anes) personally performed. No CRNA.
    Anes start 1332 / end 1412. Prone positioning, LMA, sevo.
    OR log: in rm 1330, out 1410, PACU 1414.
    OP: Exc 6 cm lipoma, POSTERIOR L thigh, layered closure.
""", "00400", "P2", [], 40, "AA", [], 5.7, [])

S(F, "integ-leg-laceration-qz-06", "medicare", "narrative", ["00400", "extremity", "QZ"], """
    Anesthesia preop: Walter Pruitt, DOB 01/10/1958, DOS 07/19/2025. 67 year old man s/p fall from ladder with a 12 cm
    complex laceration of the right lower leg with exposed fascia. PMH COPD on Spiriva and Symbicort, former smoker
    40 pack-years. ASA 3. Allergies none. Plan: general endotracheal.

    Anesthesia record: Anesthesia provided by Linda Sorensen, CRNA. No anesthesiologist involved in this case; CRNA not
    medically directed (critical access hospital). Anesthesia start 15:40, anesthesia stop 16:32. GETA, uneventful.

    Operative note: Complex layered repair of 12 cm laceration right lower leg (anterolateral calf), irrigation and
    debridement of devitalized subcutaneous tissue.
""", "00400", "P3", [], 52, "QZ", [], 6.5, [])

S(F, "integ-abdominal-wall-qy-07", "commercial", "structured", ["00400", "anterior_trunk", "QY"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Sofia Marchetti   MRN 88230417   DOB 11/03/1991   DOS 05/06/2025
    Indication: 4 cm subcutaneous lipoma, anterior abdominal wall, periumbilical.
    PMH: none. Meds: OCP. NKDA. ASA I. Plan: GA, LMA.

    ANESTHESIA RECORD
    CRNA: Jacob Lindqvist, CRNA
    Anesthesiologist: Dr. Omar Haddad, medically directing one CRNA (1:1), present at induction and emergence.
    Anesthesia start 07:45   Anesthesia end 08:20

    OPERATIVE NOTE
    Excision subcutaneous lipoma anterior abdominal wall, 4.2 cm.
""", "00400", "P1", [], 35, "QY", [], 5.3, [])

S(F, "integ-anterior-chest-mac-08", "paramount", "structured", ["00400", "anterior_trunk", "MAC", "mac_reason_anxiety", "paramount"], """
    PRE-ANESTHESIA EVALUATION
    Pt: Denise Okonkwo  MRN 4410732  DOB 08/14/1977  DOS 03/27/2025  Ins: Paramount
    Sebaceous cyst of anterior chest wall, 3 cm. PMH: HTN controlled on losartan; generalized anxiety disorder.
    Patient very anxious, requests sedation, will not tolerate local only while awake.
    ASA 2. Plan: MAC with local by surgeon.

    ANESTHESIA RECORD
    Monitored anesthesia care. Anesthesiologist Dr. Kevin Tran, personally performed.
    Anesthesia start 11:10 / Anesthesia end 11:38
    Midazolam 2 mg, propofol 50 mcg/kg/min. Nasal cannula 2 L.

    OPERATIVE NOTE
    Excision of sebaceous cyst, anterior chest wall, left parasternal.
""", "00400", "P2", [], 28, "AA", ["QS"], 4.9, [])

S(F, "integ-upper-back-09", "commercial", "typos", ["00300", "posterior_trunk", "typos"], """
    PRE-ANESTHSIA EVAL  dos 10/02/2025
    Pt Raymond Kowalczyk, dob 03/30/1970, mrn 2287610
    HPI: 55 yo M w/ enlargng mass upper bakc x 2 yrs, 7 cm, likley lipoma.
    PMH: HTN - well controled on lisinopirl. Denys CP/SOB.
    Alergies: NKDA
    ASA 2    plan GETA, prone
    ANESTHESIA REOCRD
    Anesthesiolgist Dr. Beatrix Novak - personaly performed
    anesth start 0921   anesth end 1008
    OP NOTE: excison of 7 cm lipoma, upper back (interscapular), layerd closure
""", "00300", "P2", [], 47, "AA", [], 8.1, [])

S(F, "integ-lower-back-melanoma-qk3-10", "medicare", "narrative", ["00300", "posterior_trunk", "QK", "concurrency_listed"], """
    Preanesthetic evaluation for Carl Jennings (MRN 6620198), DOB 04/25/1959, date of service 06/17/2025. 66 year old man
    with a 1.2 mm melanoma of the lower back for wide local excision and primary closure. History of type 2 diabetes on
    metformin and glipizide, A1c 9.4 (poorly controlled), and obstructive sleep apnea on CPAP. ASA class III. General
    endotracheal anesthesia planned, prone.

    Anesthesia record: CRNA Megan Alvarez. Dr. Samuel Brooks medically directing 3 concurrent rooms (OR 2, OR 4, OR 6),
    this case OR 4; present at induction and emergence. Anesthesia start 12:05, anesthesia end 13:10.
    OR log: patient in room 12:03, out of room 13:06.

    Operative note: Wide local excision melanoma, left lower back, 2 cm margins, 9 x 4 cm ellipse, layered closure.
""", "00300", "P3", [], 65, "QK", [], 9.3, [])

S(F, "integ-scapula-mac-no-reason-11", "moda", "abbreviated", ["00300", "posterior_trunk", "MAC", "mac_necessity", "moda"], """
    PREOP  DOS 08/05/2025  Pt: Trevor Lang  DOB 12/01/1988  MRN 9027715  Ins: Moda Health
    37M healthy, no PMH, no meds, NKDA. ASA 1.
    Plan: MAC.
    ANES: Dr. Julia Hoffmann personally performed. MAC - midaz 2 mg, propofol gtt. Local by surgeon.
    Anes start 1420  Anes end 1442
    OP: exc 2.5 cm epidermoid cyst over L scapula.
""", "00300", "P1", [], 22, "AA", ["QS"], 6.5, ["MAC_NECESSITY_UNDOCUMENTED"])

S(F, "integ-buttock-lipoma-qk2-12", "commercial", "structured", ["00300", "posterior_trunk", "buttock", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Brenda Castillo   MRN 51193302   DOB 09/09/1973   DOS 01/14/2025
    Dx: 10 cm lipoma, right buttock (gluteal).
    PMH: morbid obesity, BMI 43; prediabetes; GERD. Meds: omeprazole. Allergies: latex.
    ASA 3. Plan: GETA, prone, latex precautions.

    ANESTHESIA RECORD
    Anesthesia start 0800   Anesthesia end 0855
    Anesthesiologist Dr. Lionel Price medically directing 2 concurrent cases; CRNA Ashley Kim in room.

    OPERATIVE NOTE
    Excision of 10 cm subcutaneous lipoma, right buttock.
""", "00300", "P3", [], 55, "QK", [], 9.7, [])

S(F, "integ-scalp-scc-age78-13", "medicare", "narrative", ["00300", "head", "99100", "age"], """
    Pre-op anesthesia note. Patient Dorothy Fenwick, DOB 03/03/1947, DOS 08/12/2025, MRN 3011876. She has a 2.4 cm
    squamous cell carcinoma of the vertex scalp. PMH: hypertension, well controlled on amlodipine; hypothyroidism on
    levothyroxine. No chest pain, good functional capacity. ASA 2. GA with LMA.

    Anesthesia: Dr. Franklin Osei personally performed. Anes start 1300, stop 1350. LMA, sevoflurane, uneventful.

    Procedure: Excision of SCC of scalp with rotation flap closure.
""", "00300", "P2", ["99100"], 50, "AA", [], 8.3, [])

S(F, "integ-face-bcc-mac-qz-14", "empire_bcbs", "structured", ["00300", "head", "MAC", "QZ", "empire_bcbs"], """
    PRE-ANESTHESIA EVALUATION
    Pt: Lorraine Whitaker  MRN 7720155  DOB 07/19/1961  DOS 09/04/2025  Insurance: Empire BlueCross BlueShield
    BCC left cheek. PMH: HTN (controlled), hyperlipidemia. Severe claustrophobia and procedural anxiety; declines
    local-only. ASA II. Plan: MAC.

    ANESTHESIA RECORD
    Anesthetist: Paul Brennan, CRNA, without medical direction (no anesthesiologist on site).
    MAC with dexmedetomidine infusion and midazolam 2 mg.
    Anesthesia start 08:15   Anesthesia end 08:57

    OPERATIVE NOTE
    Excision of basal cell carcinoma, left cheek, with advancement flap repair.
""", "00300", "P2", [], 42, "QZ", ["QS"], 7.8, [])

S(F, "integ-posterior-neck-noisy-15", "commercial", "noisy", ["00300", "neck", "noisy"], """
    ** PRINTED 05/20/2025 16:44 ** PAGE 1 OF 3 ** CONFIDENTIAL **
    PRE-ANESTHESIA EVALUATION -- Nguyen, Thomas  MRN 4415520  DOB 02/11/1985  DOS 05/20/2025
    Vitals: BP 122/78 HR 66 RR 14 SpO2 99% RA T 36.7 Wt 78 kg Ht 178 cm
    PMH: none. Meds: multivitamin. Allergies: NKDA. Labs: not indicated.
    ASA 1   Plan: GA, LMA
    ----- ANESTHESIA RECORD -----
    Anes start: 10:17    Anes end: 10:55
    Anesthesiologist: Grace Whitfield MD (personally performed)
    10:20 propofol 200 mg, fentanyl 100 mcg, LMA #4; 10:25 cefazolin 2 g; 10:50 ondansetron 4 mg
    BP 110-128/62-80, HR 60-72, EtCO2 36-40
    ----- OP NOTE -----
    Excision of 3 cm lipoma, posterior neck (nuchal), layered closure. EBL <5 mL. Specimen to path.
    ** PAGE 3 OF 3 ** Disclaimer: this document contains PHI **
""", "00300", "P1", [], 38, "AA", [], 7.5, [])

S(F, "integ-perineal-cyst-qy-16", "paramount", "abbreviated", ["00400", "perineum", "QY", "paramount"], """
    PREOP: 41M, DOS 04/29/2025, DOB 06/06/1983. HTN on amlodipine, ctrl. NKDA. ASA II. GETA.
    Staffing: Dr. R. Iqbal med directing 1 CRNA (ratio 1:1) - CRNA D. Foster.
    Anes 1502-1535.
    Proc: excision perineal epidermal inclusion cyst 3 cm.
""", "00400", "P2", [], 33, "QY", [], 5.2, [])

S(F, "integ-pilonidal-typos-17", "commercial", "typos", ["00400", "pilonidal", "typos"], """
    pre anesthsia: 23 yo M, DOB 02/19/2002, DOS 03/03/2025, pilonidal cyst w/ recurent drainage.
    PMH - smoker 1/2 ppd, otherwize healthy. Meds none. NKDA.
    ASA 2
    anesthesia: GETA, prone jacknife. Dr. Alan Whitby personaly perfomed.
    Anesth start 0730, anesth stop 0814
    op: excision pilonidal cyst and sinus tracts, marsupialization
""", "00400", "P2", [], 44, "AA", [], 5.9, [])

S(F, "integ-pilonidal-no-asa-18", "moda", "structured", ["00400", "pilonidal", "QZ", "ps_not_documented", "moda"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Kyle Ambrose   MRN 60021945   DOB 07/07/2001   DOS 06/11/2025   Insurance: Moda Health
    HPI: 24 y/o male with recurrent pilonidal abscess, now quiescent, for excision.
    PMH: none. PSH: I&D pilonidal abscess 2024. Meds: none. Allergies: NKDA. Non-smoker.
    Airway: MP I. Plan: GA with ETT, prone.

    ANESTHESIA RECORD
    Provider: Renee Dubois, CRNA - no medical direction (independent CRNA practice).
    Anesthesia start 11:00   Anesthesia end 11:30

    OPERATIVE NOTE
    Excision of pilonidal cyst/sinus, sacrococcygeal, primary closure.
""", "00400", "P1", [], 30, "QZ", [], 5.0, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "breast-lumpectomy-19", "commercial", "narrative", ["00400", "breast", "lumpectomy"], """
    Anesthesia pre-op, DOS 02/25/2025: Maria Estevez, DOB 10/30/1966, MRN 3310987. 58 year old woman with a left breast
    invasive ductal carcinoma, 1.4 cm, for needle-localized lumpectomy. Hypertension controlled on valsartan. ASA 2.
    Plan: GA with LMA.

    Anesthesia record: anesthesia personally performed by Dr. Nathan Greer. Start 09:12, end 10:10. LMA, TIVA.
    OR log: in room 09:10, out of room 10:06.

    Op note: Left breast partial mastectomy (lumpectomy) after wire localization; margins inked; specimen radiograph
    confirmed clip and wire.
""", "00400", "P2", [], 58, "AA", [], 6.9, [])

S(F, "breast-reduction-qk2-20", "commercial", "structured", ["00402", "breast", "reduction", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Tamara Jefferson   MRN 2209341   DOB 04/18/1987   DOS 11/05/2025
    Symptomatic macromastia. PMH: obesity BMI 34, mild intermittent asthma (albuterol PRN, none in 1 yr).
    ASA 2. Plan: GETA.

    ANESTHESIA RECORD
    Anesthesia start 07:35   Anesthesia end 10:40
    Dr. Hugo Marsh medically directing 2 concurrent rooms; CRNA Olivia Grant.

    OPERATIVE NOTE
    Bilateral reduction mammaplasty, inferior pedicle; 820 g right, 760 g left removed.
""", "00402", "P2", [], 185, "QK", [], 17.3, [])

S(F, "breast-reconstruction-21", "empire_bcbs", "narrative", ["00402", "breast", "reconstruction", "empire_bcbs"], """
    Pre-anesthesia: Janet Kowalski, DOB 01/25/1970, DOS 10/21/2025, Empire BCBS. History of right breast cancer s/p
    mastectomy 2024, now for delayed reconstruction. Type 2 diabetes, poorly controlled (A1c 9.8), on insulin.
    ASA class III. GETA planned.

    Anesthesia: Dr. Celia Moreno personally performed. Anesthesia start 12:30, anesthesia end 14:30.

    Operative note: Right breast reconstruction - removal of tissue expander and placement of permanent silicone implant
    with capsulotomy.
""", "00402", "P3", [], 120, "AA", [], 14.0, [])

S(F, "breast-simple-mastectomy-age72-22", "medicare", "structured", ["00404", "breast", "mastectomy", "99100", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Name: Agnes Holloway   MRN: 1198244   DOB: 01/20/1953   DOS: 10/08/2025   Medicare
    Right breast DCIS, extensive; for simple mastectomy.
    PMH: atrial fibrillation on apixaban (held), HTN poorly controlled, CKD 3a.
    ASA: 3.  Plan: GETA.

    ANESTHESIA RECORD
    Anesthesia start 08:10   Anesthesia stop 09:45
    CRNA: Brian Meyers. Anesthesiologist: Dr. Li Wen medically directing 3 concurrent cases (ratio 1:3).

    OPERATIVE NOTE
    Right total (simple) mastectomy.
""", "00404", "P3", ["99100"], 95, "QK", [], 11.3, [])

S(F, "breast-mrm-qy-23", "commercial", "narrative", ["00404", "breast", "modified_radical", "QY"], """
    Preanesthesia evaluation 06/09/2025: Ms. Lucia Ferreira, DOB 02/14/1975, left breast cancer with positive axillary
    nodes after neoadjuvant chemo. Port in place. Mild hypothyroidism on levothyroxine. ASA 2. GETA.

    Anesthesia record: Anesthesiologist Dr. Victor Amsel, medically directing one CRNA (Sarah Boyle, CRNA) - 1:1.
    Anesthesia start 10:40. Anesthesia end 13:00.

    Operative note: Left modified radical mastectomy with level I-II axillary lymph node dissection.
""", "00404", "P2", [], 140, "QY", [], 14.3, [])

S(F, "breast-radical-imn-24", "commercial", "structured", ["00406", "breast", "internal_mammary"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Regina Abernathy   MRN 4478120   DOB 09/02/1968   DOS 03/18/2025
    Locally advanced right breast cancer with internal mammary nodal disease on PET.
    PMH: HTN, DM2 on insulin poorly controlled, BMI 38. ASA III. Plan: GETA, arterial line.

    ANESTHESIA RECORD
    Dr. Monica Reyes, anesthesiologist - personally performed. No CRNA.
    Anesthesia start 0730   Anesthesia end 1100

    OPERATIVE NOTE
    Right radical mastectomy with internal mammary lymph node dissection (2nd-4th interspaces).
""", "00406", "P3", [], 210, "AA", [], 28.0, [])

S(F, "breast-mrm-imn-qk4-25", "medicare", "abbreviated", ["00406", "breast", "internal_mammary", "QK"], """
    PREOP: 66F, DOB 05/05/1959, DOS 09/23/2025, Medicare. L breast ca. Hypothyroid, HTN ctrl. ASA 2. GETA.
    STAFF: CRNA K. Olsen; Dr. P. Grant med directing 4 concurrent (OR 1, 3, 5, 8).
    ANES 1200-1500.
    PROC: L modified radical mastectomy w/ internal mammary node dissection.
""", "00406", "P2", [], 180, "QK", [], 25.0, [])

S(F, "burn-3pct-forearm-26", "medicare", "narrative", ["01951", "burn"], """
    Anesthesia preop (DOS 07/30/2025): Frank Moretti, DOB 11/14/1957, 67 y/o male with a grease burn of the left forearm and
    dorsal hand, deep partial thickness, estimated 3% TBSA, for excision and grafting. HTN controlled on lisinopril.
    ASA 2. Plan GA/LMA.

    Anesthesia record: Personally performed by Dr. Irene Vasquez. Anesthesia start 13:10, end 13:58.

    Op note: Tangential excision of burn eschar, left forearm and dorsal hand (approx 3% TBSA), split-thickness skin graft
    from left thigh.
""", "01951", "P2", [], 48, "AA", [], 6.2, [])

S(F, "burn-6pct-thighs-qk2-27", "commercial", "structured", ["01952", "burn", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Darnell Hughes   MRN 9034412   DOB 12/12/1980   DOS 04/02/2025
    Flame burn bilateral anterior thighs, full thickness, 6% TBSA, hospital day 4.
    PMH: alcohol use disorder (daily heavy use), tobacco. ASA 3. Plan: GETA.

    ANESTHESIA RECORD
    Anesthesia start 08:05   Anesthesia end 10:00
    CRNA: Felicia Ward. Dr. Jonah Berg medically directing 2 concurrent cases.

    OPERATIVE NOTE
    Excision of full-thickness burn, bilateral thighs, 6% TBSA; STSG from back.
""", "01952", "P3", [], 115, "QK", [], 13.7, [])

S(F, "burn-6pct-back-noisy-28", "paramount", "noisy", ["01952", "burn", "posterior_trunk", "paramount", "noisy"], """
    BURN ICU - HOSPITAL DAY 6 - Paramount Advantage
    Overnight: Tmax 38.1, HR 90s, UOP 0.8 mL/kg/h, tolerating tube feeds at goal, Hgb 9.8, Na 138, K 4.1.
    Dressing change POD 3 from prior harvest, donor sites healing.
    Pt: Kelsey Morgan   DOB 03/21/1994   MRN 7023318   DOS 11/13/2025
    PRE-ANESTHESIA: hx of asthma, mild, controlled with PRN albuterol. ASA 2. Plan GETA (existing ETT no - extubated day 2).
    ANESTHESIA RECORD: Anesthesia start 14:00 Anesthesia end 15:10. Attending Dr. Nora Blake, personally performed.
    Drugs: propofol 150, rocuronium 50, fentanyl 150 mcg, hydromorphone 1 mg, cefazolin 2 g, PRBC 1 unit.
    OP NOTE: Excisional debridement of deep partial-thickness burns of the upper back and right buttock, total 6% TBSA,
    allograft placement.
""", "01952", "P2", [], 70, "AA", [], 9.7, [])

S(F, "burn-15pct-addon-qy-29", "commercial", "structured", ["01952", "burn", "01953_addon", "QY"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Omar Siddiqui   MRN 6612094   DOB 08/08/1979   DOS 02/10/2025
    Flame burn 22% TBSA, hospital day 5, for first excision session.
    PMH: HTN poorly controlled, smoker. Extubated hospital day 2. ASA 3. Plan: GETA, arterial line.

    ANESTHESIA RECORD
    Anesthesia start 09:00   Anesthesia end 11:40
    Dr. Patricia Lowe medically directing 1 CRNA (Mark Ellis, CRNA), ratio 1:1.

    OPERATIVE NOTE
    Excision of full-thickness burn, chest and bilateral arms, 15% TBSA this session, autograft and allograft.
    (Add-on 01953 for the area beyond the first 9% billed on a separate line.)
""", "01952", "P3", [], 160, "QY", [], 16.7, [])

# ---------------------------------------------------------------- sites.jsonl
F = "sites"

S(F, "site-lap-chole-qk3-01", "commercial", "structured", ["00790", "upper_abdomen", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Angela Whitmore   MRN 5520871   DOB 06/30/1982   DOS 04/15/2025
    Symptomatic cholelithiasis. PMH: GERD, HTN well controlled. Meds: amlodipine, pantoprazole. NKDA.
    ASA 2. Plan: GETA, RSI.

    ANESTHESIA RECORD
    Anesthesia start 07:45   Anesthesia end 09:10
    CRNA: Derek Simmons. Anesthesiologist Dr. Ruth Adeyemi medically directing 3 concurrent rooms (OR 5, 7, 9).

    OR LOG: in room 07:43, out of room 09:05, PACU 09:12.

    OPERATIVE NOTE: Laparoscopic cholecystectomy with intraoperative cholangiogram.
""", "00790", "P2", [], 85, "QK", [], 12.7, [])

S(F, "site-tka-medicare-qk2-02", "medicare", "structured", ["01402", "knee", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Leonard Baptiste   MRN 2207713   DOB 09/14/1956   DOS 03/25/2025   Medicare
    R knee OA. PMH: DM2 poorly controlled (A1c 9.1), HTN, OSA on CPAP, BMI 37. ASA 3.
    Plan: GETA + adductor canal catheter (placed by anesthesia in OR).

    ANESTHESIA RECORD
    Anesthesia start 0730   Anesthesia stop 0920
    CRNA Hannah Roth; Dr. Gustavo Ibarra medically directing 2 concurrent cases (OR 12 and OR 14).

    OPERATIVE NOTE
    Right total knee arthroplasty, cemented.
""", "01402", "P3", [], 110, "QK", [], 14.3, [])

S(F, "site-tka-qz-03", "commercial", "abbreviated", ["01402", "knee", "QZ"], """
    PREOP 61F DOS 08/19/2025 DOB 01/02/1964. L knee OA. HTN ctrl, hypothyroid. NKDA. ASA II.
    Plan GETA + ACB.
    ANES: CRNA-only case (Jill Hart, CRNA), no MD direction.
    Start 1002 / End 1140.
    PROC: L TKA.
""", "01402", "P2", [], 98, "QZ", [], 13.5, [])

S(F, "site-tha-bmi41-qy-04", "commercial", "structured", ["01214", "hip", "QY"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Gloria Pennington   MRN 8803412   DOB 11/11/1962   DOS 06/03/2025
    Right hip OA. PMH: BMI 41, HTN, GERD. ASA 3. Plan: GETA.

    ANESTHESIA RECORD
    Dr. Arthur Klein medically directing one CRNA (Rosa Díaz, CRNA), 1:1.
    Anesthesia start 07:20   Anesthesia end 09:25

    OPERATIVE NOTE
    Right total hip arthroplasty, posterior approach.
""", "01214", "P3", [], 125, "QY", [], 17.3, [])

S(F, "site-tha-spinal-age76-05", "medicare", "narrative", ["01214", "hip", "99100", "age"], """
    Pre-anesthetic evaluation for Harriet Ostrowski, DOB 02/02/1949, DOS 06/18/2025. She is a 76-year-old woman with
    left hip osteoarthritis for total hip arthroplasty. Hypertension controlled with amlodipine, hypothyroidism.
    ASA 2. Plan: spinal anesthesia with light propofol sedation.

    Anesthesia record: Dr. William Ashford personally performed the anesthetic; no CRNA. Spinal placed 12:35.
    Anesthesia start 12:30; anesthesia end 14:15.

    Operative note: Left total hip arthroplasty, anterior approach.
""", "01214", "P2", ["99100"], 105, "AA", [], 15.0, [])

S(F, "site-knee-scope-diag-06", "commercial", "abbreviated", ["01382", "knee", "arthroscopy"], """
    PREOP: 29M healthy, no PMH, NKDA. ASA 1. GA/LMA. DOS 05/14/2025, DOB 03/03/1996.
    Anes: Dr. S. Patel personally performed. Anes start 1305 / end 1340.
    Proc: Diagnostic arthroscopy, right knee (no intervention performed).
""", "01382", "P1", [], 35, "AA", [], 5.3, [])

S(F, "site-knee-scope-diag-moda-07", "moda", "typos", ["01382", "knee", "arthroscopy", "QK", "moda"], """
    pre-anestesia: 47 yo F, DOS 07/08/2025, DOB 05/05/1978. Moda Health.
    PMH: HTN, controled on lisnopril. ASA 2. plan LMA
    anesthesia: CRNA Carla Benton; Dr Wes Hollis medicaly directing 2 concurent rooms
    anesth strt 0901, anesth end 0930
    procedure: diagnostic arthroscpy left knee
""", "01382", "P2", [], 29, "QK", [], 4.9, [])

S(F, "site-knee-scope-meniscectomy-08", "commercial", "structured", ["01382", "knee", "arthroscopy"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Rick Alvarado   MRN 7304411   DOB 10/10/1977   DOS 09/09/2025
    Medial meniscus tear, right knee. PMH: HTN on lisinopril, controlled. ASA II. Plan: GA, LMA.

    ANESTHESIA RECORD
    Dr. Fiona Walsh, personally performed.
    Anesthesia start 11:15   Anesthesia end 11:56

    OPERATIVE NOTE
    Right knee arthroscopy with partial medial meniscectomy and chondroplasty of the medial femoral condyle.
""", "01382", "P2", [], 41, "AA", [], 5.7, [])

S(F, "site-shoulder-scope-rcr-09", "commercial", "structured", ["01630", "shoulder", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Stephen Garrity   MRN 3390124   DOB 07/17/1966   DOS 02/18/2025
    Right full-thickness rotator cuff tear. PMH: HTN controlled, hyperlipidemia. ASA 2.
    Plan: interscalene block + GETA, beach chair.

    ANESTHESIA RECORD
    Anesthesia start 08:00   Anesthesia end 10:10
    CRNA: Yvonne Tate. Medical direction: Dr. Calvin Hsu, 2 concurrent cases.
    BP maintained near baseline (MAP 75-90); no deliberate hypotension.

    OPERATIVE NOTE
    Arthroscopic rotator cuff repair, right shoulder, with subacromial decompression.
""", "01630", "P2", [], 130, "QK", [], 13.7, [])

S(F, "site-cataract-mac-age78-10", "medicare", "abbreviated", ["00142", "eye", "MAC", "99100", "QK"], """
    PREOP: Edith Larkin DOB 07/07/1946 DOS 05/05/2025 Medicare. 78F. DM2 poorly ctrl (A1c 9.6), CKD 3b. No CAD/CHF. ASA 3.
    Plan MAC + topical/intracameral by surgeon.
    ANES: CRNA T. Oduya; Dr. M. Stein medically directing 4 concurrent rooms (ratio 1:4).
    Anes 0812-0836.  MAC - midazolam 1 mg, fentanyl 25 mcg.
    PROC: Phacoemulsification w/ IOL, L eye.
""", "00142", "P3", ["99100"], 24, "QK", ["QS"], 5.6, [])

S(F, "site-cataract-mac-chf-g9-11", "medicare", "noisy", ["00142", "eye", "MAC", "G9", "99100", "QZ"], """
    ======== AMBULATORY SURGERY CENTER - EYE ========  Medicare Part B
    Pt: Clarence Whitby  DOB 04/02/1943  DOS 10/14/2025  MRN 1190231
    Vitals: BP 148/82 HR 72 irregular SpO2 95% RA
    Meds: furosemide 40, metoprolol 50, warfarin, atorvastatin, latanoprost.
    PRE-ANESTHESIA: 82 y/o with CHF, EF 35% (TTE 06/2025), chronic AF. ASA 3. Plan: MAC.
    ANESTHESIA: CRNA Deborah Flint, not medically directed. MAC, midazolam 0.5 mg. Anes start 10:20 end 10:40.
    Pupil dilated x3 gtts. Betadine prep. Lid speculum.
    OP: Right eye cataract extraction, phaco with posterior chamber IOL.
    Discharge with eye shield. Follow up POD1.
""", "00142", "P3", ["99100"], 20, "QZ", ["G9", "QS"], 5.3, [])

S(F, "site-tonsillectomy-child-12", "commercial", "structured", ["00170", "head", "pediatric"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Liam Carter   MRN 9902215   DOB 04/04/2019   DOS 06/24/2025 (age 6)
    Recurrent tonsillitis, snoring. No OSA on PSG. PMH: none. NKDA. ASA 1. Plan: inhalational induction, GETA.

    ANESTHESIA RECORD
    Dr. Amelia Watts, personally performed.
    Anesthesia start 07:30   Anesthesia end 08:08

    OPERATIVE NOTE
    Tonsillectomy and adenoidectomy.
""", "00170", "P1", [], 38, "AA", [], 7.5, [])

S(F, "site-thyroidectomy-qk3-13", "commercial", "narrative", ["00320", "neck", "QK"], """
    Anesthesia pre-op 01/29/2025: Nadia Petrov, DOB 12/02/1974, multinodular goiter, euthyroid on exam and labs.
    HTN controlled on metoprolol. ASA 2. Plan GETA with NIM tube.

    Anesthesia: CRNA Lucas Field with Dr. Hannah Schultz medically directing 3 concurrent cases (OR 3, 5 and 6).
    Anesthesia start 07:45, anesthesia end 10:15.

    Op note: Total thyroidectomy with recurrent laryngeal nerve monitoring.
""", "00320", "P2", [], 150, "QK", [], 16.0, [])

S(F, "site-egd-mac-qz-14", "commercial", "abbreviated", ["00731", "endoscopy", "MAC", "QZ"], """
    ENDO PREOP: 49M DOB 08/08/1975 DOS 03/12/2025. Dyspepsia, r/o H pylori. GERD, HTN ctrl. ASA 2.
    MAC w/ propofol. CRNA V. Lopez, no anesthesiologist directing (QZ).
    Anes 0805-0819.
    PROC: EGD w/ cold forceps bx.
""", "00731", "P2", [], 14, "QZ", ["QS"], 5.9, [])

S(F, "site-colonoscopy-diag-15", "medicare", "structured", ["00811", "endoscopy", "MAC", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: George Albright   MRN 4401276   DOB 10/10/1958   DOS 07/01/2025   Medicare
    Iron deficiency anemia and hematochezia -> diagnostic colonoscopy.
    PMH: HTN controlled, hyperlipidemia. ASA 2. Plan: MAC (propofol).

    ANESTHESIA RECORD
    CRNA Emily Chao; Dr. Robert Nash medically directing 2 concurrent rooms.
    Anesthesia start 09:30   Anesthesia end 09:57

    PROCEDURE NOTE
    Diagnostic colonoscopy to cecum with biopsies of ascending colon mass.
""", "00811", "P2", [], 27, "QK", ["QS"], 5.8, [])

S(F, "site-colonoscopy-screening-16", "commercial", "narrative", ["00812", "endoscopy", "screening", "MAC", "QZ"], """
    Pre-procedure anesthesia note: Patricia Dunn, DOB 01/15/1975, DOS 02/20/2025. 50-year-old woman, average risk,
    here for screening colonoscopy. No medical problems, no meds, NKDA. ASA 1. Monitored anesthesia care with propofol.
    Anesthesia by Gavin Shaw, CRNA, working independently without anesthesiologist direction.
    Anesthesia start 10:12, end 10:34.
    Procedure: Screening colonoscopy, no polyps found.
""", "00812", "P1", [], 22, "QZ", ["QS"], 4.5, [])

S(F, "site-egd-colonoscopy-esrd-17", "moda", "structured", ["00813", "endoscopy", "MAC", "QY", "moda"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Terrence Booker   MRN 6609911   DOB 05/25/1964   DOS 08/27/2025   Moda Health
    Occult GI blood loss. PMH: ESRD on hemodialysis MWF (last HD yesterday), HTN. No CHF; EF 60%.
    ASA 3. Plan: MAC.

    ANESTHESIA RECORD
    Dr. Isaac Moreau medically directing 1 CRNA (Jenna Park), ratio 1:1.
    Anesthesia start 13:00   Anesthesia end 13:35

    PROCEDURE NOTE
    EGD with biopsy followed by colonoscopy with biopsy, same session.
""", "00813", "P3", [], 35, "QY", ["QS"], 8.3, [])

S(F, "site-cesarean-scheduled-18", "commercial", "structured", ["01961", "obstetric", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Keisha Monroe   MRN 2218840   DOB 03/03/1993   DOS 10/06/2025
    G2P1 at 39w0d, scheduled repeat cesarean, elective. Uncomplicated pregnancy. ASA 2. Plan: spinal.

    ANESTHESIA RECORD
    Anesthesia start 07:30   Anesthesia end 08:32
    CRNA: Tina Walsh. Anesthesiologist Dr. Ahmed Rahimi medically directing 2 concurrent (L&D OR 1 and main OR 4).

    OPERATIVE NOTE
    Repeat low transverse cesarean delivery, viable female infant.
""", "01961", "P2", [], 62, "QK", [], 11.1, [])

S(F, "site-labor-epidural-19", "commercial", "narrative", ["01967", "obstetric", "labor_epidural"], """
    L&D anesthesia note. Patient Camila Rojas, DOB 06/16/1996, DOS 04/11/2025. G1P0 at 40w2d in active labor, requesting
    epidural. Healthy pregnancy. ASA 2.
    Dr. Ethan Moss personally placed L3-4 epidural catheter. Anesthesia start 02:10. Epidural infusion managed through
    labor; spontaneous vaginal delivery 07:31; catheter removed intact. Anesthesia end 07:45.
    Procedure: neuraxial labor analgesia, planned vaginal delivery.
""", "01967", "P2", [], 335, "AA", [], 27.3, [])

S(F, "site-turp-age77-qk3-20", "medicare", "structured", ["00914", "urology", "99100", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Bernard Kaminski   MRN 8871020   DOB 09/09/1947   DOS 03/03/2025   Medicare
    BPH with retention. PMH: CAD s/p PCI 2019, HTN, DM2 on insulin. ASA 3. Plan: spinal.

    ANESTHESIA RECORD
    Anesthesia start 11:00   Anesthesia end 12:10
    CRNA: Paula Ng. Dr. Oscar Lindgren medically directing 3 concurrent cases (OR 2, OR 3, OR 8).

    OPERATIVE NOTE
    Transurethral resection of the prostate (TURP), 45 g resected.
""", "00914", "P3", ["99100"], 70, "QK", [], 9.7, [])

S(F, "site-cystoscopy-qz-21", "commercial", "abbreviated", ["00910", "urology", "QZ"], """
    PREOP 58M DOB 02/22/1967 DOS 01/21/2025. Hematuria. HTN ctrl. ASA 2. LMA.
    CRNA B. Hale, independent (no medical direction).
    Anes 0740-0758.
    Proc: cystoscopy w/ bladder bx + fulguration.
""", "00910", "P2", [], 18, "QZ", [], 4.2, [])

S(F, "site-lumbar-laminectomy-22", "commercial", "structured", ["00630", "spine", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Dale Emerson   MRN 3348102   DOB 12/30/1961   DOS 05/28/2025
    L4-5 stenosis with neurogenic claudication. PMH: COPD on inhalers, HTN. ASA III. Plan: GETA, prone.

    ANESTHESIA RECORD
    Anesthesia start 0800   Anesthesia end 1025
    CRNA: Molly Reardon; Dr. Trevor Quinn medically directing 2 concurrent rooms.

    OPERATIVE NOTE
    L4-L5 decompressive laminectomy with bilateral foraminotomies. No fusion, no instrumentation.
""", "00630", "P3", [], 145, "QK", [], 18.7, [])

S(F, "site-cervical-laminectomy-23", "empire_bcbs", "narrative", ["00600", "spine", "cervical", "empire_bcbs"], """
    Pre-anesthesia: Howard Linwood, DOB 08/08/1965, DOS 09/17/2025, Empire BCBS PPO. Cervical spondylotic myelopathy.
    HTN controlled on amlodipine. ASA 2. Awake fiberoptic intubation planned, then GA, prone.

    Anesthesia: Dr. Miriam Cho personally performed; no CRNA. Anesthesia start 07:15, anesthesia end 09:55.

    Operative note: Posterior cervical laminectomy C4-C6 for decompression (no fusion).
""", "00600", "P2", [], 160, "AA", [], 20.7, [])

S(F, "site-carpal-tunnel-bier-anes-24", "commercial", "typos", ["01810", "hand", "typos", "bier_by_anesthesia"], """
    pre op anestesia 06/05/2025 - Yolanda Pierce dob 09/19/1972
    R carpal tunel syndrome, failed splinting. PMH hypothyrodism, HTN - well controled. ASA 2
    plan: IV regional (Bier) blok by anesthesia + light sedaton
    anesthsia: Dr. Gabriel Ortiz (anesthesiologist) personaly performed, placed Bier block, tourniquet 1305
    anes start 1302   anes end 1328
    op note: open carpal tunnel release, right
""", "01810", "P2", [], 26, "AA", [], 4.7, [])

S(F, "site-distal-radius-orif-age72-25", "medicare", "structured", ["01830", "wrist", "99100", "QY"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Marjorie Quill   MRN 5560123   DOB 04/04/1953   DOS 11/12/2025   Medicare
    Left distal radius fracture after fall. PMH: osteoporosis, HTN controlled. ASA 2.
    Plan: supraclavicular block + GA/LMA.

    ANESTHESIA RECORD
    Dr. Kenneth Abbott medically directing one CRNA (Laura Stein) - 1:1.
    Anesthesia start 09:20   Anesthesia end 10:48

    OPERATIVE NOTE
    Open reduction internal fixation, left distal radius, volar plate.
""", "01830", "P2", ["99100"], 88, "QY", [], 8.9, [])

S(F, "site-inguinal-hernia-adult-qz-26", "commercial", "narrative", ["00830", "lower_abdomen", "hernia", "QZ"], """
    Pre-anesthesia evaluation, 45 year old male Jonah Whitfield, DOB 02/02/1980, DOS 08/11/2025. Right inguinal hernia,
    reducible. No PMH, no medications, NKDA. ASA 1. Plan GETA.
    Anesthesia delivered by CRNA Maureen Tobin without medical direction. Anesthesia start 14:05, end 15:00.
    Op: Open right inguinal hernia repair with mesh (Lichtenstein).
""", "00830", "P1", [], 55, "QZ", [], 7.7, [])

S(F, "site-infant-hernia-00834-27", "commercial", "structured", ["00834", "pediatric", "hernia", "99100_bundled"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Baby boy Mateo Rivera   MRN 9920013   DOB 04/10/2025   DOS 09/18/2025 (5 months)
    Born at 39 weeks, uncomplicated. Bilateral inguinal hernias. No other PMH. ASA 1. Plan: GETA + caudal.

    ANESTHESIA RECORD
    Dr. Naomi Fairbanks (pediatric anesthesiologist) personally performed.
    Anesthesia start 08:00   Anesthesia end 08:48

    OPERATIVE NOTE
    Bilateral inguinal herniorrhaphy, open.
""", "00834", "P1", [], 48, "AA", [], 8.2, [])

S(F, "site-craniotomy-glioma-qy-28", "commercial", "structured", ["00210", "intracranial", "QY"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Vincent Osei   MRN 4409817   DOB 05/19/1971   DOS 04/22/2025
    Right frontal glioma. PMH: seizures on levetiracetam, HTN poorly controlled. ASA 3. Plan: GETA, arterial line.

    ANESTHESIA RECORD
    Dr. Caroline Hurst medically directing one CRNA (Ian Blackwood) - one case only.
    Anesthesia start 07:30   Anesthesia end 11:35
    Normothermia maintained with forced-air warming.

    OPERATIVE NOTE
    Right frontal craniotomy for resection of glioma with neuronavigation.
""", "00210", "P3", [], 245, "QY", [], 28.3, [])

S(F, "site-cabg-pump-medicare-29", "medicare", "structured", ["00567", "cardiac", "AA"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Raymond Fuller   MRN 1120987   DOB 06/01/1956   DOS 02/12/2025   Medicare
    Three-vessel CAD, unstable angina with ongoing ischemia. EF 45%. DM2, HTN. ASA 4.
    Plan: GETA, arterial line, PA catheter, TEE.

    ANESTHESIA RECORD
    Dr. Sylvia Marchand, cardiac anesthesiologist, personally performed.
    Anesthesia start 07:00   Anesthesia end 12:10
    Cardiopulmonary bypass 92 min, normothermic.

    OPERATIVE NOTE
    Coronary artery bypass grafting x3 (LIMA-LAD, SVG-OM, SVG-PDA) on cardiopulmonary bypass.
""", "00567", "P4", [], 310, "AA", [], 38.7, [])

S(F, "site-cabg-pump-noisy-30", "commercial", "noisy", ["00567", "cardiac", "QK", "noisy"], """
    CVICU HANDOFF / OR SUMMARY  -- printed 09/03/2025
    Pt: Henry Vasquez  MRN 7760021  DOB 11/21/1962  DOS 09/03/2025
    Labs: Hgb 12.1, Plt 210, INR 1.1, K 4.2, Cr 1.0. CXR clear. Echo: EF 25%, severe LV dysfunction.
    PRE-ANESTHESIA: LM + 3-vessel CAD, NSTEMI 10 days ago. ASA: 4. Plan GETA, A-line, PAC, TEE.
    ANESTHESIA RECORD: Anes start 07:15  Anes end 11:50. CRNA Joel Abrams; Dr. Stella Park medically directing
    2 concurrent cases (CVOR 1, CVOR 2). Heparin 30,000 U, ACT 520. Protamine 300 mg. Epi 0.03, norepi 0.05.
    CPB 110 min, normothermic.
    OP: CABG x4 with cardiopulmonary bypass.
    ICU course: extubated POD0 at 18:40, chest tubes 150 mL/2h, weaned off epi POD1.
""", "00567", "P4", [], 275, "QK", [], 38.3, [])

S(F, "site-epidural-mgmt-01996-31", "commercial", "structured", ["01996", "epidural_management", "no_time_units", "age"], """
    DAILY EPIDURAL MANAGEMENT NOTE
    Patient: Walter Greaves   MRN 5530018   DOB 02/14/1947   DOS 10/29/2025 (POD 1)
    s/p open right hemicolectomy 10/28. Thoracic epidural T9-10, bupivacaine 0.1% + hydromorphone 10 mcg/mL at 8 mL/h.
    PMH: COPD, HTN, DM2. ASA 3.
    Assessment: pain 2/10, sensory level T6-T12, no motor block, hemodynamically stable. Continue infusion.
    Seen and managed by Dr. Rachel Dunmore (anesthesiologist), personally performed.
    Service: daily hospital management of continuous epidural drug administration.
""", "01996", "P3", [], 0, "AA", [], 4.0, [])

S(F, "site-epidural-mgmt-01996-32", "empire_bcbs", "abbreviated", ["01996", "epidural_management", "no_time_units", "empire_bcbs"], """
    EPIDURAL F/U  POD2  DOS 05/07/2025  Empire BCBS
    Pt: Irene Castle  DOB 12/12/1969  MRN 3302148
    s/p L thoracotomy, T6-7 epidural ropi 0.2% @ 6 mL/h. HTN ctrl. ASA II.
    Pain 3/10, no motor block, plan continue. Dr. H. Lam (anes) personally managed.
    Daily epidural management.
""", "01996", "P2", [], 0, "AA", [], 3.0, [])

S(F, "site-multi-lapchole-umbilical-33", "commercial", "structured", ["00790", "multiple_procedures"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Felicia Grant   MRN 6620471   DOB 07/07/1979   DOS 03/05/2025
    Biliary colic + symptomatic umbilical hernia. PMH: HTN well controlled. ASA 2. Plan: GETA.

    ANESTHESIA RECORD
    Dr. Leon Mercer, personally performed.
    Anesthesia start 12:00   Anesthesia end 13:35

    OPERATIVE NOTE
    1. Laparoscopic cholecystectomy.
    2. Open umbilical hernia repair, primary.
""", "00790", "P2", [], 95, "AA", [], 13.3, [])

S(F, "site-multi-back-forearm-34", "medicare", "narrative", ["00300", "multiple_procedures", "QZ"], """
    Pre-anesthesia: Eugene Parrish, DOB 06/06/1957, DOS 05/19/2025 (Medicare). Two symptomatic lipomas. HTN controlled,
    hyperlipidemia. ASA 2. Plan GA with LMA.
    Anesthesia by CRNA Dana Whitlock, not medically directed. Anesthesia start 08:15, end 09:13.
    Operative note: (1) Excision of 5 cm lipoma of the mid back, prone. (2) Excision of 2 cm lipoma of the right forearm.
""", "00300", "P2", [], 58, "QZ", [], 8.9, [])

S(F, "site-multi-cysto-turp-35", "commercial", "abbreviated", ["00914", "multiple_procedures", "urology"], """
    PREOP: 64M DOB 03/15/1961 DOS 04/30/2025. BPH, retention. COPD (home inhalers), HTN. ASA 3. Spinal.
    ANES: Dr. E. Fontaine personally performed. Anes start 1330, end 1450.
    PROC: Cystourethroscopy, then TURP.
""", "00914", "P3", [], 80, "AA", [], 11.3, [])

# ---------------------------------------------------- qualifying_circumstances.jsonl
F = "qualifying_circumstances"

S(F, "qc-age-exactly-70-01", "commercial", "structured", ["age", "age_boundary", "no_99100", "00830"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Albert Finch   MRN 7712093   DOB 11/02/1955   DOS 11/02/2025
    70th birthday today. Left inguinal hernia. PMH: HTN controlled on losartan. ASA 2. Plan: GETA.

    ANESTHESIA RECORD
    Dr. Yusuf Karim - personally performed.
    Anesthesia start 09:00   Anesthesia end 10:00

    OPERATIVE NOTE
    Open left inguinal hernia repair with mesh.
""", "00830", "P2", [], 60, "AA", [], 8.0, [])

S(F, "qc-age-70y11m-02", "commercial", "narrative", ["age", "age_boundary", "no_99100", "00790", "QK"], """
    Pre-anesthesia note for Eleanor Voss, DOB 12/15/1954, date of service 11/20/2025. 70 y/o woman with symptomatic
    gallstones. Hypertension controlled on HCTZ, osteoarthritis. ASA 2. GETA.
    Anesthesia record: CRNA Peter Quinlan with Dr. Amara Obi medically directing 2 concurrent rooms.
    Anesthesia start 0800, anesthesia end 0915.
    Operative note: Laparoscopic cholecystectomy.
""", "00790", "P2", [], 75, "QK", [], 12.0, [])

S(F, "qc-age-71-03", "commercial", "structured", ["age", "99100", "00910"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Doris Mayfield   MRN 3319920   DOB 03/14/1954   DOS 06/02/2025
    Microscopic hematuria. PMH: HTN controlled, hypothyroidism. ASA 2. Plan: LMA.

    ANESTHESIA RECORD
    Dr. Louis Carver personally performed.
    Anesthesia start 10:10   Anesthesia end 10:35

    OPERATIVE NOTE
    Cystoscopy with bladder washings and retrograde pyelograms.
""", "00910", "P2", ["99100"], 25, "AA", [], 5.7, [])

S(F, "qc-age-stated-vs-dob-04", "commercial", "narrative", ["age", "age_computed_wins", "no_99100", "01810"], """
    Pre-anesthesia: Ms. Henrietta Coles is a 72-year-old woman (per intake form) with left carpal tunnel syndrome.
    DOB 01/09/1955. DOS 10/01/2025. Well-controlled hypertension on amlodipine. ASA 2. Plan GA/LMA per patient preference.
    Anesthesia personally performed by Dr. Tobias Wren. Anesthesia start 08:30, end 09:02.
    Op note: Left open carpal tunnel release.
""", "01810", "P2", [], 32, "AA", [], 5.1, [])

S(F, "qc-infant-8mo-cleft-lip-05", "commercial", "structured", ["age", "99100", "infant", "00102"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Aria Benitez   MRN 9930021   DOB 01/05/2025   DOS 09/12/2025 (8 months)
    Unilateral complete cleft lip, left. Term birth, otherwise healthy, growing well. ASA 1. Plan: inhalational induction, oral RAE ETT.

    ANESTHESIA RECORD
    Dr. Lydia Strand, pediatric anesthesiologist, personally performed.
    Anesthesia start 07:45   Anesthesia end 09:35

    OPERATIVE NOTE
    Primary repair of unilateral cleft lip with nasal correction.
""", "00102", "P1", ["99100"], 110, "AA", [], 14.3, [])

S(F, "qc-neonate-pyloromyotomy-06", "paramount", "narrative", ["age", "99100", "neonate", "00790", "paramount", "judgment_call"], """
    Anesthesia preop, Paramount: Baby girl Nora Lindqvist, DOB 08/01/2025, DOS 08/22/2025, a 3-week-old neonate with
    hypertrophic pyloric stenosis. Electrolytes corrected (HCO3 26, Cl 102). Term, no other issues. ASA 2.
    RSI after gastric suctioning, GETA. Dr. Martin Keane personally performed; no CRNA.
    Anesthesia start 10:05, anesthesia end 10:57.
    Operative note: Open (Ramstedt) pyloromyotomy via right upper quadrant incision.
""", "00790", "P2", ["99100"], 52, "AA", [], 11.5, [])

S(F, "qc-infant-11mo-hypospadias-07", "commercial", "structured", ["age", "age_boundary", "99100", "infant", "00920", "QY"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Elijah Brooks   MRN 8812230   DOB 11/20/2024   DOS 10/30/2025
    Distal hypospadias. Healthy term infant. ASA 1. Plan: GA (LMA) + caudal block.

    ANESTHESIA RECORD
    CRNA: Olivia Chen. Dr. Marcus Hale medically directing this one CRNA only (1:1).
    Anesthesia start 08:00   Anesthesia end 09:35

    OPERATIVE NOTE
    Hypospadias repair (TIP urethroplasty).
""", "00920", "P1", ["99100"], 95, "QY", [], 10.3, [])

S(F, "qc-age-12mo-no-99100-08", "commercial", "structured", ["age", "age_boundary", "no_99100", "00920"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Owen Fitzgerald   MRN 8812999   DOB 10/15/2024   DOS 10/15/2025 (first birthday)
    Mid-shaft hypospadias. Healthy. ASA 1. Plan: LMA + caudal.

    ANESTHESIA RECORD
    Dr. Marcus Hale personally performed.
    Anesthesia start 08:00   Anesthesia end 09:20

    OPERATIVE NOTE
    Hypospadias repair.
""", "00920", "P1", [], 80, "AA", [], 8.3, [])

S(F, "qc-emergency-appy-2e-09", "commercial", "abbreviated", ["99140", "emergency", "00840", "QK"], """
    PREOP 24F DOB 03/02/2001 DOS 07/04/2025. Acute appendicitis, emergent lap appy. Healthy, mild intermittent asthma.
    ASA 2E. RSI/GETA.
    ANES: CRNA J. Ruiz; Dr. K. Abara med directing 2 concurrent.
    Anes start 2210, end 2308.
    PROC: laparoscopic appendectomy (emergency).
""", "00840", "P2", ["99140"], 58, "QK", [], 11.9, [])

S(F, "qc-emergency-exlap-sepsis-age79-10", "medicare", "narrative", ["99140", "99100", "emergency", "00840", "ASA_4E"], """
    Emergency pre-anesthesia evaluation: Mr. Stanley Horvath, DOB 02/17/1946, DOS 12/03/2025, presented with perforated
    sigmoid diverticulitis and septic shock on norepinephrine. Emergency laparotomy, cannot be delayed. PMH: CAD,
    HTN, CKD 3. ASA 4E. RSI.
    Anesthesia record: Dr. Beatrice Lund personally performed. Anesthesia start 01:40, anesthesia end 04:25.
    Arterial line, CVC. Norepinephrine up to 0.2 mcg/kg/min.
    Operative note: Exploratory laparotomy, sigmoid colectomy with end colostomy (Hartmann procedure).
""", "00840", "P4", ["99100", "99140"], 165, "AA", [], 17.0, [])

S(F, "qc-emergency-sdh-3e-midnight-11", "commercial", "structured", ["99140", "emergency", "00211", "midnight", "QK", "ASA_PS_3E"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Marvin Tolliver   MRN 4410019   DOB 09/23/1966   DOS 03/14/2025
    Acute subdural hematoma with midline shift, GCS declining. Emergent craniotomy. PMH: AF on apixaban (reversed),
    HTN poorly controlled. ASA PS 3E. RSI.

    ANESTHESIA RECORD
    Anesthesia start 23:30   Anesthesia end 01:30 (03/15)
    CRNA: Keith Orban. Dr. Joanna Pace medically directing 2 concurrent cases.

    OPERATIVE NOTE
    Emergency left craniotomy for evacuation of acute subdural hematoma.
""", "00211", "P3", ["99140"], 120, "QK", [], 21.0, [])

S(F, "qc-elective-non-emergent-12", "commercial", "structured", ["no_99140", "non_emergent", "00830"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Rodney Blaine   MRN 6654102   DOB 04/30/1973   DOS 02/11/2025
    Reducible right inguinal hernia. Elective, non-emergent. PMH: HTN controlled. ASA 2. Plan: GETA.

    ANESTHESIA RECORD
    Dr. Paula Weiss, personally performed.
    Anesthesia start 1300   Anesthesia end 1350

    OPERATIVE NOTE
    Open right inguinal hernia repair with mesh (Lichtenstein).
""", "00830", "P2", [], 50, "AA", [], 7.3, [])

S(F, "qc-ed-wording-not-emergency-13", "commercial", "narrative", ["no_99140", "emergency_department_wording", "00790"], """
    Pre-anesthesia: Carla Jimenez, DOB 05/05/1985, DOS 06/26/2025. She presented to the emergency department last night
    with biliary colic, pain resolved with ketorolac, admitted, and was added to today's schedule for cholecystectomy.
    Afebrile, LFTs normal. PMH: HTN well controlled. ASA 2. GETA.
    Anesthesia: Dr. Russell Grant personally performed. Anesthesia start 08:15, anesthesia end 09:27.
    OR log: in room 08:13, out of room 09:22.
    Operative note: Laparoscopic cholecystectomy for symptomatic cholelithiasis.
""", "00790", "P2", [], 72, "AA", [], 11.8, [])

S(F, "qc-controlled-hypotension-shoulder-14", "commercial", "structured", ["99135", "controlled_hypotension", "01630"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Derek Hollis   MRN 2290135   DOB 08/19/1970   DOS 07/15/2025
    Massive rotator cuff tear, right. PMH: HTN controlled. ASA 2.
    Plan: interscalene + GETA, beach chair; controlled hypotension requested by surgeon for visualization.

    ANESTHESIA RECORD
    Dr. Lena Voigt personally performed.
    Anesthesia start 08:00   Anesthesia end 09:45
    Deliberate (controlled) hypotension to MAP 60-65 with nicardipine infusion 09:05-09:35; cerebral oximetry monitored.

    OPERATIVE NOTE
    Arthroscopic rotator cuff repair with biceps tenodesis, right shoulder.
""", "01630", "P2", ["99135"], 105, "AA", [], 17.0, [])

S(F, "qc-induced-hypotension-tha-paramount-15", "paramount", "narrative", ["99135", "controlled_hypotension", "01214", "paramount", "QK"], """
    Pre-anesthesia, Paramount: Leroy Benson, DOB 10/10/1960, DOS 04/08/2025, right hip OA for total hip arthroplasty.
    Jehovah's Witness, declines blood products. DM2 poorly controlled, BMI 39. ASA 3. Plan: GETA with induced
    hypotension to limit blood loss.
    Anesthesia: CRNA Sandra Pike, Dr. Felix Amari medically directing 2 concurrent rooms. Anesthesia start 10:00,
    anesthesia end 12:00. Induced hypotension, MAP 55-65 with remifentanil and esmolol during exposure and reaming.
    Operative note: Right total hip arthroplasty.
""", "01214", "P3", ["99135"], 120, "QK", [], 21.0, [])

S(F, "qc-dhca-basilar-aneurysm-16", "commercial", "structured", ["99116", "hypothermia", "00216"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Marissa Coleman   MRN 1129904   DOB 02/27/1968   DOS 05/13/2025
    Giant basilar tip aneurysm, unruptured, for clipping under deep hypothermic circulatory arrest.
    PMH: HTN, prior TIA 6 weeks ago. ASA 4. Plan: GETA, femoral bypass, EEG burst suppression.

    ANESTHESIA RECORD
    Dr. Alistair Booth, neuroanesthesiologist, personally performed.
    Anesthesia start 07:00   Anesthesia end 14:00
    Total body cooling to 18 C, deep hypothermic circulatory arrest 22 min, rewarmed on bypass.

    OPERATIVE NOTE
    Craniotomy and clip ligation of basilar tip aneurysm under deep hypothermic circulatory arrest.
""", "00216", "P4", ["99116"], 420, "AA", [], 50.0, [])

S(F, "qc-induced-hypothermia-mca-17", "medicare", "narrative", ["99116", "hypothermia", "00216", "QK"], """
    Pre-anesthesia: Gwendolyn Park, DOB 03/03/1959, DOS 08/20/2025, Medicare. Unruptured right MCA aneurysm. COPD,
    HTN. ASA 3. Plan GETA with deliberate total body hypothermia for cerebral protection.
    Anesthesia: CRNA Hal Jensen; Dr. Priscilla Oyelaran medically directing 2 concurrent cases. Anesthesia start 07:30,
    anesthesia end 12:30. Induced hypothermia to 33 C with cooling blankets and cold saline; rewarmed after clipping.
    Operative note: Right pterional craniotomy for clipping of MCA aneurysm.
""", "00216", "P3", ["99116"], 300, "QK", [], 35.0, [])

S(F, "qc-warmer-not-hypothermia-18", "commercial", "structured", ["no_99116", "no_99135", "01402", "negated_qc"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Gordon Ashby   MRN 4093318   DOB 01/01/1963   DOS 09/30/2025
    R knee OA. PMH: HTN controlled. ASA 2. Plan: spinal + sedation.

    ANESTHESIA RECORD
    Dr. Ingrid Solberg personally performed.
    Anesthesia start 07:45   Anesthesia end 09:25
    Forced-air warmer used to prevent hypothermia; temp 36.4-36.8 C. No deliberate hypotension; MAP kept within 20% of baseline.

    OPERATIVE NOTE
    Right total knee arthroplasty.
""", "01402", "P2", [], 100, "AA", [], 13.7, [])

S(F, "qc-emergency-cesarean-19", "commercial", "narrative", ["99140", "emergency", "01961", "obstetric", "QK"], """
    L&D: Emergency cesarean. Patient Brianna Ellis, DOB 09/09/1995, DOS 01/19/2025, G1 at 38w, category III fetal
    heart tracing with prolonged bradycardia; crash cesarean, cannot be delayed. Healthy pregnancy. ASA 2E.
    General anesthesia, RSI. CRNA Teresa Moon; Dr. Clifford Ames medically directing 2 concurrent cases.
    Anesthesia start 03:12, anesthesia end 03:50.
    Op note: Emergency primary low transverse cesarean delivery.
""", "01961", "P2", ["99140"], 38, "QK", [], 11.5, [])

S(F, "qc-01996-elderly-no-qc-20", "commercial", "abbreviated", ["01996", "no_qc_with_01996", "age"], """
    EPIDURAL MGMT NOTE  DOS 06/06/2025
    Pt: Lillian Pratt  DOB 01/30/1950 (75 y)  MRN 2213390
    POD1 s/p open AAA repair (elective). Lumbar epidural fentanyl/bupi @ 10 mL/h. HTN, hyperlipidemia, CAD s/p stent 2021. ASA 3.
    Pain controlled, no motor block. Continue.
    Dr. A. Feld (anesthesiologist) personally managed.
    Daily management of continuous epidural analgesia.
""", "01996", "P3", [], 0, "AA", [], 4.0, [])

# ---------------------------------------------------- modifiers_staffing.jsonl
F = "modifiers_staffing"

S(F, "staff-qz-critical-access-tka-01", "medicare", "narrative", ["QZ", "01402"], """
    Pre-anesthesia evaluation: Cecil Hardin, DOB 10/02/1958, DOS 03/18/2025, Medicare. Left knee osteoarthritis for
    total knee arthroplasty. Morbid obesity BMI 44, OSA on CPAP, HTN. ASA 3. Spinal planned.
    Anesthesia record: Anesthesia provided solely by Rebecca Thorne, CRNA. No anesthesiologist involvement; the CRNA
    was not medically directed (rural critical access hospital). Anesthesia start 08:00, end 09:45.
    Operative note: Left total knee arthroplasty.
""", "01402", "P3", [], 105, "QZ", [], 14.0, [])

S(F, "staff-qy-ratio-1-1-thyroid-02", "commercial", "structured", ["QY", "00320"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Helena Strauss   MRN 5509812   DOB 07/21/1980   DOS 05/15/2025
    Right thyroid nodule, Bethesda IV. PMH: HTN controlled. ASA 2. Plan: GETA.

    ANESTHESIA RECORD
    CRNA: Owen McBride
    Anesthesiologist: Dr. Ravi Patel, medically directing 1 CRNA, ratio 1:1; present for induction and emergence.
    Anesthesia start 10:00   Anesthesia end 11:35

    OPERATIVE NOTE
    Right thyroid lobectomy with isthmusectomy.
""", "00320", "P2", [], 95, "QY", [], 12.3, [])

S(F, "staff-qk-ratio-1-2-appy-03", "commercial", "abbreviated", ["QK", "00840"], """
    PREOP 19M DOB 04/04/2006 DOS 06/17/2025. Interval appendectomy (elective, 8 wks after perc drain). Healthy. ASA 1.
    ANES: Dr. F. Lindahl / CRNA M. Ortega, ratio 1:2. GETA.
    Anes 1216-1320.
    PROC: lap appendectomy.
""", "00840", "P1", [], 64, "QK", [], 10.3, [])

S(F, "staff-qk-4-rooms-ankle-04", "commercial", "structured", ["QK", "concurrency_listed", "01480"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Jordan Blake   MRN 7700813   DOB 12/12/1990   DOS 02/27/2025
    Right bimalleolar ankle fracture. PMH: smoker 1 ppd. ASA 2. Plan: popliteal block + GA/LMA.

    ANESTHESIA RECORD
    Anesthesia start 07:44   Anesthesia end 09:20
    CRNA: Tessa Young. Dr. Boris Ivanov medically directing 4 concurrent rooms (OR 1, OR 3, OR 5, OR 7), this case OR 5.

    OPERATIVE NOTE
    Open reduction internal fixation, right bimalleolar ankle fracture.
""", "01480", "P2", [], 96, "QK", [], 9.4, [])

S(F, "staff-ad-5-concurrent-cysto-05", "commercial", "structured", ["AD", "00910"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Norman Fisk   MRN 2230047   DOB 03/09/1964   DOS 09/25/2025
    Ureteral stent removal/cystoscopy. PMH: HTN controlled, nephrolithiasis. ASA 2. Plan: LMA.

    ANESTHESIA RECORD
    CRNA: Melissa Grant (in room throughout).
    Dr. Harold Wexler medically supervising 5 concurrent cases (OR 1, 2, 3, 4, 6); not present at induction.
    Anesthesia start 09:00   Anesthesia end 09:30

    OPERATIVE NOTE
    Cystoscopy with removal of left ureteral stent and bladder inspection.
""", "00910", "P2", [], 30, "AD", [], 5.0, [])

S(F, "staff-ad-6-rooms-turp-06", "medicare", "narrative", ["AD", "concurrency_listed", "00914"], """
    Pre-anesthesia: Arnold Becker, DOB 05/05/1957, DOS 12/09/2025, Medicare. BPH with recurrent retention. DM2 on insulin,
    poorly controlled; CKD 3. ASA 3. Spinal anesthesia.
    Anesthesia record: CRNA Kevin Doyle provided continuous anesthesia care. Supervising anesthesiologist Dr. Theresa
    Young was covering 6 concurrent rooms (OR 2, 4, 5, 6, 9, 10) during this case and was present for the spinal.
    Anesthesia start 10:15, anesthesia end 11:10.
    Operative note: TURP.
""", "00914", "P3", [], 55, "AD", [], 8.7, [])

S(F, "staff-conflict-personal-overlap-07", "commercial", "structured", ["CONCURRENCY_CONFLICT", "AA", "01382"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Vanessa Cole   MRN 6011298   DOB 09/19/1984   DOS 04/03/2025
    Right knee pain, diagnostic arthroscopy. PMH: HTN controlled. ASA 2. Plan: LMA.

    ANESTHESIA RECORD - OR 2
    Anesthesiologist: Dr. Benjamin Lee - anesthesia personally performed. No CRNA assigned.
    Anesthesia start 08:30   Anesthesia end 09:10

    DAILY ANESTHESIA ASSIGNMENT BOARD (excerpt)
    OR 2  Dr. B. Lee          Cole, V.       08:30-09:10
    OR 5  Dr. B. Lee          Ramirez, T.    08:05-09:20 (lap chole)

    OPERATIVE NOTE
    Diagnostic arthroscopy, right knee.
""", "01382", "P2", [], 40, "AA", [], 5.7, ["CONCURRENCY_CONFLICT"])

S(F, "staff-conflict-personal-overlap-08", "commercial", "narrative", ["CONCURRENCY_CONFLICT", "AA", "00830"], """
    Pre-anesthesia note: Peter Vance, DOB 11/11/1986, DOS 08/14/2025, left inguinal hernia, healthy, no medications.
    ASA 1. GETA.
    Anesthesia record: Attending Dr. Ingrid Maas personally performed the entire anesthetic, no CRNA. Anesthesia start
    13:00, anesthesia end 13:45. Note: per the OR board Dr. Maas was simultaneously the anesthesiologist of record for
    OR 3 (13:10-14:30) and OR 4 (12:40-13:50).
    Operative note: Open left inguinal hernia repair with mesh.
""", "00830", "P1", [], 45, "AA", [], 7.0, ["CONCURRENCY_CONFLICT"])

S(F, "staff-conflict-ratio-vs-charged-qy-09", "commercial", "charge_ticket", ["CONCURRENCY_CONFLICT", "QK", "charge_ticket", "00790"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Lorna Pike   MRN 3391270   DOB 02/02/1969   DOS 10/16/2025
    Chronic cholecystitis. PMH: COPD, HTN. ASA 3. Plan: GETA.

    ANESTHESIA RECORD
    CRNA: Evan Burke. Anesthesiologist: Dr. Gloria Nunez, medical direction ratio 1:3 (OR 4, 6, 8).
    Anesthesia start 11:00   Anesthesia end 12:30

    OPERATIVE NOTE
    Laparoscopic cholecystectomy.

    CHARGE TICKET
    Anesthesiologist: 00790-P3-QY   CRNA: 00790-P3-QX   Time 90 min
""", "00790", "P3", [], 90, "QK", [], 14.0, ["CONCURRENCY_CONFLICT"])

S(F, "staff-conflict-aa-charged-3-rooms-10", "commercial", "charge_ticket", ["CONCURRENCY_CONFLICT", "QK", "charge_ticket", "01402"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Dennis Harlow   MRN 7781002   DOB 06/06/1966   DOS 07/09/2025
    L knee OA. HTN controlled, GERD. ASA 2. Plan: GETA + adductor canal block.

    ANESTHESIA RECORD
    CRNA: Alyssa Monroe (in room). Dr. Lee medically directing 3 concurrent rooms (OR 2, 4, 6).
    Anesthesia start 07:35   Anesthesia end 09:30

    OPERATIVE NOTE
    Left total knee arthroplasty.

    Charges: 01402-P2-AA, 115 minutes.
""", "01402", "P2", [], 115, "QK", [], 14.7, ["CONCURRENCY_CONFLICT"])

S(F, "staff-mac-g9-home-o2-copd-11", "commercial", "structured", ["MAC", "G9", "00910"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Wallace Jordan   MRN 3310076   DOB 01/17/1958   DOS 05/21/2025
    Bladder lesion. PMH: severe COPD on home oxygen 2 L, FEV1 30%; cor pulmonale. ASA 4.
    Plan: MAC - avoid GA given severe pulmonary disease.

    ANESTHESIA RECORD
    Monitored anesthesia care; Dr. Nina Hartley personally performed.
    Anesthesia start 14:02   Anesthesia end 14:23

    OPERATIVE NOTE
    Cystoscopy with bladder biopsy.
""", "00910", "P4", [], 21, "AA", ["G9", "QS"], 6.4, [])

S(F, "staff-mac-qs-carpal-tunnel-12", "commercial", "abbreviated", ["MAC", "QS", "QZ", "01810"], """
    PREOP 38F DOB 05/30/1987 DOS 03/06/2025. L CTS. Healthy. ASA 1. MAC + local by surgeon.
    ANES: CRNA P. Sokolov, no medical direction. MAC (propofol). Anes 0915-0939.
    PROC: L endoscopic carpal tunnel release.
""", "01810", "P1", [], 24, "QZ", ["QS"], 4.6, [])

S(F, "staff-mac-no-reason-forearm-13", "commercial", "structured", ["MAC", "mac_necessity", "00400"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Colin Ferris   MRN 8023114   DOB 04/01/1990   DOS 10/22/2025
    1 cm dermatofibroma, left forearm. PMH: none. Meds: none. NKDA. ASA 1. Plan: MAC.

    ANESTHESIA RECORD
    Dr. Sandra Kole personally performed. MAC: midazolam 2 mg, fentanyl 50 mcg. Local by surgeon.
    Anesthesia start 13:41   Anesthesia end 14:00

    OPERATIVE NOTE
    Excision of benign skin lesion, left forearm, 1.0 cm, simple closure.
""", "00400", "P1", [], 19, "AA", ["QS"], 4.3, ["MAC_NECESSITY_UNDOCUMENTED"])

S(F, "staff-mac-reason-back-qk-14", "commercial", "narrative", ["MAC", "mac_reason_refuses_local", "00300", "QK"], """
    Pre-anesthesia: Roberta Lang, DOB 09/14/1972, DOS 11/18/2025, 3 cm atypical nevus of the mid back for excision.
    Well-controlled type 2 diabetes on metformin. She is severely claustrophobic when prone and refuses local anesthesia
    alone. ASA 2. MAC planned.
    Anesthesia: CRNA Rita Gomez, Dr. Owen Chambers medically directing 2 concurrent cases. Anesthesia start 10:04,
    end 10:30. Propofol infusion, midazolam 2 mg.
    Op note: Excision of atypical nevus, mid back, with intermediate closure.
""", "00300", "P2", [], 26, "QK", ["QS"], 6.7, [])

S(F, "staff-mac-denies-chf-neck-15", "medicare", "structured", ["MAC", "QS", "negation", "no_G9", "00300"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Herbert Lowell   MRN 1187720   DOB 08/08/1958   DOS 04/24/2025   Medicare
    Sebaceous cyst, posterior neck. PMH: HTN controlled on lisinopril. Denies CHF, denies COPD, no home oxygen.
    Very anxious about being awake; requests sedation. ASA 2. Plan: MAC.

    ANESTHESIA RECORD
    Dr. Fatima Noor personally performed. MAC (dexmedetomidine).
    Anesthesia start 08:40   Anesthesia end 09:11

    OPERATIVE NOTE
    Excision of 2.5 cm sebaceous cyst, posterior neck.
""", "00300", "P2", [], 31, "AA", ["QS"], 7.1, [])

S(F, "staff-mod23-autism-forearm-16", "commercial", "narrative", ["modifier_23", "00400"], """
    Pre-anesthesia: Tyler Haines, DOB 03/03/2003, DOS 07/29/2025. 22 year old man with severe autism spectrum disorder,
    nonverbal, unable to cooperate with any procedure while awake; prior attempt under local in clinic abandoned.
    1 cm skin lesion of the right forearm for excision. ASA 2. General anesthesia required because of his inability to
    cooperate; LMA.
    Anesthesia: Dr. Carmen Valdez personally performed. Anesthesia start 09:06, anesthesia end 09:40.
    Op note: Excision of 1.0 cm benign skin lesion, right forearm, simple closure.
""", "00400", "P2", [], 34, "AA", ["23"], 5.3, [])

S(F, "staff-mod23-dd-scalp-lac-17", "commercial", "structured", ["modifier_23", "00300", "QY"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Martin Oakes   MRN 4419906   DOB 12/19/1997   DOS 01/08/2025
    3 cm simple scalp laceration. PMH: severe developmental delay, combative, cannot tolerate repair awake or with
    local only (failed in ED). ASA II. Plan: GA with LMA - required due to inability to cooperate.

    ANESTHESIA RECORD
    Dr. Elise Warner medically directing 1 CRNA (Aaron Fitch), 1:1.
    Anesthesia start 16:10   Anesthesia end 16:39

    OPERATIVE NOTE
    Simple repair of 3 cm scalp laceration.
""", "00300", "P2", [], 29, "QY", ["23"], 6.9, [])

S(F, "staff-mac-g9-severe-as-egd-18", "commercial", "structured", ["MAC", "G9", "00731", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Ruth Abernethy   MRN 5528113   DOB 02/12/1960   DOS 08/06/2025
    Melena. PMH: severe aortic stenosis (AVA 0.7 cm2, mean gradient 48), awaiting TAVR; HTN. ASA 4. Plan: MAC.

    ANESTHESIA RECORD
    CRNA Joy Fenton; Dr. Marco Bellini medically directing 2 concurrent cases.
    Anesthesia start 11:20   Anesthesia end 11:36

    PROCEDURE NOTE
    EGD with biopsy.
""", "00731", "P4", [], 16, "QK", ["G9", "QS"], 8.1, [])

S(F, "local-only-surgeon-infiltration-19", "commercial", "structured", ["LOCAL_ONLY_NOT_BILLABLE", "no_code"], """
    PROCEDURE NOTE - Dermatologic Surgery Clinic
    Patient: Ann Whitley   MRN 7029931   DOB 05/15/1969   DOS 03/19/2025
    Procedure: Excision of 1.2 cm seborrheic keratosis, left upper arm.
    Anesthesia: Local infiltration, 1% lidocaine with epinephrine 4 mL, administered by the surgeon (Dr. Paul Lyle).
    No anesthesia personnel present. No sedation.
    Time: procedure 10:05-10:25.
""", None, None, [], 0, None, [], None, ["LOCAL_ONLY_NOT_BILLABLE"])

S(F, "local-only-digital-block-20", "medicare", "narrative", ["LOCAL_ONLY_NOT_BILLABLE", "no_code", "digital_block"], """
    Podiatry procedure note, DOS 06/12/2025. Patient Ernest Gale, DOB 01/01/1950, Medicare. Ingrown toenail, right
    hallux, lateral border. Digital block with 3 mL 2% lidocaine plain by Dr. Kim (podiatrist). Partial nail avulsion with
    phenol matrixectomy. No sedation, no anesthesia provider involved. Tolerated well.
""", None, None, [], 0, None, [], None, ["LOCAL_ONLY_NOT_BILLABLE"])

S(F, "local-only-topical-cysto-21", "commercial", "abbreviated", ["LOCAL_ONLY_NOT_BILLABLE", "no_code", "topical"], """
    OFFICE CYSTO  DOS 09/02/2025  Pt: G. Romero  DOB 08/08/1962
    Anesthesia: topical 2% lidocaine jelly intraurethral only. No sedation, no anesthesia staff.
    Flexible cystoscopy - no lesions.
""", None, None, [], 0, None, [], None, ["LOCAL_ONLY_NOT_BILLABLE"])

S(F, "surgeon-bier-block-carpal-22", "commercial", "narrative", ["SURGEON_ADMINISTERED", "no_code"], """
    Operative note, DOS 04/17/2025. Patient Lucille Franks, DOB 07/07/1975. Right carpal tunnel syndrome.
    Anesthesia: IV regional (Bier block) with 50 mL 0.5% lidocaine, administered by the operating surgeon, Dr. Neil
    Hastings, after exsanguination and double-cuff tourniquet inflation. No anesthesiologist or CRNA involved.
    Procedure: Open carpal tunnel release, right. Tourniquet time 24 minutes. Tolerated well.
""", None, None, [], 0, None, [], None, ["SURGEON_ADMINISTERED"])

S(F, "surgeon-axillary-block-ganglion-23", "medicare", "structured", ["SURGEON_ADMINISTERED", "no_code"], """
    OPERATIVE NOTE
    Patient: Dolores Kent   MRN 2201186   DOB 10/10/1955   DOS 11/04/2025   Medicare
    Procedure: Excision of dorsal wrist ganglion cyst, left.
    Anesthesia: Ultrasound-guided axillary brachial plexus block performed by the operating hand surgeon (Dr. Victor
    Sand), 25 mL 1.5% mepivacaine. No anesthesia provider present; surgeon monitored with RN.
    Procedure start 14:10, end 14:42.
""", None, None, [], 0, None, [], None, ["SURGEON_ADMINISTERED"])

# ---------------------------------------------------------------- findings.jsonl
F = "findings"

S(F, "chg-mastectomy-charged-00400-01", "commercial", "charge_ticket", ["MORE_SPECIFIC_CODE", "00404", "charge_ticket", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Beverly Stanton   MRN 6610422   DOB 03/27/1963   DOS 05/08/2025
    Left breast multicentric carcinoma. PMH: hypothyroidism, HTN controlled. ASA 2. Plan: GETA.

    ANESTHESIA RECORD
    CRNA: Laurel Finch. Dr. Gabriel Stone medically directing 2 concurrent rooms.
    Anesthesia start 08:20   Anesthesia end 10:00

    OPERATIVE NOTE
    Left simple (total) mastectomy with sentinel lymph node biopsy.

    CHARGE TICKET
    Physician: 00400-P2-QK    CRNA: 00400-P2-QX    100 min
""", "00404", "P2", [], 100, "QK", [], 11.7, ["MORE_SPECIFIC_CODE"])

S(F, "chg-reduction-charged-00400-02", "empire_bcbs", "charge_ticket", ["MORE_SPECIFIC_CODE", "00402", "charge_ticket", "empire_bcbs"], """
    Pre-anesthesia: Simone Archer, DOB 08/30/1988, DOS 02/13/2025, Empire BCBS. Symptomatic macromastia with neck
    and back pain. Healthy otherwise. ASA 1. GETA.
    Anesthesia: Dr. Nadia Greene personally performed. Anesthesia start 07:30, anesthesia end 10:00.
    Op note: Bilateral breast reduction (reduction mammaplasty), Wise pattern.
    Charges: 00400-P1-AA, 150 min.
""", "00402", "P1", [], 150, "AA", [], 15.0, ["MORE_SPECIFIC_CODE"])

S(F, "chg-99100-age70-unsupported-03", "commercial", "charge_ticket", ["QC_UNSUPPORTED", "age", "99100", "charge_ticket"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Leonora Watts   MRN 2208813   DOB 02/28/1955   DOS 07/14/2025
    Symptomatic cholelithiasis. PMH: HTN controlled on amlodipine. ASA 2. Plan: GETA.

    ANESTHESIA RECORD
    Dr. Hector Salas personally performed.
    Anesthesia start 09:40   Anesthesia end 11:00

    OPERATIVE NOTE
    Laparoscopic cholecystectomy.

    CHARGE TICKET: 00790-P2-AA, 99100    Time: 80 min
""", "00790", "P2", [], 80, "AA", [], 12.3, ["QC_UNSUPPORTED"])

S(F, "chg-99140-no-emergency-04", "commercial", "charge_ticket", ["QC_UNSUPPORTED", "99140", "charge_ticket", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Curtis Ambler   MRN 5401190   DOB 06/14/1977   DOS 03/31/2025
    Right inguinal hernia, scheduled elective repair. PMH: HTN controlled. ASA 2. Plan: GETA.

    ANESTHESIA RECORD
    CRNA: Dawn Hastings; Dr. Philip Morrow medically directing 2 concurrent.
    Anesthesia start 12:05   Anesthesia end 13:00

    OPERATIVE NOTE
    Laparoscopic right inguinal hernia repair (TEP) with mesh.

    Charges: 00830-P2-QK / 00830-P2-QX, 99140
""", "00840", "P2", [], 55, "QK", [], 9.7, ["QC_UNSUPPORTED"])

S(F, "chg-99100-with-00834-bundled-05", "commercial", "charge_ticket", ["QC_BUNDLED", "00834", "99100", "charge_ticket", "infant"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Baby Zoe Kaplan   MRN 9912277   DOB 06/01/2025   DOS 10/07/2025 (4 months)
    Right inguinal hernia. Term infant, healthy. ASA 1. Plan: GETA + caudal.

    ANESTHESIA RECORD
    Dr. Harriet Vance personally performed.
    Anesthesia start 07:50   Anesthesia end 08:32

    OPERATIVE NOTE
    Right inguinal herniorrhaphy, infant.

    CHARGE TICKET: 00834-P1-AA + 99100 (age < 1 yr), 42 min
""", "00834", "P1", [], 42, "AA", [], 7.8, ["QC_BUNDLED"])

S(F, "chg-aa-charged-directing-3-06", "commercial", "charge_ticket", ["CONCURRENCY_CONFLICT", "QK", "charge_ticket", "00400"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Monique Harper   MRN 3380021   DOB 12/05/1971   DOS 09/11/2025
    Right breast mass, 1.8 cm. PMH: HTN controlled. ASA 2. Plan: GA/LMA.

    ANESTHESIA RECORD
    CRNA: Ellen Brody.
    Dr. Lee medically directing 3 concurrent rooms (OR 2, 4, 6).
    Anesthesia start 13:15   Anesthesia end 14:17

    OPERATIVE NOTE
    Right breast lumpectomy with radioactive seed localization.

    Charges: 00400-P2-AA
""", "00400", "P2", [], 62, "QK", [], 7.1, ["CONCURRENCY_CONFLICT"])

S(F, "chg-99135-no-deliberate-hypotension-07", "commercial", "charge_ticket", ["QC_UNSUPPORTED", "99135", "charge_ticket", "negated_qc"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Travis Ng   MRN 4471003   DOB 04/11/1979   DOS 06/19/2025
    Left shoulder impingement with SLAP tear. PMH: HTN controlled. ASA 2. Plan: interscalene + GA, beach chair.

    ANESTHESIA RECORD
    Dr. Oksana Petrenko personally performed.
    Anesthesia start 08:05   Anesthesia end 09:40
    Blood pressure maintained at baseline; no deliberate hypotension (beach chair, cerebral perfusion priority).

    OPERATIVE NOTE
    Left shoulder arthroscopy, SLAP repair and subacromial decompression.

    CHARGE TICKET: 01630-P2-AA, 99135
""", "01630", "P2", [], 95, "AA", [], 11.3, ["QC_UNSUPPORTED"])

S(F, "chg-99116-forced-air-warmer-08", "commercial", "charge_ticket", ["QC_UNSUPPORTED", "99116", "charge_ticket", "negated_qc", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Edna Fairchild   MRN 2209378   DOB 10/21/1961   DOS 01/23/2025
    Left hip OA. PMH: COPD, BMI 36. ASA 3. Plan: spinal + sedation.

    ANESTHESIA RECORD
    CRNA Jared Kline; Dr. Ada Okoye medically directing 2 concurrent rooms.
    Anesthesia start 10:10   Anesthesia end 12:20
    Forced-air warmer to prevent hypothermia; lowest temp 35.9 C.

    OPERATIVE NOTE
    Left total hip arthroplasty.

    CHARGE TICKET: 01214-P3-QK / 01214-P3-QX, 99116 (hypothermia)
""", "01214", "P3", [], 130, "QK", [], 17.7, ["QC_UNSUPPORTED"])

S(F, "chg-clean-ticket-back-09", "commercial", "charge_ticket", ["clean", "charge_ticket", "00300"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Wendell Price   MRN 7740012   DOB 05/09/1966   DOS 08/28/2025
    6 cm lipoma of the lower back. PMH: COPD on tiotropium, obesity. ASA 3. Plan: GETA, prone.

    ANESTHESIA RECORD
    Dr. Quentin Hale, personally performed.
    Anesthesia start 10:30   Anesthesia end 11:15
    OR log: in room 10:28, out of room 11:10, PACU 11:17.

    OPERATIVE NOTE
    Excision of subcutaneous lipoma, lower back.

    CHARGES: 00300-P3-AA, 45 min
""", "00300", "P3", [], 45, "AA", [], 9.0, [])

S(F, "chg-wrong-site-00400-for-back-10", "commercial", "charge_ticket", ["code_not_supported_project_finding", "charge_ticket", "00300"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Irma Kowal   MRN 3301167   DOB 09/09/1980   DOS 04/16/2025
    Epidermoid cyst of the upper back, 4 cm, recurrently inflamed. Healthy. ASA 1. Plan: GA/LMA.

    ANESTHESIA RECORD
    Dr. Simon Achebe personally performed.
    Anesthesia start 14:00   Anesthesia end 14:36

    OPERATIVE NOTE
    Excision of epidermoid cyst, upper back, between the scapulae.

    Charges: 00400-P1-AA
""", "00300", "P1", [], 36, "AA", [], 7.4, [])

S(F, "time-exceeds-or-window-11", "commercial", "structured", ["TIME_EXCEEDS_OR_TIME", "00790"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Gerald Monk   MRN 6612380   DOB 03/03/1975   DOS 02/06/2025
    Symptomatic cholelithiasis. PMH: HTN controlled. ASA 2. Plan: GETA.

    ANESTHESIA RECORD
    Dr. Wanda Pruitt, personally performed.
    Anesthesia start 0700   Anesthesia end 0900

    OR LOG (nursing)
    Patient in room 0710   Incision 0728   Closure 0806   Out of room 0815   PACU arrival 0818

    OPERATIVE NOTE
    Laparoscopic cholecystectomy.
""", "00790", "P2", [], 120, "AA", [], 15.0, ["TIME_EXCEEDS_OR_TIME"])

S(F, "time-exceeds-pacu-window-12", "commercial", "narrative", ["TIME_EXCEEDS_OR_TIME", "01382", "QZ"], """
    Pre-anesthesia: Shawn Eddy, DOB 11/30/1992, DOS 10/09/2025, left knee pain for diagnostic arthroscopy. Healthy.
    ASA 1. LMA.
    Anesthesia by CRNA Olga Marsh without medical direction. Anesthesia start 12:40, anesthesia end 14:20.
    Circulating RN log: patient in room 13:05, handed off in PACU 14:00.
    Operative note: Diagnostic arthroscopy, left knee.
""", "01382", "P1", [], 100, "QZ", [], 9.7, ["TIME_EXCEEDS_OR_TIME"])

S(F, "time-within-tolerance-13", "commercial", "structured", ["time_tolerance", "00830"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Marcel Dupont   MRN 5501933   DOB 07/12/1972   DOS 06/04/2025
    Left inguinal hernia. PMH: HTN controlled. ASA 2. Plan: GETA.

    ANESTHESIA RECORD
    Dr. Yvette Grange, personally performed.
    Anesthesia start 07:02   Anesthesia end 08:20

    OR LOG
    In room 07:05   Out of room 08:15

    OPERATIVE NOTE
    Open left inguinal hernia repair with mesh.
""", "00830", "P2", [], 78, "AA", [], 9.2, [])

S(F, "time-midnight-emergency-appy-14", "commercial", "narrative", ["midnight", "99140", "emergency", "00840", "QK"], """
    Pre-anesthesia: Devon Price, DOB 02/14/1999, DOS 09/20/2025. Perforated appendicitis, emergency surgery. Healthy.
    ASA 1E. RSI, GETA.
    Anesthesia: CRNA Lydia Carrow, Dr. Samir Haddad medically directing 2 concurrent rooms. Anesthesia start 2330,
    anesthesia end 0045 (09/21).
    OR log: in room 2325, out of room 0040.
    Op note: Emergency laparoscopic appendectomy, perforated, with washout.
""", "00840", "P1", ["99140"], 75, "QK", [], 13.0, [])

S(F, "time-two-blocks-tka-15", "medicare", "structured", ["multiple_time_blocks", "01402", "QK"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Rosalind Baxter   MRN 4478892   DOB 03/30/1957   DOS 08/07/2025   Medicare
    Right knee OA. PMH: HTN controlled, hypothyroidism. ASA 2. Plan: adductor canal block in holding + spinal.

    ANESTHESIA RECORD
    Block 1 (pre-op holding, adductor canal catheter): anesthesia start 07:05, stop 07:15
    Block 2 (OR): anesthesia start 07:35, anesthesia end 09:20
    CRNA: Gina Forte. Dr. Neal Ashby medically directing 2 concurrent cases.

    OPERATIVE NOTE
    Right total knee arthroplasty.
""", "01402", "P2", [], 115, "QK", [], 14.7, [])

# ---------------------------------------------------------- physical_status.jsonl
F = "physical_status"

S(F, "ps-nd-healthy-p1-01", "commercial", "structured", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P1", "01382"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Jasper Holt   MRN 7720014   DOB 06/06/1994   DOS 03/12/2025
    HPI: Right knee pain after soccer injury, for diagnostic arthroscopy.
    PMH: none. Meds: none. Allergies: NKDA. Non-smoker. Exercise tolerance > 4 METs.
    Plan: GA with LMA.

    ANESTHESIA RECORD
    Dr. Carla Benedetti personally performed.
    Anesthesia start 10:00   Anesthesia end 10:31

    OPERATIVE NOTE
    Diagnostic arthroscopy, right knee.
""", "01382", "P1", [], 31, "AA", [], 5.1, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-controlled-htn-p2-02", "commercial", "abbreviated", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P2", "00910", "QZ"], """
    PREOP 57M DOB 04/04/1968 DOS 05/27/2025. Hematuria w/u. PMH: HTN, well controlled on amlodipine. NKDA. Plan LMA.
    ANES: CRNA R. Vega, no MD direction. Anes 0815-0835.
    PROC: cystoscopy, bladder normal.
""", "00910", "P2", [], 20, "QZ", [], 4.3, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-copd-p3-03", "commercial", "narrative", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P3", "00790", "QK"], """
    Pre-anesthesia: Harvey Lomax, DOB 09/09/1963, DOS 04/10/2025, symptomatic cholelithiasis. COPD on tiotropium and
    budesonide-formoterol, 50 pack-year former smoker, dyspnea on one flight of stairs. Allergies: codeine. Plan GETA.
    Anesthesia: CRNA Nora Pell with Dr. Omar Fayed medically directing 2 concurrent cases. Anesthesia start 09:00,
    anesthesia end 10:30.
    Op note: Laparoscopic cholecystectomy.
""", "00790", "P3", [], 90, "QK", [], 14.0, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-bmi42-p3-04", "commercial", "structured", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P3", "00630"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Delia Ferrante   MRN 3319082   DOB 01/19/1971   DOS 07/23/2025
    L4-5 stenosis. Morbid obesity, BMI 42. No other medical problems. Meds: gabapentin. NKDA.
    Airway: MP III, neck circumference 44 cm. Plan: GETA, video laryngoscope, prone.

    ANESTHESIA RECORD
    Dr. Anton Weiss personally performed.
    Anesthesia start 08:10   Anesthesia end 10:20

    OPERATIVE NOTE
    L4-5 laminectomy and partial facetectomy.
""", "00630", "P3", [], 130, "AA", [], 17.7, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-esrd-dialysis-p3-05", "commercial", "structured", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P3", "01844"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Curtis Oyelowo   MRN 5520447   DOB 10/30/1966   DOS 02/19/2025
    ESRD on hemodialysis TTS via tunneled catheter; needs permanent access. Last HD yesterday, K 4.4.
    Meds: sevelamer, calcitriol. Allergies: NKDA. Plan: axillary brachial plexus block by anesthesia + light sedation.

    ANESTHESIA RECORD
    Dr. Elena Marquez personally performed the block and the anesthetic.
    Anesthesia start 12:00   Anesthesia end 13:15

    OPERATIVE NOTE
    Creation of left radiocephalic arteriovenous fistula for dialysis access.
""", "01844", "P3", [], 75, "AA", [], 12.0, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-recent-mi-p4-mac-06", "commercial", "structured", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P4", "MAC", "G9", "00811", "QZ"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Leonard Ames   MRN 6690012   DOB 03/03/1961   DOS 09/15/2025
    Lower GI bleeding. NSTEMI 6 weeks ago (drug-eluting stent to LAD), on aspirin/clopidogrel. EF 50%.
    Plan: MAC with propofol.

    ANESTHESIA RECORD
    Delia Frost, CRNA, no medical direction.
    Monitored anesthesia care. Anesthesia start 11:10   Anesthesia end 11:43

    PROCEDURE NOTE
    Diagnostic colonoscopy, clipping of bleeding diverticulum.
""", "00811", "P4", [], 33, "QZ", ["G9", "QS"], 8.2, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-sepsis-p4-07", "commercial", "narrative", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P4", "00300", "QK"], """
    Pre-anesthesia: Roland Bishop, DOB 12/01/1958, DOS 11/06/2025. Infected stage 4 sacral pressure ulcer with sepsis
    (lactate 3.1, on broad-spectrum antibiotics, hemodynamically supported with fluids). Paraplegia since 2010. Plan GETA,
    lateral position.
    Anesthesia: CRNA Miles Ford, Dr. Vera Lind medically directing 2 concurrent cases. Anesthesia start 14:20,
    anesthesia end 15:00.
    Op note: Excisional debridement of sacral decubitus ulcer, skin and subcutaneous tissue.
""", "00300", "P4", [], 40, "QK", [], 9.7, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-ef20-p4-mac-icd-08", "commercial", "structured", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P4", "MAC", "G9", "00534"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Franklin Rhodes   MRN 8870031   DOB 07/22/1959   DOS 06/25/2025
    ICD at elective replacement indicator. Ischemic cardiomyopathy, EF 20%, NYHA III. Meds: sacubitril-valsartan,
    carvedilol, spironolactone. Plan: MAC.

    ANESTHESIA RECORD
    Dr. Agnes Mbeki personally performed. MAC, low-dose propofol; local by cardiologist.
    Anesthesia start 09:00   Anesthesia end 10:05

    PROCEDURE NOTE
    Replacement of implantable cardioverter-defibrillator pulse generator, transvenous system.
""", "00534", "P4", [], 65, "AA", ["G9", "QS"], 13.3, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-ruptured-aaa-p5-09", "commercial", "narrative", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P5", "99140", "emergency", "00770"], """
    Emergency anesthesia evaluation: Vernon Platt, DOB 04/14/1957, DOS 03/02/2025, brought in with a ruptured infrarenal
    abdominal aortic aneurysm, BP 70/40, massive transfusion protocol activated. Emergency open repair, no delay possible.
    RSI in the OR with surgeons scrubbed.
    Anesthesia: Dr. Howard Teague personally performed. Anesthesia start 18:45, anesthesia end 21:50.
    Operative note: Emergency open repair of ruptured abdominal aortic aneurysm, tube graft.
""", "00770", "P5", ["99140"], 185, "AA", [], 32.3, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-denies-chf-p2-10", "commercial", "structured", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P2", "negation", "00830"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Martin Greco   MRN 4439012   DOB 05/05/1966   DOS 04/08/2025
    Right inguinal hernia. PMH: hypertension, well controlled on lisinopril. Denies CHF, denies chest pain, no COPD.
    Allergies: NKDA. Plan: GETA.

    ANESTHESIA RECORD
    Dr. Rhea Castellano personally performed.
    Anesthesia start 10:02   Anesthesia end 10:50

    OPERATIVE NOTE
    Open right inguinal hernia repair with mesh.
""", "00830", "P2", [], 48, "AA", [], 7.2, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-no-history-diabetes-p1-11", "commercial", "narrative", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P1", "negation", "00170"], """
    Pre-anesthesia: Brandon Seif, DOB 08/18/1998, DOS 01/27/2025, recurrent tonsillitis, 5 episodes this year.
    No history of diabetes, no history of hypertension, no asthma. No medications. NKDA. Plan GETA.
    Anesthesia: Dr. Laila Haddad personally performed. Anesthesia start 07:30, end 08:14.
    Op note: Tonsillectomy.
""", "00170", "P1", [], 44, "AA", [], 7.9, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-mother-diabetes-p1-12", "commercial", "abbreviated", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P1", "family_history", "01810", "QZ"], """
    PREOP 33F DOB 02/02/1992 DOS 03/13/2025. R CTS. PMH none. FHx: mother with diabetes, father HTN. Meds none. NKDA.
    Plan GA/LMA (pt preference).
    ANES: CRNA H. Olu, independent. Anes 1110-1138.
    PROC: R open CTR.
""", "01810", "P1", [], 28, "QZ", [], 4.9, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-family-mi-p1-13", "commercial", "structured", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P1", "family_history", "00400"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Eric Lindholm   MRN 6612093   DOB 09/27/1989   DOS 05/22/2025
    3 cm lipoma right upper arm. PMH: none. Family history of MI (father at 58). No personal cardiac history.
    Meds: none. Allergies: NKDA. Plan: GA/LMA.

    ANESTHESIA RECORD
    Dr. Theo Marsh personally performed.
    Anesthesia start 12:30   Anesthesia end 13:06

    OPERATIVE NOTE
    Excision of subcutaneous lipoma, right upper arm.
""", "00400", "P1", [], 36, "AA", [], 5.4, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-rule-out-pneumonia-p1-14", "commercial", "narrative", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P1", "hypothetical", "01382", "QK"], """
    Pre-anesthesia: Kara Nilsen, DOB 07/07/1990, DOS 12/02/2025. Left knee locking. Mild cough last week; chest x-ray
    ordered to rule out pneumonia - clear, lungs clear on exam, afebrile. Otherwise healthy, no medications. Plan LMA.
    Anesthesia: CRNA Ben Stroud, Dr. Mira Kahn medically directing 2 concurrent rooms. Anesthesia start 08:04, end 08:30.
    Op note: Diagnostic arthroscopy, left knee.
""", "01382", "P1", [], 26, "QK", [], 4.7, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-nd-asthma-as-child-p1-15", "commercial", "structured", ["PHYSICAL_STATUS_NOT_DOCUMENTED", "suggest_P1", "historical", "00812", "MAC", "QZ"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Gail Norberg   MRN 2290047   DOB 03/18/1975   DOS 04/02/2025
    Average-risk screening colonoscopy. PMH: asthma as a child, outgrown, no inhaler since age 12. Meds: none. NKDA.
    Plan: MAC (propofol).

    ANESTHESIA RECORD
    Sean Maddox, CRNA, without medical direction.
    Anesthesia start 07:41   Anesthesia end 08:00

    PROCEDURE NOTE
    Screening colonoscopy, normal to cecum.
""", "00812", "P1", [], 19, "QZ", ["QS"], 4.3, ["PHYSICAL_STATUS_NOT_DOCUMENTED"])

S(F, "ps-asa5e-trauma-laparotomy-16", "commercial", "narrative", ["ASA_5E", "99140", "emergency", "00790"], """
    Trauma anesthesia note, DOS 07/05/2025: Unknown male "Trauma Delta" (MRN 9990412, DOB 01/01/1990 per registration),
    motorcycle collision, massive hemorrhage from grade V liver laceration, FAST positive, BP 60s. ASA 5E. Emergency
    laparotomy, immediately.
    Anesthesia: Dr. Kenji Mori personally performed. Anesthesia start 02:05, anesthesia end 04:25. MTP, 14 units PRBC.
    Op note: Emergency exploratory laparotomy, hepatorrhaphy and perihepatic packing.
""", "00790", "P5", ["99140"], 140, "AA", [], 21.3, [])

S(F, "ps-asa6-organ-harvest-17", "commercial", "structured", ["ASA_6", "P6", "01990"], """
    ANESTHESIA RECORD - ORGAN RECOVERY
    Donor: MRN 8823001, DOB 05/14/1987, DOS 10/12/2025. Brain death declared 10/11/2025 21:40.
    ASA 6. Physiologic support for organ recovery: vasopressin, norepinephrine, ventilation.
    Anesthesiologist: Dr. Rafael Duarte, personally performed.
    Anesthesia start 06:00   Anesthesia end 09:00 (aortic cross-clamp 08:35, support discontinued 09:00).
    PROCEDURE: Multi-organ recovery (liver, kidneys) from brain-dead donor.
""", "01990", "P6", [], 180, "AA", [], 19.0, [])

S(F, "ps-asa-colon-notation-18", "commercial", "structured", ["ASA_notation", "00840"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Olive Dunbar   MRN 3310093   DOB 06/22/1967   DOS 03/26/2025
    Sigmoid diverticular stricture, elective resection. PMH: DM2 on insulin, poorly controlled; CKD 3. ASA: 3
    Plan: GETA + TAP blocks.

    ANESTHESIA RECORD
    Dr. Helmut Kranz personally performed.
    Anesthesia start 07:40   Anesthesia end 10:50

    OPERATIVE NOTE
    Laparoscopic sigmoid colectomy with primary anastomosis.
""", "00840", "P3", [], 190, "AA", [], 19.7, [])

# ---------------------------------------------------------------- payers.jsonl
F = "payers"

_CHOLE_EMERG = """
    PRE-ANESTHESIA EVALUATION
    Patient: Lawrence Dietrich   MRN 5581204   DOB 04/22/1954   DOS 09/30/2025   Insurance: {ins}
    Acute gangrenous cholecystitis with worsening peritonitis; emergency surgery, delay would threaten life.
    PMH: COPD on tiotropium, HTN, DM2 on metformin. ASA 3E. Plan: RSI, GETA.

    ANESTHESIA RECORD
    Dr. Miriam Soto, personally performed. No CRNA.
    Anesthesia start 16:00   Anesthesia end 17:00

    OPERATIVE NOTE
    Emergency laparoscopic cholecystectomy.
"""
for _pid, _ins, _u in [("medicare", "Medicare Part B", 11.0), ("commercial", "UnitedHealthcare Choice Plus", 15.0),
                       ("moda", "Moda Health", 12.0), ("paramount", "Paramount Advantage", 14.0),
                       ("empire_bcbs", "Empire BlueCross BlueShield", 15.0)]:
    S(F, f"payer-emergency-chole-71-p3-{_pid}", _pid, "structured",
      ["payer_variant", _pid, "99100", "99140", "00790", "ASA_3E"],
      _CHOLE_EMERG.format(ins=_ins), "00790", "P3", ["99100", "99140"], 60, "AA", [], _u, [])

_LAMI_HYPO = """
    Pre-anesthesia evaluation, {ins}: Gordon Feld, DOB 08/08/1967, DOS 03/11/2025, L4-5 disc herniation with stenosis for
    laminectomy and discectomy. Ischemic cardiomyopathy with recent unstable angina (ongoing ischemia, medical
    management), EF 45%. ASA 4. Plan GETA, prone, arterial line; controlled hypotension (MAP 60-65) requested by surgeon
    to reduce epidural venous bleeding.
    Anesthesia: CRNA Adele Burns, Dr. Victor Lam medically directing 2 concurrent cases. Anesthesia start 07:30,
    anesthesia end 10:00. Deliberate hypotension with remifentanil/nicardipine during decompression.
    Operative note: L4-5 laminectomy and discectomy, no instrumentation.
"""
for _pid, _ins, _u in [("medicare", "Medicare", 18.0), ("commercial", "Cigna OAP", 25.0),
                       ("moda", "Moda Health", 20.0), ("paramount", "Paramount Commercial", 23.0),
                       ("empire_bcbs", "Empire BCBS", 25.0)]:
    S(F, f"payer-lami-controlled-hypotension-p4-{_pid}", _pid, "narrative",
      ["payer_variant", _pid, "99135", "00630", "QK"],
      _LAMI_HYPO.format(ins=_ins), "00630", "P4", ["99135"], 150, "QK", [], _u, [])

_CLEFT = """
    PREOP: Infant Sienna Park  DOB 03/03/2025  DOS 09/09/2025 (6 mo)  Ins: {ins}
    Cleft lip, unilateral incomplete. Term, healthy. ASA 1. Inhalational induction, oral RAE.
    ANES: Dr. Helga Brandt personally performed. Anes start 0800, end 0935.
    PROC: Cleft lip repair (primary).
"""
for _pid, _ins, _u in [("moda", "Moda Health", 12.3), ("paramount", "Paramount", 13.3), ("empire_bcbs", "Empire BCBS", 13.3)]:
    S(F, f"payer-infant-cleft-lip-{_pid}", _pid, "abbreviated",
      ["payer_variant", _pid, "99100", "infant", "00102"],
      _CLEFT.format(ins=_ins), "00102", "P1", ["99100"], 95, "AA", [], _u, [])

S(F, "payer-01996-medicare-p3", "medicare", "structured", ["payer_variant", "medicare", "01996", "no_time_units"], """
    DAILY EPIDURAL MANAGEMENT
    Patient: Otto Reinhardt   MRN 4401992   DOB 06/30/1956   DOS 02/26/2025   Medicare
    POD 2 after right thoracotomy/lobectomy. Thoracic epidural T5-6, bupivacaine 0.125% + fentanyl 2 mcg/mL at 7 mL/h.
    PMH: COPD, CAD. ASA III. Pain 3/10 at rest, no motor block. Continue.
    Dr. Beatrix Holm (anesthesiologist) personally managed. Daily management of epidural infusion.
""", "01996", "P3", [], 0, "AA", [], 3.0, [])

S(F, "payer-ad-egd-mac-moda", "moda", "structured", ["payer_variant", "moda", "AD", "MAC", "00731"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Flora Nguyen   MRN 7730211   DOB 11/11/1963   DOS 07/17/2025   Moda Health
    Dysphagia. PMH: DM2 on insulin poorly controlled, CKD 3b. No cardiac or pulmonary disease. ASA 3. Plan: MAC.

    ANESTHESIA RECORD
    CRNA: Joel Varga (in room throughout). Dr. Anita Rowe medically supervising 6 concurrent endoscopy rooms.
    Anesthesia start 12:40   Anesthesia end 13:00

    PROCEDURE NOTE
    EGD with esophageal dilation.
""", "00731", "P3", [], 20, "AD", ["QS"], 7.3, [])

S(F, "payer-ruptured-aaa-asa5e-paramount", "paramount", "narrative", ["payer_variant", "paramount", "99140", "emergency", "00770", "ASA_5E"], """
    Emergency anesthesia note, Paramount: Russell Crane, DOB 09/15/1958, DOS 05/30/2025. Ruptured abdominal aortic
    aneurysm, hypotensive, emergent open repair. ASA 5E. Dr. Olena Marsh personally performed; no CRNA.
    Anesthesia start 20:10, anesthesia end 23:30.
    Op: Open repair ruptured AAA with aorto-bi-iliac graft.
""", "00770", "P5", ["99140"], 200, "AA", [], 30.3, [])

# ---------------------------------------------------------------- styles.jsonl
F = "styles"

S(F, "style-abbrev-lapchole-01", "commercial", "abbreviated", ["abbreviated", "00790", "QK"], """
    62M s/p ERCP, sx cholelithiasis. PMH: HTN, DM2 (A1c 6.4, ctrl), HLD. NKDA. ASA II. GETA.
    DOS 10/27/2025 DOB 05/01/1963
    MD: Dr. K. Ito, 1:2 w/ CRNA L. Baird.
    AST 0731 / AET 0848.  In rm 0729, OOR 0843, PACU 0850.
    Lap chole, uncomplicated.
""", "00790", "P2", [], 77, "QK", [], 12.1, [])

S(F, "style-typos-tka-02", "commercial", "typos", ["typos", "01402", "QY"], """
    PRE ANESTESIA EVALUAITON
    Pt: Beverley Simms  DOB 09/09/1961  DOS 06/10/2025
    R kne osteoarthritus, end stage. PMH: hypertnesion (controled), GERD. Alergies: PCN - hives.
    ASA II.  plan spinal + sedaton, adductr canal blok
    ANESTHSIA RECRD
    CRNA Tom Kessler, Dr Aisha Bello medicaly directing 1 crna (1:1)
    anesthsia strt 0745   anesthsia stp 0930
    OP NOTE: R total knee arthoplasty, cemeted
""", "01402", "P2", [], 105, "QY", [], 14.0, [])

S(F, "style-noisy-craniotomy-03", "commercial", "noisy", ["noisy", "00210", "QK", "multiple_time_blocks"], """
    NEURO ICU PROGRESS NOTE (copied forward) -- HD 3
    Overnight events: none. Na 139, Glu 142, Hgb 11.2. Levetiracetam 1 g BID, dexamethasone 4 mg q6h, famotidine.
    Neuro: GCS 15, L pronator drift. Plan OR today.
    PRE-ANESTHESIA: Pt Russell Okafor DOB 11/17/1969 DOS 04/14/2025. L parietal metastasis (NSCLC). PMH: former smoker,
    HTN controlled. ASA class III. GETA, A-line.
    ANESTHESIA RECORD: 07:20 anesthesia start (arterial line in pre-op holding) - 07:40 stop; OR anesthesia start 08:05,
    anesthesia end 12:20. CRNA Paula Reyes; Dr. Edwin Tran directing 2 concurrent rooms.
    08:10 propofol 150 mg, rocuronium 60 mg; mannitol 1 g/kg at 09:00; BP 110-140 systolic; EtCO2 32-35.
    OP NOTE: Left parietal craniotomy for resection of metastatic tumor, image guided.
    ICU post-op: extubated in OR, to NICU, SBP goal < 160.
""", "00210", "P3", [], 275, "QK", [], 30.3, [])

S(F, "style-ampm-times-thyroid-04", "medicare", "narrative", ["time_format_ampm", "00320", "99100", "AA"], """
    Pre-anesthesia note: Mrs. Gladys Hartmann, DOB 07/04/1952, DOS 03/20/2025, Medicare. Toxic multinodular goiter,
    euthyroid on methimazole. Hypertension well controlled. ASA 2. GETA with NIM tube.
    Anesthesia record: I personally performed this anesthetic (Dr. Rupert Vale). Anesthesia start 7:32 am.
    Anesthesia end 9:47 am.
    OR log: patient in room 7:30 am, out of room 9:42 am.
    Op note: Total thyroidectomy.
""", "00320", "P2", ["99100"], 135, "AA", [], 15.0, [])

S(F, "style-charge-ticket-only-05", "commercial", "charge_ticket", ["charge_ticket", "00400", "QK", "clean"], """
    ANESTHESIA CHARGE TICKET - Surgical Specialty Center    DOS 01/30/2025
    Patient: Renata Solis   DOB 12/24/1978   Acct 88120044
    Procedure: Excision 4 cm lipoma, left thigh (anterior)
    ASA class: 2 (HTN, controlled)
    Anesthesia: GA/LMA    Anes start 14:10    Anes end 14:52
    Anesthesiologist: Dr. Jonah Weiss (medical direction, 2 concurrent rooms)    CRNA: Maya Lund
    Charges: 00400-P2-QK / 00400-P2-QX
""", "00400", "P2", [], 42, "QK", [], 5.8, [])

S(F, "style-abbrev-tonsil-adult-06", "medicare", "abbreviated", ["abbreviated", "00170", "99100", "QK", "GETA"], """
    PREOP: 72M DOB 02/10/1953 DOS 08/04/2025 Medicare. R tonsillar mass, asymmetric - tonsillectomy R.
    PMH: HTN ctrl, BPH. ASA 2. GETA.
    ANES: CRNA F. Ochoa; Dr. V. Sato directing 3 concurrent (OR 1/3/5). Anes 1302-1358.
    PROC: R tonsillectomy (excisional, for dx).
""", "00170", "P2", ["99100"], 56, "QK", [], 8.7, [])

S(F, "style-structured-cysto-asa-roman-07", "paramount", "structured", ["ASA_notation", "00910", "paramount", "QZ"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Harlan Voss   MRN 2201948   DOB 03/31/1960   DOS 05/05/2025   Paramount
    Bladder tumor surveillance. PMH: COPD, HTN, CAD s/p CABG 2018. ASA class III. Plan: LMA.

    ANESTHESIA RECORD
    Lena Park, CRNA - no medical direction.
    Anesthesia start 10:00   Anesthesia end 10:27

    OPERATIVE NOTE
    Cystoscopy with bladder biopsy and fulguration of small recurrence.
""", "00910", "P3", [], 27, "QZ", [], 4.8, [])

S(F, "style-narrative-posterior-thigh-melanoma-08", "medicare", "narrative", ["00400", "posterior_thigh", "99100", "QK"], """
    Pre-anesthesia: Mr. Clifford Yates, DOB 01/12/1951, DOS 10/15/2025, Medicare. Melanoma of the posterior right thigh
    for wide local excision. COPD on inhalers. ASA 3. GETA, prone.
    Anesthesia: CRNA Hanna Berg, Dr. Ruben Cortez medically directing 3 concurrent rooms. Anesthesia start 11:00,
    anesthesia end 12:04.
    Op note: Wide local excision of melanoma, right posterior thigh, 2 cm margins, advancement flap closure.
""", "00400", "P3", ["99100"], 64, "QK", [], 7.3, [])


# ------------------------------------------------ additions (qc / findings)
S("qualifying_circumstances", "qc-newborn-pyloromyotomy-21", "commercial", "structured", ["age", "99100", "newborn", "00790", "QY", "judgment_call"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Newborn male Ezra Whitlock   MRN 9940023   DOB 10/01/2025   DOS 10/15/2025
    Newborn (14 days) with projectile vomiting, pyloric stenosis on ultrasound. Resuscitated, HCO3 24. Term, no other
    issues. ASA 2. Plan: awake gastric suction, RSI, GETA.

    ANESTHESIA RECORD
    Dr. Frances Obi medically directing one CRNA (Liam Hart), 1:1.
    Anesthesia start 13:12   Anesthesia end 14:00

    OPERATIVE NOTE
    Laparoscopic pyloromyotomy.
""", "00790", "P2", ["99100"], 48, "QY", [], 11.2, [])

S("findings", "chg-99100-with-00326-bundled-16", "commercial", "charge_ticket", ["QC_BUNDLED", "00326", "99100", "charge_ticket", "infant"], """
    PRE-ANESTHESIA EVALUATION
    Patient: Baby Ines Calloway   MRN 9951180   DOB 05/20/2025   DOS 09/24/2025 (4 months)
    Severe laryngomalacia with failure to thrive. Term. ASA 2. Plan: spontaneous ventilation, TIVA, shared airway.

    ANESTHESIA RECORD
    CRNA: Marta Quist. Dr. Soren Bakke medically directing 2 concurrent rooms.
    Anesthesia start 08:30   Anesthesia end 09:14

    OPERATIVE NOTE
    Microlaryngoscopy and bronchoscopy with supraglottoplasty.

    Charges: 00326-P2-QK / 00326-P2-QX, 99100
""", "00326", "P2", [], 44, "QK", [], 9.9, ["QC_BUNDLED"])


def _diagnosis_labels() -> dict[str, list[str]]:
    """ICD-10-CM labels kept apart (diagnosis_labels.json: another labeler, another day; README.md)."""
    path = os.path.join(HERE, "diagnosis_labels.json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)["codes"]


def main() -> None:
    diagnosis = _diagnosis_labels()
    for _, scen in SCENARIOS:
        if scen["id"] in diagnosis:
            scen["expected"]["diagnosis_codes"] = diagnosis[scen["id"]]
    by_file: dict[str, list[dict]] = {}
    seen: set[str] = set()
    for file, scen in SCENARIOS:
        if scen["id"] in seen:
            raise SystemExit(f"duplicate id {scen['id']}")
        seen.add(scen["id"])
        by_file.setdefault(file, []).append(scen)
    for file, rows in by_file.items():
        with open(os.path.join(HERE, f"{file}.jsonl"), "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{file}.jsonl: {len(rows)}")
    print(f"total: {len(SCENARIOS)}")


if __name__ == "__main__":
    main()
