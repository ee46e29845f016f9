"""The validator's rule registry: each rule is one small named unit (id, source, check).

Sources and finding codes live in rules/validation_rules.yaml; a check is
registered here by id, so a rule can be found, tested and switched off by id.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from assistant.knowledge import Knowledge, load_yaml
from assistant.models import Change, Facts, Finding, Proposal, Severity


@dataclass
class RuleContext:
    facts: Facts
    proposal: Proposal  # working copy: rules correct it in place
    baseline: Proposal  # what the rules proposer reads from the same facts
    knowledge: Knowledge
    tolerance_minutes: int = 10
    note: str | None = None  # the note text, for checking an LLM's quotes
    verified: set[str] = field(default_factory=set)  # LLM claims whose quotes the validator verified
    findings: list[Finding] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    rule_id: str = ""

    @property
    def code(self) -> str | None:
        return self.proposal.anesthesia_code.value

    def raise_finding(self, finding_code: str | None = None, evidence_ids: list[str] | None = None, **fields) -> None:
        meta = _rule_meta(self.knowledge)[self.rule_id]
        finding_code = finding_code or meta["finding"]
        template = self.knowledge.findings[finding_code]
        try:
            message = template["message"].format(**fields)
        except KeyError:
            message = template["message"]
        self.findings.append(Finding(
            code=finding_code, severity=Severity(template["severity"]), message=message,
            rule_id=self.rule_id, source=meta["source"], evidence_ids=[e for e in (evidence_ids or []) if e],
        ))

    def record_change(self, field_name: str, requested, final, because: str) -> None:
        self.changes.append(Change(field=field_name, requested=None if requested is None else str(requested),
                                   final=None if final is None else str(final), rule_id=self.rule_id, because=because))


@dataclass(frozen=True)
class ValidationRule:
    id: str
    check: Callable[[RuleContext], None]


RULES: list[ValidationRule] = []


def rule(rule_id: str):
    """Registers a check under its id, in the order the modules define them."""
    def register(check: Callable[[RuleContext], None]):
        RULES.append(ValidationRule(rule_id, check))
        return check
    return register


_META: dict[str, dict] = {}


def _rule_meta(knowledge: Knowledge) -> dict[str, dict]:
    if not _META:
        _META.update(load_yaml(knowledge.rules_dir / "validation_rules.yaml")["rules"])
    return _META


def request_rule_ids(knowledge: Knowledge) -> set[str]:
    """Rules that judge what a proposal asked for rather than the case itself."""
    return {rule_id for rule_id, meta in _rule_meta(knowledge).items() if meta.get("judges") == "request"}


def enabled_rules(knowledge: Knowledge, disabled: set[str] | None = None) -> list[ValidationRule]:
    if disabled is None:
        disabled = {r.strip() for r in os.environ.get("ASSISTANT_DISABLED_RULES", "").split(",") if r.strip()}
    meta = _rule_meta(knowledge)
    missing = [r.id for r in RULES if r.id not in meta]
    if missing:
        raise RuntimeError(f"validator rules without a source in rules/validation_rules.yaml: {missing}")
    return [r for r in RULES if r.id not in disabled]
