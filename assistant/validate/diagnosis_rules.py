"""Rules on the ICD-10-CM diagnoses of the claim (docs/diagnosis.md): every code exists and is billable in the
release, an LLM's code stands on an asserted verbatim quote that names it, no two codes break an Excludes1 note,
the primary agrees with the anesthesia code's region, and an unspecified primary goes out with a query."""
from __future__ import annotations

import re

from assistant.catalog import in_code_list
from assistant.diagnosis import NOT_ASSERTED_BEFORE, statement_words
from assistant.diagnosis import rules as diagnosis_config
from assistant.diagnosis.matcher import matcher
from assistant.models import Diagnosis
from assistant.validate.registry import RuleContext, rule

_EXCLUDED_CODES = re.compile(r"\(([^()]*\d[^()]*)\)")
_CODE_OR_RANGE = re.compile(r"([A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{0,4})?)-?(?:\s*-\s*([A-Z]\d[0-9A-Z]))?")
_SIDE = re.compile(r"\b(?:right|left|bilateral)\b")


def _codeset(ctx: RuleContext):
    return matcher(str(ctx.knowledge.rules_dir)).codeset


def _refuse(ctx: RuleContext, dx: Diagnosis, why: str, fallback: Diagnosis | None) -> Diagnosis | None:
    ctx.record_change("diagnosis", dx.code, fallback.code if fallback else None, why)
    ctx.raise_finding(evidence_ids=dx.evidence_ids, code=dx.code, why=why,
                      final=f"the rules' {fallback.code}" if fallback else "nothing")
    return fallback


def _quote_problem(ctx: RuleContext, view, dx: Diagnosis) -> tuple[str | None, list[str]]:
    """Why the LLM's quotes do not support the code, or None with the evidence ids of the quotes."""
    from assistant.validate.llm_claims import record_quotes, supporting_quotes

    if view is None:
        return "the note was not given to the validator, so no quote can be checked", []
    if not dx.quotes:
        return "the LLM quoted nothing from the note for it", []
    places, problem = supporting_quotes(view, dx.quotes, {"COMORBIDITY"}, frozenset({"family_history"}))
    if problem:
        return problem, []
    for start, end in places:  # a denial or someone else's condition just before the words: not the patient's
        line_start = view.note.rfind("\n", 0, start) + 1
        if NOT_ASSERTED_BEFORE.search(view.note[line_start:start]):
            return f"the quoted words \"{view.note[start:end][:60]}\" are not asserted for the patient", []
    said = statement_words(" ".join(view.note[s:e] for s, e in places))
    codeset = _codeset(ctx)
    config = diagnosis_config()
    side_and_weak = {"right", "left", "bilateral", "unilateral"} | {w.lower() for w in config.weak_words}
    named = {w for v in codeset.variants(dx.code) for g in v.groups for w in g} - side_and_weak
    if not named & said:
        return f"the quotes do not name {dx.code} ({codeset.description(dx.code)})", []
    return None, record_quotes(ctx.facts, view, places)


@rule("DIAGNOSIS_LLM_CLAIMS")
def diagnosis_llm_claims(ctx: RuleContext) -> None:
    """An LLM's diagnosis must exist, be billable in the release, and stand on an asserted quote that names it;
    a refused primary is replaced by the rules' primary, a refused secondary is left off."""
    proposed = ctx.proposal.diagnoses
    if not any(d.source == "llm" for d in proposed):
        return
    from assistant.validate.llm_claims import NoteView

    view = NoteView(ctx.note, ctx.facts) if ctx.note is not None else None
    codeset = _codeset(ctx)
    rules_primary = next((d for d in ctx.baseline.diagnoses if d.role == "primary"), None)
    kept: list[Diagnosis] = []
    for dx in proposed:
        if dx.source != "llm":
            kept.append(dx)
            continue
        fallback = rules_primary if dx.role == "primary" else None
        if not codeset.exists(dx.code):
            why = f"{dx.code} is not an ICD-10-CM code in the {codeset.release.id} release"
        elif not codeset.billable(dx.code):
            why = f"{dx.code} is a category, not a billable code, in the {codeset.release.id} release"
        else:
            why, evidence_ids = _quote_problem(ctx, view, dx)
            if why is None:
                kept.append(dx.model_copy(update={"evidence_ids": evidence_ids, "release": codeset.release.id,
                                                  "description": codeset.description(dx.code)}))
                continue
        replacement = _refuse(ctx, dx, why, fallback)
        if replacement is not None:
            kept.append(replacement)
    seen: set[str] = set()
    ctx.proposal.diagnoses = [d for d in kept if not (d.code in seen or seen.add(d.code))]
    if ctx.proposal.diagnoses and ctx.proposal.diagnoses[0].role != "primary" and rules_primary:
        ctx.proposal.diagnoses.insert(0, rules_primary)


@rule("DIAGNOSIS_BILLABLE")
def diagnosis_billable(ctx: RuleContext) -> None:
    """Every code on the claim is a billable leaf of the release (the rules' own table is checked too)."""
    codeset = _codeset(ctx)
    kept = []
    for dx in ctx.proposal.diagnoses:
        if codeset.billable(dx.code):
            kept.append(dx)
        else:
            ctx.raise_finding(evidence_ids=dx.evidence_ids, code=dx.code,
                              detail=f"is not a billable code in the ICD-10-CM {codeset.release.id} release")
    ctx.proposal.diagnoses = kept


def excluded_ranges(note: str) -> list[tuple[str, str]]:
    """"type 1 diabetes mellitus (E10.-)" -> [("E10", "E10")]; "(E08-E13)" -> [("E08", "E13")]."""
    out = []
    for inside in _EXCLUDED_CODES.findall(note):
        for first, last in _CODE_OR_RANGE.findall(inside):
            first = first.replace(".", "").rstrip("-")
            out.append((first, last or first))
    return out


def _covers(ranges: list[tuple[str, str]], code: str) -> bool:
    for first, last in ranges:
        if first == last and code.startswith(first):
            return True
        if first != last and first[:3] <= code[:3] <= last[:3]:
            return True
    return False


@rule("DIAGNOSIS_EXCLUDES1")
def diagnosis_excludes1(ctx: RuleContext) -> None:
    """Two codes where one's Excludes1 note names the other may not be reported together: the later is dropped."""
    codeset = _codeset(ctx)
    kept: list[Diagnosis] = []
    for dx in ctx.proposal.diagnoses:
        clash = None
        for earlier in kept:
            for owner, other in ((earlier, dx), (dx, earlier)):
                note = next((n for n in codeset.excludes1(owner.code) if _covers(excluded_ranges(n), other.code)), None)
                if note:
                    clash = (earlier, owner, note)
                    break
            if clash:
                break
        if clash is None:
            kept.append(dx)
            continue
        earlier, owner, note = clash
        ctx.record_change("diagnosis", dx.code, None, f"Excludes1 note of {owner.code}: {note}")
        ctx.raise_finding(evidence_ids=dx.evidence_ids, first=earlier.code, second=dx.code, owner=owner.code, note=note,
                          dropped=dx.code)
    ctx.proposal.diagnoses = kept


def _region(code: str):
    return next((r for r in diagnosis_config().regions if any(code.startswith(p) for p in r.icd)), None)


@rule("DIAGNOSIS_REGION")
def diagnosis_region(ctx: RuleContext) -> None:
    """The primary diagnosis's body region agrees with the anesthesia code (a breast cancer with 00404, not 01402).
    An LLM's primary that disagrees gives way to the rules' primary when that one agrees; else a finding."""
    anesthesia = ctx.proposal.anesthesia_code.value
    diagnoses = ctx.proposal.diagnoses
    if anesthesia is None or not diagnoses or diagnoses[0].role != "primary":
        return
    first = diagnoses[0]
    region = _region(first.code)
    if region is None or in_code_list(anesthesia, region.anesthesia):
        return
    rules_primary = next((d for d in ctx.baseline.diagnoses if d.role == "primary"), None)
    if first.source == "llm" and rules_primary and rules_primary.code != first.code:
        other = _region(rules_primary.code)
        if other is None or in_code_list(anesthesia, other.anesthesia):
            ctx.record_change("diagnosis", first.code, rules_primary.code,
                              f"a {region.name} diagnosis does not fit {anesthesia}")
            diagnoses[0] = rules_primary
    ctx.raise_finding(evidence_ids=first.evidence_ids, code=first.code, description=first.description,
                      region=region.name, anesthesia_code=anesthesia)


def missing_detail(code: str, codeset) -> str:
    """What an unspecified code lacks: the side, when its siblings name one; else the site, type or acuity."""
    siblings = codeset.siblings(code)
    if not _SIDE.search(codeset.description(code).lower()) and any(_SIDE.search(codeset.description(s).lower())
                                                                   for s in siblings):
        return "the side (right, left or bilateral)"
    return "the site, type or acuity"


@rule("DIAGNOSIS_SPECIFIC")
def diagnosis_specific(ctx: RuleContext) -> None:
    """An unspecified primary is reported as documented, with a query for the more specific diagnosis."""
    diagnoses = ctx.proposal.diagnoses
    if diagnoses and diagnoses[0].role == "primary" and not diagnoses[0].specific:
        first = diagnoses[0]
        ctx.raise_finding(evidence_ids=first.evidence_ids, code=first.code, description=first.description,
                          missing=missing_detail(first.code, _codeset(ctx)), quote=first.quote[:80])


@rule("DIAGNOSIS_DOCUMENTED")
def diagnosis_documented(ctx: RuleContext) -> None:
    if not any(d.role == "primary" for d in ctx.proposal.diagnoses):
        ctx.raise_finding()
