"""Rules on the documentation itself: parts that contradict each other, text addressed to the coder."""
from __future__ import annotations

from assistant.validate.registry import RuleContext, rule


@rule("DOCUMENTATION_CONSISTENT")
def documentation_consistent(ctx: RuleContext) -> None:
    """Two documented values for one fact: the rules keep the later one, a reviewer decides."""
    for conflict in ctx.facts.conflicts:
        ctx.raise_finding(evidence_ids=conflict.evidence_ids, field=conflict.field.replace("_", " "),
                          first=conflict.values[0], second=conflict.values[-1])


@rule("NO_INSTRUCTIONS_IN_NOTE")
def no_instructions_in_note(ctx: RuleContext) -> None:
    """A line telling the coder/AI how to code was not read as documentation; a reviewer must see it."""
    ids = ctx.facts.instruction_evidence_ids
    if ids:
        ctx.raise_finding(evidence_ids=ids, count=len(ids))
