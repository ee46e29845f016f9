"""One result row per case: what the batch writes (JSONL) and flattens (CSV). No note text."""
from __future__ import annotations

from assistant.models import CodingResult

MAX_ERROR_CHARS = 300
MAX_INPUT_CHARS = 2000  # of a row that could not be read: enough to find and fix it (results files are private)

CSV_COLUMNS = [
    "id", "payer", "status", "anesthesia_code", "physical_status", "anesthesia_minutes", "units",
    "anesthesiologist_modifier", "crna_modifier", "other_modifiers", "qualifying_circumstances",
    "claim_lines", "total_dollars", "findings", "date_of_service", "anesthesiologist",
    "diagnosis_codes", "diagnosis_release",
    "batch_concurrency", "batch_modifier", "batch_conflict", "error",
]


def coded_record(case_id: str, result: CodingResult) -> dict:
    facts = result.facts
    staffing = facts.staffing
    return {
        "id": case_id,
        "payer": result.payer,
        "status": "coded",
        "proposer": result.proposer,
        "summary": result.summary(),
        "claim_lines": [
            {"role": line.provider_role, "code": line.code, "modifiers": line.modifiers, "minutes": line.minutes,
             "units": line.total_units, "dollars": line.dollars, "payable": line.payable,
             "diagnosis_pointer": line.diagnosis_pointer}
            for line in result.claim.lines
        ],
        "total_dollars": result.claim.total_dollars,
        "diagnoses": [{"code": d.code, "role": d.role, "description": d.description, "source": d.source,
                       "evidence_ids": d.evidence_ids, "elixhauser": d.elixhauser} for d in result.diagnoses],
        "diagnosis_release": result.claim.diagnosis_release,
        "findings": [{"code": f.code, "severity": f.severity.value, "rule_id": f.rule_id, "message": f.message}
                     for f in result.findings],
        "staffing": {
            "date_of_service": facts.date_of_service,
            "anesthesiologist": staffing.anesthesiologist,
            "crna": staffing.crna,
            "personally_performed": staffing.personally_performed,
            "medical_direction": staffing.medical_direction,
            "documented_concurrent_cases": staffing.concurrent_cases,
            "blocks": [[b.start, b.end] for b in facts.anesthesia_blocks],
        },
        "notices": result.notices,  # e.g. the encoding a non-UTF-8 note was read as
        "seconds": result.seconds,
    }


def error_record(case_id: str, payer: str | None, error: BaseException | str, raw: str | None = None) -> dict:
    """A case that could not be coded: its id and one line saying why (never the note); a row that could not
    be read keeps its input line (`input`), so nothing of the batch is lost."""
    if isinstance(error, BaseException):
        from assistant.models import InputError

        text = str(error) if isinstance(error, InputError) else f"{type(error).__name__}: {error}"
    else:
        text = error
    text = " ".join(text.split())
    record = {"id": case_id, "payer": payer, "status": "error", "error": text[:MAX_ERROR_CHARS]}
    if raw is not None:
        record["input"] = raw[:MAX_INPUT_CHARS]
    return record


def _join(values) -> str:
    return " ".join(str(v) for v in values if v)


def csv_row(record: dict, concurrency: dict | None = None) -> dict:
    summary = record.get("summary") or {}
    modifiers = summary.get("pricing_modifiers") or {}
    staffing = record.get("staffing") or {}
    lines = "; ".join(
        f"{line['role']} {'-'.join([line['code'], *line['modifiers']])} {line['minutes']}min {line['units']:g}u"
        for line in record.get("claim_lines", [])
    )
    row = {
        "id": record["id"], "payer": record.get("payer"), "status": record["status"],
        "anesthesia_code": summary.get("anesthesia_code"), "physical_status": summary.get("physical_status"),
        "anesthesia_minutes": summary.get("anesthesia_minutes"), "units": summary.get("units"),
        "anesthesiologist_modifier": modifiers.get("anesthesiologist"), "crna_modifier": modifiers.get("crna"),
        "other_modifiers": _join(summary.get("other_modifiers", [])),
        "qualifying_circumstances": _join(summary.get("qualifying_circumstances", [])),
        "claim_lines": lines, "total_dollars": record.get("total_dollars"),
        "findings": _join(sorted({f["code"] for f in record.get("findings", [])})),
        "date_of_service": staffing.get("date_of_service"), "anesthesiologist": staffing.get("anesthesiologist"),
        "error": record.get("error"),
        "diagnosis_codes": _join(summary.get("diagnosis_codes", [])),
        "diagnosis_release": record.get("diagnosis_release"),
    }
    if concurrency and concurrency.get("status") == "swept":
        row["batch_concurrency"] = concurrency["max_concurrent"]
        row["batch_modifier"] = concurrency["derived"]
        row["batch_conflict"] = "CONCURRENCY_CONFLICT" if concurrency["conflict"] else ""
    return {k: ("" if row.get(k) is None else row.get(k)) for k in CSV_COLUMNS}
