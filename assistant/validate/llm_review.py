"""LLM_RULES_DISAGREE: runs last. Where the final claim keeps a verified LLM value that differs from the
rules' reading, the reviewer sees both and why (LLM_RULES_DISAGREE); where that value pays more than the
rules' reading (more base units, a higher physical status, a qualifying circumstance the rules did not
read), the case is held for review with the quotes (LLM_PAYS_MORE). Nothing the model changed goes through
silently, and nothing verified is silently reverted.
"""
from __future__ import annotations

from assistant.validate.llm_claims import _short
from assistant.validate.registry import RuleContext, rule


def _quotes(ctx: RuleContext, evidence_ids: list[str]) -> str:
    texts = [e.text for e in map(ctx.facts.evidence_by_id, evidence_ids) if e is not None and e.label == "LLM_QUOTE"]
    return "; ".join(f"\"{_short(t)}\"" for t in texts[:3]) or "none"


@rule("LLM_RULES_DISAGREE")
def llm_rules_disagree(ctx: RuleContext) -> None:
    p, base, knowledge = ctx.proposal, ctx.baseline, ctx.knowledge
    if p.source != "llm" or p.anesthesia_code.value is None:
        return
    gains, quoted = [], []
    code, rules_code = p.anesthesia_code.value, base.anesthesia_code.value
    if "anesthesia_code" in ctx.verified and code != rules_code:
        units, rules_units = knowledge.base_units(code), knowledge.base_units(rules_code) if rules_code else 0.0
        quotes = _quotes(ctx, p.anesthesia_code.evidence_ids)
        if units > rules_units:
            why = f"its quotes are verified, but it pays more ({units:g} base units against {rules_units:g}): " \
                  "held for review"
            gains.append(f"{code} has {units:g} base units, {rules_code or 'no code'} {rules_units:g}")
        else:
            why = f"its quotes are verified and it pays no more ({units:g} base units against {rules_units:g})"
        if "unconfirmed:anesthesia_code" in ctx.verified:
            why += "; the quote is today's procedure heading, but the lexicon knows none of its words (unconfirmed)"
        rules_reading = f"{rules_code} ({base.anesthesia_code.reason})" if rules_code else "no codable procedure"
        ctx.raise_finding(evidence_ids=p.anesthesia_code.evidence_ids + base.anesthesia_code.evidence_ids,
                          field="anesthesia_code", llm=code, rules=rules_reading, why=why, quotes=quotes)
        quoted.extend(p.anesthesia_code.evidence_ids)
    status, rules_status = p.physical_status.value, base.physical_status.value
    if "physical_status" in ctx.verified and status != rules_status:
        higher = bool(status and rules_status and status > rules_status)
        why = "the quoted ASA class is documented"
        if higher:
            why += "; a higher class can pay more: held for review"
        ctx.raise_finding(evidence_ids=p.physical_status.evidence_ids, field="physical_status", llm=status,
                          rules=rules_status or "none", why=why, quotes=_quotes(ctx, p.physical_status.evidence_ids))
        if higher:
            gains.append(f"{status} instead of {rules_status}")
            quoted.extend(p.physical_status.evidence_ids)
    rules_qc = {q.value for q in base.qualifying_circumstances}
    for choice in p.qualifying_circumstances:
        if f"qc:{choice.value}" in ctx.verified and choice.value not in rules_qc:
            ctx.raise_finding(evidence_ids=choice.evidence_ids, field="qualifying_circumstances", llm=choice.value,
                              rules="not read",
                              why="its quotes are verified; a qualifying circumstance can pay more: held for review",
                              quotes=_quotes(ctx, choice.evidence_ids))
            gains.append(f"{choice.value} added")
            quoted.extend(choice.evidence_ids)
    rules_modifiers = {m.value for m in base.other_modifiers}
    for choice in p.other_modifiers:
        if f"mod:{choice.value}" in ctx.verified and choice.value not in rules_modifiers:
            ctx.raise_finding(evidence_ids=choice.evidence_ids, field="other_modifiers", llm=choice.value,
                              rules="not read",
                              why="its quotes are verified", quotes=_quotes(ctx, choice.evidence_ids))
    if gains:
        ctx.raise_finding("LLM_PAYS_MORE", evidence_ids=quoted, detail="; ".join(gains), quotes=_quotes(ctx, quoted))
