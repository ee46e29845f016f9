"""Pricing stage: the validated proposal -> claim lines with units and dollars under one payer profile."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from assistant.knowledge import Knowledge, load_knowledge
from assistant.models import InputError, PricedClaim, PricedLine, Proposal
from assistant.settings import get_settings


def payer_profile(payer: str, knowledge: Knowledge | None = None) -> dict:
    knowledge = knowledge or load_knowledge()
    if payer not in knowledge.payers:
        raise InputError(f"unknown payer '{payer}'; known payers: {', '.join(sorted(knowledge.payers))}")
    return knowledge.payers[payer]


def time_units(minutes: int, profile: dict, code: str) -> float:
    """minutes / minutes_per_unit, rounded as the profile says (decimal1 = half-up to one decimal)."""
    time = profile["time"]
    if code in time.get("no_time_units_codes", []):
        return 0.0
    raw = Decimal(minutes) / Decimal(time["minutes_per_unit"])
    rounding = time.get("rounding", "decimal1")
    if rounding == "ceil_whole":
        return float(math.ceil(raw))
    if rounding == "nearest_whole":
        return float(raw.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return float(raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _conversion_factor(profile: dict) -> tuple[float | None, str]:
    cf = profile["conversion_factor"]
    if cf.get("dollars") is not None:
        effective = cf.get("effective", {})
        period = f"{effective.get('from')} to {effective.get('to')}"
        return float(cf["dollars"]), f"${cf['dollars']} per unit ({period}; {cf['source']})"
    if cf.get("setting") == "ASSISTANT_COMMERCIAL_CF" and get_settings().commercial_conversion_factor:
        value = get_settings().commercial_conversion_factor
        return value, f"${value} per unit (the site's contract figure)"
    # the payer file is where a contract's figure belongs: say plainly that it has none (no setting's name)
    return None, f"no conversion factor is set in rules/payers/{profile['id']}.yaml: units only, no dollars"


def _qc_payable(qc: str, code: str, profile: dict) -> tuple[bool, str | None]:
    settings = profile["qualifying_circumstance_units"]
    if not settings["enabled"]:
        return False, settings.get("reason", "not separately payable under this profile")
    if code in settings.get("not_with_codes", []):
        return False, settings.get("not_with_codes_reason")
    if (qc == "99140" and settings.get("emergency_not_for_routine_obstetric_delivery")
        and code in settings.get("emergency_routine_delivery_codes", [])):
        return False, "99140 is not eligible for an unscheduled routine obstetric delivery under this profile"
    return True, None


def _round(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def price(proposal: Proposal, payer: str) -> PricedClaim:
    knowledge = load_knowledge()
    profile = payer_profile(payer, knowledge)
    code = proposal.anesthesia_code.value
    cf, cf_note = _conversion_factor(profile)
    claim = PricedClaim(payer=payer, payer_name=profile["name"], conversion_factor_note=cf_note)
    if code is None:
        return claim
    base = knowledge.base_units(code)
    minutes = proposal.anesthesia_minutes
    t_units = time_units(minutes, profile, code)
    status = proposal.physical_status.value
    ps_units = 0.0
    if status and profile["physical_status_units"]["enabled"]:
        ps_units = float(knowledge.modifiers["physical_status"]["classes"][int(status[1])]["units"])
    qc_lines, qc_units = [], 0.0
    for qc in sorted(q.value for q in proposal.qualifying_circumstances if q.value):
        units = float(knowledge.qualifying["qualifying_circumstances"][qc]["units"])
        payable, reason = _qc_payable(qc, code, profile)
        qc_units += units if payable else 0.0
        qc_lines.append(PricedLine(
            provider_role="qualifying_circumstance", code=qc, qualifying_circumstance_units=units if payable else 0.0,
            payable=payable, not_payable_reason=reason,
            arithmetic=f"{units:g} unit(s) counted in the anesthesia line" if payable else f"0 units: {reason}",
        ))
    total = round(base + t_units + ps_units + qc_units, 2)
    arithmetic = f"{base:g} base + {t_units:g} time ({minutes} min / {profile['time']['minutes_per_unit']})"
    arithmetic += f" + {ps_units:g} PS" if ps_units else ""
    arithmetic += f" + {qc_units:g} QC" if qc_units else ""
    arithmetic += f" = {total:g} units"
    shares = profile["shares"]
    other = [m.value for m in proposal.other_modifiers if m.value and m.value != "47"]
    status_mod = [status] if status else []
    lines: list[PricedLine] = []
    for role, modifier in sorted(proposal.pricing_modifiers.items()):
        if modifier == "AD":
            ad = profile["medical_supervision_AD"]
            units = ad["base_units"] + (ad["induction_time_unit"] if proposal.supervisor_present_at_induction else 0)
            line = PricedLine(provider_role=role, code=code, modifiers=[modifier, *status_mod, *other], minutes=minutes,
                              base_units=ad["base_units"],
                              time_units=units - ad["base_units"], total_units=units, share=1.0,
                              arithmetic=f"medical supervision: {ad['base_units']} base units"
                              + (" + 1 unit present at induction" if units > ad["base_units"] else "")
                              + f" = {units} units")
        else:
            share = float(shares.get(modifier, 1.0))
            line = PricedLine(provider_role=role, code=code, modifiers=[modifier, *status_mod, *other], minutes=minutes,
                              base_units=base, time_units=t_units,
                              physical_status_units=ps_units, qualifying_circumstance_units=qc_units, total_units=total,
                              share=share,
                              arithmetic=arithmetic + (f" x {share:g} share" if share != 1 else ""))
        if cf is not None:
            line.conversion_factor = cf
            line.dollars = _round(line.total_units * cf * line.share)
            line.arithmetic += f" x ${cf} = ${line.dollars:,.2f}"
        lines.append(line)
    for add_on in proposal.add_on_codes:
        units = knowledge.base_units(add_on.value)
        lines.append(PricedLine(provider_role="add_on", code=add_on.value, base_units=units, total_units=units,
                                arithmetic=f"add-on: {units:g} base unit(s); {add_on.reason}"))
    claim.lines = lines + qc_lines
    anesthesia_lines = [ln for ln in lines if ln.provider_role in ("anesthesiologist", "crna")]
    crna = next((ln for ln in anesthesia_lines if ln.provider_role == "crna"), None)
    if anesthesia_lines:
        claim.anesthesia_units = (crna or anesthesia_lines[0]).total_units
    else:
        claim.anesthesia_units = total
    dollars = [ln.dollars for ln in lines if ln.dollars is not None]
    claim.total_dollars = _round(sum(dollars)) if dollars and cf is not None else None
    return claim
