"""What the documented facts support, element by element.

Shared by the rules proposer (which builds a Proposal from these answers) and
the validator (which checks any requested Proposal against them), so the two
can never disagree about what the record supports.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left

from assistant.catalog import ProcedureReading, in_code_list, procedure_reading
from assistant.clock import to_minutes
from assistant.extract.anatomy import approach_of, same_action
from assistant.extract.blocks import block_at, role_at, tells_the_past
from assistant.extract.procedures import INTEGUMENTARY
from assistant.knowledge import Knowledge, load_knowledge
from assistant.models import Choice, Facts, Procedure

LOCAL_ONLY = "local_only"
SURGEON_ADMINISTERED = "surgeon_administered"
PROCEDURALIST_SEDATION = "proceduralist_sedation"
CANCELLED_BEFORE_ANESTHESIA = "cancelled_before_anesthesia"


def given_by(technique, facts: Facts) -> str:
    """One sedation per case: once any mention is the proceduralist's ("local with conscious sedation"),
    so is "satisfactory sedation" later on; all of it is the anesthesia provider's once one is documented."""
    staffing = facts.staffing
    provider = facts.anesthesia_provider_evidence_ids or staffing.anesthesiologist_present or staffing.crna_present
    provider = provider and not staffing.no_anesthesia_provider  # "anesthesia services not requested": nobody came
    if technique.kind == "regional" and technique.administered_by == "unknown":
        # an ophthalmic block with nobody from anesthesia and no other anesthetic documented is the surgeon's
        others = [t for t in facts.techniques if t.kind not in ("local", "regional")]
        return "anesthesia" if provider or others else "surgeon"
    if technique.kind != "sedation" or technique.administered_by not in ("unknown", "proceduralist"):
        return technique.administered_by
    proceduralist = any(t.administered_by == "proceduralist" for t in facts.techniques)
    return "proceduralist" if proceduralist and not provider else "anesthesia"


def _told_of_the_past(technique, facts: Facts) -> bool:
    """An anesthetic a history block tells ("Prenatal hx: ... SVD 2021 with labor epidural") is another day's."""
    evidence = facts.evidence_by_id(technique.evidence_id)
    if not evidence:
        return False
    block = block_at(facts.blocks, evidence.start)
    if block and block.statement_end is not None and evidence.start >= block.statement_end:
        return False  # "PMH: none.\nLocal infiltration by the surgeon only.": a statement of its own
    reading = procedure_reading(str(load_knowledge().rules_dir))
    return tells_the_past(block, reading.past_anesthetic_words)


def billability(facts: Facts) -> tuple[str | None, list[str]]:
    """None when an anesthesia code may be reported; else why not, with the evidence."""
    if facts.cancelled_before_anesthesia_evidence_ids:  # whatever was planned, nothing was given
        return CANCELLED_BEFORE_ANESTHESIA, facts.cancelled_before_anesthesia_evidence_ids[:1]
    techniques = [t for t in facts.techniques if not _told_of_the_past(t, facts)]
    nobody = facts.staffing.no_anesthesia_provider  # then whatever was given, the surgeon gave it
    by_anesthesia = [t for t in techniques
                     if given_by(t, facts) not in ("surgeon", "proceduralist") and t.kind != "local" and not nobody]
    if by_anesthesia or (not techniques and not nobody):
        return None, []
    if not techniques:
        return LOCAL_ONLY, facts.staffing.evidence_ids[-1:]
    # with nobody from anesthesia, what was given is the surgeon's, except the proceduralist's team's sedation
    by_surgeon = [t for t in techniques if t.kind not in ("local", "mac")
                  and (given_by(t, facts) == "surgeon" or (nobody and given_by(t, facts) != "proceduralist"))]
    if by_surgeon:
        return SURGEON_ADMINISTERED, [t.evidence_id for t in by_surgeon]
    sedated = [t for t in techniques if given_by(t, facts) == "proceduralist"]
    if sedated:
        return PROCEDURALIST_SEDATION, [t.evidence_id for t in sedated]
    return LOCAL_ONLY, [t.evidence_id for t in techniques]


def _zone_for(procedure: Procedure, facts: Facts, site_index: list[tuple[int, int, str | None, str]]) -> str | None:
    """The integumentary zone of the site nearest to the procedure mention (same section first)."""
    proc = facts.evidence_by_id(procedure.evidence_id)
    if not site_index or proc is None:
        return None
    at = bisect_left(site_index, (proc.start,))
    nearby = site_index[max(0, at - 8): at + 8]  # the nearest sites on either side, by position
    def distance(site: tuple[int, int, str | None, str]) -> int:
        start, end, section, _ = site
        gap = start - proc.end if start >= proc.end else proc.start - end
        return gap + (0 if section == proc.section else 10_000)
    same_section = [s for s in site_index if s[2] == proc.section]
    pool = nearby if any(s[2] == proc.section for s in nearby) or not same_section else same_section
    return min(pool, key=distance)[3]


def _site_index(facts: Facts) -> list[tuple[int, int, str | None, str]]:
    out = []
    for site in facts.sites:
        evidence = facts.evidence_by_id(site.evidence_id)
        out.append((evidence.start, evidence.end, evidence.section, site.zone))
    return sorted(out)


def _burn_codes(tbsa: float | None) -> tuple[str, int]:
    """Primary burn code and the count of +01953 add-ons (each further 9% or part)."""
    if tbsa is None or tbsa < 4:
        return "01951", 0
    return "01952", max(0, math.ceil((tbsa - 9) / 9)) if tbsa > 9 else 0


def _fits_patient(code: str, knowledge: Knowledge, facts: Facts) -> bool:
    info = knowledge.codes[code]
    months = facts.age_months
    if info.max_age_months is not None and (months is None or months > info.max_age_months):
        return False
    if "premature" in info.requires and not (facts.premature_infant and (months is None or months < 12)):
        return False
    return True


def _definitive_codes(procedure: Procedure) -> set[str]:
    return set(procedure.candidate_codes) - set(procedure.approach_codes)


def _approach_yields(mentions: list[Procedure], reading: ProcedureReading) -> bool:
    """An approach-only code (exploratory laparotomy) gives way to a definitive procedure in the same
    cavity; a scrotal orchiectomy after a diagnostic laparoscopy does not make the laparoscopy vanish."""
    return any(in_code_list(c, reading.approach_only_yields_to) for p in mentions for c in _definitive_codes(p))


def _definitive_mentions(procedures: list[Procedure], reading: ProcedureReading) -> list[Procedure]:
    """Drops mentions that a fuller mention elsewhere restates ("craniotomy" vs "craniotomy for
    subdural hematoma"), and approach-only mentions when a definitive procedure in the cavity is documented."""
    distinct = {frozenset(p.keyword) for p in procedures}  # repeated mentions compare once
    term_sets = {key: [set(k.split()) for k in key] for key in distinct}

    def restates(mine: list[set[str]], theirs: list[set[str]]) -> bool:
        return bool(mine and theirs) and all(any(a < b for b in theirs) for a in mine)

    restated = {key for key in distinct
                if any(other != key and restates(term_sets[key], term_sets[other]) for other in distinct)}
    kept = [p for p in procedures if frozenset(p.keyword) not in restated]
    definitive = [p for p in kept if _definitive_codes(p)]
    return definitive if definitive and _approach_yields(definitive, reading) else kept


def _by_approach(code: str, procedure: Procedure, reading: ProcedureReading) -> str:
    """The code a procedure's approach makes of it ("laparoscopic orchiopexy" -> 00840)."""
    for rule in reading.approach_rules:
        if procedure.approach == rule.approach and in_code_list(code, rule.codes):
            return rule.code
    return code


def _codes_of(mentions: list[Procedure], facts: Facts, knowledge: Knowledge,
              reading: ProcedureReading) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    zone_codes = knowledge.integumentary.get("zone_codes", {})
    mentions = _definitive_mentions(mentions, reading)
    site_index = _site_index(facts)
    drop_approach = _approach_yields(mentions, reading)
    for procedure in mentions:
        codes = set(procedure.candidate_codes) - (set(procedure.approach_codes) if drop_approach else set())
        is_burn = "burn" in procedure.text.lower() or bool(codes & {"01951", "01952"})
        if is_burn and (codes & {"01951", "01952"} or INTEGUMENTARY in codes):
            out.append((_burn_codes(facts.burn_tbsa_percent)[0], procedure.evidence_id))
            continue
        for code in codes:
            if code == INTEGUMENTARY:
                zone = _zone_for(procedure, facts, site_index) or "anterior_trunk"
                out.append((zone_codes.get(zone, "00400"), procedure.evidence_id))
            elif code in knowledge.codes and not knowledge.codes[code].add_on and _fits_patient(code, knowledge, facts):
                out.append((_by_approach(code, procedure, reading), procedure.evidence_id))
    # the imaging that guides or checks another procedure of the session is part of it ("left upper extremity
    # venography" beside a pacemaker implant): a diagnostic-only code stands alone or not at all
    if any(code not in reading.diagnostic_only for code, _ in out):
        out = [(code, ev) for code, ev in out if code not in reading.diagnostic_only]
    return out


def tiered_candidates(facts: Facts, knowledge: Knowledge) -> tuple[list[tuple[str, str]], int | None]:
    """(code, evidence_id) from the best tier of the note that names a codable procedure, and that
    tier's index: the procedure heading first, then the description; never history or indications."""
    reading = procedure_reading(str(knowledge.rules_dir))
    denied = denied_by_description(facts, knowledge)
    for index, roles in enumerate(reading.tiers):
        mentions = [p for p in facts.procedures if p.role in roles and p.evidence_id not in denied]
        found = _codes_of(mentions, facts, knowledge, reading)
        if found:
            return found, index
    return [], None


def denied_by_description(facts: Facts, knowledge: Knowledge) -> set[str]:
    """Evidence ids of the heading mentions whose every wording the description says was not done
    ("adenoidectomy was therefore not performed") and names nowhere as done. The same wording only: "a central
    neck dissection was not performed" leaves the thyroidectomy standing."""
    if not facts.not_done_evidence_ids and not facts.actions_not_done:
        return set()
    done = {k for p in facts.procedures if p.role not in {"heading", "not_today"} for k in p.keyword}
    # the same wording said not done ("the pedicle screws were not placed") and named in the description (the
    # trial screw "pulled out by hand"): the denial stands; best_code tells the coder what the heading lost
    done -= set(facts.not_done_evidence_ids)
    # a wording that joins a denied one to another ("EGD and colonoscopy" when "COLONOSCOPY: Not performed") is
    # undone too: the description's own mentions then give what was done (blind h65-37)
    denied_parts = [set(d.split()) for d in facts.not_done_evidence_ids]

    def joins_a_denied(k: str) -> bool:
        return any(part < set(k.split()) for part in denied_parts)

    # the booking or plan that named it is undone as well: no tier then supplies it
    return {p.evidence_id for p in facts.procedures if p.role in ("heading", "not_today") and p.keyword
            and all(k not in done and (k in facts.not_done_evidence_ids or joins_a_denied(k)
                                       or _rests_on_action_not_done(k, facts, knowledge)) for k in p.keyword)}


def _rests_on_action_not_done(wording: str, facts: Facts, knowledge: Knowledge) -> bool:
    """A wording whose action the description says was not done: "transurethral resection bladder", or "turbt"
    by its long form, after "no resection was performed"; "no orchiectomy" leaves the orchiopexy standing, and
    "no open reduction" the closed reduction."""
    reading = procedure_reading(str(knowledge.rules_dir))
    words = [long for w in wording.split() for long in knowledge.abbreviations.get(w.rstrip("*"), [w.rstrip("*")])]
    # every word of a denied item ("cuff repair") must be in the wording: "no open reduction" leaves a closed one;
    # an organ's removal ("pancreat*ectomy") is any word built on its combining form
    def has(k: str) -> bool:
        if "*" in k:
            start, end = k.split("*", 1)
            return any(w.startswith(start) and w.endswith(end) for w in words)
        return any(w == k or same_action(w, k, reading) for w in words)

    # an approach the item names binds only a wording that names one: "no open reduction" leaves the closed
    # reduction, while "open reimplantation was not performed" undoes a heading's bare "ureteral reimplantation"
    # (blind h61-33)
    says_approach = approach_of(" ".join(words), reading) is not None

    def item_words(item: str) -> list[str]:
        return [k for k in item.split() if says_approach or approach_of(k, reading) is None] or item.split()

    return any(all(has(k) for k in item_words(item)) for item in facts.actions_not_done)


def candidate_codes(facts: Facts, knowledge: Knowledge) -> list[tuple[str, str]]:
    """(code, evidence_id) for every codable mention of today's procedure, integumentary resolved by site."""
    return tiered_candidates(facts, knowledge)[0]


def _evidence_words(facts: Facts, evidence_id: str) -> set[str]:
    evidence = facts.evidence_by_id(evidence_id)
    return set(re.findall(r"[a-z]+", evidence.text.lower())) if evidence else set()


def _mention_words(facts: Facts, evidence_id: str) -> set[str]:
    """The words of a procedure mention: a mention composed by anatomy and action has the anatomy word as its
    evidence ("mouth") and the whole item as its text ("partial glossectomy with floor of mouth resection")."""
    texts = [p.text.lower() for p in facts.procedures if p.evidence_id == evidence_id]
    return _evidence_words(facts, evidence_id).union(*(re.findall(r"[a-z]+", t) for t in texts))


def combined_codes(candidates: list[tuple[str, str]], facts: Facts, knowledge: Knowledge) -> list[tuple[str, str]]:
    """Procedures that together have a code of their own (EGD + colonoscopy -> 00813). A NOS code stands in a
    combination only as the procedure `named` gives it (00840 beside a cesarean: a hysterectomy, not an
    appendectomy)."""
    for combination in knowledge.combined_procedures:
        named = combination.get("named", {})

        def member(code: str, ev: str) -> bool:
            return code not in named or bool(_mention_words(facts, ev) & set(named[code]))

        groups = [set(group) for group in combination["when_all"]]
        members = [(code, ev) for code, ev in candidates if any(code in g for g in groups) and member(code, ev)]
        if all(any(code in group for code, _ in members) for group in groups):
            candidates = ([c for c in candidates if c not in members]
                          + [(combination["code"], ev) for _, ev in members])
    return candidates


def _neuraxial_by_anesthesia(technique) -> bool:
    return technique.kind == "neuraxial" and technique.administered_by != "surgeon"


def _labor_analgesia(facts: Facts, ob: dict) -> bool:
    """A neuraxial anesthetic by anesthesia in labor; a single-shot spinal for the delivery alone is none, and so
    is the labor epidural of an earlier delivery that the history tells ("Prenatal hx: ... SVD 2021 with labor
    epidural")."""
    for technique in facts.techniques:
        if not _neuraxial_by_anesthesia(technique):
            continue
        if _told_of_the_past(technique, facts):
            continue
        words = _evidence_words(facts, technique.evidence_id)
        if words & set(ob.get("labor_neuraxial", [])) or not words & set(ob.get("delivery_only_neuraxial", [])):
            return True
    return False


def _labor_analgesia_today(facts: Facts, ob: dict, knowledge: Knowledge) -> str | None:
    """The evidence of today's labor analgesia before a cesarean, as the labor code's own wordings name it
    ("existing labor epidural was dosed"): they carry the code's history excludes, so "prior vaginal delivery
    under labor epidural" is none; the anesthetic must be anesthesia's, not the surgeon's."""
    if not any(_neuraxial_by_anesthesia(t) for t in facts.techniques):
        return None
    today = {role for roles in procedure_reading(str(knowledge.rules_dir)).tiers[:2] for role in roles}
    return next((p.evidence_id for p in facts.procedures
                 if ob["neuraxial_labor_code"] in p.candidate_codes and p.role in today), None)


def obstetric_codes(candidates: list[tuple[str, str]], facts: Facts,
                    knowledge: Knowledge) -> tuple[list[tuple[str, str]], list[str]]:
    """Neuraxial labor analgesia (01967) is primary; a delivery by cesarean after it is an add-on."""
    ob = knowledge.obstetric
    if not ob:
        return candidates, []
    labor = ob["neuraxial_labor_code"]
    after_labor = ob["add_ons_after_labor_analgesia"]
    # the labor code named ("LABOR ANALGESIA: declined epidural ...") with no neuraxial anesthetic given today is
    # a topic, not a service: the delivery's own code stands (blind h59-43)
    if not any(_neuraxial_by_anesthesia(t) and not _told_of_the_past(t, facts) for t in facts.techniques) \
            and any(code != labor for code, _ in candidates):
        candidates = [c for c in candidates if c[0] != labor]
    codes = {code for code, _ in candidates}
    if labor not in codes and codes & set(ob["vaginal_delivery_codes"]) and _labor_analgesia(facts, ob):
        evidence = [ev for code, ev in candidates if code in ob["vaginal_delivery_codes"]]
        candidates = [c for c in candidates if c[0] not in ob["vaginal_delivery_codes"]]
        candidates += [(labor, ev) for ev in evidence]
        codes = {code for code, _ in candidates}
    elif labor not in codes and codes & set(after_labor):
        in_labor = _labor_analgesia_today(facts, ob, knowledge)
        if in_labor:  # the heading names the cesarean only; the anesthesia record, the labor epidural before it
            candidates = [*candidates, (labor, in_labor)]
            codes.add(labor)
    if labor not in codes:
        return candidates, []
    add_ons = [after_labor[c] for c in sorted(codes) if c in after_labor]
    kept = [c for c in candidates if c[0] not in after_labor and c[0] not in ob["vaginal_delivery_codes"]]
    return kept, add_ons


def _described_as_done(mentions: list[Procedure], facts: Facts, knowledge: Knowledge) -> list[Procedure]:
    """The description's mentions, less those it undoes itself: "no lithotripsy was performed", "the stone had
    passed"."""
    return [p for p in mentions if p.role == "description" and not any(
        k in facts.not_done_evidence_ids or _rests_on_action_not_done(k, facts, knowledge) for k in p.keyword)]


def _sibling_from_other_blocks(code: str, tier: int | None, facts: Facts,
                               knowledge: Knowledge) -> tuple[str, str, bool] | None:
    """(sibling, evidence, extended) for a sibling of the chosen code that another block names. A qualifier
    sibling may come from any block (the heading says what was done, the rest of the note may say why:
    "screening", "missed abortion"); an extended one only from the description, which says the operation went
    on to it ("proceed with cesarean hysterectomy"), never from the indication or the plan."""
    families = knowledge.more_specific_siblings(code)
    qualified = {s for family in families if family.get("qualifier") for s in family["specific"]}
    extended = {s for family in families if family.get("extended_in_description") for s in family["specific"]}
    if not (qualified or extended) or tier is None:
        return None
    reading = procedure_reading(str(knowledge.rules_dir))
    others = [p for index, roles in enumerate(reading.tiers) if index != tier
              for p in facts.procedures if p.role in roles]
    found: list[tuple[str, str, bool]] = []
    if qualified:
        found += [(c, ev, False) for c, ev in _codes_of(others, facts, knowledge, reading) if c in qualified]
    if extended:
        described = _described_as_done(others, facts, knowledge)
        described_codes = _codes_of(described, facts, knowledge, reading)
        found += [(c, ev, True) for c, ev in described_codes if c in extended]
        # what the description does makes the booked one a combination of its own: a booked cesarean whose
        # description goes on to the hysterectomy is the cesarean hysterectomy (01963)
        combined = combined_codes([(code, ""), *described_codes], facts, knowledge)
        found += [(c, ev, True) for c, ev in combined if c in extended and ev]
    return min(found, key=lambda item: (-knowledge.base_units(item[0]), item[0])) if found else None


def _review_reasons(chosen: str, ranked: list[str], candidates: list[tuple[str, str]], tier: int | None,
                    facts: Facts, knowledge: Knowledge) -> list[str]:
    """Why a coder should check the chosen code: weak support or a close competitor."""
    reasons = []
    by_evidence = {p.evidence_id: p for p in facts.procedures}
    support = [by_evidence[ev] for code, ev in candidates if code == chosen and ev in by_evidence]
    if support and all(p.by_anatomy for p in support):
        reasons.append(f"chosen by anatomy and action only ('{support[0].text[:80]}'): no procedure wording matched")
    if tier == len(procedure_reading(str(knowledge.rules_dir)).tiers) - 1:
        reasons.append("the procedure is named only in the indication, reason for visit or plan")
    elif tier and any(b.role == "heading" for b in facts.blocks):
        reasons.append("the procedure heading names nothing the rules can code; the code comes from the description")
    for entry in knowledge.contested:
        words = [w.lower() for w in entry.get("when_words", [])]
        mentions = support + ([p for p in facts.procedures if chosen in p.candidate_codes and p not in support
                               and p.role in ("description", "other", "unlabeled")] if entry.get("described") else [])
        holds = [any(w in p.text.lower() for w in words) for p in mentions] if words else [True]
        # with words to look for and no mention behind the choice, nothing holds them (all([]) would say yes)
        beside = not entry.get("with_codes") or any(code in entry["with_codes"] for code, _ in candidates)
        if entry["code"] == chosen and beside and holds and (all(holds) if entry.get("every_mention") else any(holds)):
            reasons.append(f"{' or '.join(entry['also'])} also fits: {entry['why']}")
    if facts.plan_changed_evidence_id:
        reasons.append("the note says the plan changed: the booked procedure may not be the one done")
    if facts.later_day_visit_evidence_id:
        reasons.append("the note is written on a day after the operation (its header names a postoperative day) "
                       "and dates the procedure's label: the procedure may be another day's anesthetic")
    section = knowledge.section_of(chosen)
    ties = [c for c in ranked[1:] if knowledge.base_units(c) == knowledge.base_units(chosen)
            and knowledge.section_of(c) != section]
    if ties:
        reasons.append("equal base units in another section: " + ", ".join(ties))
    if tier and len({knowledge.section_of(c) for c in ranked}) > 1:
        reasons.append("the description names procedures in several sections: " + ", ".join(ranked))
    return reasons


def contested_reason(chosen: Choice, other: str | None, knowledge: Knowledge) -> str | None:
    """The review reason that names `other` as contested with the rules' chosen code on this note, if any."""
    for entry in knowledge.contested:
        if entry["code"] == chosen.value and other in entry["also"]:
            return next((reason for reason in chosen.review_reasons if entry["why"] in reason), None)
    return None


def _bigger_in_description(chosen: str, tier: int | None, candidates: list[tuple[str, str]], denied: set[str],
                           facts: Facts, knowledge: Knowledge) -> list[str]:
    """Codes the description names, not undone, with more base units than the heading's choice: a heading that
    lists half the operation ("trauma laparotomy" whose description packs the liver, a below-knee amputation taken
    above the knee). Flagged, never chosen: the families of code_families.yaml choose where the kind is known.
    A description that only restates the heading ("craniotomy" under "craniotomy for subdural hematoma") drops
    out with the heading read beside it, less the heading mentions the description undoes (`denied`); the obstetric
    combinations are coded by their own rules."""
    if tier != 0:
        return []
    reading = procedure_reading(str(knowledge.rules_dir))
    described = _described_as_done(facts.procedures, facts, knowledge)
    have = {c for c, _ in candidates}
    heading = [p for p in facts.procedures if p.role == "heading" and p.evidence_id not in denied]
    return sorted({c for c, _ in _codes_of(heading + described, facts, knowledge, reading)
                   if c not in have and knowledge.base_units(c) > knowledge.base_units(chosen)
                   and not knowledge.section_of(c) == knowledge.section_of(chosen) == "obstetric"})


def _beside_wording_only(candidates: list[tuple[str, str]], facts: Facts) -> set[str]:
    """Codes whose every mention was composed by anatomy x action from an item of a run-on line that a
    procedure wording also serves ("1. Removal of ventricular reservoir. 2. Placement of VP shunt")."""
    by_evidence = {p.evidence_id: p for p in facts.procedures}
    support: dict[str, list[bool]] = {}
    for code, ev in candidates:
        support.setdefault(code, []).append(bool(by_evidence.get(ev) and by_evidence[ev].beside_wording))
    return {code for code, marks in support.items() if all(marks)}


def best_code(facts: Facts, knowledge: Knowledge) -> Choice:
    """The most specific supported code; several procedures: the highest base units."""
    raw, tier = tiered_candidates(facts, knowledge)
    candidates, _ = obstetric_codes(combined_codes(raw, facts, knowledge), facts, knowledge)
    if not candidates:
        return Choice(value=None, reason="no codable procedure found in the note")
    donor = knowledge.brain_dead_donor
    if donor and facts.asa_class == donor["asa_class"]:
        # the organs the heading names are the donor's, whose anesthesia is the support of the harvest
        candidates = [(donor["code"], ev) for _, ev in candidates]
    codes = {code for code, _ in candidates}
    # a NOS code gives way to a supported more specific sibling
    specific = {c for c in codes
                if not any(s in codes for f in knowledge.more_specific_siblings(c) for s in f["specific"])}
    # ties: the more specific code, then the procedure named first in the heading (the primary one)
    first_at = {}
    heading = {p.evidence_id for p in facts.procedures if p.role == "heading"}
    for code, ev in candidates:
        evidence = facts.evidence_by_id(ev)
        at = evidence.start if evidence and ev in heading else 10**9
        first_at[code] = min(first_at.get(code, 10**9), at)
    # on equal units the code with fewer specific siblings (the more specific) first; a code the description may
    # extend (an orchiectomy that turns out radical) is no less specific for it
    def nos_rank(code: str) -> int:
        return sum(not f.get("extended_in_description") for f in knowledge.more_specific_siblings(code))
    ranked = sorted(specific, key=lambda c: (-knowledge.base_units(c), nos_rank(c), first_at.get(c, 10**9), c))
    beside_only = _beside_wording_only(candidates, facts)
    worded = [c for c in ranked if c not in beside_only]
    outranked_by_anatomy = []
    if worded and ranked[0] in beside_only:
        # in a run-on numbered list the other items are most often parts of the named operation ("excision of
        # bladder cuff" of a nephroureterectomy): the wording stands, and the coder sees what anatomy made more of
        outranked_by_anatomy = ranked[:ranked.index(worded[0])]
        ranked = [worded[0]] + [c for c in ranked if c != worded[0]]
    chosen = ranked[0]
    sibling = _sibling_from_other_blocks(chosen, tier, facts, knowledge)
    extended_from = None
    if sibling:  # "Colonoscopy" under a heading, "screening colonoscopy" in the indication: 00812
        sibling_code, sibling_evidence, extended = sibling
        candidates.append((sibling_code, sibling_evidence))
        extended_from = chosen if extended else None
        chosen = sibling_code
    for variant in knowledge.documented_variants:  # the same procedure with one-lung ventilation documented
        documented = [ev for ev in facts.variant_evidence_ids.get(variant["when"], [])
                      if not variant.get("in_roles") or role_at(facts.blocks, facts.evidence_by_id(ev).start)
                      in variant["in_roles"]]
        named = set(variant.get("named") or [])
        if named and not any(_evidence_words(facts, ev) & named for code, ev in candidates if code == chosen):
            continue  # the variant is of that procedure only (a hysterectomy after delivery, not the laparotomy)
        if chosen in variant["codes"] and documented and not facts.variant_denied_evidence_ids.get(variant["when"]):
            chosen = variant["codes"][chosen]
            candidates.append((chosen, documented[0]))
    evidence = sorted({ev for code, ev in candidates if code == chosen})
    described = knowledge.codes[chosen].description or knowledge.section_of(chosen)
    reason = f"{chosen} ({described}), {knowledge.base_units(chosen):g} base units"
    if len(specific) > 1:
        others = ", ".join(f"{c} ({knowledge.base_units(c):g})" for c in ranked[1:])
        reason += f"; highest base units among the session's procedures (also {others})"
    reason += "; from the procedure heading" if tier == 0 else "; from the procedure description"
    reasons = _review_reasons(ranked[0], ranked, candidates, tier, facts, knowledge)
    # the booking the description undid would have given as much or more, before any variant: say so (a
    # "rotator cuff repair" or a lobectomy undone leaves an arthroscopy or a thoracoscopy whose surgical or
    # diagnostic reading is the coder's; h36-23, h31-16)
    denied_ids = denied_by_description(facts, knowledge)
    denied = sorted({c for p in facts.procedures if p.evidence_id in denied_ids and p.role == "heading"
                     for c in _definitive_codes(p)
                     if c in knowledge.codes and _fits_patient(c, knowledge, facts)
                     and knowledge.base_units(c) >= knowledge.base_units(ranked[0])})
    if denied:
        reasons.append("the heading names " + ", ".join(denied) + ", which the description says was not done")
    if outranked_by_anatomy:
        reasons.append("a heading item read by anatomy and action only would give more base units: "
                       + ", ".join(outranked_by_anatomy))
    if extended_from:
        reasons.append(f"the heading names {extended_from}; the description says the operation went on to {chosen}")
    bigger = _bigger_in_description(chosen, tier, candidates, denied_ids, facts, knowledge)
    if bigger:
        reasons.append(f"the description names {', '.join(bigger)}, with more base units than the heading's {chosen}: "
                       "the operation may have gone further than the heading says")
    return Choice(value=chosen, evidence_ids=evidence, reason=reason,
                  confidence="review" if reasons else "high", review_reasons=reasons)


def add_on_codes(code: str | None, facts: Facts, knowledge: Knowledge) -> list[Choice]:
    """+01953 for each further 9% TBSA; +01968/+01969 for a cesarean after labor analgesia."""
    if code == knowledge.obstetric.get("neuraxial_labor_code"):
        _, add_ons = obstetric_codes(candidate_codes(facts, knowledge), facts, knowledge)
        return [Choice(value=a, reason="cesarean delivery following neuraxial labor analgesia") for a in add_ons]
    return burn_add_ons(code, facts)


def burn_add_ons(code: str | None, facts: Facts) -> list[Choice]:
    if code != "01952":
        return []
    _, count = _burn_codes(facts.burn_tbsa_percent)
    why = f"each further 9% TBSA beyond 9% ({facts.burn_tbsa_percent:g}% TBSA)"
    return [Choice(value="01953", reason=why) for _ in range(count)]


def physical_status(facts: Facts) -> tuple[Choice, bool]:
    """(P modifier choice, documented?). Undocumented: the class the comorbidities support."""
    if facts.asa_class:
        documented = Choice(value=f"P{facts.asa_class}", evidence_ids=[facts.asa_evidence_id],
                            reason="documented ASA class")
        return documented, True
    asserted = [c for c in facts.comorbidities if c.asserted]
    if not asserted:
        return Choice(value="P1", reason="no systemic disease documented"), False
    top = max(c.asa_class for c in asserted)
    drivers = [c for c in asserted if c.asa_class == top]
    suggested = Choice(value=f"P{top}", evidence_ids=[c.evidence_id for c in drivers],
                       reason="suggested from " + ", ".join(c.name for c in drivers))
    return suggested, False


def supported_circumstances(facts: Facts, code: str | None, knowledge: Knowledge) -> dict[str, Choice]:
    """Qualifying circumstances the documentation supports (before bundling with the code)."""
    out: dict[str, Choice] = {}
    rule = knowledge.qualifying["qualifying_circumstances"]["99100"]["age_rule"]
    months, years = facts.age_months, facts.age_years
    # strictly older than 70: a patient of 70 years is not (rules/qualifying_circumstances.yaml age_rule)
    older = years is not None and years > rule["older_than_years"]
    if months is not None and (months < rule["younger_than_months"] or older):
        age = f"{years} years" if years else f"{months} months"
        out["99100"] = Choice(value="99100", evidence_ids=facts.age_evidence_ids,
                              reason=f"age {age} on the date of service")
    if facts.emergency:
        out["99140"] = Choice(value="99140", evidence_ids=facts.emergency_evidence_ids, reason="emergency documented")
    if facts.controlled_hypotension:
        out["99135"] = Choice(value="99135", evidence_ids=facts.circumstance_evidence_ids.get("99135", []),
                              reason="controlled hypotension documented")
    if facts.hypothermia:
        out["99116"] = Choice(value="99116", evidence_ids=facts.circumstance_evidence_ids.get("99116", []),
                              reason="total body hypothermia documented")
    return out


def circumstance_blocked(qc: str, code: str | None, knowledge: Knowledge) -> str | None:
    """Why a supported circumstance may not be reported with this code, or None."""
    data = knowledge.qualifying
    if code in data["not_with_codes"]["codes"]:
        return f"qualifying circumstances are not reported with {code}"
    if code in data["qualifying_circumstances"][qc].get("included_in", []):
        return f"{code} already includes {qc}"
    return None


def anesthesia_minutes(facts: Facts) -> tuple[int, list[str]]:
    """Minutes of continuous attendance: the union of the documented blocks, so a block restated
    (staff sign-in times, an event list) or overlapping another is not counted twice."""
    blocks = [b for b in facts.anesthesia_blocks if b.minutes is not None]
    if blocks:
        intervals, day_offset, previous_start = [], 0, None
        for block in blocks:
            start = to_minutes(block.start) + day_offset
            if previous_start is not None and start < previous_start - 12 * 60:
                day_offset += 24 * 60  # a later block after midnight
                start += 24 * 60
            previous_start = start
            intervals.append((start, start + block.minutes))
        total, current_start, current_end = 0, None, None
        for start, end in sorted(intervals):
            if current_end is None or start > current_end:
                total += (current_end - current_start) if current_end is not None else 0
                current_start, current_end = start, end
            else:
                current_end = max(current_end, end)
        total += current_end - current_start
        return total, [b.evidence_id for b in blocks]
    if facts.stated_anesthesia_minutes is not None:
        return facts.stated_anesthesia_minutes, [facts.stated_minutes_evidence_id]
    return 0, []


def concurrency_modifiers(cases: int) -> str:
    return "QY" if cases <= 1 else "QK" if cases <= 4 else "AD"


def pricing_modifiers(facts: Facts) -> tuple[dict[str, str], str]:
    """Role -> modifier from the staffing facts, with the reason."""
    s = facts.staffing
    physician_involved = s.anesthesiologist_present or s.medical_direction or s.personally_performed
    if s.crna_present and (s.crna_independent or not physician_involved):
        return {"crna": "QZ"}, "CRNA without medical direction"
    if s.crna_present and not (s.personally_performed and not s.medical_direction):
        cases = s.concurrent_cases or 1
        modifier = concurrency_modifiers(cases)
        return {"anesthesiologist": modifier, "crna": "QX"}, f"anesthesiologist directing {cases} concurrent case(s)"
    return {"anesthesiologist": "AA"}, "anesthesiologist personally performed"


def uses_mac(facts: Facts) -> bool:
    return any(t.kind == "mac" and t.administered_by != "surgeon" for t in facts.techniques)


def uses_general(facts: Facts) -> bool:
    return any(t.kind == "general" and t.administered_by != "surgeon" for t in facts.techniques)


def other_modifiers(facts: Facts, code: str | None, knowledge: Knowledge) -> dict[str, Choice]:
    out: dict[str, Choice] = {}
    mac = [t.evidence_id for t in facts.techniques if t.kind == "mac"]
    if uses_mac(facts):
        out["QS"] = Choice(value="QS", evidence_ids=mac, reason="monitored anesthesia care")
        severe = [c for c in facts.comorbidities if c.asserted and c.cardiopulmonary_severe]
        if severe:
            why = "MAC with a history of severe cardiopulmonary condition: " + ", ".join(c.name for c in severe)
            out["G9"] = Choice(value="G9", evidence_ids=[c.evidence_id for c in severe], reason=why)
        if facts.g8_complexity_evidence_ids and code in knowledge.modifiers["other"]["G8"]["allowed_codes"]:
            out["G8"] = Choice(value="G8", evidence_ids=facts.g8_complexity_evidence_ids,
                               reason="MAC for a deeply complex or markedly invasive procedure")
    usually_local = code in ("00300", "00400") or bool(facts.usually_local_evidence_ids)
    if uses_general(facts) and facts.unusual_anesthesia_evidence_ids and usually_local:
        out["23"] = Choice(value="23", evidence_ids=facts.unusual_anesthesia_evidence_ids,
                           reason="general anesthesia for a procedure usually done under local, reason documented")
    return out


def mac_needs_reason(facts: Facts, code: str | None) -> bool:
    return uses_mac(facts) and code in ("00300", "00400") and not facts.mac_reason_evidence_ids
