"""Proposal stage: Facts -> Proposal, by the rules (embedded default) or an LLM, or read from a charge ticket."""
from __future__ import annotations

from assistant.knowledge import load_knowledge
from assistant.models import Choice, Facts, Proposal
from assistant import coding_logic as logic


def propose_with_rules(facts: Facts) -> Proposal:
    """The deterministic proposer: what the documentation supports, element by element."""
    knowledge = load_knowledge()
    blocked, evidence = logic.billability(facts)
    if blocked:
        return Proposal(source="rules",
                        anesthesia_code=Choice(value=None, evidence_ids=evidence, reason=blocked.replace("_", " ")),
                        not_billable_reason=blocked)
    code = logic.best_code(facts, knowledge)
    status, _ = logic.physical_status(facts)
    circumstances = [
        choice for qc, choice in sorted(logic.supported_circumstances(facts, code.value, knowledge).items())
        if not logic.circumstance_blocked(qc, code.value, knowledge)
    ]
    minutes, _ = logic.anesthesia_minutes(facts)
    modifiers, why = logic.pricing_modifiers(facts)
    return Proposal(
        source="rules",
        anesthesia_code=code,
        physical_status=status,
        qualifying_circumstances=circumstances,
        pricing_modifiers=modifiers,
        pricing_evidence_ids=facts.staffing.evidence_ids,
        other_modifiers=sorted(logic.other_modifiers(facts, code.value, knowledge).values(), key=lambda c: c.value),
        add_on_codes=logic.add_on_codes(code.value, facts, knowledge),
        anesthesia_minutes=minutes,
        supervisor_present_at_induction=bool(facts.staffing.present_at_induction),
        not_billable_reason=None if code.value else "no_procedure",
    )


_ROLE_OF = {"AA": "anesthesiologist", "QY": "anesthesiologist", "QK": "anesthesiologist", "AD": "anesthesiologist",
            "QX": "crna", "QZ": "crna"}
_OTHER = {"QS", "G8", "G9", "23", "47"}


def proposal_from_charges(facts: Facts, baseline: Proposal) -> Proposal | None:
    """The claim as the charge ticket requests it; fields the ticket leaves out come from the baseline."""
    if not facts.charged:
        return None
    anesthesia = [line for line in facts.charged if line.code < "02000"]
    circumstances = [line for line in facts.charged if line.code.startswith("991")]
    primary = anesthesia[0] if anesthesia else None
    modifiers = [m for line in anesthesia for m in line.modifiers]
    status = next((m for m in modifiers if m.startswith("P")), None)
    pricing = {}
    for m in modifiers:
        if m in _ROLE_OF:
            pricing[_ROLE_OF[m]] = m
    return Proposal(
        source="charge_ticket",
        anesthesia_code=Choice(value=primary.code, evidence_ids=[primary.evidence_id], reason="charge ticket")
                    if primary else baseline.anesthesia_code,
        physical_status=Choice(value=status, evidence_ids=[primary.evidence_id]) if status
                    else baseline.physical_status,
        qualifying_circumstances=[Choice(value=line.code, evidence_ids=[line.evidence_id], reason="charge ticket")
                                  for line in circumstances],
        pricing_modifiers=pricing or dict(baseline.pricing_modifiers),
        pricing_evidence_ids=[primary.evidence_id] if pricing and primary else baseline.pricing_evidence_ids,
        other_modifiers=[Choice(value=m, evidence_ids=[primary.evidence_id], reason="charge ticket") for m in modifiers
                         if m in _OTHER] if primary else baseline.other_modifiers,
        add_on_codes=baseline.add_on_codes,
        anesthesia_minutes=baseline.anesthesia_minutes,
        supervisor_present_at_induction=baseline.supervisor_present_at_induction,
    )
