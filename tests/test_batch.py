"""`batch` end to end on small folders, JSONL and CSV: results, bad cases, resume, concurrency pass."""
from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree
from pathlib import Path

import pytest

from assistant.batch.inputs import read_cases
from assistant.batch.output import finished_ids
from assistant.batch.runner import run_batch
from assistant.cli import main
from assistant.models import InputError

DOS = "05/15/2025"


def directed(doc: str, crna: str, start: str, end: str, ratio: str = "") -> str:
    return f"""PRE-ANESTHESIA EVALUATION
Patient: Test Patient   MRN 5509812   DOB 07/21/1980   DOS {DOS}
Right thyroid nodule. PMH: HTN controlled. ASA 2. Plan: GETA.

ANESTHESIA RECORD
CRNA: {crna}
Anesthesiologist: Dr. {doc}, medically directing{ratio}; present for induction and emergence.
Anesthesia start {start}   Anesthesia end {end}

OPERATIVE NOTE
Right thyroid lobectomy with isthmusectomy.
"""


def personal(doc: str, start: str, end: str) -> str:
    return f"""PRE-ANESTHESIA EVALUATION
Patient: Test Patient   MRN 6011298   DOB 09/19/1984   DOS {DOS}
Right knee pain, diagnostic arthroscopy. PMH: HTN controlled. ASA 2. Plan: LMA.

ANESTHESIA RECORD
Anesthesiologist: Dr. {doc} - anesthesia personally performed. No CRNA assigned.
Anesthesia start {start}   Anesthesia end {end}

OPERATIVE NOTE
Diagnostic arthroscopy, right knee.
"""


# A day of one department: (id, note, modifier the batch must derive, conflict expected)
DAY = [
    ("patel-1room", directed("Ravi Patel", "Owen McBride", "07:00", "08:00"), "QY", False),
    ("patel-2a", directed("Ravi Patel", "Ana Diaz", "09:00", "10:00", " 2 concurrent cases"), "QK", False),
    # note says nothing -> QY on the claim
    ("patel-2b", directed("Ravi Patel", "Ben Ito", "09:30", "10:30"), "QK", True),
    *[(f"wong-{i}", directed("Mei Wong", f"Crna Number{i}", f"12:{i * 10:02d}", "13:30", " 5 concurrent cases"), "AD",
       False) for i in range(5)],
    ("lee-aa", personal("Benjamin Lee", "08:30", "09:10"), "AA", True),
    ("lee-directed", directed("Benjamin Lee", "Tessa Young", "08:05", "09:20"), "QK", True),
    ("kim-aa", personal("Sara Kim", "08:30", "09:10"), "AA", False),
]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _records(out: Path) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, (out / "results.jsonl").read_text().splitlines())}


@pytest.fixture(scope="module")
def day_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("day")
    source = _jsonl(folder / "day.jsonl", [{"id": i, "note": n, "payer": "medicare"} for i, n, _, _ in DAY])
    summary = run_batch(source, folder / "out", workers=1, progress_stream=io.StringIO())
    return folder / "out", summary


def test_day_of_overlapping_rooms_gets_the_right_modifier_for_every_case(day_run):
    out, summary = day_run
    swept = {r["id"]: r for r in map(json.loads, (out / "concurrency.jsonl").read_text().splitlines())}
    for case_id, _, modifier, conflict in DAY:
        assert swept[case_id]["status"] == "swept", case_id
        assert swept[case_id]["derived"] == modifier, case_id
        assert swept[case_id]["conflict"] is conflict, case_id
        if conflict:
            assert swept[case_id]["finding"]["code"] == "CONCURRENCY_CONFLICT"
            assert swept[case_id]["finding"]["source"]
    assert swept["lee-aa"]["overlapping"] == ["lee-directed"]
    assert summary["concurrency"]["provider_days"] == 4 and summary["concurrency"]["conflicts"] == 3
    rows = {r["id"]: r for r in csv.DictReader(open(out / "results.csv", newline=""))}
    assert rows["wong-0"]["batch_modifier"] == "AD" and rows["wong-0"]["batch_concurrency"] == "5"
    assert rows["lee-aa"]["batch_conflict"] == "CONCURRENCY_CONFLICT" and rows["kim-aa"]["batch_conflict"] == ""


def test_timeline_pages_per_provider_day_without_note_text(day_run):
    out, _ = day_run
    pages = sorted(p.name for p in (out / "timelines").glob("*.html"))
    assert pages == ["2025-05-15_b-lee.html", "2025-05-15_m-wong.html", "2025-05-15_r-patel.html",
                     "2025-05-15_s-kim.html", "index.html"]
    page = (out / "timelines" / "2025-05-15_b-lee.html").read_text()
    assert "<svg" in page and "lee-aa" in page and "CONCURRENCY_CONFLICT" in page
    svg = ElementTree.fromstring(page[page.index("<svg"):page.index("</svg>") + 6])  # well-formed
    bars = [r for r in svg.iter("{http://www.w3.org/2000/svg}rect")]
    assert len(bars) == 2 and sum(r.get("stroke") == "#d62728" for r in bars) == 2  # both cases flagged
    assert "thyroid" not in page.lower() and "arthroscopy" not in page.lower()
    assert 'class=conflict' in (out / "timelines" / "index.html").read_text()


def test_results_carry_claim_lines_and_findings(day_run):
    out, summary = day_run
    records = _records(out)
    assert summary["coded"] == len(DAY) and summary["errors"] == 0
    line = records["patel-1room"]["claim_lines"]
    assert [(ln["role"], ln["modifiers"][0]) for ln in line] == [("anesthesiologist", "QY"), ("crna", "QX")]
    assert records["patel-1room"]["summary"]["anesthesia_code"] == "00320"
    assert "thyroid" not in (out / "results.jsonl").read_text().lower()  # results hold codes, never the note


def test_folder_with_bad_cases_records_errors_and_goes_on(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "good.txt").write_text(personal("Sara Kim", "08:30", "09:10"))
    (notes / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (notes / "empty.txt").write_text("   \n")
    (notes / "latin1.txt").write_bytes("Caf\xe9 note".encode("latin-1"))
    (notes / "ignored.md").write_text("not a note")
    summary = run_batch(notes, tmp_path / "out", progress_stream=io.StringIO())
    records = _records(tmp_path / "out")
    assert set(records) == {"good", "binary", "empty", "latin1"}
    assert records["good"]["status"] == "coded"
    assert records["binary"] == {"id": "binary", "payer": "commercial", "status": "error",
                                 "error": "input looks binary (NUL bytes), not a text note"}
    assert records["empty"]["error"] == "note is empty"
    # not UTF-8: read as Windows-1252 (Latin-1) and named in the record (docs/hostile-input.md)
    assert records["latin1"]["status"] == "coded" and "Windows-1252" in " ".join(records["latin1"]["notices"])
    assert (summary["coded"], summary["errors"]) == (2, 2)
    rows = list(csv.DictReader(open(tmp_path / "out" / "results.csv", newline="")))
    assert {r["id"]: r["status"] for r in rows} == {"good": "coded", "binary": "error", "empty": "error",
                                                    "latin1": "coded"}


def test_csv_input_with_default_payer_unknown_payer_and_multiline_notes(tmp_path):
    source = tmp_path / "cases.csv"
    with open(source, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "note", "payer"])
        writer.writerow(["c1", personal("Sara Kim", "08:30", "09:10"), ""])
        writer.writerow(["c2", personal("Sara Kim", "10:30", "11:10"), "medicare"])
        writer.writerow(["c3", personal("Sara Kim", "12:30", "13:10"), "no-such-payer"])
    run_batch(source, tmp_path / "out", progress_stream=io.StringIO())
    records = _records(tmp_path / "out")
    assert records["c1"]["payer"] == "commercial" and records["c2"]["payer"] == "medicare"
    assert records["c3"]["status"] == "error" and "no-such-payer" in records["c3"]["error"]


def test_jsonl_bad_lines_are_recorded(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "ok", "note": personal("Sara Kim", "08:30", "09:10")}) + "\n{broken\n"
                      + json.dumps({"id": "nonote", "text": "x"}) + "\n[1,2]\n")
    summary = run_batch(source, tmp_path / "out", progress_stream=io.StringIO())
    records = _records(tmp_path / "out")
    assert records["ok"]["status"] == "coded"
    assert records["line-2"]["error"].startswith("line 2: not a JSON object")
    assert records["nonote"]["error"] == "line 3: no 'note' string"
    assert records["line-4"]["status"] == "error"
    assert records["line-2"]["input"] == "{broken" and records["nonote"]["input"] == '{"id": "nonote", "text": "x"}'
    assert "input" not in records["ok"]  # a coded case keeps no input text
    assert summary["errors"] == 3


def test_resume_skips_finished_ids_and_recodes_a_half_written_case(tmp_path):
    rows = [{"id": f"k{i}", "note": personal("Sara Kim", f"{8 + i:02d}:00", f"{8 + i:02d}:40")} for i in range(4)]
    source = _jsonl(tmp_path / "in.jsonl", rows[:2])
    out = tmp_path / "out"
    run_batch(source, out, progress_stream=io.StringIO())
    first = (out / "results.jsonl").read_text()
    # a crash mid-write leaves half a line behind
    with open(out / "results.jsonl", "a") as handle:
        handle.write('{"id": "k2", "status": "cod')
    _jsonl(source, rows)
    summary = run_batch(source, out, progress_stream=io.StringIO())
    assert (summary["skipped_finished"], summary["coded"]) == (2, 2)
    text = (out / "results.jsonl").read_text()
    assert text.startswith(first)  # finished lines untouched
    ids = [json.loads(line)["id"] for line in text.splitlines()]
    assert sorted(ids) == ["k0", "k1", "k2", "k3"]
    assert finished_ids(out / "results.jsonl") == {"k0", "k1", "k2", "k3"}
    assert len(list(csv.DictReader(open(out / "results.csv", newline="")))) == 4
    again = run_batch(source, out, progress_stream=io.StringIO())
    assert (again["skipped_finished"], again["coded"], again["errors"]) == (4, 0, 0)
    # temporary id and sweep stores removed
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_repeated_id_in_the_input_is_coded_once(tmp_path):
    note = personal("Sara Kim", "08:30", "09:10")
    source = _jsonl(tmp_path / "in.jsonl",
                    [{"id": "same", "note": note}, {"id": "same", "note": note}, {"id": "other", "note": note}])
    summary = run_batch(source, tmp_path / "out", progress_stream=io.StringIO())
    assert (summary["coded"], summary["skipped_finished"]) == (2, 1)
    assert sorted(_records(tmp_path / "out")) == ["other", "same"]


def test_worker_processes_give_the_same_results_as_one_process(tmp_path):
    source = _jsonl(tmp_path / "day.jsonl", [{"id": i, "note": n} for i, n, _, _ in DAY]
                    + [{"id": "empty", "note": ""}])
    stream = io.StringIO()
    summary = run_batch(source, tmp_path / "out2", workers=2, chunksize=2, progress_stream=stream)
    assert (summary["coded"], summary["errors"]) == (len(DAY), 1)
    derived = {r["id"]: r.get("derived")
               for r in map(json.loads, (tmp_path / "out2" / "concurrency.jsonl").read_text().splitlines())}
    assert derived == {case_id: modifier for case_id, _, modifier, _ in DAY}
    progress = stream.getvalue()
    assert f"{len(DAY) + 1}/{len(DAY) + 1}" in progress and "notes/s" in progress and "ETA" in progress
    assert "Patient" not in progress and "thyroid" not in progress


def test_cli_batch_subcommand_and_bad_input(tmp_path, capsys):
    source = _jsonl(tmp_path / "in.jsonl", [{"id": "one", "note": personal("Sara Kim", "08:30", "09:10")}])
    assert main(["batch", str(source), "--out", str(tmp_path / "out"), "--timelines", "none"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["coded"] == 1 and not (tmp_path / "out" / "timelines").exists()
    (tmp_path / "notes.xlsx").write_bytes(b"x")
    assert main(["batch", str(tmp_path / "notes.xlsx"), "--out", str(tmp_path / "o2")]) == 2
    assert "must be a folder" in capsys.readouterr().err
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("id,text\n1,hello\n")
    with pytest.raises(InputError, match="'note' column"):
        list(read_cases(bad_csv))
