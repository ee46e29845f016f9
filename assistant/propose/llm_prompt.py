"""Builds the chat messages for the LLM proposer from a versioned prompt file in prompts/.

Only redacted text leaves through here: the note and every evidence span are
passed through the same Redaction, and names or dates kept in the facts
(staffing names, DOB, date of service) are left out.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.knowledge import Knowledge
from assistant.models import Facts, Proposal
from assistant.redact import Redaction
from assistant.settings import get_settings

PROMPT_NAME = "propose_v1.md"


@dataclass(frozen=True)
class PromptTemplate:
    version: str
    system: str
    user: str


@lru_cache(maxsize=4)
def load_prompt(path: str | None = None) -> PromptTemplate:
    file = Path(path or Path(get_settings().prompts_dir) / PROMPT_NAME)
    text = file.read_text(encoding="utf-8")
    version = re.search(r"^version:\s*(\S+)\s*$", text, re.M)
    parts = re.split(r"^<!-- (system|user) -->\s*$", text, flags=re.M)
    sections = dict(zip(parts[1::2], parts[2::2]))
    if not version or set(sections) != {"system", "user"}:
        raise ValueError(f"{file.name}: needs a 'version:' line and one <!-- system --> and one <!-- user --> line")
    system, user = sections["system"], sections["user"]
    if "{{case_json}}" not in user:
        raise ValueError(f"{file.name}: the user template needs {{{{case_json}}}}")
    return PromptTemplate(version=version.group(1), system=system.strip(), user=user.strip())


def candidate_list(facts: Facts, knowledge: Knowledge, candidates: list[tuple[str, str]]) -> list[dict]:
    by_code: dict[str, list[str]] = {}
    for code, evidence_id in candidates:
        by_code.setdefault(code, []).append(evidence_id)
    return [
        {"code": code, "description": knowledge.codes[code].description if code in knowledge.codes else "", "base_units": knowledge.base_units(code) if code in knowledge.codes else None, "evidence_ids": sorted(set(ids))}
        for code, ids in sorted(by_code.items())
    ]


def case_payload(facts: Facts, redaction: Redaction, note: str, candidates: list[dict], baseline: Proposal) -> dict:
    """The data the model sees: redacted note, facts with evidence ids, candidate codes."""
    evidence = [
        {"id": e.id, "label": e.label, "text": redaction.slice(note, e.start, e.end), "section": e.section,
         **{flag: True for flag in ("negated", "family", "hypothetical", "historical") if getattr(e, flag)}}
        for e in facts.evidence
    ]
    s = facts.staffing
    return {
        "note": redaction.text,
        "evidence": evidence,
        "facts": {
            "procedures": [{"evidence_id": p.evidence_id, "zone": p.zone} for p in facts.procedures],
            "sites": [{"region": x.region, "zone": x.zone, "laterality": x.laterality, "evidence_id": x.evidence_id} for x in facts.sites],
            "techniques": [t.model_dump() for t in facts.techniques],
            "age_years": facts.age_years if (facts.age_years or 0) < 90 else "90 or older",
            "age_months": facts.age_months if (facts.age_years or 0) < 2 else None,
            "age_evidence_ids": facts.age_evidence_ids,
            "premature_infant": facts.premature_infant,
            "documented_asa_class": facts.asa_class,
            "asa_evidence_id": facts.asa_evidence_id,
            "comorbidities": [c.model_dump() for c in facts.comorbidities],
            "emergency_documented": facts.emergency,
            "emergency_evidence_ids": facts.emergency_evidence_ids,
            "controlled_hypotension": facts.controlled_hypotension,
            "total_body_hypothermia": facts.hypothermia,
            "burn_tbsa_percent": facts.burn_tbsa_percent,
            "anesthesia_minutes": baseline.anesthesia_minutes,
            "staffing": {
                "anesthesiologist_present": s.anesthesiologist_present, "crna_present": s.crna_present,
                "medical_direction": s.medical_direction, "crna_independent": s.crna_independent,
                "personally_performed": s.personally_performed, "concurrent_cases": s.concurrent_cases,
                "evidence_ids": s.evidence_ids,
            },
        },
        "candidate_codes": candidates,
    }


def build_messages(template: PromptTemplate, payload: dict) -> list[dict]:
    case_json = json.dumps(payload, ensure_ascii=False)
    return [
        {"role": "system", "content": template.system},
        {"role": "user", "content": template.user.replace("{{case_json}}", case_json)},
    ]
