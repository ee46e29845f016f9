"""A PHI test set: anesthesia notes in the layouts coders paste, dense with identifiers, every one invented.

Markup: {{CATEGORY|text}} is an identifier that must not leave the machine; [[text]] is a clinical term the
coder needs and that must be kept. CATEGORY is one of the 18 HIPAA Safe Harbor categories (45 CFR
164.514(b)(2)(i)), shortened (see CATEGORIES). Biometric identifiers and full-face photographs do not occur
in note text; they are listed so the figures say so. `notes()` returns (id, note, identifiers, kept terms).
"""
from __future__ import annotations

import random
import re

CATEGORIES = {
    "NAME": "(A) names", "GEO": "(B) geographic subdivisions smaller than a state (street, city, ZIP, facility)",
    "DATE": "(C) dates (except year) and ages over 89", "PHONE": "(D) telephone numbers", "FAX": "(E) fax numbers",
    "EMAIL": "(F) e-mail addresses", "SSN": "(G) social security numbers", "MRN": "(H) medical record numbers",
    "PLAN": "(I) health plan beneficiary numbers", "ACCOUNT": "(J) account numbers",
              "LICENSE": "(K) certificate/license numbers",
    "VEHICLE": "(L) vehicle identifiers and serial numbers, license plates", "DEVICE": "(M) device identifiers and "
              "serial numbers",
    "URL": "(N) web URLs", "IP": "(O) IP addresses", "BIOMETRIC": "(P) biometric identifiers",
    "PHOTO": "(Q) full-face photographs", "OTHER": "(R) any other unique identifying number, characteristic or code",
}

FIRST = ["Marisol", "Tobias", "Keiko", "Dashiell", "Ingrid", "Oluwaseun", "Priyanka", "Casimir", "Ysolde", "Benedikt",
         "Thandiwe", "Lorcan", "Anneliese", "Matteo", "Saoirse", "Radomir", "Evangeline", "Kwabena", "Henrike",
         "Joaquin",
         "Wilhelmina", "Tariq", "Oona", "Florian", "Jessamyn", "Ignatius", "Rosalind", "Bartholomew", "Nkechi",
         "Ulrich"]
LAST = ["Vanterpool", "Okonkwo-Reyes", "Lindqvist", "Abernathy", "Szczepanski", "Delacroix-Moss", "Haverford",
        "Quintanilla",
        "Mbeki", "Fairweather", "O'Donoghue", "Castellanos", "Thorvaldsen", "Nakashima", "Ravensworth",
        "Baptiste-Ortiz",
        "Ellingsworth", "Kowalczyk", "Marchetti", "Achterberg", "Dunleavy", "Pemberton-Hale", "Zoltowski", "Iwasaki",
        "McAllister", "Vasquez-Tran", "Holloway", "Brightwater", "Sandoval", "Kirkpatrick"]
STREETS = ["Juniper Hollow Road", "Saltmarsh Lane", "Quarry Ridge Drive", "Wexford Court", "Bellwether Avenue",
           "Tamarack Way"]
CITIES = [("Cold Spring Harbor", "NY", "11724"), ("Bend", "OR", "97701"), ("Lake Oswego", "OR", "97034"),
          ("Marquette", "MI", "49855"), ("Bozeman", "MT", "59715"), ("Chapel Hill", "NC", "27514")]
FACILITIES = ["St. Brendan's Regional Medical Center", "Larkmead Surgery Center", "Cascadia Valley Hospital",
              "Hollis Creek Nursing and Rehabilitation", "Mercy Ridge Ambulatory Surgery Center",
              "Pinecrest Memorial Hospital"]


def _pick(rng, values, used):
    choice = rng.choice([v for v in values if v not in used] or values)
    used.add(choice)
    return choice


def _templates(rng: random.Random) -> list[str]:
    used: set[str] = set()
    out = []
    for variant in range(3):
        f1, f2, f3, f4, f5 = (_pick(rng, FIRST, used) for _ in range(5))
        l1, l2, l3, l4, l5 = (_pick(rng, LAST, used) for _ in range(5))
        street, (city, state, zip_code), facility = rng.choice(STREETS), rng.choice(CITIES), rng.choice(FACILITIES)
        mrn, acct, n7 = rng.randint(1000000, 9999999), rng.randint(10000000, 99999999), rng.randint(100, 999)
        ssn = f"{rng.randint(100, 899)} {rng.randint(10, 99)} {rng.randint(1000, 9999)}"
        phone = f"({rng.randint(200, 989)}) 555-0{rng.randint(100, 199)}"
        old = 91 + variant * 3
        out += [
            # 1. header with LAST, FIRST in capitals, MR#, SSN with spaces, age over 89
            f"""ANESTHESIA PRE-PROCEDURE EVALUATION
PATIENT: {{{{NAME|{l1.upper()}}}}}, {{{{NAME|{f1.upper()}}}}}    MR#: {{{{MRN|{mrn}}}}}    SSN: {{{{SSN|{ssn}}}}}
DOB: {{{{DATE|0{variant + 1}/1{variant}/19{30 - variant}}}}}   DOS: {{{{DATE|03/1{variant}/2025}}}}   Age: {{{{DATE|{old}}}}}
Address: {{{{GEO|{100 + n7} {street}}}}}, {{{{GEO|{city}}}}}, {state} {{{{GEO|{zip_code}}}}}
Home phone {{{{PHONE|{phone}}}}}   Fax: {{{{FAX|{rng.randint(200, 989)}-555-01{rng.randint(10, 99)}}}}}
HPI: {{{{DATE|{old}-year-old}}}} with [[Parkinson]] disease on carbidopa-levodopa for [[Whipple]] procedure (pancreaticoduodenectomy).
Airway: [[Mallampati]] III, TMD 3 FB. Home meds: [[MS Contin]] 15 mg BID.
ASA 3. Plan: GETA, arterial line, [[Foley]] catheter.
Electronically signed: {{{{NAME|{f2}}}}} {{{{NAME|{l2}}}}}, MD {{{{DATE|03/1{variant}/2025}}}} 06:4{variant}
""",
            # 2. signatures like "J. Doe CRNA", relatives, facility, free text
            f"""ANESTHESIA RECORD - {{{{GEO|{facility}}}}}
Pt {{{{NAME|{f3}}}}} {{{{NAME|{l3}}}}} seen in holding with daughter {{{{NAME|{f4}}}}} and husband {{{{NAME|{f5}}}}}.
Transferred from {{{{GEO|Hollis Creek Nursing and Rehabilitation}}}} on {{{{DATE|March {variant + 2}, 2025}}}}.
[[Bier]] block, left forearm, by anesthesia. Tourniquet 250 mmHg. [[Nissen]] fundoplication history (2009).
Anesthesia start 07:3{variant}  Anesthesia end 08:4{variant}
{{{{NAME|{f2[0]}}}}}. {{{{NAME|{l2}}}}} CRNA
{{{{NAME|{l4}}}}}, {{{{NAME|{f1}}}}} MD (attending, medically directing 2 rooms)
""",
            # 3. a patient named Foley, MRN variants, plan ids, device serials, URL, IP, e-mail
            f"""PREOP NOTE   Date of service: {{{{DATE|2025-04-0{variant + 1}}}}}
Name: {{{{NAME|Foley}}}}, {{{{NAME|{f5}}}}}   Medical record number {{{{MRN|{mrn + 11}}}}}   Acct# {{{{ACCOUNT|A{acct}}}}}
Insurance: Cascade Health Plan  Member ID: {{{{PLAN|XJH{acct}01}}}}  Group #: {{{{PLAN|GRP-{n7}44}}}}
Mr. {{{{NAME|Foley}}}} has a pacemaker (Serial #: {{{{DEVICE|PJN{acct}}}}}); [[Foley]] catheter placed after induction.
Patient portal: {{{{URL|https://portal.pinecrest-health.example/p/{mrn}}}}}  Workstation {{{{IP|10.{variant + 20}.4.{n7 % 250}}}}}
E-mail {{{{EMAIL|{f5.lower()}.foley{variant}@mailbox.example}}}}
Dr. {{{{NAME|{l1}}}}}
[[Mallampati]] IV, limited mouth opening. [[Allen]] test normal. ASA 2.
Anesthesia start 10:0{variant}, end 11:1{variant}. Procedure: [[Whipple]] resection.
""",
            # 4. a table of the day's cases, license numbers, vehicle, other ids
            f"""OR BOARD {{{{DATE|04/1{variant}/2025}}}}
| Room | Patient                 | MRN        | Surgeon          |
| 4    | {{{{NAME|{l5}}}}}, {{{{NAME|{f3}}}}}   | {{{{MRN|{mrn + 7}}}}}    | Dr. {{{{NAME|{l2}}}}}    |
Anesthesiologist NPI {{{{LICENSE|1{acct}3}}}}, DEA # {{{{LICENSE|B{l2[0]}{mrn}}}}}
Patient arrived by car, plate {{{{VEHICLE|7{l5[:3].upper()}{n7}}}}}; VIN {{{{VEHICLE|1HGCM82633A{n7}{variant}11}}}}
Case id {{{{OTHER|CX-{acct}}}}}. Implant lot {{{{DEVICE|LOT{n7}-{acct % 997}}}}}.
Procedure: laparoscopic [[Nissen]] fundoplication. Postop dx: [[Barrett]] esophagus. ASA 2.
Evaluation for [[Parkinson]] tremor; father [[Parkinson]] disease. Allergies: Penicillin, DO NOT give.
""",
        ]
    return out


_MARK = re.compile(r"\{\{([A-Z]+)\|(.+?)\}\}|\[\[(.+?)\]\]")


def parse(marked: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    """(plain note, [(category, identifier)], [kept clinical term])."""
    identifiers, kept, parts, cursor = [], [], [], 0
    for match in _MARK.finditer(marked):
        parts.append(marked[cursor:match.start()])
        if match.group(1):
            identifiers.append((match.group(1), match.group(2)))
            parts.append(match.group(2))
        else:
            kept.append(match.group(3))
            parts.append(match.group(3))
        cursor = match.end()
    parts.append(marked[cursor:])
    return "".join(parts), identifiers, kept


def notes(seed: int = 11) -> list[tuple[str, str, list[tuple[str, str]], list[str]]]:
    rng = random.Random(seed)
    out = []
    for number, marked in enumerate(_templates(rng), start=1):
        note, identifiers, kept = parse(marked)
        out.append((f"phi-{seed}-{number:02d}", note, identifiers, kept))
    return out
