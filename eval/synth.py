"""Synthetic batch cases from the labeled scenarios: varied names, dates, times, sides and templates.

    .venv/bin/python eval/synth.py 10000 --out /tmp/cases.jsonl [--seed 7]

Each case is a labeled scenario's note (so every note style of eval/scenarios is
represented) with the anesthesiologist, CRNA and patient names, the date of
service, the clock times (shifted together, durations kept) and left/right
replaced. Cases are spread over provider-days of about a dozen cases each so the
batch's concurrency pass sees realistic overlaps. Labels are not carried: this
feeds the throughput benchmark, not accuracy. Output is streamed (no list of
cases in memory). All names are invented.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
FIRST = ["Ana", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Iris", "Jonas", "Keiko", "Liam", "Maya",
         "Nikhil",
         "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Xavier", "Yara", "Zoltan"]
LAST = ["Abbott", "Brandt", "Castillo", "Dubois", "Eriksen", "Fontaine", "Gupta", "Hollis", "Ibarra", "Jansen",
        "Kowalski",
        "Lindgren", "Moreau", "Nakamura", "Okonkwo", "Petrov", "Quintero", "Rasmussen", "Sato", "Toivonen", "Urquhart",
        "Valdivia", "Whitaker", "Xu", "Yilmaz", "Zimmer"]
CASES_PER_PROVIDER_DAY = 12
PROVIDERS = 60

_DOS = re.compile(r"(\bDOS:?\s*)(\d{1,2})/(\d{1,2})/(\d{4})")
_CLOCK = re.compile(r"(?<![\d/:])([01]\d|2[0-3]):([0-5]\d)(?![\d:])")
_RANGE = re.compile(r"(?<![\d/])([01]\d|2[0-3])([0-5]\d)-([01]\d|2[0-3])([0-5]\d)(?!\d)")
_DOCTOR = re.compile(r"\bDr\.?\s+(?:[A-Z]\.\s*)?(?:[A-Z][a-z]+\s+)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_ANESTHESIOLOGIST = re.compile(r"(\bAnesthesiologist:\s*)(?!Dr)([A-Z][a-z]+\s+[A-Z][a-z]+)")
_CRNA = re.compile(r"(\bCRNA:?\s+)([A-Z][a-z]+\s+[A-Z][a-z]+)")
_ROLE_STATED = r"(?=,?\s+(?:-\s+)?(?:medically|personally|supervising|was covering|directing|anesthesia personally))"
_PATIENT = re.compile(r"(\b(?:Patient|Pt):\s*)([A-Z][A-Za-z]+,?\s+[A-Z][a-z]+)")
_SIDE = re.compile(r"\b(left|right|Left|Right|LEFT|RIGHT)\b")
_SWAP = {"left": "right", "right": "left", "Left": "Right", "Right": "Left", "LEFT": "RIGHT", "RIGHT": "LEFT"}


def load_templates() -> list[dict]:
    templates = []
    for path in sorted((ROOT / "eval" / "scenarios").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                scenario = json.loads(line)
                templates.append({"id": scenario["id"], "note": scenario["note"],
                                  "payer": scenario.get("payer", "commercial")})
    return templates


def _shift(hours: str, minutes: str, offset: int) -> tuple[int, int]:
    total = (int(hours) * 60 + int(minutes) + offset) % 1440
    return divmod(total, 60)


def vary(note: str, rng: random.Random, doctor: str, crna: str, date: dt.date, offset: int) -> str:
    patient = f"{rng.choice(LAST)}, {rng.choice(FIRST)}"
    note = _DOS.sub(lambda m: f"{m.group(1)}{date:%m/%d/%Y}", note)
    note = _CLOCK.sub(lambda m: "%02d:%02d" % _shift(m.group(1), m.group(2), offset), note)
    note = _RANGE.sub(lambda m: "%02d%02d-%02d%02d" % (*_shift(m.group(1), m.group(2), offset),
                                                       *_shift(m.group(3), m.group(4), offset)), note)
    note = _DOCTOR.sub(f"Dr. {doctor}", note)
    # label the anesthesiologist where the note names the role in prose, so the batch can group by provider
    note = re.sub(r"(?<!Anesthesiologist: )Dr\. " + re.escape(doctor) + _ROLE_STATED, f"Anesthesiologist: Dr. {doctor}",
                  note)
    note = _ANESTHESIOLOGIST.sub(lambda m: m.group(1) + doctor, note)
    note = _CRNA.sub(lambda m: m.group(1) + crna, note)
    note = _PATIENT.sub(lambda m: m.group(1) + patient, note)
    if rng.random() < 0.5:
        note = _SIDE.sub(lambda m: _SWAP[m.group(1)], note)
    return note


def synthesize(n: int, seed: int = 7) -> Iterator[dict]:
    rng = random.Random(seed)
    templates = load_templates()
    doctors = [f"{first} {last}"
               for first, last in zip(rng.sample(FIRST * 3, PROVIDERS), rng.sample(LAST * 3, PROVIDERS))]
    days = max(1, -(-n // (CASES_PER_PROVIDER_DAY * PROVIDERS)))
    start = dt.date(2025, 1, 1)
    for i in range(n):
        template = templates[i % len(templates)] if i < len(templates) else rng.choice(templates)
        doctor = rng.choice(doctors)
        date = start + dt.timedelta(days=rng.randrange(days))
        crna = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        offset = rng.randrange(-180, 181, 5)
        yield {"id": f"syn-{i:07d}", "template": template["id"], "payer": template["payer"],
               "note": vary(template["note"], rng, doctor, crna, date, offset)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as handle:
        for case in synthesize(args.n, args.seed):
            handle.write(json.dumps(case) + "\n")
    print(f"{args.n} cases -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
