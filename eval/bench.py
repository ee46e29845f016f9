"""Benchmark: time per note through the whole pipeline and the process's peak memory.

    .venv/bin/python eval/bench.py [--repeat 5] [eval/real ...]

With no folders, every labeled set under eval/ is timed; `eval/real` times the real operative notes.
The first pass over a set is reported apart: it meets every word for the first time (cold caches).

Reports figures; it asserts nothing (timed tests would be flaky on shared machines).
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_notes(folders: list[str]) -> list[tuple[str, str]]:
    notes = []
    if folders:
        paths = [p for f in folders for p in sorted(Path(f).glob("*.jsonl"))]
    else:
        paths = sorted((ROOT / "eval").glob("*/*.jsonl"))
    for path in paths:
        for line in path.read_text().splitlines():
            if line.strip():
                scenario = json.loads(line)
                notes.append((scenario["note"], scenario.get("payer", "commercial")))
    return notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("folders", nargs="*", help="folders of scenario .jsonl files (default: every set under eval/)")
    args = parser.parse_args()
    started = time.perf_counter()
    from assistant.extract.nlp import build_pipeline
    from assistant.pipeline import code_note

    build_pipeline()
    code_note("Procedure: excision of lipoma, left forearm.\nGeneral anesthesia.\n", "commercial", "rules")
    warmup = time.perf_counter() - started
    notes = load_notes(args.folders)
    timings, first_pass = [], []
    for repeat in range(args.repeat):
        for note, payer in notes:
            t0 = time.perf_counter()
            code_note(note, payer=payer, proposer="rules")
            timings.append(time.perf_counter() - t0)
            if repeat == 0:
                first_pass.append(timings[-1])
    timings.sort()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {
        "notes": len(timings),
        "mean_note_chars": round(statistics.mean(len(n) for n, _ in notes)),
        "startup_seconds": round(warmup, 2),
        "median_ms_per_note": round(statistics.median(timings) * 1000, 2),
        "first_pass_median_ms": round(statistics.median(first_pass) * 1000, 2),
        "p95_ms_per_note": round(timings[int(len(timings) * 0.95) - 1] * 1000, 2),
        "notes_per_second_one_core": round(len(timings) / sum(timings), 1),
        "peak_memory_mib": round(peak_mib, 1),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
