"""The answer an LLM must give (a small pydantic model), and its conversion into a Proposal."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.models import Choice, Proposal

_REASON_LIMIT = 300


class CitedChoice(BaseModel):
    """One coded element and the evidence ids (E1, E2, ...) that support it."""

    model_config = ConfigDict(extra="ignore")

    value: str | None
    evidence_ids: list[str]
    reason: str


class CitedPricingModifier(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Literal["anesthesiologist", "crna"]
    modifier: str
    evidence_ids: list[str]
    reason: str


class LLMAnswer(BaseModel):
    """What the model answers for one case; every element cites evidence ids."""

    model_config = ConfigDict(extra="ignore")

    anesthesia_code: CitedChoice
    physical_status: CitedChoice
    qualifying_circumstances: list[CitedChoice]
    modifiers: list[CitedChoice]
    pricing_modifiers: list[CitedPricingModifier]
    add_on_codes: list[CitedChoice]


def _choice(cited: CitedChoice) -> Choice:
    value = (cited.value or "").strip().upper() or None
    if value in ("NONE", "NULL", "N/A"):
        value = None
    return Choice(value=value, evidence_ids=[e.strip() for e in cited.evidence_ids if e and e.strip()], reason=f"LLM: {cited.reason.strip()[:_REASON_LIMIT]}")


def to_proposal(answer: LLMAnswer, baseline: Proposal) -> Proposal:
    """The LLM's requested claim; time and the induction flag come from the baseline (arithmetic is not the model's job)."""
    code = _choice(answer.anesthesia_code)
    pricing = {p.role: p.modifier.strip().upper() for p in answer.pricing_modifiers if p.modifier.strip()}
    pricing_evidence = sorted({e for p in answer.pricing_modifiers for e in p.evidence_ids})
    if not pricing:  # no staffing answer: the staffing facts decide
        pricing, pricing_evidence = dict(baseline.pricing_modifiers), list(baseline.pricing_evidence_ids)
    return Proposal(
        source="llm",
        anesthesia_code=code,
        physical_status=_choice(answer.physical_status),
        qualifying_circumstances=[c for c in map(_choice, answer.qualifying_circumstances) if c.value],
        pricing_modifiers=pricing,
        pricing_evidence_ids=pricing_evidence,
        other_modifiers=[c for c in map(_choice, answer.modifiers) if c.value],
        add_on_codes=[c for c in map(_choice, answer.add_on_codes) if c.value],
        anesthesia_minutes=baseline.anesthesia_minutes,
        supervisor_present_at_induction=baseline.supervisor_present_at_induction,
        not_billable_reason=None if code.value else (baseline.not_billable_reason or "no_procedure"),
    )
