"""Who gave the anesthetic: anesthesiologist, CRNA, medical direction, concurrency."""
from __future__ import annotations

import re

from assistant.clock import minutes_of, to_minutes
from assistant.extract.blocks import line_at
from assistant.extract.charges import on_charge_line
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.other_rooms import board_rows
from assistant.extract.recognizers import patterns
from assistant.knowledge import load_knowledge
from assistant.models import Facts, Staffing

_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "single": 1}


def _p():
    return patterns("staffing")


def _block_minutes(facts: Facts) -> list[tuple[int, int]]:
    out = []
    for block in facts.anesthesia_blocks:
        if block.end and block.minutes is not None:
            start = to_minutes(block.start)
            out.append((start, start + block.minutes))
    return out


def _count(text: str) -> int:
    return _NUM.get(text.lower()) or int(text)


def _add(recorder: EvidenceRecorder, staffing: Staffing, match: re.Match, label: str) -> None:
    staffing.evidence_ids.append(recorder.add(match.start(), match.end(), label))


_STAFF_LINE_MAX = 160  # a staffing line, not a transcribed paragraph that mentions "Dr. W" and anesthesia


def _staff_line(note: str) -> re.Match | None:
    """A short line naming a physician among the anesthesia staff; "SURGEON:  A. Roe, MD" is not one."""
    operators = tuple(f"{label}:" for label in load_knowledge().sections.get("operator_labels", []))
    return next((m for m in _p().physician_on_staff_line.finditer(note)
                 if len(m.group(0)) <= _STAFF_LINE_MAX and not m.group(0).strip().lower().startswith(operators)), None)


def _of_record(note: str, pattern: re.Pattern) -> re.Match | None:
    """The first mention not on a relief line ("08:10 Relief: J. Ruiz CRNA in (break)"), else the first."""
    relief, first = _p().relief_line, None
    for m in pattern.finditer(note):
        if not relief.search(line_at(note, m.start())):
            return m
        first = first or m
    return first


def _unnegated(word, negation, note: str):
    """The first bare "anesthesiologist" that does not stand in "No anesthesiologist was present"."""
    denied = [m.span() for m in negation.finditer(note)]
    return next((m for m in word.finditer(note) if not any(a <= m.start() < b for a, b in denied)), None)


def read_staffing(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    s, p = Staffing(), _p()
    directing_only = False
    if (m := p.anesthesiologist.search(note) or p.directed_by.search(note) or p.dr_in_role.search(note)):
        s.anesthesiologist, s.anesthesiologist_present = m.group(1).strip(), True
        directing_only = m.re is p.directed_by  # no anesthesia role named: only "under the direction of Dr. X"
        _add(recorder, s, m, "ANESTHESIOLOGIST")
    elif (m := _staff_line(note)) or (m := _unnegated(p.anesthesiologist_word, p.no_anesthesia_provider, note)):
        s.anesthesiologist_present = True
        _add(recorder, s, m, "ANESTHESIOLOGIST")
    crna = _of_record(note, p.crna) or _of_record(note, p.crna_suffix)
    if p.no_crna.search(note):
        _add(recorder, s, p.no_crna.search(note), "NO_CRNA")
    elif crna:
        s.crna, s.crna_present = crna.group(1).strip(), True
        _add(recorder, s, crna, "CRNA")
    elif (m := p.crna_word.search(note)):
        s.crna_present = True
        _add(recorder, s, m, "CRNA")
    for pattern, attribute, label in ((p.personal, "personally_performed", "PERSONALLY_PERFORMED"),
                                      (p.not_directed, "crna_independent", "NOT_MEDICALLY_DIRECTED"),
                                      (p.direction, "medical_direction", "MEDICAL_DIRECTION")):
        if (m := pattern.search(note)):
            setattr(s, attribute, True)
            _add(recorder, s, m, label)
    if s.crna_independent and s.medical_direction:
        # "not medically directed" contains "medically directed": direction counts only outside a negation
        negated = [m.span() for m in p.not_directed.finditer(note)]
        s.medical_direction = any(not any(a <= d.start() <= b for a, b in negated) for d in p.direction.finditer(note))
    _read_concurrency(note, recorder, s, _block_minutes(facts))
    if s.medical_direction and not s.crna_independent:
        s.anesthesiologist_present = True  # only a physician directs
    if s.concurrent_cases and s.crna_present and not s.crna_independent:
        s.medical_direction = True  # a directing ratio or concurrency count is medical direction
    # "No anesthesiologist was present" beside a CRNA of record is a CRNA case, not one without anesthesia
    if (m := p.no_anesthesia_provider.search(note)) and not s.crna_present:
        s.no_anesthesia_provider = True
        _add(recorder, s, m, "NO_ANESTHESIA_PROVIDER")
        if directing_only:  # "sedation by the RN under the direction of Dr. Salazar": the proceduralist directs
            s.anesthesiologist, s.anesthesiologist_present, s.medical_direction = None, False, False
    if (m := p.resident.search(note)):
        s.resident = True
    if (m := p.induction.search(note)):
        s.present_at_induction = True
        _add(recorder, s, m, "PRESENT_AT_INDUCTION")
    facts.staffing = s


def _board_overlaps(note: str, blocks: list[tuple[int, int]]):
    """Other rooms' cases with times ("OR 5 ... 08:05-09:20") that overlap this anesthetic."""
    for m in board_rows(note):
        start, end = minutes_of(m), minutes_of(m, "to_")
        if start is None or end is None:
            continue
        if end < start:
            end += 24 * 60
        for own_start, own_end in blocks:
            if (start, end) != (own_start, own_end) and start < own_end and own_start < end:
                yield m, m.group("room")
                break


def _rooms_named(text: str) -> set[str]:
    return {next(g for g in r.groups() if g) for r in _p().room.finditer(text)}


def _read_concurrency(note: str, recorder: EvidenceRecorder, s: Staffing, blocks: list[tuple[int, int]]) -> None:
    p = _p()
    for pattern, label in ((p.ratio, "DIRECTION_RATIO"), (p.concurrent, "CONCURRENT_CASES"),
                           (p.directing_n, "CONCURRENT_CASES"), (p.rooms_in_parentheses, "CONCURRENT_CASES")):
        # a ratio written on a charge line is what is requested, not documentation
        m = next((m for m in pattern.finditer(note) if not on_charge_line(note, m.start())), None)
        if m:
            s.concurrent_cases = _count(next(g for g in m.groups() if g))
            _add(recorder, s, m, label)
            break
    # rooms named as this physician's concurrent cases, this one included:
    # "the following concurrent rooms: GI-1 ... GI-5", "directing CRNAs in OR 1, OR 2 and OR 3 concurrently"
    listed_total = p.concurrent_list.search(note)
    for listing in (listed_total, p.directing_rooms.search(note)):
        if listing and s.concurrent_cases is None and len(_rooms_named(listing.group(1))) > 1:
            s.concurrent_cases = len(_rooms_named(listing.group(1)))
            _add(recorder, s, listing, "CONCURRENT_CASES")
    rooms: set[str] = set()
    for m in p.also_covering.finditer(note):
        if listed_total and m.start() >= listed_total.start() and m.start() < listed_total.end():
            continue
        listed = _rooms_named(m.group(1))
        if listed:
            rooms |= listed
            _add(recorder, s, m, "OVERLAPPING_CASES")
    for m, room in _board_overlaps(note, blocks):
        rooms.add(room)
        _add(recorder, s, m, "OVERLAPPING_CASES")
    s.overlapping_cases_listed = len(rooms)
    if s.overlapping_cases_listed and (s.concurrent_cases or 0) < s.overlapping_cases_listed + 1:
        s.concurrent_cases = s.overlapping_cases_listed + 1  # rooms listed as overlapping, this one included
