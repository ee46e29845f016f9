"""The project's labeled scenarios meet the bar the pipeline issue sets."""
from pathlib import Path

from assistant.evaluate import run_eval

SCENARIOS = sorted((Path(__file__).resolve().parent.parent / "eval" / "scenarios").glob("*.jsonl"))


def test_project_scenarios_meet_the_bar():
    summary, _ = run_eval(SCENARIOS, proposer="rules")
    assert summary["n"] >= 80
    assert summary["accuracy"]["anesthesia_code"] >= 0.98, summary["failures"]
    assert summary["accuracy"]["case_exact"] >= 0.95, summary["failures"]
    assert summary["findings"]["recall"] >= 0.95
