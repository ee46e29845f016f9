from assistant.extract import extract


def blocks(note: str) -> list[int | None]:
    return [b.minutes for b in extract(note).anesthesia_blocks]


def test_colon_times():
    assert blocks("Anesthesia start: 07:32\nAnesthesia end: 08:02\n") == [30]


def test_four_digit_times_on_one_line():
    assert blocks("Anesthesia Start 0732  Anesthesia Stop 0915\n") == [103]


def test_am_pm_times():
    assert blocks("Anesthesia time: 11:50 a.m. to 1:05 p.m.\n") == [75]


def test_crossing_midnight():
    assert blocks("Anesthesia start 2330\nAnesthesia end 0045\n") == [75]


def test_several_blocks():
    note = "Anesthesia block 1: 0800-0900\nAnesthesia block 2: 0930-1000\n"
    assert blocks(note) == [60, 30]


def test_incision_time_on_the_anesthesia_line_is_not_an_end():
    assert blocks("Anesthesia start 0700, incision 0720, anesthesia end 0810\n") == [70]


def test_missing_end_time_is_an_open_block():
    facts = extract("Anesthesia start 0700\nPatient to PACU.\n")
    assert [(b.start, b.end) for b in facts.anesthesia_blocks] == [("07:00", None)]


def test_facility_window():
    facts = extract("OR LOG\nPatient in room 07:10\nOut of room 08:15\n")
    assert (facts.facility.in_room, facts.facility.out_of_room, facts.facility.window_minutes) == ("07:10", "08:15", 65)


def test_facility_window_ends_at_pacu_without_out_of_room():
    facts = extract("In room 1310\nTo PACU 1452\n")
    assert facts.facility.window_minutes == 102


def test_stated_total_minutes():
    assert extract("Total anesthesia time: 45 minutes\n").stated_anesthesia_minutes == 45


def test_evidence_offsets_point_at_the_note():
    note = "Header\nAnesthesia start: 07:32\nAnesthesia end: 08:02\n"
    facts = extract(note)
    evidence = facts.evidence_by_id(facts.anesthesia_blocks[0].evidence_id)
    assert note[evidence.start:evidence.end] == evidence.text and "07:32" in evidence.text


def test_event_list_pairs_anesthesia_start_with_anesthesia_stop_not_procedure_stop():
    note = ("Events:\n  Anesthesia Start   0712\n  In Room   0715\n  Procedure Start   0740\n  Procedure Stop   0848\n "
            " Out of Room   0858\n  Anesthesia Stop   0905\n")
    facts = extract(note)
    assert [(b.start, b.end) for b in facts.anesthesia_blocks] == [("07:12", "09:05")]
    assert facts.facility.window_minutes == 103


def test_label_after_the_time():
    assert blocks("07:20 anesthesia start (arterial line in holding) - 07:40 stop\n") == [20]


def test_label_on_the_previous_line():
    assert blocks("Anesthesia start\n13:00, anesthesia end 13:45.\n") == [45]


def test_epidural_start_and_end_are_anesthesia_time():
    assert blocks("Epidural start 0230, end 0915.\n") == [405]


def test_single_letter_meridiem():
    assert blocks("Anesthesia Start 1:12p  Stop 1:41p\n") == [29]
    assert [b.start for b in extract("Anesthesia start 9:15a, end 9:40a\n").anesthesia_blocks] == ["09:15"]


def test_other_rooms_on_a_schedule_are_not_this_anesthetic():
    note = ("Anesthesia start 10:15.  Anesthesia end 10:48.\nOR SCHEDULE / STAFFING LOG\nOR 7 laparoscopic "
            "cholecystectomy, anesthesia 10:30 - 12:05.\n")
    assert blocks(note) == [33]


def test_nursing_time_in_and_time_out_are_the_facility_window():
    facts = extract("NURSING INTRA-OP RECORD: Time In 7:15 a.m.  Time Out 8:31 a.m.\nSurgical time out "
                    "07:20 completed\n")
    assert (facts.facility.in_room, facts.facility.out_of_room) == ("07:15", "08:31")


def test_free_text_care_began_and_handed_off():
    assert blocks("MAC with propofol. Care began 0902, case end 0921.\n") == [19]
    assert blocks("Anesthesia start 0648. Induction 0702.\nTransported to CVICU, handed off to ICU RN 1212.\n") == [324]


def test_bare_start_and_end_under_an_anesthesia_heading():
    note = "ANESTHESIA\nStart 09:20\n| 09:30 | 148/88 | 80 |\n| 10:00 | 132/78 | 74 |\nEnd 11:05\n"
    assert blocks(note) == [105]
