"""Adds `--report DIR` and `--compare RUN` to `eval` (registers itself on import)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.cli import EVAL_HOOKS, EVAL_OPTIONS


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--report", metavar="DIR", help="write an HTML report (report.html, summary.json, "
                        "cases.jsonl) to DIR")
    parser.add_argument("--compare", metavar="RUN", help="another run to compare with: an `eval --format json` file or "
                        "a report folder")


def _scenario_paths(files: list[str]) -> list[Path]:
    paths = []
    for name in files:
        path = Path(name)
        paths.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    return paths


def hook(args: argparse.Namespace, summary: dict, outcomes) -> None:
    report_dir, other = getattr(args, "report", None), getattr(args, "compare", None)
    if not report_dir and not other:
        return
    from assistant.eval_report.compare import compare_runs, load_run, render_compare_text
    from assistant.eval_report.html import write_report

    diff, problem, other_run = None, None, None
    if other:
        try:
            other_run = load_run(other)
            diff = compare_runs(summary, other_run, {o.id for o in outcomes})
            print(render_compare_text(diff, other), file=sys.stderr)
        except Exception as error:  # the report is still written; the bad --compare is reported after
            problem = error
    if report_dir:
        path = write_report(Path(report_dir), summary, outcomes, _scenario_paths(args.files), args.proposer, diff,
                            other or "",
                            other_run["accuracy"] if other_run else None)
        print(f"report: {path}", file=sys.stderr)
    if problem:
        raise problem


if configure not in EVAL_OPTIONS:
    EVAL_OPTIONS.append(configure)
    EVAL_HOOKS.append(hook)
