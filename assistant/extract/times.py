"""Anesthesia time blocks and facility (OR log) times, line by line.

Formats: 07:32, 0732, 7:32 am, 7:32 p.m., 7pm; ranges "0732-0802", "7:32 to 8:02";
labelled "Anesthesia start 0732 ... Anesthesia end 0802"; several blocks; midnight.
"""
from __future__ import annotations

from assistant.clock import clock, elapsed, minutes_of, to_minutes
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.other_rooms import another_rooms_case
from assistant.extract.time_events import close_block, event_cells, read_event, set_facility
from assistant.extract.time_labels import clause_start, label_for, times_patterns
from assistant.extract.time_labels import labels as labels_of
from assistant.models import Facts, FacilityTimes, TimeBlock


_BARE_END = ("end", "stop", "ended", "stopped", "and end", "finish")  # "end 10:30" continuing the line before
_OTHER_CASES_SECTIONS = {"schedule"}  # a staffing board or schedule lists other patients' times


def _lines(note: str):
    offset = 0
    for line in note.splitlines(keepends=True):
        yield offset, line
        offset += len(line)


def read_times(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    p = times_patterns()
    pending: tuple[int, int, int] | None = None  # minutes, start char, end char
    facility = FacilityTimes()
    carried: tuple[str, bool] | None = None  # a label that ended the previous line ("Anesthesia start\n13:00")
    under_anesthesia_heading = False
    for offset, line in _lines(note):
        stated = p.stated.search(line)
        if stated and facts.stated_anesthesia_minutes is None:
            hours = int(stated.group(1) or stated.group(3) or 0)
            facts.stated_anesthesia_minutes = hours * 60 + int(stated.group(2) or 0)
            facts.stated_minutes_evidence_id = recorder.add(offset + stated.start(), offset + stated.end(),
                                                            "ANESTHESIA_MINUTES_STATED")
        if recorder.section_at(offset) in _OTHER_CASES_SECTIONS:
            continue  # a staffing board or schedule lists other patients' times
        # headings by pattern, not Facts.sections: the sectionizer knows only the titles of rules/sections.yaml,
        # and a bare "ANESTHESIA" / "Anesthesia times:" title there would also open a section at every
        # "Anesthesia: general ETT" line; any all-caps heading (one sections.yaml lacks too) ends the block
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
                pending = read_event(p.event_line.match(cell), cell, offset + start, pending, facility, facts, recorder)
            carried = None
            continue
        if event and len(p.time.findall(line)) == 1:
            # an event log row: "13:42 anesthesia start - GA, LMA", "1121 CRNA sign-out -- anesthesia stop"
            pending = read_event(event, line, offset, pending, facility, facts, recorder)
            carried = None
            continue
        labels = labels_of(line)
        previous_end = 0
        ranges = []
        if anesthesia_line:
            for match in p.range.finditer(line):
                since = max(max((m.end() for m in p.time.finditer(line[: match.start()])), default=0),
                            clause_start(line, match.start()))
                kinds = [k for p, k in labels if since < p <= match.start()]
                if kinds and kinds[-1] in ("other", "in_room", "out_of_room", "pacu"):
                    # another event's range: its times are not single labels
                    ranges.append((match.start(), match.end()))
                    continue
                lead_in = max(clause_start(line, match.start()), match.start() - 70)
                if another_rooms_case(line[lead_in: match.end()]):
                    ranges.append((match.start(), match.end()))
                    continue  # another room's case on the board, not this anesthetic
                start, end = minutes_of(match), minutes_of(match, "to_")
                if start is None or end is None:
                    continue
                ranges.append((match.start(), match.end()))
                evidence_id = recorder.add(offset + match.start(), offset + match.end(), "ANESTHESIA_TIME")
                facts.anesthesia_blocks.append(TimeBlock(start=clock(start), end=clock(end),
                                                         minutes=elapsed(start, end), evidence_id=evidence_id))
        first_time = True
        times = list(p.time.finditer(line))
        # off an anesthesia line a range ("OR 4, 0930-1045") is another event's: its times are not single labels
        other_ranges = [m.span() for m in p.range.finditer(line)] if not anesthesia_line else []
        for index, match in enumerate(times):
            if any(a <= match.start() < b for a, b in ranges) or any(a <= match.start() < b for a, b in other_ranges):
                previous_end = match.end()
                continue
            kind = label_for(labels, max(previous_end, clause_start(line, match.start())), match.start(),
                             anesthesia_line or pending is not None)
            if kind == "start" and not anesthesia_line:
                kind = None  # off an anesthesia line, only an end can close an open block
            bare_end = line[: match.start()].strip(" \t:-|").lower() in _BARE_END
            if kind == "end" and not anesthesia_line and not p.handoff.search(line) and not bare_end:
                kind = None  # and only a bare "end 10:30" continuing the line before
            if kind is None and first_time and carried:
                kind = carried[0] if carried[0] not in ("start", "end") or carried[1] else None
            previous_end = match.end()
            if kind is None:  # "07:20 anesthesia start": the label right after the time, consumed by it
                following = times[index + 1].start() if index + 1 < len(times) else len(line)
                after = [(p, k) for p, k in labels if match.end() < p <= min(following, match.end() + 30)]
                # only a label that directly follows ("07:20 anesthesia start"), not the next clause's
                # ("at 1402. Anes start 1355")
                directly = (after and not p.clause_punctuation.search(line[match.end(): after[0][0]])
                            and not p.time.match(line[after[0][0]:].lstrip(" :")))
                if directly and (after[0][1] not in ("start", "end") or anesthesia_line):
                    previous_end, kind = after[0]
            first_time = False
            value = minutes_of(match)
            if kind is None or value is None:
                continue
            span = (offset + match.start(), offset + match.end())
            if kind == "start":
                if pending is not None:
                    close_block(facts, recorder, pending, None)
                pending = (value, *span)
            elif kind == "end" and pending is not None:
                close_block(facts, recorder, pending, (value, *span))
                pending = None
            elif kind in ("in_room", "out_of_room", "pacu"):
                set_facility(facility, kind, value, span, recorder)
        last_time = max((m.end() for m in p.time.finditer(line)), default=0)
        trailing = [kind for position, kind in labels if position > last_time]
        carried = (trailing[-1], anesthesia_line) if trailing and trailing[-1] != "other" else None
    if pending is not None:
        close_block(facts, recorder, pending, None)
    if facility.in_room:
        out = facility.out_of_room or facility.pacu
        if out:
            facility.window_minutes = elapsed(to_minutes(facility.in_room), to_minutes(out))
    facts.facility = facility


