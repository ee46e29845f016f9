"""A diagnosis statement ("Right knee medial meniscus tear") -> the billable ICD-10-CM leaf whose wording it
supports best.

Every wording of a code (description, inclusion terms) is a list of word groups. A code scores the weight
(inverse leaf frequency) of the groups the statement satisfies, less the weight of the groups it demands and
the statement does not say (a "weak" word such as "initial" or "unilateral" costs little: the guideline
default), less any word after "without" that the statement does say. "Unspecified" and "other" codes cost a
little, so a code that names what the note names wins a tie, and an unspecified code wins only when the note
says no more. Candidates come from the statement's rarer words, so a note costs a few hundred scorings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.catalog import DiagnosisRules
from assistant.diagnosis.codeset import CodeSet, load_codeset, words

WEAK_COST = 0.15  # share of a weak word's weight charged when the note does not say it
UNSPECIFIED_COST = 0.3
OTHER_COST = 0.6
CANDIDATES = 150
MIN_SCORE = 2.0  # below this the statement names nothing the code set knows well enough
_SIDE_WORDS = frozenset({"right", "left", "bilateral", "unilateral"})
_DATE = re.compile(r"\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b")


_Group = tuple[tuple[str, ...], tuple[float, ...], float]
_Prepared = tuple[tuple[_Group, ...], tuple[tuple[str, float], ...], float]


@dataclass(frozen=True)
class Match:
    code: str
    score: float
    unspecified: bool
    description: str


class Matcher:
    def __init__(self, rules: DiagnosisRules, codeset: CodeSet):
        self.rules = rules
        self.codeset = codeset
        self.ignore = frozenset(w for x in rules.ignore_words for w in words(x))
        self.weak = frozenset(w for x in rules.weak_words for w in words(x))
        self.synonyms: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], bool]]] = {}  # by first word
        for synonym in rules.synonyms:
            added = tuple(w for a in synonym.add for w in words(a))
            for phrase in synonym.phrases:
                said = tuple(words(phrase))
                self.synonyms.setdefault(said[0], []).append((said, added, synonym.replace))
        self.laterality = {w: side for side, ws in rules.laterality.items() for w in ws}
        self._cache: dict[str, tuple[_Prepared, ...]] = {}
        self.due_to_is_weak = rules.due_to_is_weak
        self.chapter_words = {prefix: frozenset(w for x in ws for w in words(x))
                              for prefix, ws in rules.chapter_words.items()}

    def statement_words(self, text: str) -> frozenset[str]:
        """The statement's words, with the tabular list's words its synonyms and side words mean."""
        tokens = words(_DATE.sub(" ", text))  # "(11/24/2025)" says no "11" of any code
        out = {t for t in tokens if t not in self.ignore}
        out |= {self.laterality[t] for t in tokens if t in self.laterality}
        replaced: set[str] = set()
        for i, token in enumerate(tokens):
            for phrase, added, replace in self.synonyms.get(token, ()):
                if tuple(tokens[i:i + len(phrase)]) == phrase:
                    out.update(added)
                    if replace:
                        replaced.update(set(phrase) - set(added))
        out -= replaced
        if out & {"right", "left"}:
            out.add("unilateral")
        return frozenset(out)

    def _prepared(self, code: str) -> tuple[_Prepared, ...]:
        """The code's wordings with every weight looked up once: (groups as (words, weights, cost when
        missing)), negative words with weights, and the fixed penalty."""
        found = self._cache.get(code)
        if found is None:
            weight = self.codeset.weight
            out = []
            for variant in self.codeset.variants(code):
                groups = []
                for group in variant.groups:
                    weights = tuple(weight(w) for w in group)
                    weak = all(w in self.weak or (self.due_to_is_weak and w in variant.due_to) for w in group)
                    cost = min(weights) * (WEAK_COST if weak else 1.0)
                    groups.append((group, weights, cost))
                penalty = (UNSPECIFIED_COST if variant.unspecified else 0.0) + (OTHER_COST if variant.other else 0.0)
                out.append((tuple(groups), tuple((w, weight(w)) for w in variant.negative), penalty))
            found = self._cache[code] = tuple(out)
        return found

    @staticmethod
    def _score(prepared: _Prepared, said: frozenset[str]) -> float:
        groups, negative, penalty = prepared
        score = -penalty
        for group, weights, cost in groups:
            hit = 0.0
            for word, value in zip(group, weights):
                if word in said and value > hit:
                    hit = value
            score += hit if hit else -cost
        for word, value in negative:
            if word in said:
                score -= value
        return score

    def best(self, text: str) -> Match | None:
        said = self.statement_words(text)
        idf, default = self.codeset.idf, self.codeset.default_idf
        accumulated: dict[str, float] = {}
        for word in said - _SIDE_WORDS:  # a side narrows a code, it does not find one
            value = idf.get(word, default)
            for code in self.codeset.postings.get(word, ()):
                accumulated[code] = accumulated.get(code, 0.0) + value
        if not accumulated:
            return None
        # the common words ("fracture", "right") weigh in on the candidates the rare ones opened, and a code's
        # words the statement does not say count against it, so the shortlist holds the close wordings
        sets, totals = self.codeset.word_sets, self.codeset.total_weight
        said_weights = [(w, idf.get(w, default)) for w in said]
        common = [(w, v) for w, v in said_weights if w not in self.codeset.postings]
        floor = max(accumulated.values()) * 0.5
        rough = {}
        for code, value in accumulated.items():
            if value >= floor:
                own = sets[code]
                shared = sum(v for w, v in said_weights if w in own)
                rough[code] = value + sum(v for w, v in common if w in own) - 0.3 * (totals[code] - shared)
        barred = tuple(prefix for prefix, needed in self.chapter_words.items() if not needed & said)
        if barred:
            rough = {code: value for code, value in rough.items() if not code.startswith(barred)}
        shortlist = sorted(rough, key=rough.get, reverse=True)[:CANDIDATES]
        best: tuple[float, str] | None = None
        for code in shortlist:
            for prepared in self._prepared(code):
                score = self._score(prepared, said)
                if best is None or score > best[0] or (score == best[0] and code < best[1]):
                    best = (score, code)
        if best is None or best[0] < MIN_SCORE:
            return None
        score, code = best
        unspecified = any(w in self.codeset.unspecified_words for w in words(self.codeset.leaves[code]))
        return Match(code=code, score=round(score, 2), unspecified=unspecified, description=self.codeset.leaves[code])


@lru_cache(maxsize=4)
def matcher(rules_dir: str) -> Matcher:
    from assistant.catalog import diagnosis_rules

    rules = diagnosis_rules(rules_dir)
    codeset = load_codeset(tuple(rules.unspecified_words), tuple(rules.other_words),
                           tuple(rules.excluded_code_prefixes), tuple(rules.neutral_words))
    return Matcher(rules, codeset)
