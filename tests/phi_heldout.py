"""A second PHI set, written after the redactor was tuned on tests/phi_set.py and measured once before any
change: other layouts (narrative, nursing, consult letters, charge sheets), other invented identifiers.
Same markup as tests/phi_set.py."""
from __future__ import annotations

import random

from tests.phi_set import parse

GIVEN = ["Aurelio", "Brunhilde", "Cosmo", "Delphine", "Ezekiel", "Fiorella", "Gideon", "Hyacinth", "Isidore", "Jolene",
         "Leopold", "Mireille", "Nikolai", "Ottoline", "Percival", "Quentin", "Rosamund", "Sigrid", "Thaddeus",
         "Valentina"]
FAMILY = ["Ashcombe", "Bellamy-Kerr", "Corrigan", "Dussault", "Everhart", "Fitzwilliam", "Gallagher-Ng", "Hargreave",
          "Ishikawa", "Jablonski", "Kettering", "Lautrec", "Montague", "Nordstrom", "Oyelaran", "Prewitt", "Rutherford",
          "Strathmore", "Tremblay", "Underhill"]
TOWNS = [("Yakima", "WA", "98901-2231"), ("Ithaca", "NY", "14850"), ("Missoula", "MT", "59801"),
         ("Eugene", "OR", "97401")]


def _layouts(rng: random.Random) -> list[str]:
    out = []
    for v in range(3):
        g = rng.sample(GIVEN, 6)
        f = rng.sample(FAMILY, 6)
        town, state, zip_code = TOWNS[v]
        n = rng.randint(100000, 999999)
        out += [
            # narrative pre-op with relatives, contact line, town, old age in words
            f"""Preanesthesia consult. {{{{NAME|{g[0]}}}}} {{{{NAME|{f[0]}}}}} is a {{{{DATE|96 yo}}}} woman from {{{{GEO|{town}}}}}, {state} here for
[[Hartmann]] reversal. Lives with her son {{{{NAME|{g[1]}}}}}, who can be reached at {{{{PHONE|{rng.randint(200, 899)}.555.01{rng.randint(10, 99)}}}}} ext 2{v}.
PMH: [[Crohn]] disease, [[Raynaud]] phenomenon, prior [[Nissen]]. [[Cormack]]-[[Lehane]] grade 2 on {{{{DATE|Jan {v + 4} 2019}}}}.
Contact: {{{{NAME|{g[2]}}}}} {{{{NAME|{f[1]}}}}} (sister) {{{{EMAIL|{g[2].lower()}{v}@postbox.example}}}}
Plan: spinal with 25g [[Whitacre]], [[Foley]], [[Bair Hugger]]. ASA 3.
cc: Dr. {{{{NAME|{f[2]}}}}}, {{{{GEO|Riverbend Family Clinic}}}}, {{{{GEO|{rng.randint(10, 99)} Orchard Terrace}}}}, {{{{GEO|{zip_code}}}}}
""",
            # nursing intra-op record with RN/tech signatures and room/bed, device UDI, MBI
            f"""INTRAOPERATIVE NURSING RECORD  {{{{DATE|11-Mar-2025}}}}
Circulator: {{{{NAME|{g[3]}}}}} {{{{NAME|{f[3]}}}}}, RN   Scrub: {{{{NAME|{f[4]}}}}} ST
Patient identified by name and DOB ({{{{DATE|4/2/1951}}}}) and wristband {{{{OTHER|WB{n}}}}}.
Medicare MBI {{{{PLAN|1EG4-TE5-MK7{v}}}}}. Implant: [[Harrington]] rod, UDI {{{{DEVICE|(01)0884{n}(17)2803}}}}.
[[Trendelenburg]] position, [[Foley]] 16 Fr, [[Bovie]] pad right thigh. [[Mallampati]] II noted by anesthesia.
Anesthesia: GETA by {{{{NAME|{g[4][0]}}}}}. {{{{NAME|{f[5]}}}}}, CRNA under Dr. {{{{NAME|{f[2]}}}}}. Anesthesia start 12:1{v} end 14:0{v}.
""",
            # charge sheet / billing abstract with payer ids and a patient named Parkinson
            f"""BILLING ABSTRACT
Patient {{{{NAME|PARKINSON}}}}, {{{{NAME|{g[5].upper()}}}}}  Enc {{{{ACCOUNT|E{n}{v}}}}}  Ins ID {{{{PLAN|W{n}{v}7}}}}
Surgeon license {{{{LICENSE|MD{n}}}}}; anesthesiologist Dr. {{{{NAME|{f[0]}}}}}.
Dx: [[Parkinson]] disease; [[Zenker]] diverticulum. Procedure: [[Zenker]] diverticulectomy. ASA 3.
Mrs. {{{{NAME|Parkinson}}}} tolerated the [[Glidescope]] intubation well.
Anesthesia start 09:0{v}  end 10:2{v}. CPT 00320-P3-AA
""",
            # consult letter with URLs, IPv6, fax, full address block
            f"""Dear Dr. {{{{NAME|{f[1]}}}}},
Thank you for referring {{{{NAME|{g[0]}}}}} for anesthesia review before her [[Whipple]]. Her [[Apgar]] history is
irrelevant; her [[Addison]] disease needs stress-dose steroids. Records: {{{{URL|www.records-{v}.example.org/chart?id={n}}}}}
Sent from {{{{IP|fe80:0:0:0:202:b3ff:fe1e:83{v}9}}}}. Fax {{{{FAX|({rng.randint(200, 899)}) 555-01{rng.randint(10, 99)}}}}}.
{{{{NAME|{g[3]}}}}} {{{{NAME|{f[3]}}}}}, MD
{{{{GEO|{rng.randint(100, 999)} Harbor View Boulevard}}}}, {{{{GEO|{town}}}}}, {state} {{{{GEO|{zip_code}}}}}
""",
        ]
    return out


def notes(seed: int = 21) -> list[tuple[str, str, list[tuple[str, str]], list[str]]]:
    rng = random.Random(seed)
    out = []
    for number, marked in enumerate(_layouts(rng), start=1):
        note, identifiers, kept = parse(marked)
        out.append((f"heldout-{seed}-{number:02d}", note, identifiers, kept))
    return out
