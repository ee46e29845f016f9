"""The whole flow for one note: check input -> extract -> propose -> validate -> price."""
from __future__ import annotations

import time

from assistant.extract import extract
from assistant.extract.instructions import readable
from assistant.knowledge import load_knowledge
from assistant.models import CodingResult, Finding, InputError, Proposal, Severity
from assistant.price import payer_profile, price
from assistant.propose import proposal_from_charges, propose_with_rules
from assistant.settings import get_settings
from assistant.validate import validate
from assistant.validate.registry import request_rule_ids

PROPOSERS = ("auto", "rules", "llm")


def check_note(raw: str | bytes) -> str:
    """Turns raw input into note text, or raises InputError with one clear line."""
    limit = get_settings().max_note_bytes
    if isinstance(raw, bytes):
        if len(raw) > limit:
            raise InputError(f"note is {len(raw):,} bytes; the limit is {limit:,} bytes (one case's documentation)")
        if b"\x00" in raw[:8192]:
            raise InputError("input looks binary (NUL bytes), not a text note")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("input is not UTF-8 text") from None
    if len(raw.encode("utf-8", errors="ignore")) > limit:
        raise InputError(f"note is larger than the {limit:,}-byte limit (one case's documentation)")
    if "\x00" in raw:
        raise InputError("input looks binary (NUL characters), not a text note")
    sample = raw[:4096]
    if sample and sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f") > len(sample) * 0.05:
        raise InputError("input looks binary (control characters), not a text note")
    if not raw.strip():
        raise InputError("note is empty")
    return raw


def _llm_request(facts, note: str, proposer: str, notices: list[str]) -> tuple[Proposal | None, list[Finding]]:
    """The LLM's proposal when it is asked for and configured; failures fall back to the rules."""
    settings = get_settings()
    if proposer == "rules" or (proposer == "auto" and not settings.llm_configured):
        return None, []
    try:
        from assistant.propose.llm import propose_with_llm
    except ImportError:
        return None, [Finding(code="LLM_FALLBACK", severity=Severity.warning, message="The LLM proposer is not available in this build; the rules proposer coded this case.", rule_id="LLM_FALLBACK", source="project")]
    try:
        return propose_with_llm(facts, readable(note, facts)), []  # lines addressed to the coder stay out
    except Exception as error:  # any LLM failure: no case is lost
        kind = type(error).__name__
        notices.append(f"LLM proposer failed ({kind}); rules proposer used")
        return None, [Finding(code="LLM_FALLBACK", severity=Severity.warning, message=f"The LLM proposer failed ({kind}); the rules proposer coded this case.", rule_id="LLM_FALLBACK", source="project")]


def _as_llm_notes(validation) -> None:
    """Findings about what the LLM asked for are notes on the proposer, not findings on the case."""
    request_rules = request_rule_ids(load_knowledge())
    for finding in validation.findings:
        if finding.rule_id in request_rules:
            finding.message = f"LLM proposal overruled: {finding.message}"
            finding.code, finding.severity = "LLM_OVERRULED", Severity.info


def code_note(raw: str | bytes, payer: str = "commercial", proposer: str = "auto", case_id: str | None = None) -> CodingResult:
    started = time.perf_counter()
    if proposer not in PROPOSERS:
        raise InputError(f"unknown proposer '{proposer}'; use one of {', '.join(PROPOSERS)}")
    profile = payer_profile(payer, load_knowledge())  # unknown payer fails before any work
    note = check_note(raw)
    facts = extract(note)
    baseline = propose_with_rules(facts)
    notices: list[str] = []
    llm_proposal, extra_findings = _llm_request(facts, note, proposer, notices)
    tolerance = int(profile.get("time_tolerance_minutes", 10))
    requests = [r for r in (proposal_from_charges(facts, baseline), llm_proposal) if r is not None] or [baseline]
    validations = [validate(facts, request, baseline, tolerance) for request in requests]
    for validation in validations:
        if validation.requested and validation.requested.source == "llm":
            _as_llm_notes(validation)
    final = validations[0]
    for other in validations[1:]:
        final.findings.extend(other.findings)
        final.changes.extend(other.changes)
    final.findings.extend(extra_findings)
    for validation in validations:
        if validation.requested and validation.requested.source == "llm":
            notices.extend(f"LLM proposed {c.requested or 'nothing'} for {c.field}; rules changed it to {c.final or 'nothing'} because {c.because}" for c in validation.changes)
    claim = price(final.proposal, payer)
    used = "llm" if llm_proposal is not None else "rules"
    return CodingResult(case_id=case_id, payer=payer, proposer=used, facts=facts, validation=final, claim=claim, notices=notices, seconds=round(time.perf_counter() - started, 4))
