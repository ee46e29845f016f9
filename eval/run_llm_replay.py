"""CI check: `eval --proposer llm` against a hostile OpenAI-compatible replay server.

Starts tests/llm_replay_server.py on 127.0.0.1 answering 00580 / P5 / 99140 for
every case, points the assistant at it (OPENAI_BASE_URL, ASSISTANT_LLM_MODEL,
a throwaway database for the response cache), runs

    python -m assistant eval eval/scenarios --proposer llm --format json

and fails unless anesthesia_code accuracy is at least the threshold (the rules
overrule the model) and every overrule of an LLM choice is explained in the
result's notices ("LLM proposed X for field; rules changed it to Y because Z").

Run:  python eval/run_llm_replay.py [--threshold 0.98] [scenario files or folders]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.llm_replay_server import ReplayServer, hostile  # noqa: E402


def _scenarios(paths: list[str]) -> list[dict]:
    rows = []
    for name in paths:
        path = Path(name)
        for file in sorted(path.glob("*.jsonl")) if path.is_dir() else [path]:
            rows.extend(json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip())
    return rows


def unexplained_overrules(scenarios: list[dict]) -> tuple[int, list[str]]:
    """(overrules seen, problems): every LLM choice the final claim does not keep must have a notice."""
    from assistant.extract import extract
    from assistant.pipeline import code_note
    from assistant.propose.llm import propose_with_llm

    seen, problems = 0, []
    for scenario in scenarios:
        result = code_note(scenario["note"], payer=scenario.get("payer", "commercial"), proposer="llm", case_id=scenario["id"])
        if result.proposer != "llm":
            problems.append(f"{scenario['id']}: the LLM answer was not used ({[f.message for f in result.findings if f.code == 'LLM_FALLBACK']})")
            continue
        requested = propose_with_llm(extract(scenario["note"]), scenario["note"])  # served from the response cache
        final = result.proposal
        pairs = [("anesthesia_code", requested.anesthesia_code.value, final.anesthesia_code.value),
                 ("physical_status", requested.physical_status.value, final.physical_status.value)]
        kept = {q.value for q in final.qualifying_circumstances}
        pairs += [("qualifying_circumstances", q.value, q.value if q.value in kept else None) for q in requested.qualifying_circumstances]
        cleared = final.not_billable_reason is not None and any(n.startswith("LLM proposed") and "for anesthesia_code;" in n for n in result.notices)
        for field, asked, got in pairs:
            if asked == got:
                continue
            seen += 1
            if cleared and field != "anesthesia_code":
                continue  # not billable: the code's explanation covers the whole claim
            if not any(n.startswith(f"LLM proposed {asked or 'nothing'} for {field};") and " because " in n for n in result.notices):
                problems.append(f"{scenario['id']}: LLM {field} {asked} -> {got} without an explanation")
    return seen, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "eval" / "scenarios")])
    parser.add_argument("--threshold", type=float, default=0.98)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="llm-replay-") as folder, ReplayServer(hostile) as server:
        env = {
            **os.environ,
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "replay",
            "ASSISTANT_LLM_MODEL": "hostile-replay",
            "ASSISTANT_LLM_RETRIES": "0",
            "ASSISTANT_DATABASE_URL": f"sqlite:///{folder}/replay.db",
        }
        run = subprocess.run([sys.executable, "-m", "assistant", "eval", *args.paths, "--proposer", "llm", "--format", "json"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
        if run.returncode != 0:
            print(run.stderr[-2000:], file=sys.stderr)
            return 1
        summary = json.loads(run.stdout)
        calls = server.count
        os.environ.update({k: env[k] for k in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "ASSISTANT_LLM_MODEL", "ASSISTANT_LLM_RETRIES", "ASSISTANT_DATABASE_URL")})
        from assistant.settings import get_settings

        get_settings.cache_clear()
        overrules, problems = unexplained_overrules(_scenarios(args.paths))
    code_accuracy = summary["accuracy"]["anesthesia_code"]
    fallbacks = sum(1 for f in summary["failures"] if f.get("field") == "error")
    print(f"hostile replay server: {summary['n']} scenarios, {calls} LLM requests, {overrules} LLM choices overruled")
    print(f"anesthesia_code accuracy {code_accuracy:.3f} (threshold {args.threshold:.2f}); case errors {fallbacks}")
    for name, value in summary["accuracy"].items():
        print(f"  {name:<26} {'-' if value is None else f'{value:.3f}'}")
    for problem in problems[:20]:
        print(f"UNEXPLAINED: {problem}")
    ok = code_accuracy is not None and code_accuracy >= args.threshold and not problems
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
