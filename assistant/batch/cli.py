"""`python -m assistant batch INPUT --out RESULTS`: registers the subcommand on import."""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from assistant.batch.concurrency_pass import TIMELINE_CHOICES
from assistant.cli import SUBCOMMANDS
from assistant.pipeline import PROPOSERS


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="a folder of .txt notes (id = file name), a .jsonl ({id, note, payer}) or a .csv (id, note, payer)")
    parser.add_argument("--out", required=True, help="results folder: results.jsonl, results.csv, concurrency.jsonl, timelines/")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: one per core)")
    parser.add_argument("--proposer", choices=PROPOSERS, default="auto", help="auto: the LLM when configured, else the rules")
    parser.add_argument("--chunksize", type=int, default=16, help="cases handed to a worker at a time")
    parser.add_argument("--timelines", choices=TIMELINE_CHOICES, default="all", help="provider-day timeline pages to write")


def run(args: argparse.Namespace) -> int:
    from assistant.batch.runner import run_batch

    summary = run_batch(Path(args.input), Path(args.out), workers=args.workers, proposer=args.proposer,
                        chunksize=max(1, args.chunksize), timelines=args.timelines)
    print(json.dumps(summary, indent=2))
    return 0


if not any(name == "batch" for name, *_ in SUBCOMMANDS):
    SUBCOMMANDS.append(("batch", "code a folder, JSONL or CSV of notes (resumable, parallel) with a concurrency pass", configure, run))
