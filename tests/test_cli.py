"""The command line as a coder and a billing team use it, run as a real process."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "eval" / "samples" / "lipoma_forearm.txt"


def run(*args, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True, cwd=ROOT,
                          timeout=120)


def test_code_a_sample_note_as_json():
    result = run("code", str(SAMPLE), "--payer", "medicare", "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    payload = json.loads(result.stdout)
    assert payload["summary"]["anesthesia_code"] == "00400"
    assert payload["summary"]["units"] == 5.0
    assert payload["claim"]["lines"][0]["modifiers"][:2] == ["AA", "P1"]


def test_code_reads_stdin_and_prints_a_readable_report():
    result = run("code", "-", stdin=SAMPLE.read_bytes())
    assert result.returncode == 0
    text = result.stdout.decode()
    assert "Anesthesia code 00400-P1-AA" in text and "Findings: none" in text


@pytest.mark.parametrize("content,message", [
    (b"", "note is empty"),
    (b"   \n\t\n", "note is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    (b"\xff\xfe\xfa\xfb invalid utf8 \xc3\x28", "not UTF-8"),
    (b"ANESTHESIA RECORD " * 300_000, "limit"),
])
def test_bad_input_is_one_clear_line_and_a_non_zero_exit(tmp_path, content, message):
    note = tmp_path / "note.txt"
    note.write_bytes(content)
    result = run("code", str(note))
    assert result.returncode == 2
    stderr = result.stderr.decode().strip()
    assert stderr.startswith("error: ") and message in stderr and len(stderr.splitlines()) == 1
    assert result.stdout == b""


def test_unknown_payer_is_a_clear_error():
    result = run("code", str(SAMPLE), "--payer", "acme")
    assert result.returncode == 2 and "unknown payer 'acme'" in result.stderr.decode()


def test_missing_file_is_a_clear_error():
    result = run("code", "no/such/note.txt")
    assert result.returncode == 2 and "no such file" in result.stderr.decode()


def test_eval_reports_a_malformed_line_and_goes_on(tmp_path):
    good = {"id": "ok-1", "payer": "medicare", "note": SAMPLE.read_text(),
            "expected": {"anesthesia_code": "00400", "units": 5.0}}
    only_code = {"id": "ok-2", "note": SAMPLE.read_text(), "expected": {"anesthesia_code": "00400"}}
    scenarios = tmp_path / "set.jsonl"
    scenarios.write_text(json.dumps(good) + "\n{not json\n" + json.dumps(only_code) + "\n")
    result = run("eval", str(scenarios), "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    summary = json.loads(result.stdout)
    assert summary["n"] == 3
    assert summary["accuracy"]["units"] == 1.0  # only the scenario that labels units is scored on it
    assert summary["accuracy"]["anesthesia_code"] == round(2 / 3, 4)
    errors = [f for f in summary["failures"] if f["field"] == "error"]
    assert len(errors) == 1 and "line 2" in errors[0]["error"]


def test_eval_contract_keys():
    result = run("eval", str(ROOT / "eval" / "scenarios" / "styles.jsonl"), "--format", "json")
    summary = json.loads(result.stdout)
    assert set(summary) >= {"n", "accuracy", "findings", "seconds_per_case", "failures"}
    assert set(summary["accuracy"]) >= {"anesthesia_code", "physical_status", "qualifying_circumstances",
                                        "anesthesia_minutes", "pricing_modifiers", "other_modifiers", "units",
                                        "case_exact"}
    assert set(summary["findings"]) == {"recall", "false_positives"}


def test_a_long_note_is_coded_in_chunks_with_offsets_intact():
    from assistant.pipeline import code_note

    note = SAMPLE.read_text() + ("\nVitals: BP 120/80 HR 72 SpO2 99%. Labs reviewed, unremarkable.\n" * 800)
    result = code_note(note, payer="medicare")
    assert result.summary()["anesthesia_code"] == "00400"
    assert all(note[e.start:e.end] == e.text for e in result.facts.evidence)
