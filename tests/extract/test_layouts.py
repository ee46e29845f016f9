"""Layouts real anesthesia systems print, each written as the note a coder would paste."""
from __future__ import annotations

from assistant.extract import extract
from assistant.coding_logic import anesthesia_minutes


def _blocks(facts):
    return [(b.start, b.end, b.minutes) for b in facts.anesthesia_blocks]


def test_an_event_log_printing_two_events_a_line():
    facts = extract("""INTRAOPERATIVE EVENT LOG
07:25 Anesthesia Start    07:27 Patient in Room
07:40 Induction           07:52 Incision
09:05 Closure             09:14 Anesthesia Stop
09:18 Out of Room         09:22 PACU Arrival
""")
    assert _blocks(facts) == [("07:25", "09:14", 109)]  # not the room time as the start
    assert (facts.facility.in_room, facts.facility.out_of_room, facts.facility.pacu) == ("07:27", "09:18", "09:22")


def test_an_event_log_with_the_room_time_first_on_the_line():
    facts = extract("""EVENT LOG
07:20 Patient in Room     07:25 Anesthesia Start
08:40 Procedure End       08:51 Anesthesia End
08:55 Out of Room
""")
    assert _blocks(facts) == [("07:25", "08:51", 86)]
    assert (facts.facility.in_room, facts.facility.out_of_room) == ("07:20", "08:55")


def test_an_event_log_in_columns_separated_by_bars():
    facts = extract("0725 Anes start | 0727 In room | 0740 Induction\n0912 Anes end | 0915 Out of room\n")
    assert _blocks(facts) == [("07:25", "09:12", 107)]
    assert facts.facility.in_room == "07:27"


def test_a_time_then_event_column_layout():
    facts = extract("""TIME    EVENT
0725    Anesthesia Start
0727    Patient In Room
0914    Anesthesia Stop
0918    Patient Out of Room
""")
    assert _blocks(facts) == [("07:25", "09:14", 109)]
    assert facts.facility.window_minutes == 111


def test_an_event_then_time_column_layout():
    facts = extract("""Event                 Time
Anesthesia Start      07:25
In Room               07:27
Anesthesia End        09:14
Out of Room           09:18
""")
    assert _blocks(facts) == [("07:25", "09:14", 109)]
    assert (facts.facility.in_room, facts.facility.out_of_room) == ("07:27", "09:18")


def test_an_aims_staffing_export_with_a_relief_row():
    facts = extract("""STAFF
Anesthesiologist   Chen, Maria MD      07:25 - 09:14
CRNA               Baker, Tom CRNA     07:25 - 08:10
CRNA (relief)      Ruiz, Jo CRNA       08:10 - 08:25
CRNA               Baker, Tom CRNA     08:25 - 09:14
TIMES
Anesthesia Start   07:25
Anesthesia End     09:14
""")
    assert (facts.staffing.anesthesiologist, facts.staffing.crna) == ("Maria Chen", "Tom Baker")  # not the relief CRNA
    assert _blocks(facts) == [("07:25", "09:14", 109)]


def test_staffing_rows_alone_give_the_anesthesia_time_through_a_relief_break():
    facts = extract("""ANESTHESIA STAFF
Chen, Maria MD (Anesthesiologist)   07:25-09:14   Medical direction
Baker, Tom CRNA                     07:25-08:10
Ruiz, Jo CRNA (relief)              08:10-08:25
Baker, Tom CRNA                     08:25-09:14
Procedure: laparoscopic cholecystectomy. General endotracheal anesthesia.
""")
    assert _blocks(facts) == [("07:25", "09:14", 109)]
    assert anesthesia_minutes(facts)[0] == 109
    assert facts.staffing.medical_direction and facts.staffing.crna == "Tom Baker"


def test_a_surgeon_row_is_no_anesthesia_staff():
    facts = extract("""OR STAFF
Surgeon            Roe, Adam MD        07:40 - 09:00
Circulator         Diaz, Ana RN        07:20 - 09:20
""")
    assert facts.anesthesia_blocks == [] and facts.staffing.anesthesiologist is None


def test_a_staffing_line_with_a_time_range():
    facts = extract("Anesthesia: Dr. Maria Chen 07:25-09:14 (personally performed)\nGA via LMA.\n")
    assert _blocks(facts) == [("07:25", "09:14", 109)]
    assert facts.staffing.anesthesiologist == "Maria Chen" and facts.staffing.personally_performed


def test_a_block_placed_before_anesthesia_start_counts_apart():
    facts = extract("""06:50  Regional block start      07:05  Regional block end
07:25  Anesthesia Start          07:27  Patient in Room
09:14  Anesthesia Stop           09:18  Out of Room
""")
    assert _blocks(facts) == [("06:50", "07:05", 15), ("07:25", "09:14", 109)]
    assert anesthesia_minutes(facts)[0] == 124  # the block by anesthesia in pre-op, then the OR anesthetic
    assert facts.facility.in_room == "07:27"


def test_a_crna_on_a_relief_line_is_not_the_crna_of_record():
    facts = extract("""Anesthesia staff: Dr. Maria Chen (MDA) directing
0725 Anesthesia start
0810 Lunch relief: Jo Ruiz, CRNA in for Thomas Baker
0914 Anesthesia end
Signed: Thomas Baker, CRNA
""")
    assert facts.staffing.crna == "Thomas Baker"
    assert _blocks(facts) == [("07:25", "09:14", 109)]
