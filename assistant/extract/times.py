"""Anesthesia time blocks and facility (OR log) times, line by line.

Formats: 07:32, 0732, 7:32 am, 7:32 p.m., 7pm; ranges "0732-0802", "7:32 to 8:02";
labelled "Anesthesia start 0732 ... Anesthesia end 0802"; several blocks; midnight.
"""
from __future__ import annotations

import re

from assistant.extract.evidence import EvidenceRecorder
from assistant.models import Facts, FacilityTimes, TimeBlock

TIME = r"(?<![\d/.:])(?:(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap]\.?m\.?|[ap](?![a-z]))?|(\d{1,2})\s*([ap]\.?m\.?)|([01]\d|2[0-3])([0-5]\d)(?:\s*h(?:rs|ours)?)?)(?![\d/:])"
_TIME_RE = re.compile(TIME, re.I)
_RANGE_RE = re.compile(TIME + r"\s*(?:-|–|—|to|until|through)\s*" + TIME, re.I)
_ANESTHESIA_LINE = re.compile(r"\ban(?:a)?es(?!thesiolog)\w*|\bblock\b[^\n]{0,60}\b(?:start|begin)|\bcare\s+(?:began|begins|started|start|resumed|assumed|transferred|ended)|\bassumed\s+care|\bcase\s+(?:start|end)|^\s*(?:nerve\s+|regional\s+|peripheral\s+)?block\b|\b(?:epidural|spinal|block|mac|sedation|neuraxial|labor analgesia)\s+(?:start|end|stop|began|begin|ended|stopped|time)|\bblock\s*\d|\ba(?:st|et)\b|\banes[- ]?(?:start|end|stop)|^\s*(?:start|begin)\b[^\n]*\b(?:end|stop)\b", re.I)
_START = re.compile(r"\b(start(?:ed)?|strt|begin|began|begins|ast|resumed|assumed\s+care)\b|(?<=anes)(start|begin)\b", re.I)
_END = re.compile(r"\b(end(?:ed)?|stop(?:ped)?|stp|finish(?:ed)?|released|release|aet|handed\s+off|care\s+transferred|transferred\s+care|transfer\s+of\s+care)\b|(?<=anes)(end|stop)\b", re.I)
_FACILITY_IN = re.compile(r"\b(in[- ]rm\b|in[- ]room\b|time\s+in\b|in (?:the )?or\b|into (?:the )?or\b|wheels in|patient in\b|pt in\b|entered (?:the )?or|arrived (?:in )?(?:the )?or|or in\b|room in\b)", re.I)
_FACILITY_OUT = re.compile(r"\b(oor|out[- ]of[- ]rm|out[- ]of[- ]room|out of (?:the )?or\b|wheels out|left (?:the )?or|patient out\b|pt out\b|or out\b|room out\b|exit(?:ed)? (?:the )?or)", re.I)
_PACU = re.compile(r"\b(pacu|post[- ]anesthesia care unit|recovery room|hand[- ]?off|handover)\b", re.I)
_NOT_ANESTHESIA = re.compile(r"\b((?:end|start|beginning)\s+of\s+(?:surgery|procedure|case|operation)|incision|(?:procedure|surgery|surgical|op|operation|cut|closing)\s+(?:start|end|stop|begin|began|finish|finished|complete)\w*|closure|cut|induction|emergence|intubat\w*|extubat\w*|sign[- ]in|sign[- ]out|time[- ]?out|ready)\b", re.I)
_ABBREVIATED = re.compile(r"\b(AS|AST|ATS|AE|AET|ATE)\b")  # uppercase only: "AS 0815  AE 0849"
_EVENT_LINE = re.compile(r"^\s*[\[(]?\s*" + TIME + r"\s*[\])]?\s+(?P<event>\D.*)$", re.I)
_ANESTHESIA_EVENT = re.compile(r"\ban(?:a)?es\w*\.?\s*(start|begin|began|end|stop|ended|stopped|finish)|\b(?:epidural|block|sedation|mac|ga)\s+(start|end|stop)", re.I)
_OTHER_CASES_SECTIONS = {"schedule"}
_HEADING = re.compile(r"^\s*[A-Z][A-Z /&()\-]{3,}:?\s*$")
_ANESTHESIA_HEADING = re.compile(r"^\s*AN(?:A)?ESTHESIA(?:\s+(?:RECORD|TIMES?|SUMMARY))?\s*:?\s*$", re.I)
_BARE_LABEL = re.compile(r"^\s*(?:start|end|stop|begin|finish)\b", re.I)
_HANDOFF = re.compile(r"\b(handed\s+off|care\s+transferred|transferred\s+care|transfer\s+of\s+care)\b", re.I)
_ROOM_BEFORE = re.compile(r"\b(?:or|room|rm)\s*#?\s*\d{1,2}\b[^\n\d]{0,60}\(?\s*$", re.I)
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
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
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


_ANESTHESIA_WORDS = {"anesthesia", "anaesthesia", "anesthetic", "anes", "anesth", "epidural", "spinal", "block",
                     "neuraxial", "mac", "sedation", "ga", "care", "time", "record", "labor", "analgesia", "case"}


def _event_owner(line: str, at: int, kind: str) -> str:
    """ "Excision start", "OLV end", "Tourniquet start": a start/end word right after another noun
    belongs to that event, not to the anesthetic."""
    before = re.search(r"(?:^|[\s|:;,/(])([A-Za-z]{2,})[ \t]+$", line[:at])
    word = before.group(1).lower() if before else ""
    if word and word not in _ANESTHESIA_WORDS and not word.startswith(("anes", "anaes", "anst")) and word not in ("am", "pm"):
        return "other"
    return kind


def _labels(line: str) -> list[tuple[int, str]]:
    """(end offset, kind) of every time label on a line (a parenthetical qualifier is not a label)."""
    line = re.sub(r"\([^()\n]*\)", lambda m: " " * len(m.group()), line)
    if re.search(r"\btime\s+in\b", line, re.I):  # "Time In 7:15  Time Out 8:31": a nursing record, not a surgical time-out
        line = re.sub(r"\btime\s+out\b", lambda m: "OOR".ljust(len(m.group())), line, flags=re.I)
    found = [(m.end(), "start" if m.group(1) in ("AS", "AST", "ATS") else "end") for m in _ABBREVIATED.finditer(line)]
    found += [(m.end(), _event_owner(line, m.start(), "start")) for m in _START.finditer(line)]
    found += [(m.end(), _event_owner(line, m.start(), "end")) for m in _END.finditer(line)]
    found += [(m.end(), "in_room") for m in _FACILITY_IN.finditer(line)]
    found += [(m.end(), "out_of_room") for m in _FACILITY_OUT.finditer(line)]
    found += [(m.end(), "pacu") for m in _PACU.finditer(line)]
    found += [(m.end(), "other") for m in _NOT_ANESTHESIA.finditer(line)]
    # "Procedure Start": the event word wins over the start/stop word it ends with
    return sorted(found, key=lambda item: (item[0], item[1] == "other"))


def _clause_start(line: str, at: int) -> int:
    """Where the clause holding position `at` starts: labels of an earlier sentence do not carry."""
    return max((m.end() for m in re.finditer(r"(?<=[A-Za-z0-9)])[.;]\s+|\s/\s", line[:at])), default=0)


def _label_for(labels: list[tuple[int, str]], since: int, at: int, anesthesia_line: bool) -> str | None:
    """The label written between the previous time and this one; anesthesia start/end win on anesthesia lines."""
    kinds = [kind for position, kind in labels if since < position <= at]
    if not kinds:
        return None
    if anesthesia_line and kinds[-1] != "other" and any(k in ("start", "end") for k in kinds):
        return next(k for k in reversed(kinds) if k in ("start", "end"))
    return kinds[-1] if kinds[-1] not in ("start", "end") or anesthesia_line else None


def _read_event(event: re.Match, line: str, offset: int, pending, facility: FacilityTimes, facts: Facts, recorder: EvidenceRecorder):
    """One event-log row: the time first, then what happened."""
    value = _minutes_of_day(event)
    if value is None:
        return pending
    text = event.group("event")
    span = (offset + _TIME_RE.search(line).start(), offset + _TIME_RE.search(line).end())
    anesthesia = _ANESTHESIA_EVENT.search(text)
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
    pending: tuple[int, int, int] | None = None  # minutes, start char, end char
    facility = FacilityTimes()
    carried: tuple[str, bool] | None = None  # a label that ended the previous line ("Anesthesia start\n13:00")
    under_anesthesia_heading = False
    for offset, line in _lines(note):
        stated = _STATED.search(line)
        if stated and facts.stated_anesthesia_minutes is None:
            hours = int(stated.group(1) or stated.group(3) or 0)
            facts.stated_anesthesia_minutes = hours * 60 + int(stated.group(2) or 0)
            facts.stated_minutes_evidence_id = recorder.add(offset + stated.start(), offset + stated.end(), "ANESTHESIA_MINUTES_STATED")
        if recorder.section_at(offset) in _OTHER_CASES_SECTIONS:
            continue  # a staffing board or schedule lists other patients' times
        if _HEADING.match(line):
            under_anesthesia_heading = bool(_ANESTHESIA_HEADING.match(line))
        # "ANESTHESIA\nStart 09:20 ... End 11:05": bare labels under an anesthesia heading
        bare_label = under_anesthesia_heading and _BARE_LABEL.match(line)
        anesthesia_line = bool(_ANESTHESIA_LINE.search(line) or _ABBREVIATED.search(line) or bare_label)
        event = _EVENT_LINE.match(line)
        if event and len(_TIME_RE.findall(line)) == 1:
            # an event log row: "13:42 anesthesia start - GA, LMA", "1121 CRNA sign-out -- anesthesia stop"
            pending = _read_event(event, line, offset, pending, facility, facts, recorder)
            carried = None
            continue
        labels = _labels(line)
        previous_end = 0
        ranges = []
        if anesthesia_line:
            for match in _RANGE_RE.finditer(line):
                since = max(max((m.end() for m in _TIME_RE.finditer(line[: match.start()])), default=0), _clause_start(line, match.start()))
                kinds = [k for p, k in labels if since < p <= match.start()]
                if kinds and kinds[-1] in ("other", "in_room", "out_of_room", "pacu"):
                    ranges.append((match.start(), match.end()))  # another event's range: its times are not single labels
                    continue
                before = line[max(_clause_start(line, match.start()), match.start() - 70): match.start()]
                if _ROOM_BEFORE.search(before) and not re.search(r"\ban(?:a)?es", before, re.I):
                    ranges.append((match.start(), match.end()))
                    continue  # another room's case on the board, not this anesthetic
                start, end = _minutes_of_day(match, 0), _minutes_of_day(match, 7)
                if start is None or end is None:
                    continue
                ranges.append((match.start(), match.end()))
                evidence_id = recorder.add(offset + match.start(), offset + match.end(), "ANESTHESIA_TIME")
                facts.anesthesia_blocks.append(TimeBlock(start=_clock(start), end=_clock(end), minutes=elapsed(start, end), evidence_id=evidence_id))
        first_time = True
        times = list(_TIME_RE.finditer(line))
        # off an anesthesia line a range ("OR 4, 0930-1045") is another event's: its times are not single labels
        other_ranges = [m.span() for m in _RANGE_RE.finditer(line)] if not anesthesia_line else []
        for index, match in enumerate(times):
            if any(a <= match.start() < b for a, b in ranges) or any(a <= match.start() < b for a, b in other_ranges):
                previous_end = match.end()
                continue
            kind = _label_for(labels, max(previous_end, _clause_start(line, match.start())), match.start(), anesthesia_line or pending is not None)
            if kind == "start" and not anesthesia_line:
                kind = None  # off an anesthesia line, only an end can close an open block
            if kind == "end" and not anesthesia_line and not _HANDOFF.search(line) and line[: match.start()].strip(" \t:-|").lower() not in ("end", "stop", "ended", "stopped", "and end", "finish"):
                kind = None  # and only a bare "end 10:30" continuing the line before
            if kind is None and first_time and carried:
                kind = carried[0] if carried[0] not in ("start", "end") or carried[1] else None
            previous_end = match.end()
            if kind is None:  # "07:20 anesthesia start": the label right after the time, consumed by it
                following = times[index + 1].start() if index + 1 < len(times) else len(line)
                after = [(p, k) for p, k in labels if match.end() < p <= min(following, match.end() + 30)]
                # only a label that directly follows ("07:20 anesthesia start"), not the next clause's
                # ("at 1402. Anes start 1355")
                directly = after and not re.search(r"[.,;]", line[match.end(): after[0][0]]) and not _TIME_RE.match(line[after[0][0]:].lstrip(" :"))
                if directly and (after[0][1] not in ("start", "end") or anesthesia_line):
                    previous_end, kind = after[0]
            first_time = False
            value = _minutes_of_day(match)
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
        last_time = max((m.end() for m in _TIME_RE.finditer(line)), default=0)
        trailing = [kind for position, kind in labels if position > last_time]
        carried = (trailing[-1], anesthesia_line) if trailing and trailing[-1] != "other" else None
    if pending is not None:
        _close_block(facts, recorder, pending, None)
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
