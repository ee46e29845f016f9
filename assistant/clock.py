"""One clock parser for the whole project: the formats are data (rules/recognizers/clock.yaml).

`clock_fragments` gives the regex text every recognizer embeds as ${time} and ${time_to};
`minutes_of(match, prefix)` reads a match of it; `to_minutes` and `clock` convert "HH:MM".
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.settings import get_settings

MINUTES_PER_DAY = 24 * 60


def _rules_dir() -> str:
    return get_settings().rules_dir


@lru_cache(maxsize=8)
def _formats(rules_dir: str) -> tuple[tuple[str, str], ...]:
    """(name, regex text) of every clock format, in file order."""
    from assistant.catalog import recognizer_file

    data = recognizer_file(rules_dir, "clock")
    return tuple((name, spec.regex) for name, spec in data.patterns.items())


def clock_pattern(prefix: str = "", rules_dir: str | None = None) -> str:
    """Any clock time; each format's groups are renamed `{prefix}{format}_{group}` so that two
    times can stand in one pattern (a range) and every format may name its groups alike."""
    rules_dir = rules_dir or _rules_dir()
    from assistant.catalog import recognizer_file

    fragments = recognizer_file(rules_dir, "clock").fragments
    alternatives = []
    for name, regex in _formats(rules_dir):
        renamed = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{prefix}{name}_{m.group(1)}>", regex)
        alternatives.append(renamed)
    # clock words ("pm", "hrs") are read in any case, whatever the flags of the pattern that embeds them
    return "(?i:" + fragments["before"] + "(?:" + "|".join(alternatives) + ")" + fragments["after"] + ")"


@lru_cache(maxsize=8)
def clock_fragments(rules_dir: str) -> dict[str, str]:
    return {"time": clock_pattern("", rules_dir), "time_to": clock_pattern("to_", rules_dir)}


@lru_cache(maxsize=8)
def clock_regex(rules_dir: str | None = None) -> re.Pattern:
    return re.compile(clock_fragments(rules_dir or _rules_dir())["time"], re.I)


@lru_cache(maxsize=32)
def _group_names(rules_dir: str, prefix: str) -> tuple[tuple[str, str | None, str | None], ...]:
    """(hour, minute, meridiem) group names of each format under `prefix`; None where a format has none."""
    out = []
    for name, regex in _formats(rules_dir):
        named = set(re.findall(r"\(\?P<(\w+)>", regex))
        out.append(tuple(f"{prefix}{name}_{g}" if g in named else None for g in ("hour", "minute", "meridiem")))
    return tuple(out)


def minutes_of(match: re.Match, prefix: str = "", rules_dir: str | None = None) -> int | None:
    """Minutes after midnight of the clock time matched under `prefix`; None when it is no time of day."""
    for hour_group, minute_group, meridiem_group in _group_names(rules_dir or _rules_dir(), prefix):
        hour = match.group(hour_group)
        if hour is None:
            continue
        minute = match.group(minute_group) if minute_group else None
        meridiem = match.group(meridiem_group) if meridiem_group else None
        return from_parts(int(hour), int(minute or 0), meridiem)
    return None


def from_parts(hour: int, minute: int, meridiem: str | None) -> int | None:
    if meridiem:
        meridiem = meridiem.lower().replace(".", "")
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute


def parse(text: str) -> int | None:
    """Minutes after midnight of a clock time written alone ("7:32 pm", "0732"), else None."""
    match = clock_regex().fullmatch(text.strip())
    return minutes_of(match) if match else None


def to_minutes(hhmm: str) -> int:
    """'07:32' (the form Facts store) -> 452; anything else is an error."""
    hours, _, minutes = hhmm.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise ValueError(f"not a clock time: {hhmm!r}")
    return int(hours) * 60 + int(minutes)


def clock(minutes: int) -> str:
    """452 -> '07:32' (minutes past a day wrap around)."""
    minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def elapsed(start: int, end: int) -> int:
    """Minutes from start to end; an end before the start crossed midnight."""
    return end - start if end >= start else end + MINUTES_PER_DAY - start
