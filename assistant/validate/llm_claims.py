"""Checks of what an LLM claims, quote by quote: in the note, asserted, in a section that can carry it,
and consistent with the code. Used by the rules in assistant/validate/llm_rules.py and llm_review.py.

A quote is the model's verbatim copy of the *redacted* note it was shown. It is found in the redacted
text (whitespace runs may differ), mapped back to the original note through the redaction's spans (a
quote that contains or straddles a placeholder is refused), and each place it stands is checked with
the extraction's evidence spans and ConText; a quote that matches nothing the pipeline marked is run
through the pipeline's ConText on its own line.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from assistant.catalog import procedure_reading
from assistant.extract.anatomy import compose_line
from assistant.extract.blocks import role_at
from assistant.extract.evidence import EvidenceRecorder
from assistant.knowledge import Knowledge, load_knowledge, load_yaml
from assistant.models import Evidence, Facts
from assistant.redact import Redaction, redact

PLACEHOLDER = re.compile(r"\[(?:NAME|ID|DATE|DOB|PHONE|EMAIL|ADDRESS)\b[^\]]*\]")
_WORD = re.compile(r"[a-z0-9]+(?:['/&][a-z0-9]+)*")
QUOTE_LABEL = "LLM_QUOTE"


@dataclass(frozen=True)
class ClaimChecks:
    zone_sections: dict[str, frozenset[str]]
    anatomy_free: frozenset[str]
    always_shortlisted: tuple[str, ...]
    generic_term_sections: int
    not_procedure_words: frozenset[str]
    procedure_words: frozenset[str]
    phrase_sections: dict[str, frozenset[str]]
    not_todays_procedure: frozenset[str]
    not_this_case: frozenset[str]
    max_quote_chars: int


@lru_cache(maxsize=1)
def claim_checks() -> ClaimChecks:
    """rules/llm_checks.yaml, checked against the section and zone names it refers to."""
    knowledge = load_knowledge()
    data = load_yaml(knowledge.rules_dir / "llm_checks.yaml")
    sections = {info.section for info in knowledge.codes.values()}  # as the code table names them
    zones = {zone for zone, _ in knowledge.anatomy.values()}
    named = set(data["anatomy_free_sections"]) | set(data["always_shortlisted"])
    named |= {s for listed in [*data["zone_sections"].values(), *data["phrase_sections"].values()] for s in listed}
    unknown = sorted(named - sections) + sorted(set(data["zone_sections"]) - zones)
    note_sections = set(knowledge.sections["sections"])
    unknown += sorted((set(data["not_todays_procedure"]) | set(data["not_this_case"])) - note_sections)
    if unknown:
        raise ValueError(f"rules/llm_checks.yaml names unknown sections or zones: {unknown}")
    return ClaimChecks(
        zone_sections={z: frozenset(s) for z, s in data["zone_sections"].items()},
        anatomy_free=frozenset(data["anatomy_free_sections"]),
        always_shortlisted=tuple(data["always_shortlisted"]),
        generic_term_sections=int(data["generic_term_sections"]),
        not_procedure_words=frozenset(str(w).lower() for w in data["not_procedure_words"]),
        procedure_words=frozenset(str(w).lower() for w in data["procedure_words"]),
        phrase_sections={str(p).lower(): frozenset(s) for p, s in data["phrase_sections"].items()},
        not_todays_procedure=frozenset(data["not_todays_procedure"]),
        not_this_case=frozenset(data["not_this_case"]),
        max_quote_chars=int(data["max_quote_chars"]),
    )


# ------------------------------------------------------------------ finding a quote in the note

class NoteView:
    """The note, its redaction and its sections, for locating quotes (built once per validation)."""

    def __init__(self, note: str, facts: Facts):
        self.note = note
        self.facts = facts
        self.redaction: Redaction = redact(note)
        self.recorder = EvidenceRecorder(note, facts.sections)
        self.segments = _segments(self.redaction)

    def locate(self, quote: str) -> tuple[list[tuple[int, int]], str | None]:
        """Every (start, end) of the original note where the quote stands, or why it cannot be used."""
        text = " ".join(quote.split())
        if len(text) < 3:
            return [], "the quote is too short to check"
        if len(text) > claim_checks().max_quote_chars:
            return [], f"the quote is longer than {claim_checks().max_quote_chars} characters"
        if PLACEHOLDER.search(text):
            return [], "the quote contains a redaction placeholder"
        pattern = re.compile(r"\s+".join(re.escape(word) for word in text.split()))
        places = []
        for match in pattern.finditer(self.redaction.text):
            mapped = self._to_note(match.start(), match.end())
            if mapped:
                places.append(mapped)
        return places, None if places else "the quote is not in the note"

    def _to_note(self, start: int, end: int) -> tuple[int, int] | None:
        for r_start, r_end, o_start in self.segments:
            if r_start <= start and end <= r_end:
                return o_start + start - r_start, o_start + end - r_start
        return None  # straddles a placeholder

    def section_at(self, offset: int) -> str | None:
        return self.recorder.section_at(offset)

    def on_procedure_heading(self, offset: int) -> bool:
        """The words stand in a procedure heading item ("OPERATIONS PERFORMED: 1. ..."), read by the same
        block reader as the rules (assistant/extract/blocks.py), so both agree on what today's procedure is."""
        return role_at(self.facts.blocks, offset, self.note) == "heading"


def _segments(redaction: Redaction) -> list[tuple[int, int, int]]:
    """(redacted start, redacted end, original start) of every stretch the redaction left as it was."""
    out, r, o = [], 0, 0
    for start, end, placeholder in redaction.spans:
        out.append((r, r + start - o, o))
        r += start - o + len(placeholder)
        o = end
    out.append((r, r + redaction.original_length - o, o))
    return out


# ------------------------------------------------------------------ asserted?

def _status(evidence) -> str:
    for flag, words in (("negated", "negated"), ("historical", "the patient's history"), ("family", "family history"),
                        ("hypothetical", "hypothetical")):
        if getattr(evidence, flag):
            return words
    return "not asserted"


def context_problem(view: NoteView, start: int, end: int, labels: set[str]) -> str | None:
    """Why the quoted words are not asserted (negated, history, family, hypothetical), or None.
    The extraction's spans of these labels overlapping the quote decide; else ConText on the quote's line."""
    spans = [e for e in view.facts.evidence if e.label in labels and e.start < end and start < e.end]
    if not spans:
        spans = _line_context(view.note, start, end, frozenset(labels))
    if spans and not any(not (s.negated or s.family or s.hypothetical or s.historical) for s in spans):
        return f"the quoted words are {_status(spans[0])} in the note"
    return None


def _line_context(note: str, start: int, end: int, labels: frozenset[str]) -> list[Evidence]:
    from assistant.extract.nlp import SPAN_GROUP, build_pipeline

    line_start = note.rfind("\n", 0, start) + 1
    line_end = note.find("\n", end)
    line_end = len(note) if line_end < 0 else line_end
    doc = build_pipeline()(note[line_start:line_end])
    out = []
    for span in doc.spans.get(SPAN_GROUP, []):
        s, e = line_start + span.start_char, line_start + span.end_char
        if span.label_ in labels and s < end and start < e:
            out.append(Evidence(id="", start=s, end=e, text=span.text, label=span.label_,
                                negated=bool(span._.is_negated), family=bool(span._.is_family),
                                hypothetical=bool(span._.is_hypothetical), historical=bool(span._.is_historical)))
    return out


# ------------------------------------------------------------------ the quotes of one claim

def supporting_quotes(view: NoteView, quotes: list[str], labels: set[str], barred_sections: frozenset[str]
                      ) -> tuple[list[tuple[int, int]], str | None]:
    """The places that support a claim, or why none does. A quote that is not in the note (invented,
    paraphrased, or containing a placeholder) refuses the whole claim; a real quote that is negated,
    historical or in a barred section simply does not count."""
    supported, problems = [], []
    for quote in quotes:
        places, problem = view.locate(quote)
        if problem:
            return [], f"quote \"{_short(quote)}\": {problem}"
        why = None
        for start, end in places:
            section = view.section_at(start)
            # a procedure heading the sectionizer missed ("OPERATIONS PERFORMED:") still counts as one
            if section in barred_sections and not view.on_procedure_heading(start):
                why = f"it stands in the {section.replace('_', ' ')} section"
                continue
            why = context_problem(view, start, end, labels)
            if why is None:
                supported.append((start, end))
                break
        if why:
            problems.append(f"quote \"{_short(quote)}\": {why}")
    if not supported:
        return [], "; ".join(problems) or "no quote of the note supports it"
    return supported, None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def record_quotes(facts: Facts, view: NoteView, places: list[tuple[int, int]]) -> list[str]:
    """Evidence ids (Q1, Q2, ...) for verified quotes, added to the facts so findings and the app can show them."""
    ids = []
    known = {(e.start, e.end): e.id for e in facts.evidence if e.label == QUOTE_LABEL}
    for start, end in places:
        if (start, end) not in known:
            number = sum(1 for e in facts.evidence if e.label == QUOTE_LABEL) + 1
            facts.evidence.append(Evidence(id=f"Q{number}", start=start, end=end, text=view.note[start:end],
                                           label=QUOTE_LABEL, section=view.section_at(start)))
            known[(start, end)] = f"Q{number}"
        ids.append(known[(start, end)])
    return ids


# ------------------------------------------------------------------ does the code fit the quoted words?

def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=1)
def _term_index() -> tuple[dict[str, frozenset[str]], dict[str, set[str]]]:
    """(term -> sections whose codes use it, code -> its distinctive terms), from the per-code keywords."""
    knowledge = load_knowledge()
    sections_of: dict[str, set[str]] = defaultdict(set)
    for info in knowledge.codes.values():
        for keyword in info.keywords:
            for term in keyword.terms:
                sections_of[term].add(info.section)
    limit, common = claim_checks().generic_term_sections, claim_checks().not_procedure_words
    def distinctive_term(term: str) -> bool:
        stem = term.rstrip("*")
        return len(sections_of[term]) < limit and len(stem) >= 4 and term not in common and stem not in common

    distinctive = {
        code: {t for kw in info.keywords if not kw.approach for t in kw.terms if distinctive_term(t)}
        for code, info in knowledge.codes.items()
    }
    return {t: frozenset(s) for t, s in sections_of.items()}, distinctive


def _has_term(term: str, tokens: set[str]) -> bool:
    if term.endswith("*"):
        return any(token.startswith(term[:-1]) for token in tokens)
    return term in tokens


def zones_named(text: str, knowledge: Knowledge) -> dict[str, str]:
    """Anatomy phrase -> body zone, for the phrases of rules/anatomy.yaml that the text names."""
    lowered = " ".join(_tokens(text))
    return {phrase: zone for phrase, (zone, _) in knowledge.anatomy.items()
            if re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", lowered)}


def keyword_codes(text: str) -> set[str]:
    """Codes whose whole keyword the text contains (the rules' own procedure keywords)."""
    from assistant.extract.procedures import INTEGUMENTARY, match_sentence

    codes = {kw.code for kw in match_sentence(_tokens(text))}
    if INTEGUMENTARY in codes:
        codes = (codes - {INTEGUMENTARY}) | set(load_knowledge().integumentary.get("zone_codes", {}).values())
    return codes


@dataclass(frozen=True)
class Fit:
    problem: str | None  # why the code does not fit the quoted words; None: it fits
    confirmed: bool = True  # False: nothing contradicts it, but no procedure word of the code is known to the lexicon


def code_fit(code: str, quoted: str, facts: Facts, knowledge: Knowledge, procedure_heading: bool = False) -> Fit:
    """code_consistency_problem as a Fit: a quote from today's procedure heading whose words the lexicon
    does not know at all (no procedure keyword of any code, nothing that contradicts the code) fits,
    unconfirmed: the reviewer is told (LLM_RULES_DISAGREE) instead of the model being overruled."""
    problem = code_consistency_problem(code, quoted, facts, knowledge)
    if problem and problem.startswith(_NO_WORD) and procedure_heading and not keyword_codes(quoted):
        return Fit(None, confirmed=False)
    return Fit(problem)


_NO_WORD = "no procedure word of"


def _fits_age(code: str, facts: Facts, knowledge: Knowledge) -> bool:
    info, months = knowledge.codes[code], facts.age_months
    if info.max_age_months is not None and (months is None or months > info.max_age_months):
        return False
    return "premature" not in info.requires or facts.premature_infant


def code_consistency_problem(code: str, quoted: str, facts: Facts, knowledge: Knowledge) -> str | None:
    """THE CODE-CONSISTENCY CHECK: why `code` does not fit the quoted words, or None when it does.

    It uses the knowledge that exists today: the code's anesthesia section (rules/code_sections.yaml)
    must be one the body zones named in the quote point to (rules/anatomy.yaml through
    rules/llm_checks.yaml); a procedure word of that code or of its section must be in the quote (the
    per-code keywords of rules/anesthesia_codes.yaml via assistant.extract.procedures.match_sentence, or
    a term of the code's keywords that few sections use); the age limits of the code hold; and no more
    specific sibling (rules/code_families.yaml) is supported by the quoted words. A joint or limb word
    (rules/llm_checks.yaml phrase_sections) with a generic procedure word also counts as a procedure term
    of that section's class; so does a body part with a surgical action of the anatomy lexicon
    (rules/procedure_reading.yaml, the rules proposer's own).
    """
    info = knowledge.codes.get(code)
    if info is None:
        return f"{code} is not an anesthesia code in the CMS base-unit table"
    if info.add_on:
        return f"{code} is an add-on code and cannot stand alone"
    if not _fits_age(code, facts, knowledge):
        if "premature" in info.requires and not facts.premature_infant:
            return f"{code} needs a premature infant"
        return f"{code} is for patients up to {info.max_age_months} months old"
    checks = claim_checks()
    zones = zones_named(quoted, knowledge)
    tokens = set(_tokens(quoted))
    joint = {p for p in zones if p in checks.phrase_sections} | {p for p in checks.phrase_sections if p in tokens}
    if zones and info.section not in checks.anatomy_free:
        allowed = set().union(*(checks.phrase_sections.get(p) or checks.zone_sections.get(z, frozenset())
                                for p, z in zones.items()))
        skin = {knowledge.integumentary.get("zone_codes", {}).get(z) for z in zones.values()}
        if info.section not in allowed and code not in skin:
            named = ", ".join(sorted(zones)[:3])
            return f"the quote names {named} and {code} is a {info.section} code"
    hit = keyword_codes(quoted)
    _, distinctive = _term_index()
    same_section = any(knowledge.section_of(c) == info.section for c in hit)
    at_joint = any(info.section in checks.phrase_sections[p] for p in joint) and bool(tokens & checks.procedure_words)
    own_term = any(_has_term(t, tokens) for t in distinctive.get(code, ()))
    # the anatomy x action lexicon of rules/procedure_reading.yaml: "open renal biopsy" is a kidney procedure
    composed = compose_line(quoted, procedure_reading(str(knowledge.rules_dir)))
    by_anatomy = composed is not None and knowledge.section_of(composed[0]) == info.section
    if code not in hit and not same_section and not at_joint and not own_term and not by_anatomy:
        if hit:
            named = ", ".join(sorted(hit)[:3])
            return f"the quoted words name procedures of other sections ({named}), not {code} ({info.section})"
        return f"{_NO_WORD} {code} ({info.description or info.section}) or of its section is in the quotes"
    for family in knowledge.more_specific_siblings(code):
        # a sibling the quoted words name and the patient fits
        better = sorted(s for s in family["specific"] if s in hit and _fits_age(s, facts, knowledge))
        if better:
            return f"{code} is not otherwise specified and the note supports {better[0]} ({family['why']})"
    return None


def distinctive_term_sections(text: str) -> set[str]:
    """Sections whose codes use a distinctive keyword term that the text contains (for the shortlist)."""
    sections_of, distinctive = _term_index()
    tokens = set(_tokens(text))
    terms = {t for ts in distinctive.values() for t in ts}
    return {s for t in terms if _has_term(t, tokens) for s in sections_of[t]}
