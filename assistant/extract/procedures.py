"""Procedure mentions: keyword sets from rules/anesthesia_codes.yaml and rules/integumentary.yaml.

A keyword matches when all its terms stand in one sentence (`term*` is a prefix).
Matches become PROCEDURE spans before ConText runs, so "s/p mastectomy" or
"no hernia repair" are recognised as historical or negated.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Span

from assistant.catalog import procedure_reading
from assistant.extract.spans import SPAN_GROUP
from assistant.knowledge import Keyword, load_knowledge

INTEGUMENTARY = "INTEGUMENTARY"  # pseudo-code: resolved to 00300/00400 by site
PROCEDURE_HITS = "procedure_hits"


@dataclass
class KeywordIndex:
    exact: dict[str, list[Keyword]]
    prefix: dict[str, list[tuple[str, Keyword]]]  # first 3 letters -> (prefix, keyword)


def _term_matches(term: str, tokens: set[str]) -> bool:
    if term.endswith("*"):
        stem = term[:-1]
        return any(token.startswith(stem) for token in tokens)
    return term in tokens


@lru_cache(maxsize=1)
def keyword_index() -> KeywordIndex:
    knowledge = load_knowledge()
    keywords = [kw for code in knowledge.codes.values() for kw in code.keywords]
    shared_exclude = list(knowledge.integumentary.get("exclude", []) or [])
    for entry in knowledge.integumentary.get("keywords", []) or []:
        terms = entry.get("terms", entry) if isinstance(entry, dict) else entry
        exclude = (entry.get("exclude", []) if isinstance(entry, dict) else []) + shared_exclude
        keywords.append(Keyword(INTEGUMENTARY, tuple(str(t).lower() for t in terms),
                                tuple(str(t).lower() for t in exclude)))
    exact: dict[str, list[Keyword]] = defaultdict(list)
    prefix: dict[str, list[tuple[str, Keyword]]] = defaultdict(list)
    for kw in keywords:
        # anchor on the longest term: the rarest, so fewest candidates to verify
        anchor = max(kw.terms, key=lambda t: len(t.rstrip("*")))
        if anchor.endswith("*"):
            prefix[anchor[:3]].append((anchor[:-1], kw))
        else:
            exact[anchor].append(kw)
    return KeywordIndex(dict(exact), dict(prefix))


_LEVEL = {"l": "lumbar", "c": "cervical", "t": "thoracic", "s": "sacral"}


def _region_words(tokens: list[str]) -> set[str]:
    """Spinal levels name their region: "L4-5" -> lumbar, "C5-6" -> cervical."""
    out = set()
    for token in tokens:
        if len(token) >= 2 and token[0] in _LEVEL and token[1].isdigit():
            out.add(_LEVEL[token[0]])
    return out


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, list[str]]:
    """Keyword terms by first letter (stems without their '*'), for typo correction."""
    index = keyword_index()
    terms = {t for kws in index.exact.values() for kw in kws for t in kw.terms}
    terms |= {t for kws in index.prefix.values() for _, kw in kws for t in kw.terms}
    by_letter: dict[str, list[str]] = defaultdict(list)
    for term in terms:
        stem = term.rstrip("*")
        if len(stem) >= 5:
            by_letter[stem[0]].append(term)
    return dict(by_letter)


_TYPO_RATIO = 0.86  # one typo in a keyword term of 7+ letters
_LONG_WORD = 13  # "cystolithalopaxy": long words are rare and may hold two slips


def _with_one_deletion(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


@lru_cache(maxsize=1)
def _typo_neighbours() -> tuple[dict[str, set[str]], dict[tuple[int, str], set[str]], list[int]]:
    """Terms by their one-deletion variants (whole terms; prefix terms by stem length): two words one edit
    apart share a variant, so only those few pairs reach the slow ratio."""
    whole: dict[str, set[str]] = defaultdict(set)
    prefix: dict[tuple[int, str], set[str]] = defaultdict(set)
    for terms in _vocabulary().values():
        for term in terms:
            stem = term.rstrip("*")
            for variant in _with_one_deletion(stem):
                if term.endswith("*"):
                    prefix[(len(stem), variant)].add(term)
                else:
                    whole[variant].add(term)
    return dict(whole), dict(prefix), sorted({length for length, _ in prefix})


def _near_terms(token: str) -> set[str]:
    whole, prefix, lengths = _typo_neighbours()
    near = set().union(*(whole.get(v, ()) for v in _with_one_deletion(token)))
    for length in lengths:
        for piece in {token[: length - 1], token[:length], token[: length + 1]}:
            near |= set().union(*(prefix.get((length, v), ()) for v in _with_one_deletion(piece)))
    return near


@lru_cache(maxsize=1)
def _not_typos() -> frozenset[str]:
    return frozenset(w.lower() for w in procedure_reading(str(load_knowledge().rules_dir)).not_typos)


def _is_term(token: str) -> bool:
    return token in _terms() or any(token[:length] in _stems() for length in _typo_neighbours()[2])


@lru_cache(maxsize=1)
def _terms() -> frozenset[str]:
    return frozenset(t for terms in _vocabulary().values() for t in terms if not t.endswith("*"))


@lru_cache(maxsize=1)
def _stems() -> frozenset[str]:
    return frozenset(t[:-1] for terms in _vocabulary().values() for t in terms if t.endswith("*"))


@lru_cache(maxsize=20000)
def corrected(token: str) -> str | None:
    """A keyword term one typo away ("arthroscpy" -> "arthroscop", "arthoplasty" -> "arthroplasty")."""
    if len(token) < 6 or not token.isalpha() or _is_term(token) or token in _not_typos():
        return None  # a word the code table knows is no typo of another ("colostomy" is not "colpotomy")
    best, best_ratio = None, 0.0
    # short words: one edit only (two edits turn "incision" into "incisional"); long words may carry two
    near = _near_terms(token) if len(token) < _LONG_WORD else None
    for term in _vocabulary().get(token[0], ()):
        if near is not None and term not in near:
            continue
        stem = term.rstrip("*")
        candidate = token[: len(stem) + 1] if term.endswith("*") else token
        if abs(len(candidate) - len(stem)) > 2 or candidate.startswith(stem):
            continue
        matcher = SequenceMatcher(None, candidate, stem)
        # upper bounds first: most words are nowhere near a keyword term, and ratio() is the slow part
        if matcher.real_quick_ratio() < _TYPO_RATIO or matcher.quick_ratio() < max(_TYPO_RATIO, best_ratio):
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = stem, ratio
    return best if best_ratio >= _TYPO_RATIO else None


def _singulars(tokens: list[str]) -> set[str]:
    """"biopsies" -> "biopsy", "hernias" -> "hernia": a keyword written in the singular matches the plural."""
    out = set()
    for token in tokens:
        if len(token) > 4 and token.endswith("ies"):
            out.add(token[:-3] + "y")
        elif len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
            out.add(token[:-1])
    return out


def _outside_parentheses(tokens: list[str]) -> set[str]:
    """Tokens not inside (...): a parenthetical qualifier ("last scope 10 yrs ago") does not exclude."""
    depth, out = 0, set()
    for token in tokens:
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.add(token)
    return out


def match_sentence(tokens: list[str], expansions: list[str] = (),
                   outside_expansions: list[str] | None = None, subsumed: bool = False) -> list[Keyword]:
    """Keywords present in one sentence, matched first on the words outside parentheses
    ("colonoscopy, diagnostic (not a screening exam)" is not a screening colonoscopy), then on all.
    subsumed=True keeps the keywords a larger match contains (the caller may still drop the larger one)."""
    outside = _outside_parentheses(tokens)
    first = outside_expansions if outside_expansions is not None else expansions
    return (_match(outside | set(first), outside, subsumed)
            or _match(set(tokens) | set(expansions), outside, subsumed))


def _outside_list(tokens: list[str]) -> list[str]:
    depth, out = 0, []
    for token in tokens:
        depth += token == "("
        if depth == 0 and token != ")":
            out.append(token)
        depth = max(0, depth - (token == ")"))
    return out


def _expansions(lowered: list[str], long_forms: dict[str, list[str]]) -> list[str]:
    """Rejoined "c/s", trimmed "t&a.", and the long forms of abbreviations, for keyword matching."""
    joined = [f"{lowered[i - 1]}/{lowered[i + 1]}" for i in range(1, len(lowered) - 1) if lowered[i] == "/"]
    trimmed = [t.rstrip(".") for t in lowered if t.endswith(".") and len(t) > 2]
    extra = joined + trimmed
    return extra + [word for token in lowered + extra for word in long_forms.get(token, ())]


def _match(words: set[str], excluding: set[str], subsumed: bool = False) -> list[Keyword]:
    """All keywords fully present in a set of words, minus those subsumed by a larger match (kept with subsumed)."""
    index = keyword_index()
    tokens = list(words)
    token_set = set(tokens) | _region_words(tokens) | _singulars(tokens)
    token_set |= {fix for fix in map(corrected, tokens) if fix}
    candidates: set[Keyword] = set()
    for token in token_set:
        candidates.update(index.exact.get(token, ()))
        for stem, kw in index.prefix.get(token[:3], ()):
            if token.startswith(stem):
                candidates.add(kw)
    hits = [
        kw for kw in candidates
        if all(_term_matches(t, token_set) for t in kw.terms)
        and not any(_term_matches(t, excluding) for t in kw.exclude)
    ]
    return hits if subsumed else _largest(hits)


def _largest(hits: list[Keyword]) -> list[Keyword]:
    """The matches no other match contains."""
    stems = {kw: {t.rstrip("*") for t in kw.terms} for kw in hits}  # "hernia" and "hernia*" are one term here
    return [kw for kw in hits if not any(other is not kw and stems[kw] < stems[other] for other in hits)]


def _forms(lowered: list[str], i: int, long_forms: dict[str, list[str]]) -> set[str]:
    """What token i can stand for: itself, trimmed, corrected, its region, its long form, "c/s"."""
    token = lowered[i]
    forms = ({token, token.rstrip("."), corrected(token) or token} | _region_words([token]) | _singulars([token])
             | set(long_forms.get(token, ())))
    if token == "/" and 0 < i < len(lowered) - 1:
        joined = f"{lowered[i - 1]}/{lowered[i + 1]}"
        forms |= {joined, *long_forms.get(joined, ())}
    return forms


def _long_forms(doc) -> dict[str, list[str]]:
    """Abbreviations the note defines itself ("carpal tunnel release (CTR)"), from scispaCy's detector."""
    if not doc.has_extension("abbreviations"):
        return {}
    return {abbr.text.lower(): [t.lower_ for t in abbr._.long_form] for abbr in doc._.abbreviations}


def _tightest(term_positions: list[list[int]]) -> list[int] | None:
    """The closest positions holding one of each term (a sliding window over the sorted positions);
    None when some term stands nowhere in the tokens (it matched through an expansion)."""
    present = [p for p in term_positions if p]
    if not present:
        return None
    events = sorted((position, term) for term, positions in enumerate(present) for position in positions)
    best, counts, covered, left = None, defaultdict(int), 0, 0
    for right, (position, term) in enumerate(events):
        counts[term] += 1
        covered += counts[term] == 1
        while covered == len(present):
            if best is None or position - events[left][0] < best[1] - best[0]:
                best = (events[left][0], position)
            counts[events[left][1]] -= 1
            covered -= counts[events[left][1]] == 0
            left += 1
    return [best[0], best[1]]


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _acronyms_unbracketed(sent) -> list[str]:
    """Lowered tokens, with the brackets dropped around an acronym that stands for words the keywords do not
    know: "percutaneous nephrostolithotomy (PCNL)" names a PCNL. "Diagnostic thoracoscopy (VATS)" is named
    by its words already, and "(not a screening exam)" stays a qualifier."""
    lowered = [t.lower_ for t in sent]
    if "(" not in lowered:
        return lowered
    for i in range(1, len(sent) - 1):
        if lowered[i - 1] == "(" and lowered[i + 1] == ")" and _ACRONYM.fullmatch(sent[i].text) \
                and not _match(before := set(lowered[max(0, i - 5): i - 1]), before):
            lowered[i - 1] = lowered[i + 1] = ""
    return lowered


def _crosses_an_item(lowered: list[str], first: int, last: int) -> bool:
    """Whether a numbered item starts between two words of a wording: "(1) Open tracheostomy, (2)
    esophagogastroduodenoscopy with percutaneous endoscopic gastrostomy" names no open gastrostomy (blind h66-35)."""
    return any(lowered[i].isdigit() and len(lowered[i]) <= 2 and lowered[i + 1] == ")"
               and lowered[i - 1] in ("(", ",", ";") for i in range(first + 1, min(last, len(lowered) - 1)))


@Language.component("procedure_keyword_matcher")
def procedure_keyword_matcher(doc):
    group = list(doc.spans[SPAN_GROUP]) if SPAN_GROUP in doc.spans else []
    hits: dict[tuple[int, int], list[Keyword]] = defaultdict(list)
    knowledge = load_knowledge()
    long_forms = {**knowledge.abbreviations, **_long_forms(doc)}
    window = procedure_reading(str(knowledge.rules_dir)).keyword_window
    for sent in doc.sents:
        lowered = _acronyms_unbracketed(sent)
        forms = None  # what each token can stand for, computed once the sentence has a keyword
        # "C/S" is three tokens and "T&A." keeps its period: rejoin and trim so both can match
        inside, outside = _expansions(lowered, long_forms), _expansions(_outside_list(lowered), long_forms)
        placed: dict[Keyword, list[int]] = {}
        for kw in match_sentence(lowered, inside, outside, subsumed=True):
            forms = forms or [_forms(lowered, i, long_forms) for i in range(len(lowered))]
            positions = _tightest([[i for i, f in enumerate(forms) if _term_matches(t, f)] for t in kw.terms])
            if positions is None:  # matched only through an expansion: the span is the whole sentence
                positions = [0, len(lowered) - 1]
            elif positions[-1] - positions[0] > window or _crosses_an_item(lowered, positions[0], positions[-1]):
                continue  # the words stand apart: "hernia repair with ... a ventral patch"
            placed[kw] = positions
        # a larger wording whose words stand apart leaves its smaller ones standing: "radiofrequency ablation
        # of the right C3, C4 and C5 medial branch nerves" is still [cervical, radiofrequency]
        for kw in _largest(list(placed)):
            positions = placed[kw]
            start, end = sent.start + min(positions), sent.start + max(positions) + 1
            hits[(start, end)].append(kw)
    for (start, end) in hits:
        group.append(Span(doc, start, end, label="PROCEDURE"))
    doc.spans[SPAN_GROUP] = group
    doc.user_data[PROCEDURE_HITS] = dict(hits)
    return doc
