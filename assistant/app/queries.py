"""Draft provider queries for missing documentation, from templates in rules/provider_queries.yaml."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.knowledge import load_yaml
from assistant.models import CodingResult
from assistant.settings import get_settings


@dataclass
class ProviderQuery:
    id: str
    title: str
    text: str


@lru_cache(maxsize=1)
def load_templates() -> dict:
    return load_yaml(Path(get_settings().rules_dir) / "provider_queries.yaml")


def _evidence_summary(result: CodingResult, labels: tuple[str, ...] = (), limit: int = 4) -> str:
    facts = result.facts
    spans = [e for e in facts.evidence if e.asserted and (not labels or e.label in labels)]
    parts = [f"{e.label.lower().replace('_', ' ')} \"{' '.join(e.text.split())[:60]}\"" for e in spans[:limit]]
    return "; ".join(parts) or "no related entries"


def _emergency_without_reason(result: CodingResult, words: list[str], note: str) -> bool:
    facts = result.facts
    coded = any(q.value == "99140" for q in result.validation.proposal.qualifying_circumstances)
    if not (coded or facts.emergency):
        return False
    if any(f.code == "EMERGENCY_REASON_THIN" for f in result.validation.findings):
        return True
    spans = [facts.evidence_by_id(i) for i in facts.emergency_evidence_ids] or [e for e in facts.evidence if e.label == "EMERGENCY"]
    for span in filter(None, spans):
        window = note[max(0, span.start - 200): span.end + 200].lower()
        if any(word in window for word in words):
            return False
    return True


def draft_queries(result: CodingResult, note: str) -> list[ProviderQuery]:
    """One draft per documentation gap the findings (or an unexplained emergency) reveal."""
    facts = result.facts
    staffing = facts.staffing
    provider = staffing.anesthesiologist or staffing.crna or "(anesthesia provider)"
    procedure = facts.procedures[0].text if facts.procedures else "the procedure"
    values = {"provider": provider, "case": f"case {result.case_id}" if result.case_id else "this case",
              "dos": facts.date_of_service or "not documented", "procedure": procedure}
    by_code = {f.code: f for f in result.validation.findings}
    drafts = []
    for template in load_templates().get("queries", []):
        finding = by_code.get(template.get("when_finding", ""))
        if template.get("when") == "emergency":
            if not _emergency_without_reason(result, template.get("reason_words", []), note):
                continue
            evidence = _evidence_summary(result, ("EMERGENCY",))
        elif finding is None:
            continue
        elif template["id"] == "end_time":
            evidence = _evidence_summary(result, ("ANESTHESIA_TIME", "ANESTHESIA_START", "ANESTHESIA_END", "FACILITY_IN_ROOM", "FACILITY_OUT_OF_ROOM"))
        elif template["id"] == "mac_necessity":
            evidence = _evidence_summary(result, ("TECHNIQUE", "COMORBIDITY", "MAC_REASON"))
        else:
            evidence = _evidence_summary(result, ("COMORBIDITY", "DATE_OF_BIRTH", "PROCEDURE"))
        text = template["body"].format(**values, evidence=evidence, finding=finding.message if finding else "").strip()
        drafts.append(ProviderQuery(id=template["id"], title=template["title"], text=text))
    return drafts
