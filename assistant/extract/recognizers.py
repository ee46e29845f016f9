"""The note's readers as small registered units, each with its vocabulary in rules/recognizers/<id>.yaml.

A recognizer is one reader (times, staffing, ...): registered here by id, in the order they run
(staffing reads the time blocks that `times` found), and switched off by id with
ASSISTANT_DISABLED_RECOGNIZERS=charges,demographics (as ASSISTANT_DISABLED_RULES does for the
validator). `patterns(id)` hands a reader its compiled, named patterns: `patterns("staffing").crna`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from assistant.catalog import Patterns, compiled_patterns
from assistant.settings import get_settings


def patterns(recognizer: str, rules_dir: str | None = None) -> Patterns:
    return compiled_patterns(rules_dir or get_settings().rules_dir, recognizer)


@dataclass(frozen=True)
class Recognizer:
    id: str
    read: Callable  # (note, recorder, facts) -> None; fills facts


@lru_cache(maxsize=1)
def _registry() -> tuple[Recognizer, ...]:
    from assistant.extract.charges import read_charges
    from assistant.extract.demographics import read_demographics
    from assistant.extract.measurements import read_measurements
    from assistant.extract.physical_status import read_physical_status
    from assistant.extract.procedure_status import read_procedure_status
    from assistant.extract.staff_rows import read_staff_rows
    from assistant.extract.staffing import read_staffing
    from assistant.extract.times import read_times

    return (
        Recognizer("times", read_times),  # anesthesia blocks, facility times, stated minutes
        Recognizer("demographics", read_demographics),
        Recognizer("physical_status", read_physical_status),
        Recognizer("staffing", read_staffing),  # after times: overlapping rooms are read against the blocks
        Recognizer("staff_rows", read_staff_rows),  # after staffing: AIMS staffing rows refine its names
        Recognizer("charges", read_charges),
        Recognizer("measurements", read_measurements),
        Recognizer("procedure_status", read_procedure_status),  # "no resection was performed"
    )


def enabled_recognizers(disabled: set[str] | None = None) -> list[Recognizer]:
    if disabled is None:
        disabled = {r.strip() for r in os.environ.get("ASSISTANT_DISABLED_RECOGNIZERS", "").split(",") if r.strip()}
    registry = _registry()
    unknown = disabled - {r.id for r in registry}
    if unknown:
        raise ValueError(f"ASSISTANT_DISABLED_RECOGNIZERS names no recognizer: {sorted(unknown)}")
    return [r for r in registry if r.id not in disabled]
