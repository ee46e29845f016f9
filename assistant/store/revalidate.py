"""A reviewer's override goes back through the pipeline: the claim lines they key are read into a Proposal,
checked by the same validator (assistant.validate) and priced by the same pricing stage (assistant.price).

The lines are keyed as on a CMS-1500 box 24, one per line: `00404-QK-P2-QS 45 min` for an anesthesia line
(the minutes optional: the current minutes are kept), `99140` for a qualifying circumstance, `01968` for an
add-on. Adding or deleting a line adds or removes it (a CRNA line, a circumstance).

What cannot be on a claim at all is refused with one clear line (a code not in the CMS base-unit table, a
modifier that is not an anesthesia modifier, P9, an add-on standing alone, modifier 47). Everything else is
the reviewer's judgment: their lines stand and are priced as keyed, and every place where the rules read the
record differently becomes a finding shown before saving and stored with the override.
"""
from __future__ import annotations

import re

from assistant.diagnosis.claim import attach as attach_diagnoses
from assistant.knowledge import load_knowledge
from assistant.models import Choice, CodingResult, Finding, Proposal, Severity, Validation
from assistant.price import payer_profile, price
from assistant.propose import propose_with_rules
from assistant.store.review import ReviewError
from assistant.validate import validate

LINE = re.compile(r"^(?P<code>\d{5})(?P<mods>(?:\s*-\s*[A-Za-z0-9]{1,3})*)(?:\s+(?P<minutes>\d{1,4})\s*(?:min\w*)?)?$")
MAX_LINES = 8
EXAMPLE = "e.g. 00400-QK-P2 45 min, 00400-QX-P2 45 min, 99140"
OVERRIDE_FINDING = "OVERRIDE_DIFFERS_FROM_RULES"


def _pricing_roles() -> dict[str, str]:
    return {m: info["role"] for m, info in load_knowledge().modifiers["pricing"]["modifiers"].items()}


def _line_texts(lines: str | list[str]) -> list[str]:
    items = lines.splitlines() if isinstance(lines, str) else list(lines)
    out = []
    for item in items:
        for part in str(item).split(";"):  # "00400-QK-P2; 99140" on one line reads as two
            if part.strip():
                out.append(part.strip())
    return out


def read_lines(lines: str | list[str], current: Proposal) -> Proposal:
    """The reviewer's lines as a Proposal; ReviewError names the first line that cannot be on a claim."""
    knowledge = load_knowledge()
    roles = _pricing_roles()
    statuses = {c["modifier"] for c in knowledge.modifiers["physical_status"]["classes"].values()}
    others = set(knowledge.modifiers["other"])
    circumstances = knowledge.qualifying["qualifying_circumstances"]
    texts = _line_texts(lines)
    if not texts:
        raise ReviewError(f"no claim lines: key at least the anesthesia line ({EXAMPLE})")
    if len(texts) > MAX_LINES:
        raise ReviewError(f"{len(texts)} claim lines; an anesthesia case has at most {MAX_LINES}")
    code = minutes = status = None
    pricing: dict[str, str] = {}
    other: list[str] = []
    qcs: list[str] = []
    add_ons: list[str] = []
    for number, line in enumerate(texts, 1):
        match = LINE.match(line)
        where = f"line {number} '{line[:40]}'"
        if not match:
            raise ReviewError(f"{where} is not CODE-MODIFIERS [minutes] ({EXAMPLE})")
        value = match["code"]
        modifiers = [m.strip().upper() for m in match["mods"].split("-") if m.strip()]
        if len(modifiers) > 4:
            raise ReviewError(f"{where}: a CMS-1500 line takes at most four modifiers")
        if value in circumstances or value in knowledge.codes and knowledge.codes[value].add_on:
            if modifiers or match["minutes"]:
                raise ReviewError(f"{where}: {value} is reported on its own line without modifiers or minutes")
            (qcs if value in circumstances else add_ons).append(value)
            continue
        if value not in knowledge.codes:
            raise ReviewError(f"{where}: {value} is not an anesthesia code in the CMS base-unit table "
                              f"nor a qualifying circumstance ({', '.join(sorted(circumstances))})")
        if code is not None and value != code:
            raise ReviewError(f"{where}: the anesthesia lines of one case carry one code ({code} and {value})")
        code = value
        role = None
        for modifier in modifiers:
            if modifier in roles:
                if role is not None:
                    raise ReviewError(f"{where}: one pricing modifier per line ({role} and {modifier})")
                role = modifier
            elif modifier in statuses:
                if status is not None and status != modifier:
                    raise ReviewError(f"{where}: one physical status per case ({status} and {modifier})")
                status = modifier
            elif re.fullmatch(r"P\d", modifier):
                raise ReviewError(f"{where}: {modifier} is not a physical status (P1 to P6)")
            elif modifier == "47":
                raise ReviewError(f"{where}: modifier 47 belongs on the surgical code, never on an anesthesia code")
            elif modifier in others:
                other.append(modifier)
            else:
                known = ", ".join([*roles, *sorted(others - {"47"})])
                raise ReviewError(f"{where}: {modifier} is not an anesthesia modifier ({known}, P1-P6)")
        if role is None:
            raise ReviewError(f"{where} needs a pricing modifier (AA, QK, QY or AD for the anesthesiologist; "
                              "QX or QZ for the CRNA)")
        if roles[role] in pricing:
            raise ReviewError(f"{where}: two {roles[role]} lines ({pricing[roles[role]]} and {role})")
        pricing[roles[role]] = role
        if match["minutes"] is not None:
            if minutes is not None and int(match["minutes"]) != minutes:
                raise ReviewError(f"{where}: the anesthesia lines of one case carry the same minutes")
            minutes = int(match["minutes"])
    if code is None:
        if qcs or add_ons:
            raise ReviewError(f"{', '.join(qcs + add_ons)} cannot stand alone: key the anesthesia line too")
        raise ReviewError(f"no anesthesia line ({EXAMPLE})")
    return _proposal(current, code, status, pricing, sorted(set(other)), sorted(set(qcs)), add_ons,
                     current.anesthesia_minutes if minutes is None else minutes)


def _proposal(current: Proposal, code: str, status: str | None, pricing: dict[str, str], other: list[str],
              qcs: list[str], add_ons: list[str], minutes: int) -> Proposal:
    """Keeps the evidence of every value the reviewer left as it was."""
    def kept(value, choices: list[Choice], reason: str) -> Choice:
        return next((c for c in choices if c.value == value), Choice(value=value, reason=reason))

    why = "keyed by the reviewer"
    return Proposal(
        source="rules" if current.source == "llm" else current.source,
        anesthesia_code=kept(code, [current.anesthesia_code], why),
        physical_status=kept(status, [current.physical_status], why) if status else Choice(value=None),
        qualifying_circumstances=[kept(q, current.qualifying_circumstances, why) for q in qcs],
        pricing_modifiers=pricing, pricing_evidence_ids=list(current.pricing_evidence_ids),
        other_modifiers=[kept(m, current.other_modifiers, why) for m in other],
        add_on_codes=[kept(a, current.add_on_codes, why) for a in add_ons],
        anesthesia_minutes=minutes, supervisor_present_at_induction=current.supervisor_present_at_induction,
        diagnoses=list(current.diagnoses),  # the reviewer keys claim lines; box 21 stays the case's
    )


def _differs(change, knowledge) -> Finding:
    template = knowledge.findings[OVERRIDE_FINDING]
    message = template["message"].format(field=change.field.replace("_", " "), requested=change.requested or "none",
                                          final=change.final or "none", because=change.because)
    return Finding(code=OVERRIDE_FINDING, severity=Severity(template["severity"]), message=message,
                   rule_id=change.rule_id, source="the validator, on the reviewer's lines")


def revalidate(result: CodingResult, note: str, lines: str | list[str]) -> CodingResult:
    """The case as the reviewer keyed it: validated against the same facts and priced for the same payer."""
    knowledge = load_knowledge()
    facts = result.facts
    keyed = read_lines(lines, result.validation.proposal)
    tolerance = int(payer_profile(result.payer, knowledge).get("time_tolerance_minutes", 10))
    checked = validate(facts, keyed, propose_with_rules(facts), tolerance, note=note)
    findings = list(checked.findings)
    with_finding = {f.rule_id for f in findings}
    findings += [_differs(c, knowledge) for c in checked.changes if c.rule_id not in with_finding]
    claim = attach_diagnoses(price(keyed, result.payer), keyed.diagnoses)
    notices = [n for n in result.notices if not n.startswith("Override:")]
    notices.append("Override: the reviewer's claim lines, checked by the rules and re-priced")
    return CodingResult(case_id=result.case_id, payer=result.payer, proposer=result.proposer, facts=facts,
                        validation=Validation(proposal=keyed, requested=keyed, findings=findings,
                                              changes=checked.changes, verified=[]),
                        claim=claim, notices=notices, seconds=result.seconds)
