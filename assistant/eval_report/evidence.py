"""The evidence behind each failure: re-codes the failing scenarios to show the spans the assistant used.

Rules runs are deterministic, so the spans are the ones the eval run used; an LLM
run re-asks the proposer (its response cache usually answers).
"""
from __future__ import annotations

from pathlib import Path

from assistant.evaluate import read_scenarios
from assistant.pipeline import code_note

EXCERPT_CHARS = 700


def scenario_notes(paths: list[Path], wanted: set[str]) -> dict[str, dict]:
    found = {}
    for path in paths:
        for _, scenario, error in read_scenarios(path):
            if not error and str(scenario.get("id")) in wanted:
                found[str(scenario.get("id"))] = scenario
    return found


def _field_evidence_ids(result, field: str) -> list[str]:
    p = result.validation.proposal
    facts = result.facts
    if field == "anesthesia_code":
        return list(p.anesthesia_code.evidence_ids)
    if field == "physical_status":
        ids = list(p.physical_status.evidence_ids)
        return ids or ([facts.asa_evidence_id] if facts.asa_evidence_id else [])
    if field == "qualifying_circumstances":
        return [e for q in p.qualifying_circumstances for e in q.evidence_ids]
    if field in ("anesthesia_minutes", "units"):
        return [b.evidence_id for b in facts.anesthesia_blocks] + ([facts.stated_minutes_evidence_id]
                                                                   if facts.stated_minutes_evidence_id else [])
    if field == "pricing_modifiers":
        return list(p.pricing_evidence_ids) or list(facts.staffing.evidence_ids)
    if field == "other_modifiers":
        return [e for m in p.other_modifiers for e in m.evidence_ids]
    if field == "findings":
        return [e for f in result.findings for e in f.evidence_ids]
    return []


def failure_evidence(scenario: dict, fields: list[str], proposer: str) -> dict:
    """{excerpt, evidence: [{field, label, text, start, end, section, asserted}], error}."""
    note = scenario["note"]
    try:
        result = code_note(note, payer=scenario.get("payer", "commercial"), proposer=proposer,
                           case_id=str(scenario.get("id")))
    except Exception as error:  # the failure is the error itself
        return {"excerpt": note[:EXCERPT_CHARS], "evidence": [], "error": f"{type(error).__name__}: {error}",
                "spans": []}
    evidence, seen = [], set()
    for field in fields:
        for evidence_id in _field_evidence_ids(result, field):
            span = result.facts.evidence_by_id(evidence_id) if evidence_id else None
            if span is None or (field, span.id) in seen:
                continue
            seen.add((field, span.id))
            evidence.append({"field": field, "label": span.label, "text": span.text, "start": span.start,
                             "end": span.end,
                             "section": span.section, "asserted": span.asserted})
    spans = sorted({(e["start"], e["end"]) for e in evidence})
    if spans:
        centre = spans[0][0]
        start = max(0, min(centre - EXCERPT_CHARS // 3, len(note) - EXCERPT_CHARS))
    else:
        start = 0
    return {"excerpt_start": start, "excerpt": note[start:start + EXCERPT_CHARS], "evidence": evidence,
            "spans": [(s, e) for s, e in spans], "error": None}
