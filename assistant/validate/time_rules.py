"""Rules on anesthesia time: documented, consistent with the request, within the facility window."""
from __future__ import annotations

from assistant import coding_logic as logic
from assistant.validate.registry import RuleContext, rule


@rule("TIME_DOCUMENTED")
def time_documented(ctx: RuleContext) -> None:
    if ctx.code is None:
        return
    open_blocks = [b for b in ctx.facts.anesthesia_blocks if b.end is None]
    if open_blocks:
        ctx.raise_finding(evidence_ids=[b.evidence_id for b in open_blocks], detail=f"An anesthesia start "
                          f"({open_blocks[0].start}) has no documented end time; that block is not billed.")
    elif not ctx.facts.anesthesia_blocks and ctx.facts.stated_anesthesia_minutes is None:
        ctx.raise_finding(detail="No anesthesia start and end times are documented: no time units can be billed.")


@rule("TIME_MATCHES_RECORD")
def time_matches_record(ctx: RuleContext) -> None:
    if ctx.code is None:
        return
    minutes, evidence = logic.anesthesia_minutes(ctx.facts)
    if ctx.proposal.anesthesia_minutes != minutes:
        ctx.record_change("anesthesia_minutes", ctx.proposal.anesthesia_minutes, minutes, "the sum of the documented "
                          "anesthesia blocks")
        ctx.proposal.anesthesia_minutes = minutes


@rule("TIME_WITHIN_FACILITY_WINDOW")
def time_within_facility_window(ctx: RuleContext) -> None:
    facility = ctx.facts.facility
    minutes = ctx.proposal.anesthesia_minutes
    if ctx.code is None or facility.window_minutes is None or not minutes:
        return
    excess = minutes - facility.window_minutes
    if excess > ctx.tolerance_minutes:
        ctx.raise_finding(
            evidence_ids=facility.evidence_ids, anesthesia_minutes=minutes, window_minutes=facility.window_minutes,
            in_room=facility.in_room, out=facility.out_of_room or facility.pacu, excess=excess,
                          tolerance=ctx.tolerance_minutes,
        )
