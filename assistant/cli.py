"""Command line: `code` one note, `eval` labeled scenarios (more subcommands register in SUBCOMMANDS)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from assistant.catalog import CatalogError
from assistant.models import InputError
from assistant.pipeline import PROPOSERS
from assistant.safe_text import for_terminal


def _read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    file = Path(path)
    if not file.is_file():
        raise InputError(f"no such file: {path}")
    from assistant.settings import get_settings

    limit = get_settings().max_note_bytes
    if file.stat().st_size > limit:
        raise InputError(f"{path} is {file.stat().st_size:,} bytes; the limit is {limit:,} bytes (one case's "
                         f"documentation)")
    return file.read_bytes()


def cmd_code(args: argparse.Namespace) -> int:
    from assistant.pipeline import code_note
    from assistant.report import render_json, render_text

    result = code_note(_read_input(args.file), payer=args.payer, proposer=args.proposer, case_id=Path(args.file).stem
                       if args.file != "-" else None)
    print(render_json(result) if args.format == "json" else for_terminal(render_text(result)))  # text from the note/LLM
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from assistant.evaluate import render_eval_text, run_eval

    paths = []
    for name in args.files:
        path = Path(name)
        if path.is_dir():
            paths.extend(sorted(path.glob("*.jsonl")))  # an unreadable entry is one error row in the summary
        elif path.is_file() or path.is_symlink():
            paths.append(path)
        else:
            raise InputError(f"no such file: {name}")
    summary, outcomes = run_eval(paths, proposer=args.proposer)
    print(json.dumps(summary, indent=2) if args.format == "json" else for_terminal(render_eval_text(summary)))
    for hook in EVAL_HOOKS:
        hook(args, summary, outcomes)
    return 0


# Other modules add subcommands and eval options here: (name, help, configure(parser), run(args)).
SUBCOMMANDS: list[tuple[str, str, Callable, Callable]] = []
EVAL_OPTIONS: list[Callable[[argparse.ArgumentParser], None]] = []
EVAL_HOOKS: list[Callable] = []


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Anesthesia coding assistant")
    sub = parser.add_subparsers(dest="command", required=True)
    code = sub.add_parser("code", help="code one note (a file, or - for stdin)")
    code.add_argument("file")
    code.add_argument("--payer", default="commercial", help="payer profile id (rules/payers/*.yaml)")
    code.add_argument("--format", choices=["text", "json"], default="text")
    code.add_argument("--proposer", choices=PROPOSERS, default="auto")
    code.set_defaults(run=cmd_code)
    evaluate = sub.add_parser("eval", help="score labeled scenarios (JSON Lines files or folders)")
    evaluate.add_argument("files", nargs="+")
    evaluate.add_argument("--format", choices=["text", "json"], default="text")
    evaluate.add_argument("--proposer", choices=PROPOSERS, default="auto")
    for option in EVAL_OPTIONS:
        option(evaluate)
    evaluate.set_defaults(run=cmd_eval)
    for name, help_text, configure, run in SUBCOMMANDS:
        command = sub.add_parser(name, help=help_text)
        configure(command)
        command.set_defaults(run=run)
    return parser


def _load_plugins() -> None:
    """Optional subcommands (batch, eval reports) register themselves on import."""
    for module in ("assistant.batch.cli", "assistant.eval_report.cli"):
        try:
            __import__(module)
        except ImportError:
            pass


def main(argv: list[str] | None = None) -> int:
    _load_plugins()
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:
        print(for_terminal(f"error: {error}"), file=sys.stderr)
        return 2
    except CatalogError as error:  # a rules/ file with the wrong shape: name it, no traceback
        print(f"error: rules data: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
