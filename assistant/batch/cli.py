"""`python -m assistant batch INPUT --out RESULTS`: registers the subcommand on import."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.batch.concurrency_pass import TIMELINE_CHOICES
from assistant.batch.ray_engine import DEFAULT_TASK_TIMEOUT
from assistant.batch.runner import ENGINES
from assistant.cli import SUBCOMMANDS
from assistant.pipeline import PROPOSERS


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="a folder of .txt notes (id = file name), a .jsonl ({id, note, payer}) or a .csv "
                        "(id, note, payer)")
    parser.add_argument("--out", required=True, help="results folder: results.jsonl, results.csv, "
                        "concurrency.jsonl, timelines/")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes, or Ray actors (default: one per core; Ray: per CPU of the cluster)")
    parser.add_argument("--proposer", choices=PROPOSERS, default="auto", help="auto: the LLM when configured, "
                        "else the rules")
    parser.add_argument("--chunksize", type=int, default=16, help="cases handed to a worker at a time")
    parser.add_argument("--timelines", choices=TIMELINE_CHOICES, default="all", help="provider-day timeline "
                        "pages to write")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="local: worker processes here; ray: Ray actors (pip install '.[ray]', docs/batch.md)")
    parser.add_argument("--address", default=None,
                        help="Ray cluster to join (default RAY_ADDRESS; with neither, a local instance for the batch)")
    parser.add_argument("--task-timeout", type=float, default=DEFAULT_TASK_TIMEOUT,
                        help="Ray: seconds a worker may go without finishing a chunk before it is replaced")
    parser.add_argument("--llm-in-flight", type=int, default=None,
                        help="Ray: LLM requests in flight across the whole cluster (default ASSISTANT_LLM_CONCURRENCY)")


def run(args: argparse.Namespace) -> int:
    from assistant.batch.runner import run_batch

    ray_options = {"address": args.address, "task_timeout": args.task_timeout, "llm_in_flight": args.llm_in_flight}
    summary = run_batch(Path(args.input), Path(args.out), workers=args.workers, proposer=args.proposer,
                        chunksize=max(1, args.chunksize), timelines=args.timelines, engine=args.engine,
                        ray_options=ray_options if args.engine == "ray" else None)
    print(json.dumps(summary, indent=2))
    return 0


if not any(name == "batch" for name, *_ in SUBCOMMANDS):
    SUBCOMMANDS.append(("batch", "code a folder, JSONL or CSV of notes (resumable, parallel) with a concurrency pass",
                        configure, run))
