"""Event-log rows ("13:42 anesthesia start - GA, LMA", two events a line printed in columns), facility
times and closing a time block: the pieces of the times reader that write Facts."""
from __future__ import annotations

import re

from assistant.clock import clock, elapsed, minutes_of, to_minutes
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.time_labels import labels, times_patterns
from assistant.models import Facts, FacilityTimes, TimeBlock


def event_cells(line: str) -> list[tuple[int, str]]:
    """(start, text) of each "time event" cell of an event-log line printed in columns; [] unless
    every cell is one time followed by its event."""
    p = times_patterns()
    starts = [0] + [m.end() for m in p.event_cell_break.finditer(line)]
    cells = [(a, line[a:b].rstrip()) for a, b in zip(starts, starts[1:] + [len(line)])]
    if len(cells) < 2 or not all(p.event_line.match(c) and len(p.time.findall(c)) == 1 for _, c in cells):
        return []
    return cells


def read_event(event: re.Match, line: str, offset: int, pending, facility: FacilityTimes, facts: Facts,
               recorder: EvidenceRecorder):
    """One event-log row: the time first, then what happened."""
    value = minutes_of(event)
    if value is None:
        return pending
    text = event.group("event")
    p = times_patterns()
    span = p.time.search(line).span()
    span = (offset + span[0], offset + span[1])
    anesthesia = p.anesthesia_event.search(text)
    if anesthesia:
        word = (anesthesia.group(1) or anesthesia.group(2)).lower()
        if word in ("start", "begin", "began"):
            if pending is not None:
                close_block(facts, recorder, pending, None)
            return (value, *span)
        if pending is not None:
            close_block(facts, recorder, pending, (value, *span))
        return None
    kinds = [kind for _, kind in labels(text) if kind in ("in_room", "out_of_room", "pacu")]
    if kinds:
        set_facility(facility, kinds[0], value, span, recorder)
    return pending


def set_facility(facility: FacilityTimes, kind: str, value: int, span: tuple[int, int],
                 recorder: EvidenceRecorder) -> None:
    """Several candidates ("in OR 0731" for a block, "In room 0719"): the widest window wins,
    earliest in-room and latest out, so an auditor is not sent after a false excess."""
    current = getattr(facility, kind)
    if current is not None:
        earlier = (value - to_minutes(current)) % (24 * 60) > 12 * 60  # value is before current
        if (kind == "in_room") != earlier:
            return
    setattr(facility, kind, clock(value))
    facility.evidence_ids.append(recorder.add(*span, f"FACILITY_{kind.upper()}"))


def close_block(facts: Facts, recorder: EvidenceRecorder, start: tuple[int, int, int],
                end: tuple[int, int, int] | None) -> None:
    if end is None:
        evidence_id = recorder.add(start[1], start[2], "ANESTHESIA_START")
        facts.anesthesia_blocks.append(TimeBlock(start=clock(start[0]), end=None, minutes=None,
                                                 evidence_id=evidence_id))
        return
    evidence_id = recorder.add(start[1], end[2], "ANESTHESIA_TIME")
    facts.anesthesia_blocks.append(TimeBlock(start=clock(start[0]), end=clock(end[0]),
                                             minutes=elapsed(start[0], end[0]), evidence_id=evidence_id))
