"""AIMS staffing exports: one row per provider with the time that provider covered.

Runs after the staffing reader: it names the anesthesiologist and the CRNA of record where the rows
name them better ("Baker, Tom CRNA" is Tom Baker, not "Tom"), skips a relief CRNA covering a break,
and, when the note writes no anesthesia start and end, gives the union of the rows' times as the
anesthesia time (anesthesia time is continuous presence of an anesthesia provider).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.clock import MINUTES_PER_DAY, clock, minutes_of
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.other_rooms import names_a_room
from assistant.extract.recognizers import patterns
from assistant.models import Facts, TimeBlock


@dataclass
class Row:
    kind: str  # "physician" | "crna" | "other"
    name: str
    relief: bool
    start: int
    end: int  # after start; a row crossing midnight ends past 1440
    match: re.Match


def _display(name: str) -> str:
    """'Chen, Maria' -> 'Maria Chen'; 'Dr. Maria Chen' -> 'Maria Chen'."""
    name = re.sub(r"^Dr\.?\s+", "", name.strip())
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        name = f"{first} {last}"
    return " ".join(name.split())


def _kind(match: re.Match, p) -> str:
    groups = match.groupdict()
    said = " ".join(g for g in (groups.get("role"), groups.get("role_note"), groups.get("credential"),
                                groups.get("qualifier")) if g)
    if p.crna_role.search(said):
        return "crna"
    # a role column is an anesthesia role by the pattern; a name with "MD" needs one ("(Anesthesiologist)")
    if p.physician_role.search(said) and (groups.get("role") or p.anesthesia_role.search(said)):
        return "physician"
    return "other"


def staff_rows(note: str) -> list[Row]:
    p = patterns("staff_rows")
    found = sorted((m for pattern in (p.role_first, p.name_first) for m in pattern.finditer(note)),
                   key=lambda m: m.start())
    rows, taken = [], -1
    for m in found:
        if m.start() < taken or names_a_room(m.group(0)):
            continue
        start, end = minutes_of(m), minutes_of(m, "to_")
        kind = _kind(m, p)
        if start is None or end is None or kind == "other":
            continue
        end += MINUTES_PER_DAY if end < start else 0
        relief = bool(p.relief.search(m.group(0)))
        rows.append(Row(kind, _display(m.group("name")), relief, start, end, m))
        taken = m.end()
    return rows


def _better(current: str | None, named: str) -> bool:
    """The row's full name replaces nothing or a part of it ("Tom" read from "Baker, Tom CRNA")."""
    return current is None or set(current.lower().split()) < set(named.lower().split())


def read_staff_rows(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    rows = staff_rows(note)
    if not rows:
        return
    s = facts.staffing
    physician = next((r for r in rows if r.kind == "physician"), None)
    crna = next((r for r in rows if r.kind == "crna" and not r.relief), None)
    if physician and _better(s.anesthesiologist, physician.name):
        s.anesthesiologist, s.anesthesiologist_present = physician.name, True
        s.evidence_ids.append(recorder.add(physician.match.start(), physician.match.end(), "ANESTHESIOLOGIST"))
    if crna and _better(s.crna, crna.name):
        s.crna, s.crna_present = crna.name, True
        s.evidence_ids.append(recorder.add(crna.match.start(), crna.match.end(), "CRNA"))
    if not facts.anesthesia_blocks:
        _blocks_from_rows(rows, recorder, facts)


def _blocks_from_rows(rows: list[Row], recorder: EvidenceRecorder, facts: Facts) -> None:
    merged: list[list] = []  # [start, end, first row, last row]
    for row in sorted(rows, key=lambda r: r.start):
        if merged and row.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], row.end)
            merged[-1][3] = row
        else:
            merged.append([row.start, row.end, row, row])
    for start, end, first, last in merged:
        evidence_id = recorder.add(first.match.start(), max(first.match.end(), last.match.end()), "ANESTHESIA_TIME")
        facts.anesthesia_blocks.append(TimeBlock(start=clock(start), end=clock(end), minutes=end - start,
                                                 evidence_id=evidence_id))
