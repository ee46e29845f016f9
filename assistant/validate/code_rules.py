"""Rules on whether an anesthesia code may be reported, and which one."""
from __future__ import annotations

from assistant.models import Choice
from assistant import coding_logic as logic
from assistant.validate.registry import RuleContext, rule


def _clear_claim(ctx: RuleContext, reason: str, because: str) -> None:
    p = ctx.proposal
    if p.anesthesia_code.value is not None:
        ctx.record_change("anesthesia_code", p.anesthesia_code.value, None, because)
    p.anesthesia_code = Choice(value=None, evidence_ids=ctx.baseline.anesthesia_code.evidence_ids, reason=because)
    p.physical_status = Choice(value=None)
    p.qualifying_circumstances, p.other_modifiers, p.add_on_codes = [], [], []
    p.pricing_modifiers, p.anesthesia_minutes, p.not_billable_reason = {}, 0, reason


def _technique_words(ctx: RuleContext, evidence_ids: list[str]) -> str:
    words = [ctx.facts.evidence_by_id(e).text for e in evidence_ids if ctx.facts.evidence_by_id(e)]
    return ", ".join(dict.fromkeys(w.lower() for w in words)) or "local anesthesia"


def _block_when(ctx: RuleContext, reason: str, because: str) -> None:
    """Clears the claim and raises the rule's finding when the case is not billable for `reason`."""
    blocked, evidence = logic.billability(ctx.facts)
    if blocked == reason and "anesthesia_code" in ctx.verified:
        return  # a verified LLM code disputes it: LLM_BILLABILITY_DISPUTED holds the case for review
    if blocked == reason:
        technique = _technique_words(ctx, evidence)
        _clear_claim(ctx, blocked, because.format(technique=technique))
        ctx.raise_finding(evidence_ids=evidence, technique=technique)


@rule("LOCAL_ONLY")
def local_only(ctx: RuleContext) -> None:
    _block_when(ctx, logic.LOCAL_ONLY, "only {technique} documented")


@rule("SURGEON_ADMINISTERED")
def surgeon_administered(ctx: RuleContext) -> None:
    _block_when(ctx, logic.SURGEON_ADMINISTERED, "the operating surgeon gave the {technique}")


@rule("PROCEDURALIST_SEDATION")
def proceduralist_sedation(ctx: RuleContext) -> None:
    _block_when(ctx, logic.PROCEDURALIST_SEDATION, "only {technique} by the proceduralist's team documented")


@rule("CANCELLED_BEFORE_ANESTHESIA")
def cancelled_before_anesthesia(ctx: RuleContext) -> None:
    _block_when(ctx, logic.CANCELLED_BEFORE_ANESTHESIA, "the case was cancelled before any anesthetic")


@rule("CODE_IN_TABLE")
def code_in_table(ctx: RuleContext) -> None:
    code = ctx.code
    if code is None:
        return
    info = ctx.knowledge.codes.get(code)
    if info is None or info.add_on:
        final = ctx.baseline.anesthesia_code
        why = ("is not an anesthesia code in the CMS base-unit table" if info is None else "is an add-on code and "
               "cannot stand alone")
        ctx.record_change("anesthesia_code", code, final.value, f"{code} {why}")
        ctx.raise_finding(evidence_ids=final.evidence_ids, requested=code, final=final.value)
        ctx.proposal.anesthesia_code = final


@rule("MORE_SPECIFIC_CODE")
def more_specific_code(ctx: RuleContext) -> None:
    code, best = ctx.code, ctx.baseline.anesthesia_code
    if code is None or best.value is None or code == best.value or "anesthesia_code" in ctx.verified:
        return  # a verified LLM code was already checked for a more specific sibling
    family = next((f for f in ctx.knowledge.more_specific_siblings(code) if best.value in f["specific"]), None)
    if family:
        ctx.record_change("anesthesia_code", code, best.value, f"{code} is not otherwise specified and the note "
                          f"supports {best.value} ({family['why']})")
        ctx.raise_finding(evidence_ids=best.evidence_ids, requested=code, final=best.value, why=family["why"])
        ctx.proposal.anesthesia_code = best


@rule("CODE_MATCHES_PROCEDURE")
def code_matches_procedure(ctx: RuleContext) -> None:
    code, best = ctx.code, ctx.baseline.anesthesia_code
    if code is None or best.value is None or code == best.value or "anesthesia_code" in ctx.verified:
        return  # a verified LLM code fits its quotes (llm_claims.code_consistency_problem); LLM_RULES_DISAGREE shows it
    ctx.record_change("anesthesia_code", code, best.value, f"the documented procedure supports "
                      f"{best.reason or best.value}")
    ctx.raise_finding(evidence_ids=best.evidence_ids, requested=code, final=best.value)
    ctx.proposal.anesthesia_code = best


@rule("PROCEDURE_FOUND")
def procedure_found(ctx: RuleContext) -> None:
    if ctx.proposal.not_billable_reason in (logic.LOCAL_ONLY, logic.SURGEON_ADMINISTERED, logic.PROCEDURALIST_SEDATION,
                                            logic.CANCELLED_BEFORE_ANESTHESIA):
        return
    if ctx.baseline.anesthesia_code.value is None:
        if ctx.code is None:
            ctx.raise_finding()
            ctx.proposal.not_billable_reason = "no_procedure"
        else:
            ctx.raise_finding("CODE_UNCONFIRMED", requested=ctx.code)


@rule("CODE_NEEDS_REVIEW")
def code_needs_review(ctx: RuleContext) -> None:
    """The rules' code stands on weak support or beside a close competitor: say so, do not guess."""
    base = ctx.baseline.anesthesia_code
    if ctx.code is not None and ctx.code == base.value and base.confidence == "review":
        ctx.raise_finding(evidence_ids=base.evidence_ids, code=base.value, why="; ".join(base.review_reasons))
    elif ctx.code is not None and (reason := logic.contested_reason(base, ctx.code, ctx.knowledge)):
        # another reading of a contested code (the model's, a ticket's) is still contested: a coder decides
        ctx.raise_finding(evidence_ids=base.evidence_ids, code=ctx.code,
                          why=f"the rules read {base.value}, and {reason}")


@rule("ANESTHESIA_PROVIDER_DOCUMENTED")
def anesthesia_provider_documented(ctx: RuleContext) -> None:
    """A code with no general anesthetic, MAC or neuraxial documented and no anesthesia provider named:
    a coder must confirm an anesthesia provider was there (office, cath-lab and bedside notes)."""
    facts = ctx.facts
    if ctx.code is None or facts.anesthesia_provider_evidence_ids or facts.staffing.anesthesiologist_present \
            or facts.staffing.crna_present:
        return
    if any(t.kind in ("general", "mac", "neuraxial") and t.administered_by == "anesthesia" for t in facts.techniques):
        return
    given = [t for t in facts.techniques if t.kind != "local"]
    technique = _technique_words(ctx, [t.evidence_id for t in given]) if given else "no anesthetic"
    ctx.raise_finding(evidence_ids=[t.evidence_id for t in given], technique=technique)


@rule("NOT_BILLABLE_FROM_ANESTHESIA_LINE")
def not_billable_from_anesthesia_line(ctx: RuleContext) -> None:
    """Local only or the surgeon's block, read from the description of a note that has no anesthesia line
    (ANESTHESIA:, SEDATION:) and names nobody as absent: the note is silent on anesthesia, so a coder checks."""
    facts = ctx.facts
    blocked, evidence = logic.billability(facts)
    if blocked not in (logic.LOCAL_ONLY, logic.SURGEON_ADMINISTERED) or facts.staffing.no_anesthesia_provider:
        return
    if any(b.role == "anesthesia" for b in facts.blocks):
        return
    ctx.raise_finding(evidence_ids=evidence, technique=_technique_words(ctx, evidence))
