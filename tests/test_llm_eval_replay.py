"""CI: eval/run_llm_replay.py over the project's scenarios with hostile, upcode and nocode replay models.

A hostile model (wrong codes, P5, 99140, invented, past-history, negated and placeholder quotes, real
words copied under a code of another body part) must not push any field below the rules proposer's own
figure; an upcoding model gains no base unit without LLM_PAYS_MORE; a no-code model drops no claim
without a review finding. The script starts the replay server on 127.0.0.1 and runs the real pipeline.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_hostile_upcode_and_nocode_replays_hold_the_bars():
    if not list((ROOT / "eval" / "scenarios").glob("*.jsonl")):
        pytest.skip("no scenario files")
    run = subprocess.run([sys.executable, str(ROOT / "eval" / "run_llm_replay.py"), "--check", "--answers", "hostile",
                          "--answers", "upcode", "--answers", "nocode", str(ROOT / "eval" / "scenarios")],
                         cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    report = json.loads(run.stdout)
    rules = report["rules"]["accuracy"]
    for name, value in report["hostile"]["accuracy"].items():
        assert value >= rules[name], f"hostile {name} {value} below the rules' {rules[name]}"
    for mode in ("hostile", "upcode", "nocode"):
        replay = report[mode]["replay"]
        assert replay["requests"] == report["n"] and replay["unmatched_requests"] == 0 and replay["fallbacks"] == 0
        assert replay["base_units_gained_without_review"] == 0 and replay["claims_dropped_without_review"] == 0
    # the upcodes were real, and all held for review
    assert report["upcode"]["replay"]["base_units_gained_over_rules"] > 0
    assert report["nocode"]["replay"]["cases_sent_to_review"] > 0
