"""Rules on pricing modifiers (concurrency) and MAC / unusual-anesthesia modifiers."""
from __future__ import annotations

from assistant import coding_logic as logic
from assistant.validate.registry import RuleContext, rule


@rule("PRICING_MODIFIER_MATCHES_STAFFING")
def pricing_modifier_matches_staffing(ctx: RuleContext) -> None:
    if ctx.code is None:
        return
    requested, documented = ctx.proposal.pricing_modifiers, ctx.baseline.pricing_modifiers
    if requested == documented:
        return
    if requested and all(documented.get(role) == modifier for role, modifier in requested.items()):
        # a ticket that lists only the physician's line (QK) is consistent: the CRNA line (QX) is its pair
        ctx.proposal.pricing_modifiers = dict(documented)
        return
    s = ctx.facts.staffing
    _, why = logic.pricing_modifiers(ctx.facts)
    shown = lambda m: "+".join(f"{v}" for _, v in sorted(m.items())) or "none"  # noqa: E731
    ctx.record_change("pricing_modifiers", shown(requested), shown(documented), f"the record documents {why}")
    ctx.raise_finding(evidence_ids=s.evidence_ids, detail=f"Requested {shown(requested)} but the record documents "
                      f"{why}: {shown(documented)}.")
    ctx.proposal.pricing_modifiers = dict(documented)


@rule("PERSONAL_PERFORMANCE_OVERLAP")
def personal_performance_overlap(ctx: RuleContext) -> None:
    s = ctx.facts.staffing
    if ctx.code is None or ctx.proposal.pricing_modifiers.get("anesthesiologist") != "AA":
        return
    overlapping = s.overlapping_cases_listed or ((s.concurrent_cases or 1) - 1)
    if overlapping > 0:
        ctx.raise_finding(evidence_ids=s.evidence_ids, detail=f"Personal performance (AA) is documented while the same "
                          f"anesthesiologist covered {overlapping} overlapping case(s); AA cannot stand for "
                          f"concurrent cases.")


@rule("MAC_MODIFIERS")
def mac_modifiers(ctx: RuleContext) -> None:
    if ctx.code is None:
        return
    supported = logic.other_modifiers(ctx.facts, ctx.code, ctx.knowledge)
    kept = []
    for choice in ctx.proposal.other_modifiers:
        if choice.value in supported or choice.value == "47" or f"mod:{choice.value}" in ctx.verified:
            kept.append(supported.get(choice.value, choice))
        else:
            detail = ("no monitored anesthesia care, severe cardiopulmonary history, complexity or unusual-anesthesia "
                      "reason documented for it")
            if choice.value == "G8" and ctx.code not in ctx.knowledge.modifiers["other"]["G8"]["allowed_codes"]:
                detail = f"G8 is allowed only with {', '.join(ctx.knowledge.modifiers['other']['G8']['allowed_codes'])}"
            ctx.record_change("other_modifiers", choice.value, None, detail)
            ctx.raise_finding(modifier=choice.value, detail=detail)
    present = {c.value for c in kept}
    for value, choice in sorted(supported.items()):
        if value not in present:
            kept.append(choice)
            ctx.record_change("other_modifiers", None, value, choice.reason)
            ctx.raise_finding("MODIFIER_MISSING", evidence_ids=choice.evidence_ids, modifier=value,
                              detail=choice.reason)
    ctx.proposal.other_modifiers = sorted(kept, key=lambda c: c.value or "")


@rule("NO_MODIFIER_47")
def no_modifier_47(ctx: RuleContext) -> None:
    if any(c.value == "47" for c in ctx.proposal.other_modifiers):
        ctx.proposal.other_modifiers = [c for c in ctx.proposal.other_modifiers if c.value != "47"]
        ctx.record_change("other_modifiers", "47", None, "modifier 47 belongs on the surgical code, never "
                          "on 00100-01999")
        ctx.raise_finding(modifier="47", detail="modifier 47 belongs on the surgical code, never on an anesthesia code")


@rule("MAC_NECESSITY")
def mac_necessity(ctx: RuleContext) -> None:
    if logic.mac_needs_reason(ctx.facts, ctx.code):
        ctx.raise_finding(evidence_ids=[t.evidence_id for t in ctx.facts.techniques if t.kind == "mac"],
                          anesthesia_code=ctx.code)


@rule("MEDICAL_DIRECTION_CONDITIONS")
def medical_direction_conditions(ctx: RuleContext) -> None:
    if ctx.code and ctx.proposal.pricing_modifiers.get("anesthesiologist") in ("QY", "QK"):
        ctx.raise_finding(evidence_ids=ctx.facts.staffing.evidence_ids)
