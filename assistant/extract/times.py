"""Anesthesia time blocks and facility (OR log) times, line by line.

Formats: 07:32, 0732, 7:32 am, 7:32 p.m., 7pm; ranges "0732-0802", "7:32 to 8:02";
labelled "Anesthesia start 0732 ... Anesthesia end 0802"; several blocks; midnight.
"""
from __future__ import annotations

import re

from assistant.clock import clock as _clock
from assistant.clock import elapsed, minutes_of
from assistant.clock import to_minutes as _to_minutes
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.recognizers import patterns
from assistant.models import Facts, FacilityTimes, TimeBlock


_OTHER_CASES_SECTIONS = {"schedule"}  # a staffing board or schedule lists other patients' times


def _p():
    return patterns("times")


def _lines(note: str):
    offset = 0
    for line in note.splitlines(keepends=True):
        yield offset, line
        offset += len(line)


def _event_owner(line: str, at: int, kind: str) -> str:
    """ "Excision start", "OLV end", "Tourniquet start": a start/end word right after another noun
    belongs to that event, not to the anesthetic."""
    before = _p().word_before.search(line[:at])
    word = before.group(1).lower() if before else ""
    if word and word not in _p().words["anesthesia_words"] and not word.startswith(("anes", "anaes", "anst")) and word not in ("am", "pm"):
        return "other"
    return kind


def _labels(line: str) -> list[tuple[int, str]]:
    """(end offset, kind) of every time label on a line (a parenthetical qualifier is not a label)."""
    p = _p()
    line = p.parenthetical.sub(lambda m: " " * len(m.group()), line)
    if p.time_in.search(line):  # "Time In 7:15  Time Out 8:31": a nursing record, not a surgical time-out
        line = p.time_out.sub(lambda m: "OOR".ljust(len(m.group())), line)
    found = [(m.end(), "start" if m.group(1) in ("AS", "AST", "ATS") else "end") for m in p.abbreviated.finditer(line)]
    found += [(m.end(), _event_owner(line, m.start(), "start")) for m in p.start.finditer(line)]
    found += [(m.end(), _event_owner(line, m.start(), "end")) for m in p.end.finditer(line)]
    found += [(m.end(), "in_room") for m in p.facility_in.finditer(line)]
    found += [(m.end(), "out_of_room") for m in p.facility_out.finditer(line)]
    found += [(m.end(), "pacu") for m in p.pacu.finditer(line)]
    found += [(m.end(), "other") for m in p.not_anesthesia.finditer(line)]
    # "Procedure Start": the event word wins over the start/stop word it ends with
    return sorted(found, key=lambda item: (item[0], item[1] == "other"))


def _clause_start(line: str, at: int) -> int:
    """Where the clause holding position `at` starts: labels of an earlier sentence do not carry."""
    return max((m.end() for m in _p().clause_break.finditer(line[:at])), default=0)


def _label_for(labels: list[tuple[int, str]], since: int, at: int, anesthesia_line: bool) -> str | None:
    """The label written between the previous time and this one; anesthesia start/end win on anesthesia lines."""
    kinds = [kind for position, kind in labels if since < position <= at]
    if not kinds:
        return None
    if anesthesia_line and kinds[-1] != "other" and any(k in ("start", "end") for k in kinds):
        return next(k for k in reversed(kinds) if k in ("start", "end"))
    return kinds[-1] if kinds[-1] not in ("start", "end") or anesthesia_line else None


def event_cells(line: str) -> list[tuple[int, str]]:
    """(start, text) of each "time event" cell of an event-log line printed in columns; [] unless
    every cell is one time followed by its event."""
    p = _p()
    starts = [0] + [m.end() for m in p.event_cell_break.finditer(line)]
    cells = [(a, line[a:b].rstrip()) for a, b in zip(starts, starts[1:] + [len(line)])]
    if len(cells) < 2 or not all(p.event_line.match(c) and len(p.time.findall(c)) == 1 for _, c in cells):
        return []
    return cells


def _read_event(event: re.Match, line: str, offset: int, pending, facility: FacilityTimes, facts: Facts, recorder: EvidenceRecorder):
    """One event-log row: the time first, then what happened."""
    value = minutes_of(event)
    if value is None:
        return pending
    text = event.group("event")
    p = _p()
    span = p.time.search(line).span()
    span = (offset + span[0], offset + span[1])
    anesthesia = p.anesthesia_event.search(text)
    if anesthesia:
        word = (anesthesia.group(1) or anesthesia.group(2)).lower()
        if word in ("start", "begin", "began"):
            if pending is not None:
                _close_block(facts, recorder, pending, None)
            return (value, *span)
        if pending is not None:
            _close_block(facts, recorder, pending, (value, *span))
        return None
    kinds = [kind for _, kind in _labels(text) if kind in ("in_room", "out_of_room", "pacu")]
    if kinds:
        _set_facility(facility, kinds[0], value, span, recorder)
    return pending


def _set_facility(facility: FacilityTimes, kind: str, value: int, span: tuple[int, int], recorder: EvidenceRecorder) -> None:
    """Several candidates ("in OR 0731" for a block, "In room 0719"): the widest window wins,
    earliest in-room and latest out, so an auditor is not sent after a false excess."""
    current = getattr(facility, kind)
    if current is not None:
        earlier = (value - _to_minutes(current)) % (24 * 60) > 12 * 60  # value is before current
        if (kind == "in_room") != earlier:
            return
    setattr(facility, kind, _clock(value))
    facility.evidence_ids.append(recorder.add(*span, f"FACILITY_{kind.upper()}"))


def read_times(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    p = _p()
    pending: tuple[int, int, int] | None = None  # minutes, start char, end char
    facility = FacilityTimes()
    carried: tuple[str, bool] | None = None  # a label that ended the previous line ("Anesthesia start\n13:00")
    under_anesthesia_heading = False
    for offset, line in _lines(note):
        stated = p.stated.search(line)
        if stated and facts.stated_anesthesia_minutes is None:
            hours = int(stated.group(1) or stated.group(3) or 0)
            facts.stated_anesthesia_minutes = hours * 60 + int(stated.group(2) or 0)
            facts.stated_minutes_evidence_id = recorder.add(offset + stated.start(), offset + stated.end(), "ANESTHESIA_MINUTES_STATED")
        if recorder.section_at(offset) in _OTHER_CASES_SECTIONS:
            continue  # a staffing board or schedule lists other patients' times
        if p.heading.match(line):
            under_anesthesia_heading = bool(p.anesthesia_heading.match(line))
        # "ANESTHESIA\nStart 09:20 ... End 11:05": bare labels under an anesthesia heading
        bare_label = under_anesthesia_heading and p.bare_label.match(line)
        anesthesia_line = bool(p.anesthesia_line.search(line) or p.abbreviated.search(line) or bare_label)
        event = p.event_line.match(line)
        cells = event_cells(line) if event else []
        if len(cells) > 1:
            # "07:25 Anesthesia Start    07:27 Patient in Room": an event log printing two events a line
            for start, cell in cells:
                pending = _read_event(p.event_line.match(cell), cell, offset + start, pending, facility, facts, recorder)
            carried = None
            continue
        if event and len(p.time.findall(line)) == 1:
            # an event log row: "13:42 anesthesia start - GA, LMA", "1121 CRNA sign-out -- anesthesia stop"
            pending = _read_event(event, line, offset, pending, facility, facts, recorder)
            carried = None
            continue
        labels = _labels(line)
        previous_end = 0
        ranges = []
        if anesthesia_line:
            for match in p.range.finditer(line):
                since = max(max((m.end() for m in p.time.finditer(line[: match.start()])), default=0), _clause_start(line, match.start()))
                kinds = [k for p, k in labels if since < p <= match.start()]
                if kinds and kinds[-1] in ("other", "in_room", "out_of_room", "pacu"):
                    ranges.append((match.start(), match.end()))  # another event's range: its times are not single labels
                    continue
                before = line[max(_clause_start(line, match.start()), match.start() - 70): match.start()]
                if p.room_before.search(before) and not p.anesthesia_word.search(before):
                    ranges.append((match.start(), match.end()))
                    continue  # another room's case on the board, not this anesthetic
                start, end = minutes_of(match), minutes_of(match, "to_")
                if start is None or end is None:
                    continue
                ranges.append((match.start(), match.end()))
                evidence_id = recorder.add(offset + match.start(), offset + match.end(), "ANESTHESIA_TIME")
                facts.anesthesia_blocks.append(TimeBlock(start=_clock(start), end=_clock(end), minutes=elapsed(start, end), evidence_id=evidence_id))
        first_time = True
        times = list(p.time.finditer(line))
        # off an anesthesia line a range ("OR 4, 0930-1045") is another event's: its times are not single labels
        other_ranges = [m.span() for m in p.range.finditer(line)] if not anesthesia_line else []
        for index, match in enumerate(times):
            if any(a <= match.start() < b for a, b in ranges) or any(a <= match.start() < b for a, b in other_ranges):
                previous_end = match.end()
                continue
            kind = _label_for(labels, max(previous_end, _clause_start(line, match.start())), match.start(), anesthesia_line or pending is not None)
            if kind == "start" and not anesthesia_line:
                kind = None  # off an anesthesia line, only an end can close an open block
            if kind == "end" and not anesthesia_line and not p.handoff.search(line) and line[: match.start()].strip(" \t:-|").lower() not in ("end", "stop", "ended", "stopped", "and end", "finish"):
                kind = None  # and only a bare "end 10:30" continuing the line before
            if kind is None and first_time and carried:
                kind = carried[0] if carried[0] not in ("start", "end") or carried[1] else None
            previous_end = match.end()
            if kind is None:  # "07:20 anesthesia start": the label right after the time, consumed by it
                following = times[index + 1].start() if index + 1 < len(times) else len(line)
                after = [(p, k) for p, k in labels if match.end() < p <= min(following, match.end() + 30)]
                # only a label that directly follows ("07:20 anesthesia start"), not the next clause's
                # ("at 1402. Anes start 1355")
                directly = after and not p.clause_punctuation.search(line[match.end(): after[0][0]]) and not p.time.match(line[after[0][0]:].lstrip(" :"))
                if directly and (after[0][1] not in ("start", "end") or anesthesia_line):
                    previous_end, kind = after[0]
            first_time = False
            value = minutes_of(match)
            if kind is None or value is None:
                continue
            span = (offset + match.start(), offset + match.end())
            if kind == "start":
                if pending is not None:
                    _close_block(facts, recorder, pending, None)
                pending = (value, *span)
            elif kind == "end" and pending is not None:
                _close_block(facts, recorder, pending, (value, *span))
                pending = None
            elif kind in ("in_room", "out_of_room", "pacu"):
                _set_facility(facility, kind, value, span, recorder)
        last_time = max((m.end() for m in p.time.finditer(line)), default=0)
        trailing = [kind for position, kind in labels if position > last_time]
        carried = (trailing[-1], anesthesia_line) if trailing and trailing[-1] != "other" else None
    if pending is not None:
        _close_block(facts, recorder, pending, None)
    if facility.in_room:
        out = facility.out_of_room or facility.pacu
        if out:
            facility.window_minutes = elapsed(_to_minutes(facility.in_room), _to_minutes(out))
    facts.facility = facility


def _close_block(facts: Facts, recorder: EvidenceRecorder, start: tuple[int, int, int], end: tuple[int, int, int] | None) -> None:
    if end is None:
        evidence_id = recorder.add(start[1], start[2], "ANESTHESIA_START")
        facts.anesthesia_blocks.append(TimeBlock(start=_clock(start[0]), end=None, minutes=None, evidence_id=evidence_id))
        return
    evidence_id = recorder.add(start[1], end[2], "ANESTHESIA_TIME")
    facts.anesthesia_blocks.append(TimeBlock(start=_clock(start[0]), end=_clock(end[0]), minutes=elapsed(start[0], end[0]), evidence_id=evidence_id))
