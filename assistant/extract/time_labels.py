"""Time labels on one line: which words before or after a clock time make it a start, an end, a facility
time or another event's time ("Excision start", "Incision 0745"). Vocabulary in rules/recognizers/times.yaml."""
from __future__ import annotations

from assistant.extract.recognizers import patterns


def times_patterns():
    return patterns("times")


def event_owner(line: str, at: int, kind: str) -> str:
    """ "Excision start", "OLV end", "Tourniquet start": a start/end word right after another noun
    belongs to that event, not to the anesthetic."""
    p = times_patterns()
    before = p.word_before.search(line[:at])
    word = before.group(1).lower() if before else ""
    if (word and word not in p.words["anesthesia_words"]
        and not word.startswith(("anes", "anaes", "anst")) and word not in ("am", "pm")):
        return "other"
    return kind


def labels(line: str) -> list[tuple[int, str]]:
    """(end offset, kind) of every time label on a line (a parenthetical qualifier is not a label)."""
    p = times_patterns()
    line = p.parenthetical.sub(lambda m: " " * len(m.group()), line)
    if p.time_in.search(line):  # "Time In 7:15  Time Out 8:31": a nursing record, not a surgical time-out
        line = p.time_out.sub(lambda m: "OOR".ljust(len(m.group())), line)
    found = [(m.end(), "start" if m.group(1) in ("AS", "AST", "ATS") else "end") for m in p.abbreviated.finditer(line)]
    found += [(m.end(), event_owner(line, m.start(), "start")) for m in p.start.finditer(line)]
    found += [(m.end(), event_owner(line, m.start(), "end")) for m in p.end.finditer(line)]
    found += [(m.end(), "in_room") for m in p.facility_in.finditer(line)]
    found += [(m.end(), "out_of_room") for m in p.facility_out.finditer(line)]
    found += [(m.end(), "pacu") for m in p.pacu.finditer(line)]
    found += [(m.end(), "other") for m in p.not_anesthesia.finditer(line)]
    # "Procedure Start": the event word wins over the start/stop word it ends with
    return sorted(found, key=lambda item: (item[0], item[1] == "other"))


def clause_start(line: str, at: int) -> int:
    """Where the clause holding position `at` starts: labels of an earlier sentence do not carry."""
    return max((m.end() for m in times_patterns().clause_break.finditer(line[:at])), default=0)


def label_for(labels: list[tuple[int, str]], since: int, at: int, anesthesia_line: bool) -> str | None:
    """The label written between the previous time and this one; anesthesia start/end win on anesthesia lines."""
    kinds = [kind for position, kind in labels if since < position <= at]
    if not kinds:
        return None
    if anesthesia_line and kinds[-1] != "other" and any(k in ("start", "end") for k in kinds):
        return next(k for k in reversed(kinds) if k in ("start", "end"))
    return kinds[-1] if kinds[-1] not in ("start", "end") or anesthesia_line else None
