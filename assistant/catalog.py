"""Schema-checked knowledge files: each rules/ file read through a pydantic model that refuses
unknown keys, so a typo or a missing key fails at start-up naming the file, the entry and the key."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

Role = Literal["heading", "description", "postop_diagnosis", "anesthesia", "not_today", "other", "unlabeled"]


class CatalogError(ValueError):
    """A rules/ file does not have the shape its model requires."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BlockRole(Strict):
    role: Role
    any_word: list[str]
    examples: list[str] = []


class ApproachRule(Strict):
    approach: str
    codes: list[str]  # "00830" or a range "00902-00952"
    code: str
    why: str
    source: str
    examples: list[str] = []


class AnatomyGroup(Strict):
    code: str
    terms: list[str]
    by_approach: dict[str, str] = {}  # approach -> code ("bladder" through a cystoscope is transurethral)
    examples: list[str] = []


def in_code_list(code: str, entries: list[str]) -> bool:
    """True when code is one of the entries ("00830") or inside one of the ranges ("00902-00952")."""
    for entry in entries:
        first, _, last = entry.partition("-")
        if first <= code <= (last or first):
            return True
    return False


class ProcedureReading(Strict):
    """rules/procedure_reading.yaml: where today's procedure is read and how approach and anatomy choose."""

    source: str
    block_roles: list[BlockRole]
    narrative_openers: list[str]
    narrative_min_chars: int
    tiers: list[list[Role]]
    approaches: dict[str, list[str]]
    approach_rules: list[ApproachRule]
    approach_only_yields_to: list[str]
    actions: list[str]
    anatomy: list[AnatomyGroup]

    @field_validator("approach_rules")
    @classmethod
    def _known_approaches(cls, rules: list[ApproachRule], info):
        known = set(info.data.get("approaches", {}))
        unknown = [r.approach for r in rules if r.approach not in known]
        if unknown:
            raise ValueError(f"approach_rules name approaches not listed under approaches: {unknown}")
        return rules


def load_model(model: type[Strict], path: Path) -> Strict:
    from assistant.knowledge import load_yaml

    try:
        return model.model_validate(load_yaml(path))
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        raise CatalogError(f"{path}: {problems}") from None


@lru_cache(maxsize=4)
def procedure_reading(rules_dir: str) -> ProcedureReading:
    return load_model(ProcedureReading, Path(rules_dir) / "procedure_reading.yaml")
