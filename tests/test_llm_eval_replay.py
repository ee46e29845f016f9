"""CI: `eval --proposer llm` against the hostile replay server (00580 / P5 / 99140 for every case).

The rules must overrule the model: anesthesia_code accuracy at least 0.98 and
every overrule explained in the notices. Runs eval/run_llm_replay.py, which
starts the server on 127.0.0.1 and the real CLI in a subprocess.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_hostile_llm_eval_is_overruled_by_the_rules(tmp_path):
    if not list((ROOT / "eval" / "scenarios").glob("*.jsonl")):
        pytest.skip("no scenario files")
    run = subprocess.run([sys.executable, str(ROOT / "eval" / "run_llm_replay.py"), "--threshold", "0.98"],
                         cwd=ROOT, capture_output=True, text=True, timeout=1200)
    report = run.stdout
    assert run.returncode == 0, report + run.stderr[-2000:]
    accuracy = float(re.search(r"anesthesia_code accuracy (\d\.\d+)", report).group(1))
    assert accuracy >= 0.98
    requests, overruled = map(int, re.search(r"(\d+) LLM requests, (\d+) LLM choices overruled", report).groups())
    assert requests > 0 and overruled >= requests  # every hostile answer was overruled at least once
    assert "case errors 0" in report and "UNEXPLAINED" not in report
