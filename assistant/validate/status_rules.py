"""Rules on the physical status modifier and qualifying circumstances."""
from __future__ import annotations

from assistant import coding_logic as logic
from assistant.validate.registry import RuleContext, rule


@rule("PHYSICAL_STATUS_DOCUMENTED")
def physical_status_documented(ctx: RuleContext) -> None:
    if ctx.code is None or "physical_status" in ctx.verified:
        return  # an LLM quoted the documented class verbatim
    suggested, documented = logic.physical_status(ctx.facts)
    if documented:
        return
    requested = ctx.proposal.physical_status.value
    if requested != suggested.value:
        ctx.record_change("physical_status", requested, suggested.value, f"no ASA class is documented and the record "
                          f"supports {suggested.value} ({suggested.reason})")
        ctx.proposal.physical_status = suggested
    ctx.raise_finding(evidence_ids=suggested.evidence_ids, suggested=f"{suggested.value} ({suggested.reason})")


@rule("PHYSICAL_STATUS_MATCHES_RECORD")
def physical_status_matches_record(ctx: RuleContext) -> None:
    if ctx.code is None or "physical_status" in ctx.verified:
        return
    documented, is_documented = logic.physical_status(ctx.facts)
    requested = ctx.proposal.physical_status.value
    if is_documented and requested != documented.value:
        ctx.record_change("physical_status", requested, documented.value, f"the anesthesia provider documented ASA "
                          f"class {ctx.facts.asa_class}")
        ctx.raise_finding(evidence_ids=documented.evidence_ids, requested=requested, final=documented.value)
        ctx.proposal.physical_status = documented


def _requested_circumstances(ctx: RuleContext) -> list[str]:
    return [q.value for q in ctx.proposal.qualifying_circumstances if q.value]


def _drop_circumstance(ctx: RuleContext, qc: str, because: str) -> None:
    ctx.proposal.qualifying_circumstances = [q for q in ctx.proposal.qualifying_circumstances if q.value != qc]
    ctx.record_change("qualifying_circumstances", qc, None, because)


_UNSUPPORTED_DETAIL = {
    "99100": "the patient is neither younger than 1 year nor older than 70 on the date of service (or no age "
                       "is documented)",
    "99140": "no emergency condition is documented",
    "99135": "controlled hypotension is not documented",
    "99116": "total body hypothermia is not documented",
}


@rule("QC_SUPPORTED")
def qc_supported(ctx: RuleContext) -> None:
    supported = logic.supported_circumstances(ctx.facts, ctx.code, ctx.knowledge)
    labels = ctx.knowledge.qualifying["qualifying_circumstances"]
    for qc in _requested_circumstances(ctx):
        if f"qc:{qc}" in ctx.verified:
            continue  # an LLM quoted the documentation of it
        if qc not in labels:
            _drop_circumstance(ctx, qc, f"{qc} is not a qualifying circumstance code")
        elif qc not in supported:
            detail = _UNSUPPORTED_DETAIL[qc]
            ctx.raise_finding(evidence_ids=[e for q in ctx.proposal.qualifying_circumstances if q.value == qc
                                            for e in q.evidence_ids], code=qc, label=labels[qc]["description"],
                              detail=detail)
            _drop_circumstance(ctx, qc, detail)


@rule("QC_BUNDLED_IN_CODE")
def qc_bundled_in_code(ctx: RuleContext) -> None:
    for qc in _requested_circumstances(ctx):
        included = ctx.knowledge.qualifying["qualifying_circumstances"].get(qc, {}).get("included_in", [])
        if ctx.code in included:
            detail = f"{ctx.code} already includes {qc}"
            ctx.raise_finding(code=qc, anesthesia_code=ctx.code, detail=detail)
            _drop_circumstance(ctx, qc, detail)


@rule("QC_NOT_WITH_01996")
def qc_not_with_01996(ctx: RuleContext) -> None:
    if ctx.code not in ctx.knowledge.qualifying["not_with_codes"]["codes"]:
        return
    for qc in _requested_circumstances(ctx):
        detail = f"qualifying circumstances are not reported with {ctx.code}"
        ctx.raise_finding(code=qc, anesthesia_code=ctx.code, detail=detail)
        _drop_circumstance(ctx, qc, detail)


@rule("QC_COMPLETE")
def qc_complete(ctx: RuleContext) -> None:
    if ctx.code is None:
        return
    requested = set(_requested_circumstances(ctx))
    labels = ctx.knowledge.qualifying["qualifying_circumstances"]
    for qc, choice in sorted(logic.supported_circumstances(ctx.facts, ctx.code, ctx.knowledge).items()):
        if qc not in requested and not logic.circumstance_blocked(qc, ctx.code, ctx.knowledge):
            ctx.proposal.qualifying_circumstances.append(choice)
            ctx.record_change("qualifying_circumstances", None, qc, choice.reason)
            ctx.raise_finding(evidence_ids=choice.evidence_ids, code=qc, label=labels[qc]["description"])
    ctx.proposal.qualifying_circumstances.sort(key=lambda q: q.value or "")
