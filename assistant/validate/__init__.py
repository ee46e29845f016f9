"""Validation stage: checks any requested Proposal against the Facts; rules decide what may stand."""
from __future__ import annotations

from assistant.knowledge import load_knowledge
from assistant.models import Facts, Proposal, Validation
# registered first: LLM choices are checked before the other rules
from assistant.validate import llm_rules  # noqa: F401,I001
from assistant.validate import code_rules, modifier_rules, status_rules, time_rules  # noqa: F401  (register the rules)
from assistant.validate import documentation_rules  # noqa: F401
from assistant.validate import diagnosis_rules  # noqa: F401  (ICD-10-CM: docs/diagnosis.md)
# registered last: compares the final claim with the rules' reading
from assistant.validate import llm_review  # noqa: F401,I001
from assistant.validate.registry import RULES, RuleContext, enabled_rules

__all__ = ["validate", "RULES"]


def validate(facts: Facts, requested: Proposal, baseline: Proposal, tolerance_minutes: int = 10,
             disabled: set[str] | None = None, note: str | None = None, verified: set[str] | None = None) -> Validation:
    """Runs every enabled rule in order over a copy of the request; returns the corrected proposal and findings.
    `note` is needed to check an LLM's quotes; without it every quoted claim is refused."""
    knowledge = load_knowledge()
    ctx = RuleContext(facts=facts, proposal=requested.model_copy(deep=True), baseline=baseline, knowledge=knowledge,
                      tolerance_minutes=tolerance_minutes, note=note, verified=set(verified or ()))
    for validation_rule in enabled_rules(knowledge, disabled):
        ctx.rule_id = validation_rule.id
        validation_rule.check(ctx)
    return Validation(proposal=ctx.proposal, requested=requested, findings=ctx.findings, changes=ctx.changes,
                      verified=sorted(ctx.verified))
