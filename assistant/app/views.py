"""Turns a CodingResult into what the coder sees: summary, why each code, claim lines, payers, findings.

Every code, modifier and finding names its plain description and links to its words in the note
(`<a class="ev-link" data-ev=... data-view=...>`: the page script scrolls to the mark and highlights it).
All text from the note or the result is HTML-escaped.
"""
from __future__ import annotations

from html import escape

from assistant.app.claims import box21, box24_rows, charge_note
from assistant.knowledge import load_knowledge
from assistant.models import CodingResult, InputError
from assistant.price import price
from assistant.store.review import SEVERITY_ORDER, primary_line

CLAIM_HEADERS = ["24A DOS", "24B POS", "24D Code", "Modifiers", "24E Dx", "24F Charge", "24G", "Units", "Expected $"]
PAYER_HEADERS = ["Payer", "Anesthesia units", "Dollars", "Conversion factor"]


def money(value: float | None) -> str:
    return f"${value:,.2f}" if value is not None else "-"


def keyed(code: str, modifiers: list[str]) -> str:
    return "-".join([code, *modifiers])


def table_html(headers: list[str], rows: list[list], table_id: str, classes: str = "grid",
               row_attrs: list[str] | None = None) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(f"<tr{(row_attrs or [''] * len(rows))[i]}>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>"
                   for i, row in enumerate(rows))
    if not rows:
        body = f'<tr><td colspan="{len(headers)}" class="empty">nothing to show</td></tr>'
    return f'<div class="table-wrap"><table class="{classes}" id="{table_id}"><thead><tr>{head}</tr></thead>' \
           f'<tbody>{body}</tbody></table></div>'


def ev_links(result: CodingResult, evidence_ids: list[str], view: str, limit: int = 3) -> str:
    """Links to the words of the note behind a value (the first few spans)."""
    links = []
    for evidence_id in dict.fromkeys(evidence_ids):
        span = result.facts.evidence_by_id(evidence_id)
        if span is None:
            continue
        words = " ".join(span.text.split())
        words = words if len(words) <= 40 else words[:38] + "..."
        links.append(f'<a class="ev-link" href="#" data-ev="{escape(span.id)}" data-view="{escape(view)}" '
                     f'title="show in the note">&ldquo;{escape(words)}&rdquo;</a>')
        if len(links) >= limit:
            break
    return " ".join(links) or '<span class="no-ev">no words in the note</span>'


def claim_rows(result: CodingResult) -> list[list]:
    """The box 24 preview rows (escaped HTML cells); each line's role and arithmetic go on a row beneath it."""
    rows = []
    for row in box24_rows(result):
        unit = "min" if row["unit_type"] == "MJ" else "units"
        note = "" if row["payable"] else f" (not payable: {row['not_payable_reason']})"
        rows.append([escape(row["date_of_service"] or "-"), escape(row["place_of_service"]),
                     f'<b class="code">{escape(row["code"])}</b>', escape(" ".join(row["modifiers"])),
                     escape(row["diagnosis_pointer"] or "-"), money(row["charge"]),
                     f"{row['units_or_minutes']:g} {unit}", f"{row['total_units']:g}",
                     money(row["expected_payment"]),
                     f'{escape(row["role"].replace("_", " "))}: {escape(row["arithmetic"] + note)}'])
    return rows


def box21_html(result: CodingResult) -> str:
    """Box 21 above the lines: each ICD-10-CM code with its letter and description, and the release coded."""
    descriptions = {d.code: d.description for d in result.diagnoses}
    items = "".join(f'<li><b>{letter}.</b> <span class="code">{escape(code)}</span> '
                    f'{escape(descriptions.get(code.replace(".", ""), ""))}</li>' for letter, code in box21(result))
    if not items:
        return '<div class="box21 claim-empty">Box 21: no diagnosis code (see the findings).</div>'
    release = escape(result.claim.diagnosis_release or "")
    return (f'<div class="box21" id="box-21"><b>21. Diagnosis (ICD-10-CM {release})</b>'
            f'<ol class="box21-list">{items}</ol></div>')


def claim_html(result: CodingResult, table_id: str = "claim-table") -> str:
    if not result.claim.lines:
        reason = result.validation.proposal.not_billable_reason or "no anesthesia code"
        return f'<div class="claim-empty">No claim lines: {escape(reason.replace("_", " "))}.</div>'
    g24 = "24G: minutes (Medicare, unit MJ)" if result.payer == "medicare" else "24G: units (unit UN)"
    head = "".join(f"<th>{escape(h)}</th>" for h in CLAIM_HEADERS)
    body = "".join('<tr class="line">' + "".join(f"<td>{c}</td>" for c in row[:-1]) + "</tr>"
                   f'<tr class="arith"><td colspan="{len(CLAIM_HEADERS)}">{row[-1]}</td></tr>'
                   for row in claim_rows(result))
    return (f'{box21_html(result)}'
            f'<div class="table-wrap"><table class="grid claim" id="{table_id}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{body}</tbody></table></div>'
            f'<div class="table-note">{escape(g24)} &middot; {escape(charge_note())} &middot; Expected $: '
            f'{escape(result.claim.conversion_factor_note)}</div>')


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
        rows.append([name, units, money(claim.total_dollars), claim.conversion_factor_note])
    return rows


def payer_html(result: CodingResult) -> str:
    rows = [[escape(str(c)) for c in row] for row in payer_rows(result)]
    return table_html(PAYER_HEADERS, rows, "payer-grid", "grid payers")


def _sorted_findings(result: CodingResult):
    return sorted(result.validation.findings, key=lambda f: SEVERITY_ORDER.get(f.severity.value, 9))


def finding_rows(result: CodingResult) -> list[list]:
    return [[f.severity.value, f.code, f.message, f.rule_id, f.source] for f in _sorted_findings(result)]


def findings_html(result: CodingResult, view: str = "note-view-code") -> str:
    findings = _sorted_findings(result)
    if not findings:
        return '<div class="findings empty">No findings: the documentation supports the claim as coded.</div>'
    items = "".join(
        f'<li class="finding sev-{escape(f.severity.value)}" data-finding="{escape(f.code)}">'
        f'<span class="sev">{escape(f.severity.value)}</span><b>{escape(f.code)}</b> {escape(f.message)}'
        f'<div class="rule">Rule {escape(f.rule_id)} &middot; {escape(f.source)}'
        + (f' &middot; {ev_links(result, f.evidence_ids, view)}' if f.evidence_ids else "") + '</div></li>'
        for f in findings)
    return f'<ul class="findings">{items}</ul>'


def why_html(result: CodingResult, view: str = "note-view-code") -> str:
    """Each code and modifier of the claim: what it means and the words of the note behind it."""
    knowledge = load_knowledge()
    p = result.validation.proposal
    items: list[tuple[str, str, str]] = []  # (keyed value, plain description, evidence links)
    code = p.anesthesia_code.value
    if code:
        info = knowledge.codes.get(code)
        description = (info.description if info else "") or "anesthesia code"
        items.append((code, f"{description} ({knowledge.base_units(code):g} base units)",
                      ev_links(result, p.anesthesia_code.evidence_ids, view)))
    pricing = knowledge.modifiers["pricing"]["modifiers"]
    for role, modifier in sorted(p.pricing_modifiers.items()):
        label = pricing.get(modifier, {}).get("label", "pricing modifier")
        items.append((modifier, f"{role}: {label}", ev_links(result, p.pricing_evidence_ids, view)))
    if p.physical_status.value:
        classes = knowledge.modifiers["physical_status"]["classes"]
        label = classes.get(int(p.physical_status.value[1]), {}).get("label", "physical status")
        items.append((p.physical_status.value, f"ASA physical status: {label}",
                      ev_links(result, p.physical_status.evidence_ids, view)))
    other = knowledge.modifiers["other"]
    for choice in p.other_modifiers:
        label = other.get(choice.value, {}).get("label", "modifier")
        items.append((choice.value, label, ev_links(result, choice.evidence_ids, view)))
    circumstances = knowledge.qualifying["qualifying_circumstances"]
    for choice in p.qualifying_circumstances:
        items.append((choice.value, circumstances.get(choice.value, {}).get("description", "qualifying circumstance"),
                      ev_links(result, choice.evidence_ids, view)))
    for choice in p.add_on_codes:
        info = knowledge.codes.get(choice.value)
        items.append((choice.value, (info.description if info else "") or "add-on code",
                      ev_links(result, choice.evidence_ids, view)))
    facts = result.facts
    time_ids = [b.evidence_id for b in facts.anesthesia_blocks] + \
        ([facts.stated_minutes_evidence_id] if facts.stated_minutes_evidence_id else [])
    if code:
        items.append((f"{p.anesthesia_minutes} min", "anesthesia time", ev_links(result, time_ids, view)))
    window = room_window(result)
    if window:
        items.append(("room", window, ev_links(result, facts.facility.evidence_ids, view)))
    if not items:
        return '<div class="why empty">No code: nothing to explain.</div>'
    rows = "".join(f'<li><b class="code" data-code="{escape(v)}">{escape(v)}</b> <span class="desc">{escape(d)}'
                   f'</span><div class="links">{links}</div></li>' for v, d, links in items)
    return f'<ul class="why">{rows}</ul>'


def room_window(result: CodingResult) -> str:
    """The in-room window and how the anesthesia time compares with it, when the note gives both ends."""
    facility = result.facts.facility
    if facility.window_minutes is None:
        return ""
    minutes = result.validation.proposal.anesthesia_minutes
    out = facility.out_of_room or facility.pacu
    compare = "no anesthesia time" if not minutes else (
        f"anesthesia {minutes} min is {facility.window_minutes - minutes} min inside it"
        if minutes <= facility.window_minutes else
        f"anesthesia {minutes} min exceeds it by {minutes - facility.window_minutes} min")
    return f"in room {facility.in_room} to {out}: {facility.window_minutes} min; {compare}"


def summary_html(result: CodingResult, seconds: float | None = None) -> str:
    proposal = result.validation.proposal
    code, modifiers = primary_line(result)
    headline = keyed(code, modifiers) if code else "No anesthesia code"
    why = proposal.not_billable_reason or ("" if code else "a coder must choose the code")
    counts = {s: sum(1 for f in result.validation.findings if f.severity.value == s) for s in SEVERITY_ORDER}
    badges = "".join(f'<span class="count sev-{s}">{n} {s}{"s" if n != 1 else ""}</span>'
                     for s, n in counts.items() if n)
    qcs = ", ".join(q.value for q in proposal.qualifying_circumstances if q.value) or "none"
    units = result.claim.anesthesia_units
    facts = [("Payer", result.claim.payer_name), ("Date of service", result.facts.date_of_service or "not found"),
             ("Physical status", proposal.physical_status.value or "not documented"),
             ("Anesthesia minutes", str(proposal.anesthesia_minutes)), ("Qualifying circumstances", qcs),
             ("Anesthesia units", str(units if units is not None else "-")),
             ("Expected payment", money(result.claim.total_dollars) if result.claim.total_dollars is not None
              else "no conversion factor set"), ("Proposer", result.proposer)]
    cells = "".join(f'<div class="kv"><span>{escape(k)}</span><b>{escape(v)}</b></div>' for k, v in facts)
    took = f'<span class="took">coded in {seconds:.2f} s</span>' if seconds is not None else ""
    window = room_window(result)
    notices = "".join(f'<div class="notice">{escape(n)}</div>' for n in result.notices)
    if window:
        notices += f'<div class="window">Room window: {escape(window)}</div>'
    return (f'<div class="summary-card" id="result-summary"><div class="headline">'
            f'<span class="code" id="result-code">{escape(headline)}</span>'
            f'{f"<span class=why>{escape(why)}</span>" if why else ""}{badges}{took}</div>'
            f'<div class="kvs" id="result-figures">{cells}</div>{notices}</div>')
