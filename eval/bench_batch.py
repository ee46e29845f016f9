"""Batch benchmark: synthesize N cases from the labeled scenarios, run `batch`, report throughput and memory.

    .venv/bin/python eval/bench_batch.py --sizes 1000 10000 100000 --workers 2 [--keep DIR]
    .venv/bin/python eval/bench_batch.py --sizes 10000 --engine local ray --workers 1 2   # Ray beside local

For each size it writes the synthetic JSONL (eval/synth.py), then for every engine and worker count
runs `python -m assistant batch IN --out OUT --engine E --workers W` as a subprocess and samples,
every 0.5 s, the resident memory of that process and all its children together
with how many results are written. It reports:
  - notes_per_second_end_to_end: cases / wall time of the whole command (start-up,
    worker spawn, coding, concurrency pass, CSV, timelines);
  - notes_per_second_steady: rate while between 10% and 90% of the cases were written;
  - peak_rss_mib (all processes summed) and the largest single process;
  - rss_mib_at: total RSS at 25/50/75/100% of the cases, and the growth between 25%
    and 100% (a flat line means memory does not grow with the input).
It asserts nothing: timings belong in reports, not tests. The machine may be shared.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))

from synth import synthesize  # noqa: E402


def _tree_rss(process: psutil.Process) -> tuple[int, int, int]:
    """(sum of RSS over the process and its descendants, largest single RSS, the main process's RSS) in bytes."""
    total = largest = 0
    try:
        members = [process, *process.children(recursive=True)]
        main_rss = process.memory_info().rss
    except psutil.Error:
        return 0, 0, 0
    for member in members:
        try:
            rss = member.memory_info().rss
        except psutil.Error:
            continue
        total += rss
        largest = max(largest, rss)
    return total, largest, main_rss


def _lines(path: Path) -> int:
    try:
        with open(path, "rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except FileNotFoundError:
        return 0


def write_cases(n: int, folder: Path) -> tuple[Path, float]:
    source = folder / f"cases-{n}.jsonl"
    t0 = time.perf_counter()
    with open(source, "w", encoding="utf-8") as handle:
        for case in synthesize(n):
            handle.write(json.dumps(case) + "\n")
    return source, time.perf_counter() - t0


def run_size(n: int, workers: int, folder: Path, timelines: str, engine: str = "local", source: Path | None = None,
             generate_seconds: float = 0.0) -> dict:
    if source is None:
        source, generate_seconds = write_cases(n, folder)
    out = folder / f"out-{n}-{engine}-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "assistant", "batch", str(source), "--out", str(out), "--workers", str(workers),
               "--timelines", timelines, "--engine", engine]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    process = psutil.Process(child.pid)
    samples = []  # (seconds, results written, total rss, largest rss, main process rss)
    results = out / "results.jsonl"
    while child.poll() is None:
        total, largest, main_rss = _tree_rss(process)
        samples.append((time.perf_counter() - started, _lines(results), total, largest, main_rss))
        time.sleep(0.5)
    wall = time.perf_counter() - started
    summary = json.loads(child.stdout.read() or "{}")
    if child.returncode != 0:
        raise SystemExit(f"batch failed with exit code {child.returncode}")
    coded = [s for s in samples if s[1] > 0]

    def at(fraction: float):
        reached = [s for s in coded if s[1] >= fraction * n]
        return reached[0] if reached else (coded[-1] if coded else (0, 0, 0, 0, 0))

    lo, hi = at(0.10), at(0.90)
    steady = (hi[1] - lo[1]) / (hi[0] - lo[0]) if hi[0] > lo[0] else None
    mib = lambda b: round(b / 2**20, 1)  # noqa: E731
    rss_at = {f"{int(f * 100)}%": mib(max(s[2] for s in coded if s[1] <= at(f)[1])) if coded else None
              for f in (0.25, 0.5, 0.75, 1.0)}
    return {
        "cases": n,
        "engine": engine,
        "workers": workers,
        "generate_seconds": round(generate_seconds, 1),
        "wall_seconds": round(wall, 1),
        "notes_per_second_end_to_end": round(n / wall, 1),
        "notes_per_second_steady": round(steady, 1) if steady else None,
        "batch_summary_seconds": summary.get("seconds"),
        "batch_coding_seconds": summary.get("coding_seconds"),
        "coded": summary.get("coded"),
        "errors": summary.get("errors"),
        "concurrency": summary.get("concurrency"),
        "peak_rss_mib_all_processes": mib(max(s[2] for s in samples)) if samples else None,
        "peak_rss_mib_largest_process": mib(max(s[3] for s in samples)) if samples else None,
        "rss_mib_at": rss_at,
        "rss_growth_mib_25_to_100pct": round(rss_at["100%"] - rss_at["25%"], 1) if coded else None,
        "main_process_rss_mib_at": ({f"{int(f * 100)}%": mib(at(f)[4]) for f in (0.25, 0.5, 0.75, 1.0)}
                                    if coded else None),
        "cpu_count": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument("--engine", nargs="+", default=["local"], choices=["local", "ray"])
    parser.add_argument("--timelines", default="all", choices=["all", "conflicts", "none"])
    parser.add_argument("--keep", help="folder for inputs and outputs (default: a temporary folder, removed)")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-batch-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for n in args.sizes:
            source, generate_seconds = write_cases(n, folder)
            rates = {}
            for workers in args.workers:
                for engine in args.engine:
                    row = run_size(n, workers, folder, args.timelines, engine, source, generate_seconds)
                    rates[(engine, workers)] = row["notes_per_second_end_to_end"]
                    print(json.dumps(row), flush=True)
            if len(rates) > 1:
                print(json.dumps({"cases": n, "compared_with_local": {
                    f"{engine} x{workers}": round(rate / rates[("local", workers)], 2)
                    for (engine, workers), rate in rates.items() if ("local", workers) in rates},
                    "scaling_1_to_2_workers": {
                        engine: round(rates[(engine, 2)] / rates[(engine, 1)], 2)
                        for engine in args.engine if (engine, 1) in rates and (engine, 2) in rates}}),
                      flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
