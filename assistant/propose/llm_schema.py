"""The answer an LLM must give (prompt propose-v3), and its conversion into a Proposal.

Every element carries verbatim quotes of the redacted note; the validator
(assistant/validate/llm_rules.py) checks each quote instead of trusting ids.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.models import Choice, Diagnosis, Proposal

_REASON_LIMIT = 300
_QUOTES_LIMIT = 6


class QuotedChoice(BaseModel):
    """One coded element and the words of the note that support it."""

    model_config = ConfigDict(extra="ignore")

    value: str | None
    quotes: list[str] = Field(default_factory=list)
    reason: str = ""


class QuotedPricingModifier(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Literal["anesthesiologist", "crna"]
    modifier: str
    quotes: list[str] = Field(default_factory=list)
    reason: str = ""


class QuotedDiagnosis(BaseModel):
    """One ICD-10-CM code and the words of the note it was coded from."""

    model_config = ConfigDict(extra="ignore")

    value: str
    role: Literal["primary", "secondary"] = "secondary"
    quotes: list[str] = Field(default_factory=list)
    reason: str = ""


_DIAGNOSES_LIMIT = 12  # box 21


class LLMAnswer(BaseModel):
    """What the model answers for one case; every element quotes the note."""

    model_config = ConfigDict(extra="ignore")

    anesthesia_code: QuotedChoice
    not_billable_reason: Literal["local_only", "surgeon_administered", "no_procedure"] | None = None
    physical_status: QuotedChoice
    qualifying_circumstances: list[QuotedChoice]
    modifiers: list[QuotedChoice]
    pricing_modifiers: list[QuotedPricingModifier]
    diagnosis_codes: list[QuotedDiagnosis] = Field(default_factory=list)  # propose-v3; a v2 answer has none


def _quotes(quotes: list[str]) -> list[str]:
    return [q for q in (str(x).strip() for x in quotes[:_QUOTES_LIMIT]) if q]


def _choice(cited: QuotedChoice) -> Choice:
    value = (cited.value or "").strip().upper() or None
    if value in ("NONE", "NULL", "N/A"):
        value = None
    return Choice(value=value, quotes=_quotes(cited.quotes), reason=f"LLM: {cited.reason.strip()[:_REASON_LIMIT]}")


def _diagnoses(answer: LLMAnswer) -> list[Diagnosis]:
    """The LLM's codes, the primary first; the validator (DIAGNOSIS_LLM_CLAIMS) checks every one."""
    out = []
    for cited in answer.diagnosis_codes[:_DIAGNOSES_LIMIT]:
        code = "".join(ch for ch in cited.value.upper() if ch.isalnum())
        if code:
            out.append(Diagnosis(code=code, role=cited.role, source="llm", quotes=_quotes(cited.quotes),
                                 reason=f"LLM: {cited.reason.strip()[:_REASON_LIMIT]}"))
    primaries = [d for d in out if d.role == "primary"][:1]
    return primaries + [d.model_copy(update={"role": "secondary"}) for d in out if d not in primaries]


def to_proposal(answer: LLMAnswer, baseline: Proposal) -> Proposal:
    """The LLM's requested claim. Time, add-on lines and the induction flag come from the baseline:
    arithmetic is not the model's job."""
    code = _choice(answer.anesthesia_code)
    pricing = {p.role: p.modifier.strip().upper() for p in answer.pricing_modifiers if p.modifier.strip()}
    pricing_quotes = _quotes([q for p in answer.pricing_modifiers for q in p.quotes])
    if not pricing:  # no staffing answer: the staffing facts decide
        pricing = dict(baseline.pricing_modifiers)
    return Proposal(
        source="llm",
        anesthesia_code=code,
        physical_status=_choice(answer.physical_status),
        qualifying_circumstances=[c for c in map(_choice, answer.qualifying_circumstances) if c.value],
        pricing_modifiers=pricing,
        pricing_evidence_ids=list(baseline.pricing_evidence_ids),
        pricing_quotes=pricing_quotes,
        other_modifiers=[c for c in map(_choice, answer.modifiers) if c.value],
        add_on_codes=list(baseline.add_on_codes),
        anesthesia_minutes=baseline.anesthesia_minutes,
        supervisor_present_at_induction=baseline.supervisor_present_at_induction,
        not_billable_reason=None if code.value else (answer.not_billable_reason or "no_procedure"),
        diagnoses=_diagnoses(answer),
    )
