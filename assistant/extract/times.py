"""Anesthesia time blocks and facility (OR log) times, line by line.

Formats: 07:32, 0732, 7:32 am, 7:32 p.m., 7pm; ranges "0732-0802", "7:32 to 8:02";
labelled "Anesthesia start 0732 ... Anesthesia end 0802"; several blocks; midnight.
"""
from __future__ import annotations

import re

from assistant.extract.evidence import EvidenceRecorder
from assistant.models import Facts, FacilityTimes, TimeBlock

TIME = r"(?<![\d/.:])(?:(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap]\.?m\.?)?|(\d{1,2})\s*([ap]\.?m\.?)|([01]\d|2[0-3])([0-5]\d)(?:\s*h(?:rs|ours)?)?)(?![\d/:])"
_TIME_RE = re.compile(TIME, re.I)
_RANGE_RE = re.compile(TIME + r"\s*(?:-|–|—|to|until|through)\s*" + TIME, re.I)
_ANESTHESIA_LINE = re.compile(r"\banes(?:th(?:esia|etic)?)?\b|\banesthesia\b|\banes\.|\bblock\s*\d", re.I)
_START = re.compile(r"\b(start(?:ed)?|begin|began|begins|ready)\b", re.I)
_END = re.compile(r"\b(end(?:ed)?|stop(?:ped)?|finish(?:ed)?|released|release)\b", re.I)
_FACILITY_IN = re.compile(r"\b(in[- ]room|in (?:the )?or\b|into (?:the )?or\b|wheels in|patient in\b|pt in\b|entered (?:the )?or|arrived (?:in )?(?:the )?or|or in\b|room in\b)", re.I)
_FACILITY_OUT = re.compile(r"\b(out[- ]of[- ]room|out of (?:the )?or\b|wheels out|left (?:the )?or|patient out\b|pt out\b|or out\b|room out\b|exit(?:ed)? (?:the )?or)", re.I)
_PACU = re.compile(r"\b(pacu|post[- ]anesthesia care unit|recovery room|hand[- ]?off|handover)\b", re.I)
_NOT_ANESTHESIA = re.compile(r"\b(incision|surgery start|procedure start|procedure end|closure|cut|surgery end|surgical start|surgical end|induction|emergence|intubat|extubat)\b", re.I)
_STATED = re.compile(r"(?:total\s+)?anes(?:th(?:esia)?)?\.?\s*(?:time|duration)\s*(?:total)?\s*[:=-]?\s*(?:(\d+)\s*(?:h|hr|hrs|hours?)\s*(?:and\s*)?)?(\d+)\s*(?:min|mins|minutes)\b|(?:total\s+)?anes(?:th(?:esia)?)?\.?\s*(?:time|duration)\s*(?:total)?\s*[:=-]?\s*(\d+)\s*(?:h|hr|hrs|hours?)\b", re.I)


def _minutes_of_day(match: re.Match, offset: int = 0) -> int | None:
    g = match.groups()[offset: offset + 7]
    if g[0] is not None:
        hour, minute, meridiem = int(g[0]), int(g[1]), g[2]
    elif g[3] is not None:
        hour, minute, meridiem = int(g[3]), 0, g[4]
    else:
        hour, minute, meridiem = int(g[5]), int(g[6]), None
    if meridiem:
        meridiem = meridiem.lower().replace(".", "")
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def elapsed(start: int, end: int) -> int:
    """Minutes from start to end; an end before the start crossed midnight."""
    return end - start if end >= start else end + 24 * 60 - start


def _lines(note: str):
    offset = 0
    for line in note.splitlines(keepends=True):
        yield offset, line
        offset += len(line)


def _read_facility(line: str, offset: int, recorder: EvidenceRecorder, facility: FacilityTimes) -> None:
    """Each OR-log time takes the label that stands closest before it on the line."""
    labels = [(m.start(), "in_room") for m in _FACILITY_IN.finditer(line)]
    labels += [(m.start(), "out_of_room") for m in _FACILITY_OUT.finditer(line)]
    labels += [(m.start(), "pacu") for m in _PACU.finditer(line)]
    if not labels:
        return
    for match in _TIME_RE.finditer(line):
        before = [label for label in labels if label[0] < match.start()]
        if not before:
            continue
        _, field = max(before)
        value = _minutes_of_day(match)
        if value is None or getattr(facility, field) is not None:
            continue
        setattr(facility, field, _clock(value))
        facility.evidence_ids.append(recorder.add(offset + match.start(), offset + match.end(), f"FACILITY_{field.upper()}"))


def read_times(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    pending_start: tuple[int, int, int] | None = None  # minutes, start char, end char
    facility = FacilityTimes()
    for offset, line in _lines(note):
        stated = _STATED.search(line)
        if stated and facts.stated_anesthesia_minutes is None:
            hours = int(stated.group(1) or stated.group(3) or 0)
            facts.stated_anesthesia_minutes = hours * 60 + int(stated.group(2) or 0)
            facts.stated_minutes_evidence_id = recorder.add(offset + stated.start(), offset + stated.end(), "ANESTHESIA_MINUTES_STATED")
        is_anesthesia = bool(_ANESTHESIA_LINE.search(line)) and not _FACILITY_IN.search(line) and not _PACU.search(line.split(":")[0])
        if not is_anesthesia:
            _read_facility(line, offset, recorder, facility)
            continue
        for match in _RANGE_RE.finditer(line):
            if _NOT_ANESTHESIA.search(line[: match.start()]):
                continue
            start, end = _minutes_of_day(match, 0), _minutes_of_day(match, 7)
            if start is None or end is None:
                continue
            evidence_id = recorder.add(offset + match.start(), offset + match.end(), "ANESTHESIA_TIME")
            facts.anesthesia_blocks.append(TimeBlock(start=_clock(start), end=_clock(end), minutes=elapsed(start, end), evidence_id=evidence_id))
        if _RANGE_RE.search(line):
            continue
        for match in _TIME_RE.finditer(line):
            prefix = line[: match.start()]
            last_start = max((m.end() for m in _START.finditer(prefix)), default=-1)
            last_end = max((m.end() for m in _END.finditer(prefix)), default=-1)
            last_other = max((m.end() for m in _NOT_ANESTHESIA.finditer(prefix)), default=-1)
            if max(last_start, last_end) < 0 or last_other > max(last_start, last_end):
                continue  # no label, or the nearest label is another event (incision, induction...)
            value = _minutes_of_day(match)
            if value is None:
                continue
            span = (offset + match.start(), offset + match.end())
            if last_start > last_end:
                if pending_start is not None:
                    _close_block(facts, recorder, pending_start, None)
                pending_start = (value, *span)
            elif pending_start is not None:
                _close_block(facts, recorder, pending_start, (value, *span))
                pending_start = None
    if pending_start is not None:
        _close_block(facts, recorder, pending_start, None)
    if facility.in_room:
        out = facility.out_of_room or facility.pacu
        if out:
            facility.window_minutes = elapsed(_to_minutes(facility.in_room), _to_minutes(out))
    facts.facility = facility


def _to_minutes(clock: str) -> int:
    hour, minute = clock.split(":")
    return int(hour) * 60 + int(minute)


def _close_block(facts: Facts, recorder: EvidenceRecorder, start: tuple[int, int, int], end: tuple[int, int, int] | None) -> None:
    if end is None:
        evidence_id = recorder.add(start[1], start[2], "ANESTHESIA_START")
        facts.anesthesia_blocks.append(TimeBlock(start=_clock(start[0]), end=None, minutes=None, evidence_id=evidence_id))
        return
    evidence_id = recorder.add(start[1], end[2], "ANESTHESIA_TIME")
    facts.anesthesia_blocks.append(TimeBlock(start=_clock(start[0]), end=_clock(end[0]), minutes=elapsed(start[0], end[0]), evidence_id=evidence_id))
