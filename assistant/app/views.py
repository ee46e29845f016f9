"""Turns a CodingResult into what the coder sees: summary, claim lines, payer comparison, findings."""
from __future__ import annotations

from html import escape

from assistant.knowledge import load_knowledge
from assistant.models import CodingResult, InputError
from assistant.price import price
from assistant.store.review import SEVERITY_ORDER, primary_line

# Medicare Claims Processing Manual ch.26 sec.10.4, item 24G: anesthesia claims report elapsed minutes;
# most commercial payers take units (ASA RVG). The payer id decides which the coder keys.
MINUTES_IN_24G = {"medicare"}

CLAIM_HEADERS = ["24A DOS", "24D CPT", "24D Modifiers", "Role", "Minutes", "Base", "Time u.", "PS u.", "QC u.",
                 "Total units", "Share", "24G Units/min", "24F Charges", "Arithmetic"]
CLAIM_WIDTHS = ["8%", "5%", "8%", "9%", "5%", "4%", "5%", "4%", "4%", "5%", "4%", "6%", "6%", "27%"]
PAYER_HEADERS = ["Payer", "Anesthesia units", "Dollars", "Conversion factor"]
FINDING_HEADERS = ["Severity", "Finding", "Message", "Rule", "Source"]


def money(value: float | None) -> str:
    return f"${value:,.2f}" if value is not None else "-"


def keyed(code: str, modifiers: list[str]) -> str:
    return "-".join([code, *modifiers])


def claim_rows(result: CodingResult) -> list[list]:
    dos = result.facts.date_of_service or ""
    in_minutes = result.payer in MINUTES_IN_24G
    rows = []
    for line in result.claim.lines:
        g24 = line.minutes if in_minutes and line.provider_role in ("anesthesiologist", "crna") else line.total_units
        note = "" if line.payable else f" (not payable: {line.not_payable_reason})"
        rows.append([dos, line.code, " ".join(line.modifiers), line.provider_role, line.minutes,
                     line.base_units, line.time_units, line.physical_status_units, line.qualifying_circumstance_units,
                     line.total_units, line.share, g24, money(line.dollars), line.arithmetic + note])
    return rows


def payer_rows(result: CodingResult) -> list[list]:
    """Units and dollars of the same validated claim under every payer profile, the coded payer first."""
    knowledge = load_knowledge()
    payers = [result.payer] + sorted(p for p in knowledge.payers if p != result.payer)
    rows = []
    for payer in payers:
        try:
            claim = result.claim if payer == result.payer else price(result.validation.proposal, payer)
        except InputError as error:
            rows.append([payer, "-", "-", str(error)])
            continue
        name = claim.payer_name + (" (coded)" if payer == result.payer else "")
        units = claim.anesthesia_units if claim.anesthesia_units is not None else "-"
        rows.append([name, units, money(claim.total_dollars), claim.conversion_factor_note or "no conversion factor set"])
    return rows


def finding_rows(result: CodingResult) -> list[list]:
    findings = sorted(result.validation.findings, key=lambda f: SEVERITY_ORDER.get(f.severity.value, 9))
    return [[f.severity.value, f.code, f.message, f.rule_id, f.source] for f in findings]


def findings_html(result: CodingResult) -> str:
    findings = sorted(result.validation.findings, key=lambda f: SEVERITY_ORDER.get(f.severity.value, 9))
    if not findings:
        return '<div class="findings empty">No findings: the documentation supports the claim as coded.</div>'
    items = "".join(
        f'<li class="finding sev-{escape(f.severity.value)}"><span class="sev">{escape(f.severity.value)}</span>'
        f'<b>{escape(f.code)}</b> {escape(f.message)}<div class="rule">Rule {escape(f.rule_id)} &middot; {escape(f.source)}</div></li>'
        for f in findings)
    return f'<ul class="findings">{items}</ul>'


def summary_html(result: CodingResult, seconds: float | None = None) -> str:
    proposal = result.validation.proposal
    code, modifiers = primary_line(result)
    headline = keyed(code, modifiers) if code else "No anesthesia code"
    why = proposal.not_billable_reason or ("" if code else "a coder must choose the code")
    counts = {s: sum(1 for f in result.validation.findings if f.severity.value == s) for s in SEVERITY_ORDER}
    badges = "".join(f'<span class="count sev-{s}">{n} {s}{"s" if n != 1 else ""}</span>' for s, n in counts.items() if n)
    qcs = ", ".join(q.value for q in proposal.qualifying_circumstances if q.value) or "none"
    facts = [("Payer", result.claim.payer_name), ("Physical status", proposal.physical_status.value or "not documented"),
             ("Anesthesia minutes", str(proposal.anesthesia_minutes)), ("Qualifying circumstances", qcs),
             ("Anesthesia units", str(result.claim.anesthesia_units if result.claim.anesthesia_units is not None else "-")),
             ("Total", money(result.claim.total_dollars)), ("Proposer", result.proposer)]
    cells = "".join(f'<div class="kv"><span>{escape(k)}</span><b>{escape(v)}</b></div>' for k, v in facts)
    took = f'<span class="took">coded in {seconds:.2f} s</span>' if seconds is not None else ""
    notices = "".join(f'<div class="notice">{escape(n)}</div>' for n in result.notices)
    return (f'<div class="summary-card" id="result-summary"><div class="headline"><span class="code" id="result-code">{escape(headline)}</span>'
            f'{f"<span class=why>{escape(why)}</span>" if why else ""}{badges}{took}</div><div class="kvs">{cells}</div>{notices}</div>')
