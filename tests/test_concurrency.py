"""The batch concurrency sweep on hand-built provider-day timelines (no notes, no NLP)."""
from __future__ import annotations

import pytest

from assistant.batch.concurrency import CaseTimes, intervals_from_blocks, minute_counts, provider_key, sweep


def case(case_id, start, end, documented, provider="Dr. Ravi Patel", date="2025-05-15"):
    return CaseTimes(case_id, date, provider, intervals_from_blocks([(start, end)]), documented)


def by_id(cases):
    results, counts = sweep(cases)
    return {r.case_id: r for r in results}, counts


def test_one_room_one_crna_is_qy_and_back_to_back_cases_do_not_overlap():
    got, _ = by_id([case("a", "08:00", "09:00", "QY"), case("b", "09:00", "10:15", "QY")])
    assert (got["a"].max_concurrent, got["a"].derived, got["a"].conflict) == (1, "QY", False)
    assert (got["b"].max_concurrent, got["b"].derived, got["b"].overlapping) == (1, "QY", [])


def test_one_room_personally_performed_stays_aa_without_conflict():
    got, _ = by_id([case("solo", "07:30", "08:10", "AA")])
    assert (got["solo"].derived, got["solo"].conflict) == ("AA", False)


@pytest.mark.parametrize("rooms", [2, 3, 4])
def test_two_to_four_overlapping_crna_rooms_are_qk(rooms):
    cases = [case(f"r{i}", f"10:{i * 5:02d}", "11:30", "QK") for i in range(rooms)]
    got, counts = by_id(cases)
    assert all(r.derived == "QK" and r.max_concurrent == rooms and not r.conflict for r in got.values())
    assert max(counts) == rooms


def test_more_than_four_is_ad_and_a_documented_qk_conflicts():
    cases = [case(f"r{i}", f"13:{i * 5:02d}", "14:30", "AD") for i in range(5)]
    cases[0].documented = "QK"
    got, _ = by_id(cases)
    assert {r.derived for r in got.values()} == {"AD"}
    assert got["r0"].conflict and got["r0"].rule_id == "PRICING_MODIFIER_MATCHES_STAFFING"
    assert not any(got[f"r{i}"].conflict for i in range(1, 5))


def test_modifier_follows_the_peak_during_each_case_not_the_whole_day():
    # early case alone, then a 3-room stretch that does not touch it
    cases = [case("early", "07:00", "08:00", "QY"), case("x", "09:00", "10:00", "QK"),
             case("y", "09:10", "10:00", "QK"), case("z", "09:20", "09:40", "QK")]
    got, _ = by_id(cases)
    assert got["early"].derived == "QY" and not got["early"].conflict
    assert got["x"].max_concurrent == 3 and got["z"].max_concurrent == 3
    # a case overlapping only the tail of the stretch sees the count during its own minutes
    got2, _ = by_id(cases + [case("late", "09:50", "11:00", "QY")])
    assert got2["late"].max_concurrent == 3 and got2["late"].derived == "QK" and got2["late"].conflict


def test_personally_performed_case_overlapping_a_directed_one():
    got, _ = by_id([case("aa", "08:30", "09:10", "AA", "Dr. Benjamin Lee"),
                    case("dir", "08:05", "09:20", "QY", "Dr. Benjamin Lee")])
    assert got["aa"].conflict and got["aa"].rule_id == "PERSONAL_PERFORMANCE_OVERLAP" and got["aa"].derived == "AA"
    assert got["aa"].overlapping == ["dir"]
    # the directed case counts the physician's personally performed case too: 2 at once -> QK
    assert got["dir"].max_concurrent == 2 and got["dir"].derived == "QK" and got["dir"].conflict


def test_midnight_crossing_and_split_blocks():
    assert intervals_from_blocks([("23:30", "00:45")]) == [(1410, 1485)]
    assert intervals_from_blocks([("07:20", "07:40"), ("08:05", "09:00")]) == [(440, 460), (485, 540)]
    night = CaseTimes("n", "2025-01-01", "Dr. A", intervals_from_blocks([("23:30", "00:45")]), "QY")
    other = CaseTimes("o", "2025-01-01", "Dr. A", intervals_from_blocks([("23:50", "23:59")]), "QY")
    got, counts = by_id([night, other])
    assert got["n"].max_concurrent == 2 and len(counts) == 1485
    # a gap between blocks is not attendance: a case inside the gap does not overlap
    split = CaseTimes("s", "d", "Dr. A", intervals_from_blocks([("07:20", "07:40"), ("08:05", "09:00")]), "QY")
    gap = CaseTimes("g", "d", "Dr. A", intervals_from_blocks([("07:40", "08:05")]), "QY")
    got, _ = by_id([split, gap])
    assert got["s"].max_concurrent == 1 and got["g"].max_concurrent == 1


def test_minute_counts_are_per_minute():
    counts = minute_counts([case("a", "00:00", "00:03", "QY"), case("b", "00:02", "00:04", "QY")])
    assert counts == [1, 1, 2, 1]


def test_provider_key_matches_name_variants_but_not_other_people():
    assert provider_key("Dr. Benjamin Lee, MD") == provider_key("B. Lee") == provider_key("benjamin lee") == "b lee"
    assert provider_key("Dr. Bruce Lee") == "b lee"  # same initial + surname: grouped (documented limitation)
    assert provider_key("Dr. Anna Lee") != provider_key("Dr. Benjamin Lee")
    assert provider_key(None) is None and provider_key("Dr.") is None


def test_bad_clock_time_is_rejected():
    with pytest.raises(ValueError):
        intervals_from_blocks([("25:00", "26:00")])


def test_a_partial_batch_does_not_lower_the_notes_own_count():
    alone = case("qk-alone", "08:00", "09:00", "QK")
    alone.documented_concurrent = 3  # "directing 3 rooms": the other rooms are not in this batch
    got, _ = by_id([alone])
    assert (got["qk-alone"].derived, got["qk-alone"].conflict) == ("QK", False)


def test_the_log_raises_a_count_the_note_understates():
    cases = [case(f"r{i}", f"10:{i * 5:02d}", "11:30", "QY") for i in range(3)]
    for c in cases:
        c.documented_concurrent = 1
    got, _ = by_id(cases)
    assert all(r.derived == "QK" and r.conflict for r in got.values())
