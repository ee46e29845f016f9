"""Rules on the documentation itself: parts that contradict each other, text addressed to the coder."""
from __future__ import annotations

from assistant.validate.registry import RuleContext, rule


@rule("DOCUMENTATION_CONSISTENT")
def documentation_consistent(ctx: RuleContext) -> None:
    """Two documented values for one fact: the rules keep the later one, a reviewer decides."""
    for conflict in ctx.facts.conflicts:
        ctx.raise_finding(evidence_ids=conflict.evidence_ids, field=conflict.field.replace("_", " "),
                          first=conflict.values[0], second=conflict.values[-1])


TIME_ROUNDING_MINUTES = 2  # a stated total a minute or two off the clock times is rounding, not a conflict


@rule("DOCUMENTED_TIMES_CONSISTENT")
def documented_times_consistent(ctx: RuleContext) -> None:
    """A stated total anesthesia time that the documented start/end times do not add up to."""
    facts = ctx.facts
    blocks = [b for b in facts.anesthesia_blocks if b.minutes is not None]
    if facts.stated_anesthesia_minutes is None or not blocks:
        return
    clock = sum(b.minutes for b in blocks)
    if abs(clock - facts.stated_anesthesia_minutes) > TIME_ROUNDING_MINUTES:
        ctx.raise_finding(evidence_ids=[b.evidence_id for b in blocks] + [facts.stated_minutes_evidence_id],
                          field="anesthesia time", first=f"{clock} min from the start and end times",
                          second=f"{facts.stated_anesthesia_minutes} min stated")


@rule("NO_INSTRUCTIONS_IN_NOTE")
def no_instructions_in_note(ctx: RuleContext) -> None:
    """A line telling the coder/AI how to code was not read as documentation; a reviewer must see it."""
    ids = ctx.facts.instruction_evidence_ids
    if ids:
        ctx.raise_finding(evidence_ids=ids, count=len(ids))
