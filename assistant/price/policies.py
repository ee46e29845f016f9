"""A payer's own code for a documented case (rules/payers/*.yaml `code_policies`): applied to the final,
validated proposal, so every proposer (rules, LLM, charge ticket) meets the same payer rule."""
from __future__ import annotations

from assistant.models import Choice, Finding, Severity, Validation


def apply_code_policies(validation: Validation, facts, profile: dict, findings_meta: dict) -> None:
    proposal = validation.proposal
    for policy in profile.get("code_policies", []):
        documented = facts.circumstance_evidence_ids.get(policy["when_documented"])
        if proposal.anesthesia_code.value != policy["when_code"] or not documented:
            continue
        requested = proposal.anesthesia_code
        proposal.anesthesia_code = Choice(
            value=policy["code"], evidence_ids=[*requested.evidence_ids, *documented],
            reason=f"{policy['code']} for {profile['name']}: {policy['why']} (was {requested.value})",
            confidence=requested.confidence, review_reasons=requested.review_reasons)
        modifier = policy.get("modifier")
        if modifier and modifier not in {m.value for m in proposal.other_modifiers}:
            proposal.other_modifiers.append(Choice(value=modifier, evidence_ids=list(documented), reason=policy["why"]))
        template = findings_meta["PAYER_CODE_POLICY"]
        validation.findings.append(Finding(
            code="PAYER_CODE_POLICY", severity=Severity(template["severity"]), rule_id=policy["id"],
            source=policy["source"], evidence_ids=list(documented),
            message=template["message"].format(payer=profile["name"], requested=requested.value, final=policy["code"],
                                               modifier=f" with {modifier}" if modifier else "", why=policy["why"])))
