"""The ICD-10-CM code set, from the CMS tabular list that `simple-icd-10-cm` ships (never a copy in rules/).

Indexed once per process, on first use (importing the package parses the 2026 tabular XML, ~2 s):
every billable leaf's description and inclusion terms become word groups the matcher scores.
"""
from __future__ import annotations

import bisect
import importlib.util
import json
import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

_WORD = re.compile(r"[a-z0-9]+")  # "upper-outer" is two words, as a note may write it
# words of a description that carry no meaning of their own (the matcher's own stop list, not the note's)
_DESCRIPTION_STOP = frozenset(["of", "the", "a", "an", "and", "in", "on", "to", "for", "at", "by", "with", "as", "due",
                               "than", "from", "into", "its"])
_CANDIDATE_MAX_DF = 6000  # words on more leaves than this ("right", "encounter") do not open candidates


def stem(word: str) -> str:
    """One plural rule for note and description alike: "hernias" -> "hernia", "polyps" -> "polyp"."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower())]


@dataclass(frozen=True)
class Variant:
    """One wording of a code (its description, or an inclusion term), as the matcher reads it."""

    groups: tuple[tuple[str, ...], ...]  # each group is satisfied by any one of its words ("bronchus or lung")
    negative: frozenset[str]  # words after "without": the code is wrong when the note says them
    optional: frozenset[str]  # words after "not specified as", in parentheses or brackets, or NOS
    unspecified: bool
    other: bool
    due_to: frozenset[str] = frozenset()  # words after "due to": the usual cause


@dataclass(frozen=True)
class Release:
    id: str  # "2026-04-01"
    name: str
    effective_from: str
    effective_to: str


def _tabular_file() -> Path:
    """The package's tabular XML, found on disk without importing the package (its import parses it, ~2 s)."""
    spec = importlib.util.find_spec("simple_icd_10_cm")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    return sorted(folder.glob("icd10c-tabular-*.xml"))[-1]


def _release(name: str) -> Release:
    match = re.search(r"([A-Za-z]+)-(\d+)-(\d{4})", name)
    names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
    months = {m: i for i, m in enumerate(names, start=1)}
    month, day, year = months[match.group(1)], int(match.group(2)), int(match.group(3))
    # a CMS release is in force until the next fiscal year starts on October 1 (April updates run to Sept 30)
    to_year = year if month < 10 else year + 1
    start = f"{year}-{month:02d}-{day:02d}"
    name = f"ICD-10-CM {year} (CMS tabular list, {match.group(1)} {day}, {year} release, simple-icd-10-cm)"
    return Release(id=start, name=name, effective_from=start, effective_to=f"{to_year}-09-30")


_SITE_LIST = re.compile(r"\b(\w+), (\w+),? and (\w+)\b")  # "of head, face and neck": any one of them
_SITE_PAIR = re.compile(r"\bof (\w+) and (\w+)\b")  # "skin of scalp and neck"


def _variant(text: str, unspecified_words: frozenset[str], other_words: frozenset[str],
             neutral_words: frozenset[str] = frozenset()) -> Variant:
    text = _SITE_PAIR.sub(r"of \1 or \2", _SITE_LIST.sub(r"\1 or \2 or \3", text))
    optional: set[str] = set()
    for inner in re.findall(r"[(\[]([^)\]]*)[)\]]", text):  # "Morbid (severe) obesity", "[Dupuytren]"
        optional.update(words(inner))
    text = re.sub(r"[(\[][^)\]]*[)\]]", " ", text)
    negative: set[str] = set()
    due_to: set[str] = set()
    kept: list[str] = []
    for clause in re.split(r"[,;]", text.lower()):
        clause = clause.replace("not specified as", " nsamark ").replace("due to", " duetomark ")
        mode = "positive"
        for word in words(clause):
            if word in ("without", "nsamark"):
                mode = "negative" if word == "without" else "optional"
                continue
            if word == "duetomark":
                mode = "due_to"
                continue
            if word == "with":
                mode = "positive"
                continue
            if mode == "due_to":
                due_to.add(word)
                kept.append(word)
            elif mode == "negative":
                negative.add(word)
            elif mode == "optional":
                optional.add(word)
            else:
                kept.append(word)
    unspecified = any(w in unspecified_words for w in kept)
    other = any(w in other_words for w in kept)
    groups: list[list[str]] = []
    join_next = False
    for word in kept:
        if word == "or":
            join_next = bool(groups)
            continue
        if (word in _DESCRIPTION_STOP or word in unspecified_words or word in other_words or word in optional
                or word in neutral_words):
            join_next = False
            continue
        if join_next:
            groups[-1].append(word)
        elif [word] not in groups:  # "Fracture of ..., closed fracture" counts "fracture" once
            groups.append([word])
        join_next = False
    negative -= {"or"} | _DESCRIPTION_STOP
    return Variant(groups=tuple(tuple(g) for g in groups), negative=frozenset(negative),
                   optional=frozenset(optional - {"or"}), unspecified=unspecified, other=other,
                   due_to=frozenset(due_to - _DESCRIPTION_STOP))


_STEMS: dict[str, str] = {}


def _word_set(text: str) -> set[str]:
    out = set()
    for word in _WORD.findall(text.lower()):
        stemmed = _STEMS.get(word)
        if stemmed is None:
            stemmed = _STEMS[word] = stem(word)
        out.add(stemmed)
    return out


@dataclass
class CodeSet:
    release: Release
    leaves: dict[str, str]  # code without the dot -> description
    texts: dict[str, tuple[str, ...]]  # code -> its description and inclusion terms (external causes left out)
    postings: dict[str, list[str]]  # word -> codes whose wordings have it (rare words only)
    word_sets: dict[str, frozenset[str]]  # code -> every word of its wordings
    total_weight: dict[str, float]  # code -> the summed weight of those words
    idf: dict[str, float]
    default_idf: float
    unspecified_words: frozenset[str]
    other_words: frozenset[str]
    neutral_words: frozenset[str] = frozenset()
    categories: dict[str, str] = field(default_factory=dict)  # codes that are not billable -> description
    excludes1_notes: dict[str, list[str]] = field(default_factory=dict)  # code -> its own Excludes1 notes
    _variants: dict[str, tuple[Variant, ...]] = field(default_factory=dict)
    _sorted_leaves: list[str] = field(default_factory=list)  # for prefix ranges by bisection, built on first use

    def variants(self, code: str) -> tuple[Variant, ...]:
        """The code's wordings as the matcher reads them, parsed on first use (most codes never are)."""
        found = self._variants.get(code)
        if found is None:
            found = self._variants[code] = tuple(_variant(t, self.unspecified_words, self.other_words,
                                                          self.neutral_words) for t in self.texts.get(code, ()))
        return found

    def exists(self, code: str) -> bool:
        return code in self.leaves or code in self.categories

    def billable(self, code: str) -> bool:
        return code in self.leaves

    def description(self, code: str) -> str:
        return self.leaves.get(code) or self.categories.get(code, "")

    def excludes1(self, code: str) -> list[str]:
        """The Excludes1 notes of the code and its ancestors (a note on a category binds every code under it);
        a code's ancestors are its prefixes of three characters and more."""
        return [n for length in range(len(code), 2, -1) for n in self.excludes1_notes.get(code[:length], ())]

    def siblings(self, code: str) -> list[str]:
        """The billable codes that share the code's parent (its prefix one character shorter)."""
        if not self._sorted_leaves:
            self._sorted_leaves.extend(sorted(self.leaves))
        parent, leaves = code[:-1], self._sorted_leaves
        start = bisect.bisect_left(leaves, parent)
        end = bisect.bisect_left(leaves, parent + "\uffff", start)  # every code that has the parent as prefix
        return [c for c in leaves[start:end] if c != code]

    def weight(self, word: str) -> float:
        return self.idf.get(word, self.default_idf)


def _cache_path(tabular: Path) -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "anesthesia-coding-assistant" / f"icd10cm-{version('simple-icd-10-cm')}-{tabular.stem}.json"


def _read_tabular(excluded_prefixes: tuple[str, ...]) -> dict:
    """What the matcher needs from the package's parsed tabular list (importing it parses the XML)."""
    import simple_icd_10_cm.simple_icd_10_cm as icd

    leaves: dict[str, str] = {}
    categories: dict[str, str] = {}
    texts: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    for dotted, node in icd._code_to_node.items():  # the package's parsed tree: one pass, no per-code lookups
        if node.type not in ("category", "subcategory", "extended subcategory"):
            continue
        code = dotted.replace(".", "")
        if node.excludes1:
            notes[code] = list(node.excludes1)
        if node.children:
            categories[code] = node.description
            continue
        leaves[code] = node.description
        if not code.startswith(excluded_prefixes):
            texts[code] = [node.description, *node.inclusion_term]
    return {"leaves": leaves, "categories": categories, "texts": texts, "excludes1": notes,
            "excluded_prefixes": list(excluded_prefixes)}


def _tabular(excluded_prefixes: tuple[str, ...]) -> dict:
    """The extract of the tabular list, from the user's cache when the same package release made it (a process
    then skips the package's 2 s XML parse); the package stays the source: delete the cache to rebuild."""
    tabular = _tabular_file()
    path = _cache_path(tabular)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("excluded_prefixes") == list(excluded_prefixes):
            return data
    except (OSError, ValueError):
        pass
    data = _read_tabular(excluded_prefixes)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # a read-only home still codes; it only parses the XML again next time
        pass
    return data


@lru_cache(maxsize=1)
def load_codeset(unspecified_words: tuple[str, ...] = ("unspecified", "nos"), other_words: tuple[str, ...] = ("other",),
                 excluded_prefixes: tuple[str, ...] = ("V", "W", "X", "Y"),
                 neutral_words: tuple[str, ...] = ("part", "parts", "site", "sites")) -> CodeSet:
    """Every billable (leaf) code of the release, its wordings and word weights; built once per process."""
    data = _tabular(excluded_prefixes)
    texts = {code: tuple(wordings) for code, wordings in data["texts"].items()}
    word_sets: dict[str, frozenset[str]] = {}
    document_frequency: dict[str, int] = {}
    for code, wordings in texts.items():
        seen = set().union(*(_word_set(t) for t in wordings))
        word_sets[code] = frozenset(seen)
        for word in seen:
            document_frequency[word] = document_frequency.get(word, 0) + 1
    total = len(texts)
    idf = {w: math.log(total / (1 + df)) for w, df in document_frequency.items()}
    postings: dict[str, list[str]] = {}
    for code, seen in word_sets.items():
        for word in seen:
            if document_frequency[word] <= _CANDIDATE_MAX_DF:
                postings.setdefault(word, []).append(code)
    import gc

    gc.collect()
    gc.freeze()  # ~100k long-lived index objects: keep them out of every later full collection
    return CodeSet(release=_release(_tabular_file().name), leaves=data["leaves"], texts=texts, postings=postings,
                   word_sets=word_sets, total_weight={c: sum(idf[w] for w in ws) for c, ws in word_sets.items()},
                   idf=idf, default_idf=math.log(total), unspecified_words=frozenset(unspecified_words),
                   other_words=frozenset(other_words), neutral_words=frozenset(neutral_words),
                   categories=data["categories"], excludes1_notes=data["excludes1"])
