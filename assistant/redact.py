"""Redaction of direct identifiers before any note text leaves the machine.

Names, MRN and account numbers, phone numbers, e-mail, street addresses and
ZIP codes are replaced by placeholders; exact dates become dates relative to
the date of service and the date of birth becomes an age. A Redaction keeps
the replaced spans so any slice of the note (an evidence span) can be shown
with the same placeholders.

The patterns are data, rules/recognizers/phi.yaml (each with its examples); the word lists are
rules/deid.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from assistant.catalog import compiled_patterns, expand

def _p():
    """rules/recognizers/phi.yaml: the patterns, each with its examples (run by tests/test_recognizers.py)."""
    from assistant.knowledge import load_knowledge

    return compiled_patterns(str(load_knowledge().rules_dir), "phi")


def _fragment(name: str) -> str:
    return expand("${" + name + "}", _p().fragments)


@lru_cache(maxsize=1)
def _deid_rules() -> dict:
    """rules/deid.yaml, compiled: relatives, facility names, identifier labels, eponyms."""
    from assistant.knowledge import load_knowledge, load_yaml

    data = load_yaml(load_knowledge().rules_dir / "deid.yaml")
    if not data.get("source"):
        raise ValueError("rules/deid.yaml needs a source")
    def words(items) -> str:  # longest first; a space matches any run of blanks
        return "|".join(sorted((re.escape(str(i)).replace("\\ ", r"[ \t]+") for i in items), key=len, reverse=True))

    heads = words(data["facility_heads"])
    labels = words(data["id_labels"])
    title, sp, name = _fragment("title"), _fragment("sp"), _fragment("name")
    return {
        "relative": re.compile(rf"\b(?i:{words(data['relatives'])})(?:'s)?[ \t]*[:,(-]?[ \t]*(?:{title}{sp})?"
                               rf"({name})"),
        # "St. Brendan's Regional Medical Center": capitalized words (not all-caps headings) ending in a head noun
        "facility": re.compile(rf"(?:\b(?:St|Saint|Mt|Mount)\.?[ \t]+)?"
                               rf"(?:\b[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?[ \t]+(?:(?:and|of|the|&)[ "
                               rf"\t]+)?){{1,5}}(?:{heads})\b"),
        # "Group #: GRP-17244", "Serial #: PJN4471822", "plate 7ABC123": a value with at least one digit
        "labeled_id": re.compile(rf"\b(?i:{labels})\b\.?[ \t]*(?i:number|no\.?|num|#|id)?[ \t]*[:#=]?[ \t]*"
                                 r"((?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{3,})"),
        "eponyms": {str(w).lower() for w in data["clinical_eponyms"]},
        "heads": re.compile(rf"[ \t'’s-]*(?i:{words(data['eponym_heads'])})\b"),
        # the words of the name labels ("surgeon", "crna") are never names themselves
        "label_words": {w for w in re.findall(r"[a-z]+", _fragment("name_label").replace("(?:", " ")
                                              .replace("\\.", " ")) if len(w) > 2},
    }


@dataclass
class Redaction:
    """The redacted note and the spans it replaced (start, end, placeholder), in note offsets."""

    original_length: int
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # placeholder kind -> count, safe to log

    def slice(self, note: str, start: int, end: int) -> str:
        """The note between two offsets with every overlapping identifier replaced."""
        out, cursor = [], start
        for s, e, placeholder in self.spans:
            if e <= start or s >= end:
                continue
            if s > cursor:
                out.append(note[cursor:s])
            out.append(placeholder)
            cursor = max(cursor, e)
        if cursor < end:
            out.append(note[cursor:end])
        return "".join(out)


def _parse_date(text: str) -> date | None:
    try:
        parsed = date_parser.parse(text, dayfirst=False, fuzzy=False).date()
    except (ValueError, OverflowError):
        return None
    return parsed if 1880 <= parsed.year <= 2100 else None


def _age_phrase(born: date, on: date | None) -> str:
    if on is None or on < born:
        return "[DOB redacted]"
    delta = relativedelta(on, born)
    if delta.years >= 90:
        return "[DOB: age 90 or older]"
    if delta.years >= 2:
        return f"[DOB: age {delta.years} years]"
    months = delta.years * 12 + delta.months
    if months >= 1:
        return f"[DOB: age {months} months]"
    return f"[DOB: age {(on - born).days} days]"


def _relative_phrase(when: date, service: date | None) -> str:
    if service is None:
        return "[DATE]"
    days = (when - service).days
    if days == 0:
        return "[DATE: day of service]"
    unit = "day" if abs(days) == 1 else "days"
    return f"[DATE: {abs(days)} {unit} {'after' if days > 0 else 'before'} day of service]"


class _Builder:
    def __init__(self, note: str):
        self.note = note
        self.spans: list[tuple[int, int, str]] = []

    def add(self, start: int, end: int, placeholder: str) -> None:
        if end > start:
            self.spans.append((start, end, placeholder))

    def merged(self) -> list[tuple[int, int, str]]:
        """Overlapping spans merge into the earliest, longest one."""
        out: list[tuple[int, int, str]] = []
        for s, e, p in sorted(self.spans, key=lambda x: (x[0], -(x[1] - x[0]))):
            if out and s < out[-1][1]:
                ps, pe, pp = out[-1]
                out[-1] = (ps, max(pe, e), pp)
            else:
                out.append((s, e, p))
        return out


_WORD = re.compile(r"[A-Za-zÀ-ÿ'’]+")
def _overlapping(pattern: re.Pattern, note: str):
    """Matches that may start inside the previous one's name ("RN   Scrub: Hargreave": Scrub is a label too)."""
    position = 0
    while (match := pattern.search(note, position)) is not None:
        yield match
        position = max(match.start(1), match.start() + 1)


def _find_names(note: str) -> tuple[list[tuple[int, int]], set[str]]:
    """Name words next to a label, a title, a credential, a relative, in a table, or just before DOB/MRN:
    their spans, and the words to look for elsewhere in the note. An eponym found there ("Name: Foley, Dana")
    is replaced only where it was found; a word followed by a clinical head ("Parkinson disease") is no name."""
    rules, p = _deid_rules(), _p()
    labels, label_words = p.words["medical_labels"], rules["label_words"]
    spans: list[tuple[int, int]] = []
    words: set[str] = set()
    patterns = (p.labeled_name, p.titled_name, p.suffixed_name, p.name_before_id, p.name_before_age, p.quoted_name,
                p.table_name, rules["relative"])
    for pattern in patterns:
        capitals = pattern is p.labeled_name or pattern is p.table_name
        for match in _overlapping(pattern, note) if pattern is p.labeled_name else pattern.finditer(note):
            weak = pattern is rules["relative"] or (pattern is p.labeled_name and p.weak_label.match(match.group(0)))
            for token in _WORD.finditer(match.group(1)):
                word = token.group(0)
                start, end = match.start(1) + token.start(), match.start(1) + token.end()
                key = word.lower().removesuffix("'s").removesuffix("’s")
                if len(word) == 1 and word.isupper() and note.startswith(".", end):
                    spans.append((start, end))  # an initial ("J. Doe CRNA"): replaced here, not searched for elsewhere
                    continue
                if len(word) < 2 or key in labels or key in label_words or (word.isupper() and not capitals):
                    continue
                if key in rules["eponyms"] and (weak or rules["heads"].match(note, end)):
                    continue  # the eponym, not a person ("father Parkinson disease", "evaluation for Whipple")
                spans.append((start, end))
                if key not in rules["eponyms"]:
                    words.add(key)
    return spans, words


def _name_occurrences(note: str, words: set[str]) -> list[tuple[int, int]]:
    """Every other occurrence of a found name word: one pass over the note's words (linear time), so
    "Okonkwo" is found inside "Okonkwo-Reyes" and "Nakamura's"; "Kelly clamp" stays."""
    heads = _deid_rules()["heads"]
    out = []
    for token in _WORD.finditer(note):
        word = token.group(0)
        key = word.lower()
        end = token.end()
        if key not in words and key.removesuffix("'s").removesuffix("’s") in words:
            key, end = key[:-2], end - 2
        if key in words and not heads.match(note, end):
            out.append((token.start(), end))
    return out


def redact(note: str) -> Redaction:
    """Replaces the note's direct identifiers; returns the redacted text and the replaced spans."""
    builder, p = _Builder(note), _p()
    service = next((d for m in p.dos.finditer(note) if (d := _parse_date(m.group(1)))), None)
    if service is None:  # a lone dated header ("Pre-op note 06/09/2025") is the service date
        service = next((d for m in p.date.finditer(note) if not p.dob.search(note, max(0, m.start() - 20), m.end())
                        and (d := _parse_date(m.group(0)))), None)
    dob_spans = set()
    for match in p.dob.finditer(note):
        born = _parse_date(match.group(1))
        builder.add(match.start(1), match.end(1), _age_phrase(born, service) if born else "[DOB redacted]")
        dob_spans.add((match.start(1), match.end(1)))
    for match in p.date.finditer(note):
        if (match.start(), match.end()) in dob_spans:
            continue
        when = _parse_date(match.group(0))
        builder.add(match.start(), match.end(), _relative_phrase(when, service) if when else "[DATE]")
    for match in p.month_year.finditer(note):
        builder.add(match.start(), match.end(), "[DATE]")
    for match in p.short_date.finditer(note):
        if p.score_before.search(note[max(0, match.start() - 16):match.start()]):
            continue  # "pain 3/10", "Apgar 8/9"
        builder.add(match.start(), match.end(), "[DATE]")
    simple = ((p.email, "[EMAIL]"), (p.ssn, "[ID]"), (p.phone, "[PHONE]"), (p.street, "[ADDRESS]"),
              (p.city_state_zip, "[ADDRESS]"), (p.zip_code, "[ADDRESS]"), (p.city_state, "[ADDRESS]"),
              (p.long_number, "[ID]"))
    for pattern, placeholder in simple:
        for match in pattern.finditer(note):
            builder.add(match.start(), match.end(), placeholder)
    for pattern, placeholder in ((p.identifier, "[ID]"), (p.address_line, "[ADDRESS]"), (p.phone_line, "[PHONE]")):
        for match in pattern.finditer(note):
            if placeholder == "[PHONE]" and not re.search(r"\d{3}", match.group(1)):
                continue  # "Contact: none", "home: lives alone"
            if placeholder == "[ID]" and p.code_line.match(match.group(1)):
                continue  # "Claim: 00142-QK-P3" is the code the model must see
            builder.add(match.start(1), match.end(1), placeholder)
    for match in p.zip_after_street.finditer(note):
        builder.add(match.start(1), match.end(1), "[ADDRESS]")
    rules = _deid_rules()
    more = ((p.ssn_spaced, "[ID]"), (p.ip_address, "[IP]"), (p.url, "[URL]"), (rules["facility"], "[FACILITY]"))
    for pattern, placeholder in more:
        for match in pattern.finditer(note):
            builder.add(match.start(), match.end(), placeholder)
    for match in rules["labeled_id"].finditer(note):
        if not p.code_line.match(match.group(1)):
            builder.add(match.start(1), match.end(1), "[ID]")
    for match in p.old_age.finditer(note):
        group = 1 if match.group(1) else 2
        builder.add(match.start(group), match.end(group), "[AGE: 90 or older]")
    name_spans, names = _find_names(note)
    for start, end in name_spans + _name_occurrences(note, names):
        builder.add(start, end, "[NAME]")
    spans = builder.merged()
    parts, cursor, kinds = [], 0, {}
    for s, e, placeholder in spans:
        parts.append(note[cursor:s])
        parts.append(placeholder)
        kind = placeholder.strip("[]").split(":")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        cursor = e
    parts.append(note[cursor:])
    return Redaction(original_length=len(note), text="".join(parts), spans=spans, kinds=kinds)
