"""Claim lines as a biller keys them (CMS-1500 box 24), and the export of reviewed final claims.

`box24_rows` is the one place a claim row is built: the on-screen preview, the CSV and the FHIR Claim are all
made from its rows, and box 21 (the ICD-10-CM codes, letter A the primary) from `box21` beside them.

- 24A date of service, 24B place of service (the site's, rules/claim_form.yaml), 24D code and modifiers,
  24E the diagnosis pointer (letters of box 21, the primary first).
- 24G: elapsed minutes for Medicare (Claims Processing Manual ch.26 item 24G; 837P unit qualifier MJ), units
  for the other payers (qualifier UN). Qualifying-circumstance lines carry 1 unit.
- 24F: the billed charge = units x the practice's charge per unit (rules/claim_form.yaml), never the payment.
  The expected payment (units x the payer file's conversion factor x share) is shown beside it.
"""
from __future__ import annotations

import csv
import io
import json
import os
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from assistant.models import CodingResult
from assistant.safe_text import for_spreadsheet, private_open
from assistant.settings import get_settings

MINUTES_IN_24G = {"medicare"}  # the payer ids whose anesthesia lines report minutes in 24G
CPT = "http://www.ama-assn.org/go/cpt"
POS_SYSTEM = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
CSV_COLUMNS = ["case_number", "case_id", "status", "reviewed_by", "payer", "line", "date_of_service",
               "place_of_service", "code", "modifiers", "diagnosis_pointer", "units_or_minutes", "unit_type",
               "charge", "expected_payment", "payable", "findings", "diagnosis_codes", "diagnosis_release"]
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"


@lru_cache(maxsize=4)
def claim_form(rules_dir: str | None = None) -> dict:
    from assistant.catalog import ClaimForm, load_model

    path = Path(rules_dir or get_settings().rules_dir) / "claim_form.yaml"
    return load_model(ClaimForm, path).model_dump()


def charge_note() -> str:
    rate = claim_form()["charge_per_unit"]["dollars"]
    if rate is None:
        return "24F: no charge per unit is set in rules/claim_form.yaml (the practice's fee schedule)"
    return f"24F = units x ${rate:,.2f} per unit (the practice's fee schedule, rules/claim_form.yaml)"


def box24_rows(result: CodingResult) -> list[dict]:
    """One dict per claim line, in claim order: the single source of every claim preview and export."""
    form = claim_form()
    rate = form["charge_per_unit"]["dollars"]
    in_minutes = result.payer in MINUTES_IN_24G
    rows = []
    for number, line in enumerate(result.claim.lines, 1):
        anesthesia = line.provider_role in ("anesthesiologist", "crna")
        minutes = in_minutes and anesthesia
        units = line.total_units if anesthesia or line.provider_role == "add_on" else 1.0
        g24 = line.minutes if minutes else units
        rows.append({
            "line": number, "role": line.provider_role, "date_of_service": result.facts.date_of_service or "",
            "place_of_service": form["place_of_service"]["code"], "code": line.code, "modifiers": list(line.modifiers),
            "diagnosis_pointer": line.diagnosis_pointer,
            "units_or_minutes": g24, "unit_type": "MJ" if minutes else "UN", "total_units": line.total_units,
            "charge": round(units * rate, 2) if rate is not None and line.payable and anesthesia else None,
            "expected_payment": line.dollars, "payable": line.payable,
            "not_payable_reason": line.not_payable_reason, "arithmetic": line.arithmetic,
        })
    return rows


def box21(result: CodingResult) -> list[tuple[str, str]]:
    """[("A", "C50.912"), ("B", "I10")]: CMS-1500 box 21 as keyed, in the order 24E points into."""
    from assistant.diagnosis.claim import box_21

    return box_21(result.claim)


# ---------------------------------------------------------------------------------------------- exports
def _findings(detail) -> str:
    return " ".join(sorted({f.code for f in detail.result.validation.findings}))


def claims_csv(details: list, reviewed_by: dict[int, str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for detail in details:
        for row in box24_rows(detail.result):
            record = {"case_number": detail.id, "case_id": detail.case_key or "", "status": detail.status,
                      "reviewed_by": (reviewed_by or {}).get(detail.id, ""), "payer": detail.payer,
                      "findings": _findings(detail), **{k: row[k] for k in CSV_COLUMNS if k in row}}
            record["modifiers"] = " ".join(row["modifiers"])
            record["diagnosis_codes"] = " ".join(f"{letter}:{code}" for letter, code in box21(detail.result))
            record["diagnosis_release"] = detail.result.claim.diagnosis_release or ""
            record["charge"] = "" if row["charge"] is None else f"{row['charge']:.2f}"
            record["expected_payment"] = "" if row["expected_payment"] is None else f"{row['expected_payment']:.2f}"
            writer.writerow({k: for_spreadsheet(v) for k, v in record.items()})
    return out.getvalue()


def _money(value: float) -> dict:
    return {"value": round(value, 2), "currency": "USD"}


def fhir_claim(detail, provider_label: str | None = None) -> dict:
    """A FHIR R4 Claim (built and checked by fhir.resources' R4B models: Claim is the same in R4 and R4B)."""
    from fhir.resources.R4B.claim import Claim

    result = detail.result
    items, total = [], 0.0
    for row in box24_rows(result):
        if not row["payable"]:
            continue
        item = {"sequence": row["line"],
                "productOrService": {"coding": [{"system": CPT, "code": row["code"]}]},
                "modifier": [{"coding": [{"system": CPT, "code": m}]} for m in row["modifiers"]] or None,
                "locationCodeableConcept": {"coding": [{"system": POS_SYSTEM, "code": row["place_of_service"]}]},
                "quantity": {"value": row["units_or_minutes"],
                             "unit": "minutes" if row["unit_type"] == "MJ" else "units"}}
        if row["date_of_service"]:
            item["servicedDate"] = row["date_of_service"]
        if row["diagnosis_pointer"]:  # 24E: box 21 letter A is diagnosis sequence 1
            item["diagnosisSequence"] = [ord(letter) - ord("A") + 1 for letter in row["diagnosis_pointer"]]
        if row["charge"] is not None:
            item["net"] = _money(row["charge"])
            total += row["charge"]
        items.append({k: v for k, v in item.items() if v is not None})
    staffing = result.facts.staffing
    claim = {
        "resourceType": "Claim", "status": "active", "use": "claim",
        "identifier": [{"system": "urn:anesthesia-coding-assistant:case", "value": detail.case_key or str(detail.id)}],
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]},
        "patient": {"display": f"patient of case {detail.case_key or detail.id} (not exported)"},
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "provider": {"display": provider_label or staffing.anesthesiologist or staffing.crna or "anesthesia provider"},
        "priority": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/processpriority", "code": "normal"}]},
        "insurance": [{"sequence": 1, "focal": True, "coverage": {"display": result.claim.payer_name}}],
        "item": items,
    }
    diagnoses = [{"sequence": number, "diagnosisCodeableConcept": {"coding": [{"system": ICD10CM, "code": code}]}}
                 for number, (_, code) in enumerate(box21(result), 1)]
    if diagnoses:
        claim["diagnosis"] = diagnoses
    if total:
        claim["total"] = _money(total)
    return json.loads(Claim.model_validate(claim).model_dump_json(exclude_none=True))


def fhir_bundle(details: list) -> dict:
    from fhir.resources.R4B.bundle import Bundle

    bundle = {"resourceType": "Bundle", "type": "collection",
              "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "entry": [{"resource": fhir_claim(d)} for d in details]}
    return json.loads(Bundle.model_validate(bundle).model_dump_json(exclude_none=True))


def write_claims(details: list, stem: str, reviewed_by: dict[int, str] | None = None) -> tuple[str, str]:
    """CSV (one row per claim line) and FHIR JSON (a Claim for one case, a Bundle of Claims for several)."""
    from assistant.app.exports import new_folder

    folder = new_folder()
    csv_path, json_path = os.path.join(folder, f"{stem}.csv"), os.path.join(folder, f"{stem}.fhir.json")
    with private_open(csv_path, "w", encoding="utf-8", newline="") as handle:
        handle.write(claims_csv(details, reviewed_by))
    document = fhir_claim(details[0]) if len(details) == 1 else fhir_bundle(details)
    with private_open(json_path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
    return csv_path, json_path
