"""Bad input loses nothing else: every unreadable entry is an error row with its reason, the run goes on.
(Notes as a coder would paste them; every identifier is invented.)"""
from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest

from assistant.batch.runner import LOCK_FILE, run_batch
from assistant.cli import main
from assistant.models import InputError
from assistant.pipeline import code_note

NOTE = """PRE-ANESTHESIA EVALUATION
Patient: Tessaly, Orin   MRN 5501876   DOB 02/14/1979   DOS 05/15/2025
Right knee pain, diagnostic arthroscopy. PMH: none. ASA 1. Plan: LMA.
Allergies: penicillin (rash). Temp 36.8 °C. Fentanyl 50 µg IV.
ANESTHESIA RECORD
Anesthesiologist: Dr. Wren Halvorsen - anesthesia personally performed. No CRNA.
Anesthesia start 08:30   Anesthesia end 09:10
OPERATIVE NOTE
Diagnostic arthroscopy, right knee.
"""


def _records(out: Path) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, (out / "results.jsonl").read_text().splitlines())}


def test_folder_with_dangling_link_loop_and_folder_named_txt_goes_on(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "good.txt").write_text(NOTE)
    (notes / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (notes / "loop.txt").symlink_to(notes / "loop.txt")
    (notes / "x.txt").mkdir()
    for attempt in range(2):  # a rerun must not crash the same way either
        summary = run_batch(notes, tmp_path / "out", progress_stream=io.StringIO())
    records = _records(tmp_path / "out")
    assert records["good"]["status"] == "coded" and records["good"]["summary"]["anesthesia_code"] == "01382"
    assert "does not exist" in records["dangling"]["error"]
    assert "loop" in records["loop"]["error"]
    assert "folder" in records["x"]["error"]
    assert summary["skipped_finished"] == 4
    assert len((tmp_path / "out" / "results.jsonl").read_text().splitlines()) == 4


def test_csv_with_an_unterminated_quote_names_the_line_and_makes_no_note_text_an_id(tmp_path):
    source = tmp_path / "cases.csv"
    second = NOTE.replace("Tessaly, Orin", 'Tessaly, Orin "O')  # a stray quote inside a quoted note
    source.write_text(f'id,note,payer\nc1,"{NOTE}",commercial\nc2,"{second}",medicare\nc3,"{NOTE}",commercial\n')
    run_batch(source, tmp_path / "out", progress_stream=io.StringIO())
    records = _records(tmp_path / "out")
    assert records["c1"]["status"] == "coded"
    broken = [r for r in records.values() if r["status"] == "error"]
    assert len(broken) == 1 and f"CSV line {3 + NOTE.count(chr(10))} " in broken[0]["error"]
    for case_id in records:  # no line of a note (name, DOB, MRN) became a case id
        assert case_id in {"c1", broken[0]["id"]}, case_id
        assert "Tessaly" not in case_id and "DOB" not in case_id and "Anesthesia" not in case_id


def test_csv_quote_never_closed_is_an_error_row_not_a_giant_note(tmp_path):
    source = tmp_path / "cases.csv"
    source.write_text(f'id,note\nc1,"{NOTE}"\nc2,"{NOTE}\nc3,no quotes here\n')
    run_batch(source, tmp_path / "out", progress_stream=io.StringIO())
    records = _records(tmp_path / "out")
    assert records["c1"]["status"] == "coded" and set(records) == {"c1", "row-3"}
    assert records["row-3"]["status"] == "error" and "CSV line" in records["row-3"]["error"]


@pytest.mark.parametrize("encoding, named",
                         [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16-LE"), ("latin-1", "Windows-1252"),
                                             ("cp1252", "Windows-1252")])
def test_other_encodings_are_read_and_named(encoding, named):
    result = code_note(NOTE.encode(encoding), proposer="rules")
    assert result.summary()["anesthesia_code"] == "01382" and result.facts.asa_class == 1
    assert any(named in n for n in result.notices), result.notices
    assert "µg" in result.facts.evidence[0].text or "µg" in NOTE  # decoded text, not replacement characters
    assert "\ufffd" not in "".join(e.text for e in result.facts.evidence)


def test_utf8_is_read_without_a_notice_and_undecodable_bytes_are_refused_by_name():
    assert not [n for n in code_note(NOTE.encode("utf-8"), proposer="rules").notices if "UTF-8" in n]
    with pytest.raises(InputError, match="UTF-16"):
        code_note(b"\xff\xfe" + b"\x00\xd8" + b"A\x00", proposer="rules")  # BOM, then a lone surrogate


def test_a_second_batch_on_the_same_out_is_refused_while_the_first_runs(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text(NOTE)
    out = tmp_path / "out"
    out.mkdir()
    import fcntl

    holder = open(out / LOCK_FILE, "a+")  # what a running batch holds
    fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    holder.write("4242")
    holder.flush()
    with pytest.raises(InputError, match="another batch run .pid 4242. is writing"):
        run_batch(notes, out, progress_stream=io.StringIO())
    assert not (out / "results.jsonl").exists()
    holder.close()
    run_batch(notes, out, progress_stream=io.StringIO())
    assert list(_records(out)) == ["a"]


def test_two_concurrent_batches_write_each_id_once(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    for i in range(6):
        (notes / f"n{i}.txt").write_text(NOTE)
    out, errors = tmp_path / "out", []

    def run():
        try:
            run_batch(notes, out, progress_stream=io.StringIO(), timelines="none")
        except InputError as error:
            errors.append(str(error))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = (out / "results.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == [f"n{i}" for i in range(6)]
    assert len(errors) <= 1


def test_eval_goes_on_past_a_symlink_loop_and_wrongly_typed_expectations(tmp_path, capsys):
    good = {"id": "ok", "note": NOTE, "expected": {"anesthesia_code": "01382", "physical_status": "P1"}}
    bad = {"id": "bad", "note": NOTE, "expected": {"findings": 5}}
    worse = {"id": "worse", "note": NOTE,
             "expected": {"qualifying_circumstances": "99140", "pricing_modifiers": ["AA"]}}
    folder = tmp_path / "sets"
    folder.mkdir()
    (folder / "a.jsonl").write_text("\n".join(json.dumps(s) for s in (good, bad, worse)) + "\n")
    (folder / "loop.jsonl").symlink_to(folder / "loop.jsonl")
    assert main(["eval", str(folder), "--format", "json", "--proposer", "rules"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["n"] == 4 and summary["accuracy"]["anesthesia_code"] < 1
    errors = {f["id"]: f["error"] for f in summary["failures"] if f["field"] == "error"}
    assert any("expected.findings is int" in e for e in errors.values())
    assert any("expected.qualifying_circumstances is str" in e for e in errors.values())
    assert any("loop.jsonl" in e and "cannot be read" in e for e in errors.values())
    assert not [f for f in summary["failures"] if f["id"] == "ok"]
