"""LLM_EVIDENCE_REQUIRED: every claim of an LLM is checked against the words it quotes from the note.

Runs before every other rule. A claim whose quotes stand in the note, asserted, in a section that can
carry it, and (for the code) consistent with the code, is *verified*: the later rules check it but do
not write the rules' value over it (RuleContext.verified). A claim that fails is replaced by what the
rules proposer reads from the same facts, with a change (a notice) and an LLM_OVERRULED note saying why.
Deterministic facts stay the rules': minutes, add-on lines, 99100 (age), pricing modifiers (counted
staffing), billability (local only, surgeon-given). Disputes the rules settle conservatively (no code,
not billable) are findings for the reviewer, never silent.
"""
from __future__ import annotations

import re

from assistant.catalog import circumstance_phrases
from assistant.extract.charges import on_charge_line
from assistant.extract.physical_status import classes_in
from assistant.models import Choice
from assistant import coding_logic as logic
from assistant.validate.llm_claims import (Fit, NoteView, _short, claim_checks, code_fit, record_quotes,
                                          supporting_quotes)
from assistant.validate.registry import RuleContext, rule

# circumstance -> (extraction label, the phrases that document it: the pipeline's own target phrases)
_CIRCUMSTANCE_LABEL = {"99140": "EMERGENCY", "99135": "CONTROLLED_HYPOTENSION", "99116": "HYPOTHERMIA"}
_NOT_AN_EMERGENCY = re.compile(r"emergen\w*\s+(?:department|dept|room|medicine|physician|contact|drugs|medications|"
                               r"equipment|cart|airway|kit|services|medical)\b", re.I)
_EMERGENCY_CASE = re.compile(r"\bemergen\w*\s+(?:surgery|case|procedure)")
_HYPOTENSION = re.compile(r"\b(?:controlled|deliberate|induced)\b.{0,15}\bhypotens")


def _overrule(ctx: RuleContext, field: str, requested: str | None, final: str | None, because: str,
              evidence_ids: list[str]) -> None:
    ctx.record_change(field, requested, final, because)
    ctx.raise_finding(evidence_ids=evidence_ids, requested=requested or "nothing", field=field,
                      final=final or "nothing", because=because)


def quoted_text(view: NoteView, places: list[tuple[int, int]]) -> str:
    return " ".join(view.note[s:e] for s, e in places)


def _verify(ctx: RuleContext, view: NoteView | None, quotes: list[str], labels: set[str],
            barred: frozenset[str]) -> tuple[list, str | None]:
    if view is None:
        return [], "the note was not given to the validator, so no quote can be checked"
    if not quotes:
        return [], "the LLM quoted nothing from the note for it"
    return supporting_quotes(view, quotes, labels, barred)


def _check_code(ctx: RuleContext, view: NoteView | None) -> None:
    p, base = ctx.proposal, ctx.baseline.anesthesia_code
    choice = p.anesthesia_code
    if choice.value == base.value:
        p.anesthesia_code = base.model_copy(update={"quotes": choice.quotes})
        if base.value is None:
            p.not_billable_reason = ctx.baseline.not_billable_reason or p.not_billable_reason
        return
    if choice.value is None:
        _check_no_code(ctx, view)
        return
    places, problem = _verify(ctx, view, choice.quotes, {"PROCEDURE"}, claim_checks().not_todays_procedure)
    fit = None
    if not problem:
        # the quotes together (anatomy in one, procedure in another), else any one quote alone
        for group in [places] + ([[place] for place in places] if len(places) > 1 else []):
            heading = any(view.on_procedure_heading(s) for s, _ in group)
            candidate = code_fit(choice.value, quoted_text(view, group), ctx.facts, ctx.knowledge,
                                 procedure_heading=heading)
            if fit is None or candidate.problem is None:
                fit = candidate
            if candidate.problem is None:
                places = group
                break
        problem = fit.problem
        if problem and logic.contested_reason(base, choice.value, ctx.knowledge):
            # the rules flagged their own code as contested with this one: the quoted other reading may stand
            problem, fit = None, Fit(None)
    if problem:
        _overrule(ctx, "anesthesia_code", choice.value, base.value, problem, base.evidence_ids)
        p.anesthesia_code, p.not_billable_reason = base, ctx.baseline.not_billable_reason
        return
    ids = record_quotes(ctx.facts, view, places)
    p.anesthesia_code = Choice(value=choice.value, evidence_ids=ids, reason=choice.reason, quotes=choice.quotes)
    p.not_billable_reason = None
    blocked, _ = logic.billability(ctx.facts)
    if blocked:  # kept and held: LOCAL_ONLY / SURGEON_ADMINISTERED do not clear a verified code; a coder decides
        ctx.raise_finding("LLM_BILLABILITY_DISPUTED", evidence_ids=ids, requested=choice.value,
                          why=blocked.replace("_", " "), quotes=_shown([view.note[s:e] for s, e in places]))
    ctx.verified.add("anesthesia_code")
    if not fit.confirmed:
        ctx.verified.add("unconfirmed:anesthesia_code")


_NOT_BY_ANESTHESIA = re.compile(r"\blocal(?:ly)?\b|lidocaine|xylocaine|marcaine|bupivacaine|nesacaine|sedation|topical|"
                                r"infiltrat|\bblock\b", re.I)


def _no_code_problem(ctx: RuleContext, view: NoteView, places: list[tuple[int, int]]) -> str | None:
    """Why the note does not bear out "no anesthesia code", or None: the quotes name a local, topical or
    proceduralist-sedation technique and nothing documents an anesthesia provider or an anesthetic."""
    if not any(_NOT_BY_ANESTHESIA.search(view.note[s:e]) for s, e in places):
        return "no quote names a local, topical or sedation technique"
    staffing = ctx.facts.staffing
    if staffing.anesthesiologist_present or staffing.crna_present or staffing.medical_direction:
        return "the note documents an anesthesia provider"
    given = sorted({t.kind for t in ctx.facts.techniques
                    if t.kind in ("general", "regional", "neuraxial", "mac")
                    and logic.given_by(t, ctx.facts) != "surgeon"})
    if given:
        return f"the note documents {', '.join(given)} anesthesia"
    return None


def _check_no_code(ctx: RuleContext, view: NoteView | None) -> None:
    """A claim shrunk to "no code": dropped when the quotes bear it out, else the rules' code stays;
    either way a coder decides (LLM_NO_CODE / LLM_NO_CODE_DISPUTED)."""
    p, base = ctx.proposal, ctx.baseline.anesthesia_code
    choice = p.anesthesia_code
    barred = claim_checks().not_todays_procedure - {"diagnosis"}  # the anesthesia line often follows the diagnoses
    places, problem = _verify(ctx, view, choice.quotes, {"TECHNIQUE"}, barred)
    if not problem:
        problem = _no_code_problem(ctx, view, places)
    if problem is None:
        ids = record_quotes(ctx.facts, view, places)
        p.anesthesia_code = Choice(value=None, evidence_ids=ids, reason=choice.reason, quotes=choice.quotes)
        p.physical_status, p.qualifying_circumstances = Choice(value=None), []
        p.other_modifiers, p.add_on_codes = [], []
        p.pricing_modifiers, p.anesthesia_minutes = {}, 0
        p.not_billable_reason = p.not_billable_reason if p.not_billable_reason != "no_procedure" else "local_only"
        ctx.verified.add("no_code")
        ctx.raise_finding("LLM_NO_CODE", evidence_ids=ids + base.evidence_ids, final=base.value,
                          reason=p.not_billable_reason.replace("_", " "),
                          quotes=_shown([view.note[s:e] for s, e in places]))
        return
    because = f"the rules read {base.reason or base.value}; the no-code claim does not hold ({problem})"
    ctx.record_change("anesthesia_code", None, base.value, because)
    ctx.raise_finding("LLM_NO_CODE_DISPUTED", evidence_ids=base.evidence_ids, final=base.value,
                      reason=(p.not_billable_reason or "no procedure").replace("_", " "), quotes=_shown(choice.quotes))
    p.anesthesia_code, p.not_billable_reason = base, None


def _shown(quotes: list[str]) -> str:
    return "; ".join(f"\"{_short(q)}\"" for q in quotes[:3]) or "none"


def _asa_classes(text: str) -> set[int]:
    return classes_in(text)


def _check_physical_status(ctx: RuleContext, view: NoteView | None) -> None:
    p, base = ctx.proposal, ctx.baseline.physical_status
    choice = p.physical_status
    if choice.value == base.value:
        p.physical_status = base.model_copy(update={"quotes": choice.quotes})
        return
    if choice.value is None:
        return  # nothing claimed: the status rules fill in what the record supports
    places, problem = _verify(ctx, view, choice.quotes, {"ASA_CLASS"}, claim_checks().not_this_case)
    if not problem and not re.fullmatch(r"P[1-6]", choice.value):
        problem = f"{choice.value} is not a physical status modifier"
    if not problem:
        stated = [(s, e) for s, e in places if int(choice.value[1]) in _asa_classes(view.note[s:e])]
        if not stated:
            problem = (f"no quote states ASA class {choice.value[1]} "
                       "(a class suggested from conditions is the rules' to read)")
        places = stated
    if problem:
        _overrule(ctx, "physical_status", choice.value, base.value, problem, base.evidence_ids)
        p.physical_status = base
        return
    p.physical_status = Choice(value=choice.value, evidence_ids=record_quotes(ctx.facts, view, places),
                               reason=choice.reason, quotes=choice.quotes)
    ctx.verified.add("physical_status")


def _documents(label: str, text: str, ctx: RuleContext) -> bool:
    phrases = circumstance_phrases(str(ctx.knowledge.rules_dir)).phrases[label]
    lowered = " ".join(text.lower().split())
    if label == "EMERGENCY" and _NOT_AN_EMERGENCY.search(lowered) and not _EMERGENCY_CASE.search(lowered):
        return False
    if label == "CONTROLLED_HYPOTENSION" and _HYPOTENSION.search(lowered):
        return True
    return any(re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered) for phrase in phrases)


def _check_circumstances(ctx: RuleContext, view: NoteView | None) -> None:
    p = ctx.proposal
    supported = logic.supported_circumstances(ctx.facts, ctx.baseline.anesthesia_code.value, ctx.knowledge)
    checks = claim_checks()
    kept = []
    for choice in p.qualifying_circumstances:
        qc = choice.value
        if qc in supported:
            kept.append(supported[qc].model_copy(update={"quotes": choice.quotes}))
            continue
        label = _CIRCUMSTANCE_LABEL.get(qc)
        if label is None or not choice.quotes:
            kept.append(choice)  # 99100 follows from the age, unknown codes and unquoted claims: QC_SUPPORTED decides
            continue
        places, problem = _verify(ctx, view, choice.quotes, {label}, checks.not_todays_procedure - {"diagnosis"})
        if not problem:
            places = [(s, e) for s, e in places
                      if _documents(label, view.note[s:e], ctx) and not on_charge_line(view.note, s)]
            what = label.replace("_", " ").lower()
            problem = None if places else f"no quote documents {qc} ({what}) outside a charge line"
        if problem:
            _overrule(ctx, "qualifying_circumstances", qc, None, problem, [])
            continue
        kept.append(Choice(value=qc, evidence_ids=record_quotes(ctx.facts, view, places), reason=choice.reason,
                           quotes=choice.quotes))
        ctx.verified.add(f"qc:{qc}")
    p.qualifying_circumstances = kept


def _check_modifiers(ctx: RuleContext, view: NoteView | None) -> None:
    """QS (monitored anesthesia care) can be verified from a quote; G8, G9 and 23 stay the rules' reading."""
    p = ctx.proposal
    supported = logic.other_modifiers(ctx.facts, ctx.baseline.anesthesia_code.value, ctx.knowledge)
    mac_phrases = [str(x).lower() for x in ctx.knowledge.techniques.get("mac", [])]
    kept = []
    for choice in p.other_modifiers:
        if choice.value in supported or choice.value != "QS" or not choice.quotes:
            kept.append(supported.get(choice.value, choice))
            continue
        places, problem = _verify(ctx, view, choice.quotes, {"TECHNIQUE"}, claim_checks().not_todays_procedure)
        if not problem:
            places = [(s, e) for s, e in places
                      if any(re.search(rf"(?<!\w){re.escape(m)}(?!\w)", view.note[s:e].lower()) for m in mac_phrases)]
            problem = None if places else "no quote documents monitored anesthesia care"
        if problem:
            _overrule(ctx, "other_modifiers", choice.value, None, problem, [])
            continue
        kept.append(Choice(value="QS", evidence_ids=record_quotes(ctx.facts, view, places), reason=choice.reason,
                           quotes=choice.quotes))
        ctx.verified.add("mod:QS")
    p.other_modifiers = kept


@rule("LLM_EVIDENCE_REQUIRED")
def llm_evidence_required(ctx: RuleContext) -> None:
    if ctx.proposal.source != "llm":
        return
    view = NoteView(ctx.note, ctx.facts) if ctx.note else None
    _check_code(ctx, view)
    _check_physical_status(ctx, view)
    _check_circumstances(ctx, view)
    _check_modifiers(ctx, view)
    # add-on lines follow from the code and the burn size, never from the model
    same = ctx.code == ctx.baseline.anesthesia_code.value
    add_ons = ctx.baseline.add_on_codes if same else logic.add_on_codes(ctx.code, ctx.facts, ctx.knowledge)
    ctx.proposal.add_on_codes = list(add_ons)
