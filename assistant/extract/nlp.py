"""Builds the clinical NLP pipeline: a blank spaCy English pipeline plus rules.

No model weights: tokenization, a line-aware sentence splitter, medspaCy's
TargetMatcher for concepts, our procedure keyword matcher, medspaCy ConText
(negated, family, hypothetical, historical), section headings matched by medspaCy SectionRules, and
scispaCy's abbreviation detector. All patterns come from rules/.
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.extract import quiet  # noqa: F401  (first: silences what the imports below log)
import medspacy  # noqa: F401  (registers the medspacy_* factories and the doc._.sections extension)
import numpy
import spacy
from medspacy.common.medspacy_matcher import MedspacyMatcher
from medspacy.section_detection import Section
from medspacy.section_detection.util import NEWLINE_PATTERN, is_start_line
from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers abbreviation_detector)
from spacy.attrs import SENT_START
from spacy.language import Language

from assistant.catalog import circumstance_phrases
from assistant.extract import procedures  # noqa: F401  (registers procedure_keyword_matcher)
from assistant.extract.spans import SPAN_GROUP
from assistant.knowledge import Knowledge, load_knowledge

__all__ = ["SPAN_GROUP", "build_pipeline", "chunks", "unwrap"]


_FUNCTION_WORDS = {"of", "the", "a", "an", "and", "or", "with", "for", "to", "in", "on", "by", "at", "from", "was",
                   "were", "is", "are", "no", "not", "denies", "without", "as", "under", "after", "before", "via",
                   "per"}
# a side names the part that follows it: a line that ends on one goes on below however short it is ("PROCEDURE:
# Right axillary artery to bilateral" / "femoral artery bypass", blind h66-34)
_LATERALITY_WORDS = {"left", "right", "bilateral"}
# a template wrapped at a narrow width ("Pedicle screw instrumentation" / "was available in the room and was not
# used"): a line of this many characters that a lower-case word goes on is wrapped, not a list (blind h66-04, h66-17)
_WRAPPED_SHORT = 25
_LOWER_LABEL = re.compile(r"[a-z][a-z/&()\- ]{0,30}:")
_LABEL_LINE = re.compile(r"[A-Z][A-Za-z/&()\- ]{0,30}:")
# a long line may also be cut after a field's colon, its value going on below ("...; labor epidural:" / "not placed")
_WRAPPED_NEWLINE = re.compile(r"(?<=[A-Za-z0-9,:\-)])\n(?=[ \t]*[A-Za-z0-9])")
_LIST_NUMBER = re.compile(r"\d{1,2}[.)]")  # "2. Excision ...": a list item, never a wrap


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
    a capital letter or a number the line must end on a function word ("No history of\\nCHF", "in\\n2018")."""
    def join(match: re.Match) -> str:
        line_start = note.rfind("\n", 0, match.start()) + 1
        length = match.start() - line_start
        text_at = match.end() + len(note[match.end():]) - len(note[match.end():].lstrip(" \t"))
        after = note[text_at]
        if _LABEL_LINE.match(note, text_at) or _LIST_NUMBER.match(note, text_at):
            return "\n"  # "Surgeon: ..." starts a field, "2. ..." an item, not a continuation
        last_word = (note[line_start: match.start()].rsplit(None, 1)[-1].lower()
                     if note[line_start: match.start()].strip() else "")
        if after.islower() and (last_word in _LATERALITY_WORDS or (
                length >= _WRAPPED_SHORT and note[match.start() - 1].isalpha()
                and not _LOWER_LABEL.match(note, text_at))):  # not "anesth end 0930" / "procedure: ..."
            return " "
        if after.islower() or (text_at > match.end() and length >= 50):
            # a lower-case word goes on; so does an indented line under a long line left open, in capitals too
            # ("OPEN REPAIR OF RUPTURED INFRARENAL ABDOMINAL AORTIC" / "  ANEURYSM, TRANSPERITONEAL")
            return " " if length >= 50 else "\n"
        if text_at > match.end() or note[match.start() - 1] == ")":
            return "\n"
        # before a capital or a number, only a line cut after a function word ("No history of\\nCHF") was wrapped
        return " " if length >= 50 and last_word in _FUNCTION_WORDS else "\n"
    return _WRAPPED_NEWLINE.sub(join, note)


@Language.component("line_sentencizer")
def line_sentencizer(doc):
    """Sentence starts after newlines and after . ! ? ; so a negation never leaks across lines."""
    texts = [token.text for token in doc]  # read once: Python-level token access is the slow part
    starts = numpy.full((len(texts), 1), -1, dtype="int32")
    last_word = None  # the last non-space token's text: "done.  The" has a space token between
    for i, text in enumerate(texts):
        space = text.isspace()
        if i == 0 or "\n" in texts[i - 1] or text.startswith("\n") or (
                not space and last_word in {".", "!", "?", ";"}):
            starts[i, 0] = 1
        if not space:
            last_word = text
    if len(texts):
        doc.from_array([SENT_START], starts.astype("uint64"))  # spaCy reads -1 wrapped to uint64
    return doc


_NEWLINE = re.compile(NEWLINE_PATTERN)  # medspaCy's own test for a heading at the start of a line


class SectionHeadings:
    """doc._.sections from medspaCy's SectionRule matcher, a heading only at the start of a line: what
    medspaCy's Sectionizer computes, without its writing the section onto every token (2 ms a note that
    nothing here reads)."""

    def __init__(self, nlp, rules):
        self.matcher = MedspacyMatcher(nlp, name="section_headings")  # longest of overlapping headings wins
        self.matcher.add(rules)

    def __call__(self, doc):
        matches = [m for m in self.matcher(doc) if is_start_line(m[1], doc, _NEWLINE)]
        ends = [start for _, start, _ in matches[1:]] + [len(doc)]
        sections = [Section(None, 0, 0, 0, matches[0][1] if matches else len(doc))] \
            if not matches or matches[0][1] > 0 else []
        for (match_id, start, end), body_end in zip(matches, ends):
            rule = self.matcher.rule_map[doc.vocab.strings[match_id]]
            sections.append(Section(rule.category, start, end, end, body_end, None, rule))
        doc._.sections = sections
        return doc


@Language.factory("section_headings")
def _make_section_headings(nlp, name):
    return SectionHeadings(nlp, _section_rules(load_knowledge()))


def _site_pattern(phrase: str, fillers: list[str]) -> list[dict] | None:
    """A site phrase with "of" as a token pattern that lets the fillers follow the "of": "back of the leg" also
    reads "back of the left leg" (a phrase without "of" is matched as written)."""
    words = phrase.split()
    if "of" not in words[:-1]:
        return None
    at = words.index("of")
    tail = [w for w in words[at + 1:] if w not in fillers]
    return ([{"LOWER": w} for w in words[:at + 1]] + [{"LOWER": {"IN": fillers}, "OP": "*"}]
            + [{"LOWER": w} for w in tail])


def _target_rules(knowledge: Knowledge):
    from medspacy.ner import TargetRule

    rules = []
    for condition in knowledge.asa["conditions"]:
        for phrase in condition["phrases"]:
            rules.append(TargetRule(str(phrase), "COMORBIDITY", attributes=None, metadata={"name": condition["name"]}))
    for zone, (zone_name, region) in knowledge.anatomy.items():
        rules.append(TargetRule(zone, "SITE", metadata={"zone": zone_name, "region": region},
                                pattern=_site_pattern(zone, knowledge.anatomy_of_fillers)))
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
    # "(ureteroscopy) performed 10 days ago under general anesthesia": an anesthetic of the past, close by
    # (procedures have their own cues; "COLONOSCOPY (last scope 10 yrs ago)" is today's)
    rules.append(ConTextRule("<n> <units> ago", "HISTORICAL", direction="BIDIRECTIONAL", max_scope=4,
                             allowed_types={"TECHNIQUE", "ANESTHESIA_PROVIDER"},
                             pattern=[{"LIKE_NUM": True},
                                      {"LOWER": {"REGEX": r"^(days?|weeks?|months?|years?|yrs?)$"}},
                                      {"LOWER": "ago"}]))
    # "coronary stent 2019": a bare year right after the procedure; and after the anesthetic ("wisdom teeth
    # extraction under IV sedation 2015")
    rules.append(ConTextRule("<year> after", "HISTORICAL", direction="BACKWARD",
                             allowed_types={"PROCEDURE", "TECHNIQUE"}, max_scope=2,
                             pattern=[{"TEXT": {"REGEX": r"^(19|20)\d\d$"}}]))
    return rules


def _section_rules(knowledge: Knowledge):
    from medspacy.section_detection import SectionRule

    rules = []
    for category, titles in knowledge.sections["sections"].items():
        for title in titles:
            # literals go to spaCy's PhraseMatcher (token patterns with "IN" sets cost a Python call per token);
            # the longest match wins, so "Title:" takes its colon and a bare "TITLE" line still opens the section
            rules.append(SectionRule(literal=f"{title}:", category=category))
            rules.append(SectionRule(literal=title, category=category))
    # Any other "Word:" at the start of a line ends the section before it (e.g. "Vitals:", "OP:").
    # one regular expression over the text (medspaCy matches those case-insensitively: "(?-i:" keeps the capital)
    rules.append(SectionRule(literal="other heading", category="other",
                             pattern=r"(?-i:(?<![\w/\-])[A-Z][A-Za-z/\-]{1,24}):"))
    return rules


@lru_cache(maxsize=1)
def build_pipeline():
    """The pipeline is built once per process (about 1 s) and reused for every note."""
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
    nlp.add_pipe("section_headings")
    return nlp
