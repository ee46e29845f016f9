"""Builds the chat messages for the LLM proposer from a versioned prompt file in prompts/.

Only redacted text leaves through here: the note after redaction, the age and
the code shortlist; names or dates kept in the facts (staffing names, DOB, date
of service) and the evidence ids are left out (the model quotes the note instead).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.knowledge import Knowledge
from assistant.models import Facts
from assistant.redact import Redaction
from assistant.settings import get_settings

PROMPT_NAME = "propose_v3.md"  # v3: diagnosis codes with quotes (issue 13)


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


def shortlist(facts: Facts, note: str, knowledge: Knowledge, candidates: list[tuple[str, str]]) -> list[str]:
    """Every code of every anesthesia section that an anatomy or procedure word of the note points to
    (outside the history sections: a past surgery points nowhere), the sections always offered
    (rules/llm_checks.yaml), each named zone's skin code, and the rules' own candidates."""
    from assistant.validate.llm_claims import claim_checks, distinctive_term_sections, keyword_codes, zones_named

    checks = claim_checks()
    history = set(knowledge.sections.get("history_sections", []))
    text = list(note)
    for name, start, end in facts.sections:
        if name in history:
            text[start:end] = " " * (end - start)
    today = "".join(text)
    sections = set(checks.always_shortlisted)
    named = zones_named(today, knowledge)
    for phrase, zone in named.items():
        sections |= checks.phrase_sections.get(phrase) or checks.zone_sections.get(zone, frozenset())
    codes = {code for code, _ in candidates}
    codes |= {knowledge.integumentary.get("zone_codes", {}).get(z) for z in named.values()} - {None}
    for line in today.splitlines():
        codes |= keyword_codes(line)
    sections |= {knowledge.section_of(c) for c in codes if c in knowledge.codes}
    sections |= distinctive_term_sections(today)
    listed = {c for c, info in knowledge.codes.items() if info.section in sections and not info.add_on}
    return sorted(listed | {c for c in codes if c in knowledge.codes})


def code_list(knowledge: Knowledge, codes: list[str]) -> list[str]:
    """One short line per code: "00400 (3 base units, thorax ...): description"."""
    return [f"{c} ({knowledge.base_units(c):g} base units, {knowledge.section_of(c)}): {knowledge.codes[c].description}"
            for c in codes]


def case_payload(facts: Facts, redaction: Redaction, codes: list[str]) -> dict:
    """The data the model sees: the redacted note, the age (never the DOB), the code shortlist."""
    return {
        "note": redaction.text,
        "age_years": facts.age_years if (facts.age_years or 0) < 90 else "90 or older",
        "age_months": facts.age_months if (facts.age_years or 0) < 2 else None,
        "codes": codes,
    }


def build_messages(template: PromptTemplate, payload: dict) -> list[dict]:
    case_json = json.dumps(payload, ensure_ascii=False)
    return [
        {"role": "system", "content": template.system},
        {"role": "user", "content": template.user.replace("{{case_json}}", case_json)},
    ]
