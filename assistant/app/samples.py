"""Synthetic example notes (no real patient) for the "Load example" button and the tests."""
from __future__ import annotations

SAMPLES: dict[str, dict] = {
    "Lipoma excision, forearm (complete)": {
        "payer": "medicare",
        "note": """PRE-ANESTHESIA EVALUATION
Patient: TESTCASE, Alex    MRN: 00000001    DOB: 04/12/1961    DOS: 03/11/2025
HPI: 63 y/o male with a 2 cm subcutaneous mass of the left forearm, clinically a lipoma.
PMH: hypertension, controlled on lisinopril. Denies diabetes. Family history of coronary artery disease (father).
Airway: Mallampati II.
ASA 2. Plan: general anesthesia with LMA.

ANESTHESIA RECORD
Anesthesiologist: Jordan Lee, MD - anesthesia personally performed, no CRNA.
Anesthesia start 08:02    Anesthesia end 08:47
LMA #4, sevoflurane/O2/air. Uneventful emergence.

OR LOG
Patient in room 08:00 / Out of room 08:50 / PACU 08:53

OPERATIVE NOTE
Procedure: Excision of 2 cm subcutaneous lipoma, left forearm. EBL minimal.
""",
    },
    "Back cyst under MAC (documentation gaps)": {
        "payer": "commercial",
        "note": """ANESTHESIA RECORD
Patient: TESTCASE, Robin    DOB: 09/30/1975    DOS: 05/02/2025
Emergency add-on case.
Procedure: Excision of 3 cm epidermoid cyst, upper back.
Monitored anesthesia care, propofol infusion. Surgeon infiltrated lidocaine 1%.
CRNA: Sam Rivera, CRNA, medically directed by Dana Park, MD (2 concurrent cases).
Anesthesia start 13:10
Patient in room 13:05 / Out of room 13:55
PMH: no significant history. Denies diabetes. No known allergies.
""",
    },
}

DEFAULT_SAMPLE = next(iter(SAMPLES))
