"""Builds the clinical NLP pipeline: a blank spaCy English pipeline plus rules.

No model weights: tokenization, a line-aware sentence splitter, medspaCy's
TargetMatcher for concepts, our procedure keyword matcher, medspaCy ConText
(negated, family, hypothetical, historical), the medspaCy sectionizer, and
scispaCy's abbreviation detector. All patterns come from rules/.
"""
from __future__ import annotations

import logging
import re
import warnings
from functools import lru_cache

from assistant.catalog import circumstance_phrases
from assistant.knowledge import Knowledge, load_knowledge

SPAN_GROUP = "medspacy_spans"


def _silence_third_party_logs() -> None:
    """PyRuSH and medspaCy log at DEBUG through loguru; notes must never reach a log."""
    try:
        from loguru import logger

        logger.remove()
    except Exception:  # pragma: no cover - loguru is a medspacy dependency
        pass
    for name in ("medspacy", "PyRuSH", "spacy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", module="medspacy")
    warnings.filterwarnings("ignore", module="scispacy")


_FUNCTION_WORDS = {"of", "the", "a", "an", "and", "or", "with", "for", "to", "in", "on", "by", "at", "from", "was",
                   "were", "is", "are", "no", "not", "denies", "without", "as", "under", "after", "before", "via",
                   "per"}
_LABEL_LINE = re.compile(r"[A-Z][A-Za-z/&()\- ]{0,30}:")
_WRAPPED_NEWLINE = re.compile(r"(?<=[A-Za-z0-9,\-])\n(?=[A-Za-z])")


CHUNK_CHARS = 6000


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) at line breaks, preferring blank lines. ConText compares every modifier with
    every target, so a 500 KB note in one doc takes minutes; sentences never cross a line break
    here, so pieces lose nothing."""
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start: start + size]
        cut = window.rfind("\n\n")
        cut = cut + 2 if cut > size // 2 else window.rfind("\n") + 1
        if cut <= 0:
            cut = size  # one enormous line: cut anyway
        pieces.append((start, text[start: start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def unwrap(note: str) -> str:
    """Joins narrative lines wrapped mid-sentence ("was not\\nperformed") by turning that newline
    into a space: same length, so every character offset still points into the original note.
    Only long lines count as wrapped (short list lines such as "denies CP\\nhtn" stay apart); before
    a capital letter the line must end on a function word ("No history of\\nCHF")."""
    def join(match: re.Match) -> str:
        line_start = note.rfind("\n", 0, match.start()) + 1
        length = match.start() - line_start
        after = note[match.end()]
        if after.islower():
            return " " if length >= 50 else "\n"
        if _LABEL_LINE.match(note, match.end()):
            return "\n"  # "Surgeon: ..." starts a field, not a continuation
        last_word = (note[line_start: match.start()].rsplit(None, 1)[-1].lower()
                     if note[line_start: match.start()].strip() else "")
        # before a capital, only a line cut after a function word ("No history of\\nCHF") was wrapped
        return " " if length >= 50 and last_word in _FUNCTION_WORDS else "\n"
    return _WRAPPED_NEWLINE.sub(join, note)


def _register_components() -> None:
    import numpy
    from spacy.attrs import SENT_START
    from spacy.language import Language

    if "line_sentencizer" in Language.factories:
        return

    @Language.component("line_sentencizer")
    def line_sentencizer(doc):
        """Sentence starts after newlines and after . ! ? ; so a negation never leaks across lines."""
        starts = numpy.zeros((len(doc), 1), dtype="int32")
        last_word = None  # the last non-space token: "done.  The" has a space token between
        for i, token in enumerate(doc):
            if i == 0:
                starts[i, 0] = 1
                last_word = token if not token.is_space else None
                continue
            previous = doc[i - 1]
            newline = "\n" in previous.text or token.text.startswith("\n")
            after_stop = last_word is not None and last_word.text in {".", "!", "?", ";"}
            starts[i, 0] = 1 if newline or (after_stop and not token.is_space) else -1
            if not token.is_space:
                last_word = token
        if len(doc):
            doc.from_array([SENT_START], starts.astype("uint64"))  # spaCy reads -1 wrapped to uint64
        return doc


def _target_rules(knowledge: Knowledge):
    from medspacy.ner import TargetRule

    rules = []
    for condition in knowledge.asa["conditions"]:
        for phrase in condition["phrases"]:
            rules.append(TargetRule(str(phrase), "COMORBIDITY", attributes=None, metadata={"name": condition["name"]}))
    for zone, (zone_name, region) in knowledge.anatomy.items():
        rules.append(TargetRule(zone, "SITE", metadata={"zone": zone_name, "region": region}))
    for kind, phrases in knowledge.techniques.items():
        for phrase in phrases:
            rules.append(TargetRule(str(phrase), "TECHNIQUE", metadata={"kind": kind}))
    for phrase in knowledge.anesthesia_provider_phrases:
        rules.append(TargetRule(phrase, "ANESTHESIA_PROVIDER"))
    for label, phrases in circumstance_phrases(str(knowledge.rules_dir)).phrases.items():
        for phrase in phrases:
            rules.append(TargetRule(phrase, label))
    # "deliberate (controlled) hypotension", "controlled/induced hypotension"
    qualifier = {"LOWER": {"IN": ["controlled", "deliberate", "induced", "permissive"]}}
    rules.append(TargetRule("controlled hypotension (pattern)", "CONTROLLED_HYPOTENSION", pattern=[
        qualifier, {"TEXT": {"IN": ["(", "/", "-"]}, "OP": "?"}, {**qualifier, "OP": "?"}, {"TEXT": ")", "OP": "?"},
        {"LOWER": {"REGEX": "^hypotens"}},
    ]))
    return rules


def _context_rules(knowledge: Knowledge):
    from medspacy.context import ConTextRule

    rules = []
    for rule in knowledge.context_rules:
        allowed = set(rule["allowed_types"]) if rule.get("allowed_types") else None
        rules.append(ConTextRule(rule["literal"], rule["category"], direction=rule["direction"], allowed_types=allowed,
                                 max_scope=rule.get("max_scope")))
    # Procedures mentioned as the patient's past are historical; "history of CHF" stays a comorbidity.
    for literal in circumstance_phrases(str(knowledge.rules_dir)).procedure_history_cues:
        rules.append(ConTextRule(literal, "HISTORICAL", direction="BIDIRECTIONAL" if literal.endswith("ago")
                                 else "FORWARD", allowed_types={"PROCEDURE"}))
    # "a stent in 2019", "a hip replacement in 2018 under spinal anesthesia", "a TAVR in 2022 (MAC by anesthesia)"
    rules.append(ConTextRule("in <year>", "HISTORICAL", direction="BIDIRECTIONAL",
                             allowed_types={"PROCEDURE", "TECHNIQUE", "ANESTHESIA_PROVIDER"},
                             pattern=[{"LOWER": {"IN": ["in", "from", "since"]}},
                                      {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}]))
    # "coronary stent 2019": a bare year right after the procedure
    rules.append(ConTextRule("<year> after", "HISTORICAL", direction="BACKWARD", allowed_types={"PROCEDURE"},
                             max_scope=2,
                             pattern=[{"TEXT": {"REGEX": r"^(19|20)\d\d$"}}]))
    return rules


def _section_rules(knowledge: Knowledge):
    from medspacy.section_detection import SectionRule

    rules = []
    for category, titles in knowledge.sections["sections"].items():
        for title in titles:
            rules.append(SectionRule(literal=f"{title}:", category=category))
            rules.append(SectionRule(literal=title, category=category, pattern=[{"LOWER": t} for t in title.split()]
                                     + [{"TEXT": {"IN": [":", "-", "\n", "\n\n"]}, "OP": "?"}]))
    # Any other "Word:" at the start of a line ends the section before it (e.g. "Vitals:", "OP:").
    rules.append(SectionRule(literal="other heading", category="other",
                             pattern=[{"TEXT": {"REGEX": r"^[A-Z][A-Za-z/\-]{1,24}$"}}, {"TEXT": ":"}]))
    return rules


@lru_cache(maxsize=1)
def build_pipeline():
    """The pipeline is built once per process (about 1 s) and reused for every note."""
    _silence_third_party_logs()
    import spacy
    import medspacy  # noqa: F401  (registers the medspacy_* factories)
    from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers abbreviation_detector)

    from assistant.extract.procedures import register_procedure_matcher

    _register_components()
    register_procedure_matcher()
    knowledge = load_knowledge()
    nlp = spacy.blank("en")
    nlp.add_pipe("line_sentencizer")
    matcher = nlp.add_pipe("medspacy_target_matcher", config={"result_type": "group", "span_group_name": SPAN_GROUP})
    matcher.add(_target_rules(knowledge))
    nlp.add_pipe("abbreviation_detector")  # before the procedure matcher, which reads its long forms
    nlp.add_pipe("procedure_keyword_matcher")
    context = nlp.add_pipe("medspacy_context",
                           config={"rules": None, "input_span_type": "group", "span_group_name": SPAN_GROUP})
    context.add(_context_rules(knowledge))
    sectionizer = nlp.add_pipe("medspacy_sectionizer",
                               config={"rules": None, "input_span_type": "group", "span_group_name": SPAN_GROUP,
                                       "require_start_line": True, "span_attrs": {}})
    sectionizer.add(_section_rules(knowledge))
    return nlp
