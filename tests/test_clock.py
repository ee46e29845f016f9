"""The one clock parser every reader shares (times, staffing boards, the batch sweep, the proposer)."""
from __future__ import annotations

import re

import pytest

from assistant import clock


@pytest.mark.parametrize("text, minutes", [
    ("07:32", 452), ("7:32 am", 452), ("7:32 p.m.", 1172), ("12:05 am", 5), ("12:05 pm", 725), ("7pm", 1140),
    ("0732", 452), ("2330 hrs", 1410), ("07:32:40", 452),
])
def test_written_times(text, minutes):
    assert clock.parse(text) == minutes


@pytest.mark.parametrize("text", ["13:05 pm", "24:10", "2460", "7", "3/07", "not a time"])
def test_what_is_no_time_of_day(text):
    assert clock.parse(text) is None


def test_a_range_reads_both_ends_and_crosses_midnight():
    both = re.compile(clock.clock_fragments(clock._rules_dir())["time"] + r"\s*-\s*"
                      + clock.clock_fragments(clock._rules_dir())["time_to"])
    match = both.search("OR 5  Moss  lap chole  23:40-0:35")
    start, end = clock.minutes_of(match), clock.minutes_of(match, "to_")
    assert (start, end, clock.elapsed(start, end)) == (1420, 35, 55)


def test_stored_clock_round_trip_and_refusal():
    assert clock.clock(clock.to_minutes("09:05")) == "09:05"
    with pytest.raises(ValueError, match="not a clock time"):
        clock.to_minutes("25:00")
