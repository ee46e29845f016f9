"""`eval --report DIR` and `--compare`: the report's sections, failures with evidence, the diff of two runs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.eval_report.compare import compare_runs
from assistant.eval_report.tables import accuracy_by, confusion
from assistant.evaluate import ScenarioOutcome

ROOT = Path(__file__).resolve().parent.parent


def _labeled(tmp_path: Path) -> Path:
    """Six real scenarios, three with labels changed so they fail, one unreadable note, one bad line."""
    rows = [json.loads(line) for line in (ROOT / "eval" / "scenarios" / "core.jsonl").read_text().splitlines()[:6]]
    rows[0]["expected"]["anesthesia_code"] = "00404"
    rows[1]["expected"]["pricing_modifiers"] = {"anesthesiologist": "QK", "crna": "QX"}
    rows[2]["style"] = "typos"
    rows[3]["note"] = ""
    path = tmp_path / "labeled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "not json\n")
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    labeled = _labeled(tmp)
    code = main(["eval", str(labeled), "--format", "json", "--proposer", "rules", "--report", str(tmp / "rep")])
    return code, tmp / "rep", labeled


def test_report_files_and_sections(report):
    code, folder, _ = report
    assert code == 0
    page = (folder / "report.html").read_text()
    headings = re.findall(r"<h2>([^<]*)</h2>", page)
    assert headings[:5] == ["Accuracy per field", "Confusion matrix: anesthesia codes", "Confusion matrix: "
                            "pricing modifier",
                            "Accuracy by note style", "Accuracy by payer"]
    assert headings[-1].startswith("Failures (4 case")
    assert "<svg" in page
    summary = json.loads((folder / "summary.json").read_text())
    assert set(summary) >= {"n", "accuracy", "findings", "seconds_per_case", "failures"} and summary["n"] == 7
    assert len((folder / "cases.jsonl").read_text().splitlines()) == 7


def test_failures_show_the_fields_the_note_excerpt_and_the_evidence(report):
    _, folder, _ = report
    page = (folder / "report.html").read_text()
    lipoma = page.split('id="case-seed-lipoma-forearm-01"')[1].split('<div class="case"')[0]
    assert "&quot;00404&quot;" in lipoma and "&quot;00400&quot;" in lipoma
    assert "Evidence used" in lipoma and "<mark>" in lipoma and "lipoma" in lipoma.lower()
    burn = page.split('id="case-seed-burn-debridement-3pct-02"')[1].split('<div class="case"')[0]
    assert "PERSONALLY_PERFORMED" in burn  # the staffing evidence behind the AA the assistant chose
    assert "note is empty" in page and "labeled.jsonl:7" in page


def test_confusion_matrix_shows_only_confused_codes(report):
    _, folder, _ = report
    page = (folder / "report.html").read_text()
    codes = page.split('<section id="codes">')[1].split("</section>")[0]
    assert "<th>00404</th>" in codes and "<th>00400</th>" in codes
    assert "Always right: 01951 (1)" in codes


def test_compare_with_a_previous_run(report, tmp_path, capsys):
    _, folder, labeled = report
    capsys.readouterr()
    clean = ROOT / "eval" / "scenarios" / "core.jsonl"
    assert main(["eval", str(clean), "--proposer", "rules", "--compare", str(folder), "--report",
                 str(tmp_path / "rep2")]) == 0
    err = capsys.readouterr().err
    assert "Compared with" in err and "anesthesia_code" in err and "newly passing 3" in err
    page = (tmp_path / "rep2" / "report.html").read_text()
    assert "Comparison with another run" in page and "Newly passing" in page
    # a missing or malformed run: clear error, and the report is still written
    (tmp_path / "bad.json").write_text("[1]")
    assert main(["eval", str(labeled), "--proposer", "rules", "--compare", str(tmp_path / "bad.json"), "--report",
                 str(tmp_path / "rep3")]) == 2
    assert "no 'accuracy' object" in capsys.readouterr().err
    assert (tmp_path / "rep3" / "report.html").exists()


def test_compare_runs_diff_and_flips():
    this = {"n": 2, "accuracy": {"anesthesia_code": 1.0, "units": 0.5}, "failures": [{"id": "b", "field": "units"}]}
    other = {"n": 2, "accuracy": {"anesthesia_code": 0.5, "units": 1.0},
             "failures": [{"id": "a", "field": "anesthesia_code"}]}
    diff = compare_runs(this, other)
    assert diff["fields"][0] == {"field": "anesthesia_code", "this": 1.0, "other": 0.5, "delta": 0.5}
    assert diff["newly_failing"] == [("b", "units")] and diff["newly_passing"] == [("a", "anesthesia_code")]
    # a case only one run scored is neither newly failing nor newly passing
    diff = compare_runs(this, {**other, "_ids": ["a"]}, this_ids={"b"})
    assert diff["newly_failing"] == [] and diff["newly_passing"] == []


def test_group_accuracy_and_confusion_tables():
    outcomes = [
        ScenarioOutcome("1", {"anesthesia_code": "00400"}, {"anesthesia_code": "00400"},
                        scored={"anesthesia_code": True}, style="a", payer="medicare"),
        ScenarioOutcome("2", {"anesthesia_code": "00404"}, {"anesthesia_code": "00400"},
                        scored={"anesthesia_code": False}, style="a", payer="medicare"),
        ScenarioOutcome("3", {"anesthesia_code": None}, None, error="boom", scored={"anesthesia_code": False},
                        style=None, payer="commercial"),
    ]
    table = accuracy_by(outcomes, "style")
    assert table["a"]["n"] == 2 and table["a"]["anesthesia_code"] == 0.5 and table["(none)"]["case_exact"] == 0.0
    pairs = confusion(outcomes, "anesthesia_code")
    assert pairs == {("00400", "00400"): 1, ("00404", "00400"): 1, ("(none)", "error"): 1}
