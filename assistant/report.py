"""Renders a CodingResult as a readable text report (the CLI's default) or JSON."""
from __future__ import annotations

import json

from assistant.diagnosis.claim import dotted
from assistant.models import CodingResult

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _evidence_text(result: CodingResult, evidence_ids: list[str]) -> str:
    quotes = []
    for evidence_id in evidence_ids[:3]:
        evidence = result.facts.evidence_by_id(evidence_id)
        if evidence:
            quotes.append(f'{evidence_id} "{evidence.text.strip()[:60]}" @{evidence.start}')
    return "; ".join(quotes)


def _elixhauser_lines(result: CodingResult) -> list[str]:
    """The secondary diagnoses behind the physical status, with their AHRQ Elixhauser categories."""
    from assistant.diagnosis.elixhauser import category_name

    lines = []
    for dx in result.diagnoses:
        if dx.role == "secondary":
            named = ", ".join(f"{c} ({category_name(c)})" for c in dx.elixhauser) or "no Elixhauser category"
            lines.append(f"  supports P: {dotted(dx.code)} {dx.description}  [Elixhauser: {named}]")
    return lines


def _diagnosis_lines(result: CodingResult) -> list[str]:
    """Box 21 as it is keyed: letter, code with its dot, where it was read."""
    diagnoses = result.diagnoses
    if not diagnoses:
        return ["", "Diagnoses (box 21): none coded"]
    release = diagnoses[0].release or result.claim.diagnosis_release
    lines = ["", f"Diagnoses (box 21, ICD-10-CM release {release}):"]
    for letter, dx in zip("ABCDEFGHIJKL", diagnoses):
        lines.append(f"  {letter}. {dotted(dx.code):<9} {dx.role:<9} {dx.description}")
        where = f" @{dx.start}" if dx.start is not None else ""
        lines.append(f"      from {dx.source.replace('_', ' ')}: \"{dx.quote[:80]}\"{where}" + (
            f" ({', '.join(dx.evidence_ids)})" if dx.evidence_ids else ""))
    return lines


def render_text(result: CodingResult) -> str:
    p = result.proposal
    out = [f"Case {result.case_id or '-'}  payer {result.claim.payer_name} ({result.payer})  proposer "
           f"{result.proposer}"]
    if p.anesthesia_code.value is None:
        out.append(f"No anesthesia code may be reported: {p.anesthesia_code.reason or p.not_billable_reason}")
    else:
        written = [p.physical_status.value, *p.pricing_modifiers.values(), *(m.value for m in p.other_modifiers)]
        mods = "-".join(m for m in written if m)
        out.append(f"Anesthesia code {p.anesthesia_code.value}-{mods}  ({p.anesthesia_code.reason})")
        out.append(f"  evidence: {_evidence_text(result, p.anesthesia_code.evidence_ids)}")
        out.append(f"Physical status {p.physical_status.value}: {p.physical_status.reason}")
        out.extend(_elixhauser_lines(result))
        for qc in p.qualifying_circumstances:
            out.append(f"Qualifying circumstance {qc.value}: {qc.reason}  [{_evidence_text(result, qc.evidence_ids)}]")
        out.append(f"Anesthesia minutes {p.anesthesia_minutes}")
        out.append("")
        out.append("Claim lines:")
        for line in result.claim.lines:
            status = "" if line.payable else f"  NOT PAYABLE: {line.not_payable_reason}"
            modifiers = "-".join(line.modifiers)
            pointer = f"  24E {line.diagnosis_pointer}" if line.diagnosis_pointer else ""
            code = f"{line.code}{'-' + modifiers if modifiers else ''}"
            out.append(f"  {line.provider_role:<24} {code}  {line.minutes} min  {line.total_units:g} units  "
                       f"{line.arithmetic}{pointer}{status}")
        out.append(f"  units of the anesthesia line: {result.claim.anesthesia_units:g}"
                   if result.claim.anesthesia_units is not None else "")
        out.append(f"  conversion factor: {result.claim.conversion_factor_note}")
        if result.claim.total_dollars is not None:
            out.append(f"  total: ${result.claim.total_dollars:,.2f}")
    out.extend(_diagnosis_lines(result))
    findings = sorted(result.findings, key=lambda f: _SEVERITY_ORDER[f.severity.value])
    out.append("")
    out.append("Findings:" if findings else "Findings: none")
    for finding in findings:
        out.append(f"  [{finding.severity.value.upper()}] {finding.code}: {finding.message}")
        out.append(f"      rule {finding.rule_id}; source: {finding.source}")
    for notice in result.notices:
        out.append(f"Note: {notice}")
    return "\n".join(line for line in out if line is not None)


def render_json(result: CodingResult) -> str:
    payload = {"summary": result.summary(), **json.loads(result.model_dump_json())}
    return json.dumps(payload, indent=2)
