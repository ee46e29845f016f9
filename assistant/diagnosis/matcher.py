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

from dataclasses import dataclass
from functools import lru_cache

from assistant.catalog import DiagnosisRules
from assistant.diagnosis.codeset import CodeSet, Variant, load_codeset, words

WEAK_COST = 0.15  # share of a weak word's weight charged when the note does not say it
UNSPECIFIED_COST = 0.3
OTHER_COST = 0.6
CANDIDATES = 300
MIN_SCORE = 2.0
_SIDE_WORDS = frozenset({"right", "left", "bilateral", "unilateral"})  # below this the statement names nothing the code set knows well enough


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
        self.synonyms = [(tuple(words(p)), tuple(w for a in s.add for w in words(a)), s.replace) for s in rules.synonyms
                         for p in s.phrases]
        self.laterality = {w: side for side, ws in rules.laterality.items() for w in ws}

    def statement_words(self, text: str) -> frozenset[str]:
        """The statement's words, with the tabular list's words its synonyms and side words mean."""
        tokens = words(text)
        out = {t for t in tokens if t not in self.ignore}
        out |= {self.laterality[t] for t in tokens if t in self.laterality}
        replaced: set[str] = set()
        for phrase, added, replace in self.synonyms:
            n = len(phrase)
            if any(tuple(tokens[i:i + n]) == phrase for i in range(len(tokens) - n + 1)):
                out.update(added)
                if replace:
                    replaced.update(set(phrase) - set(added))
        out -= replaced
        if out & {"right", "left"}:
            out.add("unilateral")
        return frozenset(out)

    def _score(self, variant: Variant, said: frozenset[str]) -> float:
        weight = self.codeset.weight
        score = 0.0
        for group in variant.groups:
            hit = [weight(w) for w in group if w in said]
            if hit:
                score += max(hit)
            else:
                cost = min(weight(w) for w in group)
                score -= cost * WEAK_COST if all(w in self.weak for w in group) else cost
        score -= sum(weight(w) for w in variant.negative if w in said)
        if variant.unspecified:
            score -= UNSPECIFIED_COST
        if variant.other:
            score -= OTHER_COST
        return score

    def best(self, text: str) -> Match | None:
        said = self.statement_words(text)
        accumulated: dict[str, float] = {}
        for word in said - _SIDE_WORDS:  # a side narrows a code, it does not find one
            for code in self.codeset.postings.get(word, ()):
                accumulated[code] = accumulated.get(code, 0.0) + self.codeset.weight(word)
        if not accumulated:
            return None
        # the common words ("fracture", "right") weigh in on the candidates the rare ones opened, and a code's
        # words the statement does not say count against it, so the shortlist holds the close wordings
        weight, sets = self.codeset.weight, self.codeset.word_sets
        common = [w for w in said if w not in self.codeset.postings]
        floor = max(accumulated.values()) * 0.5
        rough = {}
        for code, value in accumulated.items():
            if value >= floor:
                own = sets[code]
                rough[code] = (value + sum(weight(w) for w in common if w in own)
                               - 0.3 * sum(weight(w) for w in own - said))
        shortlist = sorted(rough, key=rough.get, reverse=True)[:CANDIDATES]
        best: tuple[float, str, bool] | None = None
        for code in shortlist:
            for variant in self.codeset.variants(code):
                score = self._score(variant, said)
                if best is None or score > best[0] or (score == best[0] and code < best[1]):
                    best = (score, code, variant.unspecified)
        if best is None or best[0] < MIN_SCORE:
            return None
        score, code, _ = best
        unspecified = any(w in self.codeset.unspecified_words for w in words(self.codeset.leaves[code]))
        return Match(code=code, score=round(score, 2), unspecified=unspecified, description=self.codeset.leaves[code])


@lru_cache(maxsize=4)
def matcher(rules_dir: str) -> Matcher:
    from assistant.catalog import diagnosis_rules

    rules = diagnosis_rules(rules_dir)
    codeset = load_codeset(tuple(rules.unspecified_words), tuple(rules.other_words), tuple(rules.excluded_code_prefixes),
                           tuple(rules.neutral_words))
    return Matcher(rules, codeset)
