"""LLM_EVIDENCE_REQUIRED: an LLM choice must cite evidence the extraction found and stay among the allowed codes.

Runs before every other rule: a choice that fails is reverted to what the rules
proposer reads from the same facts, and the change says why.
"""
from __future__ import annotations

from assistant.models import Choice
from assistant.propose import coding_logic as logic
from assistant.validate.registry import RuleContext, rule


def _evidence_problem(ctx: RuleContext, choice: Choice) -> str | None:
    if not choice.evidence_ids:
        return "the LLM cited no evidence for it"
    known = {e.id for e in ctx.facts.evidence}
    unknown = [e for e in choice.evidence_ids if e not in known]
    if unknown:
        return f"the LLM cited evidence ids that do not exist in the note's facts ({', '.join(sorted(set(unknown))[:5])})"
    return None


def _overrule(ctx: RuleContext, field: str, requested: str | None, final: str | None, because: str, evidence_ids: list[str]) -> None:
    ctx.record_change(field, requested, final, because)
    ctx.raise_finding(evidence_ids=evidence_ids, requested=requested or "nothing", field=field, final=final or "nothing", because=because)


def _check_code(ctx: RuleContext) -> None:
    p, base = ctx.proposal, ctx.baseline.anesthesia_code
    choice = p.anesthesia_code
    if choice.value == base.value:
        if _evidence_problem(ctx, choice):
            p.anesthesia_code = base  # same code, the rules' evidence
        return
    allowed = sorted({code for code, _ in logic.candidate_codes(ctx.facts, ctx.knowledge)})
    allowed_text = ", ".join(allowed) or "none found"
    if choice.value is None:
        problem = f"the documented procedure and site allow {allowed_text}" if base.value else None
    elif choice.value not in allowed:
        problem = f"{choice.value} is not among the codes the rules allow for the documented procedures and site ({allowed_text})"
    else:
        problem = _evidence_problem(ctx, choice)
    if problem:
        _overrule(ctx, "anesthesia_code", choice.value, base.value, problem, base.evidence_ids)
        p.anesthesia_code = base
        if base.value:
            p.not_billable_reason = None


def _check_physical_status(ctx: RuleContext) -> None:
    p, base = ctx.proposal, ctx.baseline.physical_status
    choice = p.physical_status
    if choice.value == base.value:
        if _evidence_problem(ctx, choice):
            p.physical_status = base
        return
    if choice.value is not None and (problem := _evidence_problem(ctx, choice)):
        _overrule(ctx, "physical_status", choice.value, base.value, problem, base.evidence_ids)
        p.physical_status = base


def _check_list(ctx: RuleContext, field: str, requested: list[Choice], baseline: list[Choice]) -> list[Choice]:
    """Keeps listed choices with real evidence; one the rules also support keeps the rules' evidence."""
    supported = {c.value: c for c in baseline}
    kept = []
    for choice in requested:
        problem = _evidence_problem(ctx, choice)
        if not problem:
            kept.append(choice)
        elif choice.value in supported:
            kept.append(supported[choice.value])
        else:
            _overrule(ctx, field, choice.value, None, problem, [])
    return kept


def _check_pricing(ctx: RuleContext) -> None:
    p, base = ctx.proposal, ctx.baseline
    if p.pricing_modifiers == base.pricing_modifiers:
        return
    problem = _evidence_problem(ctx, Choice(value=None, evidence_ids=p.pricing_evidence_ids))
    if problem:
        shown = lambda m: "+".join(v for _, v in sorted(m.items())) or "none"  # noqa: E731
        _overrule(ctx, "pricing_modifiers", shown(p.pricing_modifiers), shown(base.pricing_modifiers), problem, base.pricing_evidence_ids)
        p.pricing_modifiers, p.pricing_evidence_ids = dict(base.pricing_modifiers), list(base.pricing_evidence_ids)


@rule("LLM_EVIDENCE_REQUIRED")
def llm_evidence_required(ctx: RuleContext) -> None:
    if ctx.proposal.source != "llm":
        return
    p, base = ctx.proposal, ctx.baseline
    _check_code(ctx)
    _check_physical_status(ctx)
    p.qualifying_circumstances = _check_list(ctx, "qualifying_circumstances", p.qualifying_circumstances, base.qualifying_circumstances)
    p.other_modifiers = _check_list(ctx, "other_modifiers", p.other_modifiers, base.other_modifiers)
    add_ons = _check_list(ctx, "add_on_codes", p.add_on_codes, base.add_on_codes)
    p.add_on_codes = add_ons if [c.value for c in add_ons] == [c.value for c in base.add_on_codes] else _revert_add_ons(ctx, add_ons)
    _check_pricing(ctx)


def _revert_add_ons(ctx: RuleContext, requested: list[Choice]) -> list[Choice]:
    """Add-on lines follow from the primary code and the burn size: the rules' count stands."""
    wanted = [c.value for c in ctx.baseline.add_on_codes]
    got = [c.value for c in requested]
    _overrule(ctx, "add_on_codes", ", ".join(got) or None, ", ".join(wanted) or None,
              "add-on lines follow from the primary code and the documented burn size", [])
    return list(ctx.baseline.add_on_codes)
