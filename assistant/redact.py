"""Redaction of direct identifiers before any note text leaves the machine.

Names, MRN and account numbers, phone numbers, e-mail, street addresses and
ZIP codes are replaced by placeholders; exact dates become dates relative to
the date of service and the date of birth becomes an age. A Redaction keeps
the replaced spans so any slice of the note (an evidence span) can be shown
with the same placeholders.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (rf"(?:\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|"
         rf"th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{1,2}}-{_MONTH}-\d{{2,4}}|"
         rf"{_MONTH}\s+\d{{1,2}}\s+\d{{4}})")
DATE = re.compile(rf"\b{_DATE}\b", re.I)
SHORT_DATE = re.compile(r"(?<![\d/:.-])(?:0?[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01])(?![\d/:]|\.\d)")
DOB = re.compile(rf"\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born(?: on)?)\s*[:#]?\s*({_DATE})", re.I)
DOS = re.compile(rf"\b(?:dos|d\.o\.s\.?|date of service|date of surgery|date of procedure|surgery date|procedure "
                 rf"date|service date)\s*[:#]?\s*({_DATE})", re.I)

_ID_LABEL = (r"(?:mrn|m\.r\.n\.?|medical record(?: number| no\.?| #)?|med rec(?: no\.?| #)?|acct|account|fin|csn|har"
             r"|encounter|enc|visit|member id|subscriber id|policy|ssn|social security(?: number)?|patient id|pt id"
             r"|case id|claim)")
IDENTIFIER = re.compile(rf"\b{_ID_LABEL}\s*(?:number|no\.?|num|#)?\s*[:#=]?\s*([A-Z]{{0,3}}[-\d][\d-]{{3,}}[A-Z\d]*)",
                        re.I)
LONG_NUMBER = re.compile(r"(?<![\d.])\d{7,}(?![\d.])")
SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
PHONE = re.compile(r"(?<!\d)(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s*|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_STREET = (r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|"
           r"cir|parkway|pkwy|highway|hwy|trail|square|sq)")
STREET = re.compile(rf"\b\d{{1,6}}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][A-Za-z'-]*\s+){{1,3}}(?i:{_STREET})\b\.?(?:,?\s+(?i:apt|"
                    rf"unit|suite|ste|#)\.?\s*[\w-]+)?")
CITY_STATE_ZIP = re.compile(r"\b(?:[A-Z][a-z]+\s){0,2}[A-Z][a-z]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
ZIP_AFTER_STREET = re.compile(rf"\b(?i:{_STREET})\.?,[ \t]*(\d{{5}})\b")  # "12 Orchard Terrace, 14850"
ZIP_CODE = re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b\d{5}-\d{4}\b")
# City, ST without a ZIP: only the codes that are not also clinical words ("Trauma, OR 5", "LA", "MS", "ID", "OK")
_STATES = ("AK|AZ|AR|CA|CT|FL|GA|IL|IA|KS|KY|MI|MN|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI"
           "|WY|DC")
CITY_STATE = re.compile(rf"\b[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){{0,2}},[ \t]*(?:{_STATES})\b(?![-/])")
ADDRESS_LINE = re.compile(r"\b(?:address|addr|home address|residence)\s*[:#]\s*([^\n]+)", re.I)
PHONE_LINE = re.compile(r"\b(?:phone|tel|telephone|cell|mobile|home|work|contact|emergency "
                        r"contact)\s*(?:#|no\.?|number)?\s*[:#]\s*([^\n]+)", re.I)

_NAME_WORD = r"[A-ZÀ-Þ][A-Za-zÀ-ÿ'’-]+"
_SP = r"[ \t]+"  # names never run across lines
_INITIAL = r"(?:[A-Z]\.[ \t]*)"
_NAME = (rf"(?:{_NAME_WORD},[ \t]*{_NAME_WORD}(?:{_SP}[A-Z]\.?)?|"
         rf"{_NAME_WORD}(?:{_SP}[A-Z]\.)?(?:{_SP}{_NAME_WORD}){{0,2}})")
_TITLE = r"(?:(?i:mr|mrs|ms|mx|dr|prof)\.|(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Prof)\b)"  # "MS Contin" is a drug
_NAME_LABEL = (r"(?:patient name|patient|pt\.?|name|surgeon|assistant|anesthesiologist|anesthesia attending|attending|"
               r"crna|srna|resident|fellow|proceduralist|referring(?: physician)?|pcp|guardian|mother|father|spouse|"
               r"contact|signed by|electronically signed by|cosigned by|provider|nurse|rn|circulator|circulating nurse|"
               r"scrub(?: tech| nurse)?|surgical tech(?:nologist)?|first assist(?:ant)?|interpreter|chaplain|dear|cc|"
               r"evaluation for|evaluation of|note for|seen for)")
_NEWBORN = r"(?:baby|newborn|infant|neonate)(?:[ \t]+(?:boy|girl|male|female))?"
LABELED_NAME = re.compile(rf"\b(?i:{_NAME_LABEL})\b[ \t]*(?:[:#(-]+[ \t]*|[ "
                          rf"\t]+)(?:{_TITLE}{_SP})?(?:(?i:{_NEWBORN}){_SP})?{_INITIAL}?({_NAME})")
# a surname wrapped to the next line only when it ends there ("Dr. Victor\nSand), ..."; not "Dr. Lee\nMallampati IV")
TITLED_NAME = re.compile(rf"\b{_TITLE}[ \t]*{_INITIAL}?({_NAME_WORD}(?:[ \t]+{_NAME_WORD}|\n{_NAME_WORD}(?=[),.;]|[ "
                         rf"\t]*(?:\n|$)))?)")
QUOTED_NAME = re.compile(rf"(?i:male|female|patient|pt|alias|aka|known as)[ \t]+[\"“']({_NAME})[\"”']")
MONTH_YEAR = re.compile(r"(?<![\d/])(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}(?![\d/])")
_CREDENTIAL = r"(?:MD|DO|CRNA|RN|NP|PA-C|PA|SRNA|AA-C|CAA|MBBS|PhD|DNP|APRN|LPN|CNA|RT|RRT|PharmD|DDS|DMD|DPM)"
# "Ana Ruiz MD", "J. Doe CRNA", "Doe, Jane MD", "Doe, MD" (not "Penicillin, DO NOT")
SUFFIXED_NAME = re.compile(rf"\b({_NAME_WORD}(?:{_SP}[A-Z]\.)?(?:{_SP}{_NAME_WORD}){{1,2}},?"
                           rf"|[A-Z]\.[ \t]*(?:[A-Z]\.[ \t]*)?{_NAME_WORD},?"
                           rf"|{_NAME_WORD},[ \t]*{_NAME_WORD}(?:{_SP}[A-Z]\.?)?,?|{_NAME_WORD},)"
                           rf"{_SP}{_CREDENTIAL}\b(?![ \t]+(?:NOT|not)\b)")
# "| Doe, Jane | 5512309 |"
TABLE_NAME = re.compile(rf"\|[ \t]*({_NAME_WORD},[ \t]*{_NAME_WORD}(?:{_SP}[A-Z]\.?)?)[ \t]*\|")
# "Fiorella Gallagher-Ng is a 96 yo woman": a narrative that opens with the patient's name
NAME_BEFORE_AGE = re.compile(rf"({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,2}})[ \t]+(?:is|was)[ \t]+an?[ "
                             rf"\t]+\d{{1,3}}[ \t-]*"
                             r"(?:yo\b|y/o|y\.o\.|years?|yr|month|week|day|-year|-month)")
NAME_BEFORE_ID = re.compile(rf"\b({_NAME})[ \t]*(?:,[ \t]*|\([ \t]*|[ \t]+-[ \t]+|[ \t]+)(?=(?i:dob|d\.o\.b|mrn|date "
                            rf"of birth|age[ \t]*\d)\b)")
SSN_SPACED = re.compile(r"(?<![\d-])\d{3}[ .]\d{2}[ .]\d{4}(?![\d-])")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1?\d?\d)"
IP_ADDRESS = re.compile(rf"(?<![\d.])(?:{_OCTET}\.){{3}}{_OCTET}(?![\d.])|\b(?:[0-9a-f]{{1,4}}:){{7}}[0-9a-f]{{1,4}}\b",
                        re.I)
URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"')\]]+", re.I)
# ages over 89 (Safe Harbor): "Age: 93", "93-year-old", "93 y/o", "aged 93", "93 yo F"
OLD_AGE = re.compile(r"(?:\bage[ \t]*[:=]?[ \t]*|\baged[ \t]+)(9\d|1[01]\d)\b"
                     r"|\b(9\d|1[01]\d)(?=[ \t-]*(?:years?[ \t-]*old|year-old|yr?s?[ \t-]*old|y/?o\b|yo\b|y\.o\.))",
                     re.I)


_CODE_LINE = re.compile(r"\d{5}(?:-[A-Z0-9]{2})+$|9914\d$")  # "00400-QY-P2", "99140": codes, not identifiers


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
    return {
        "relative": re.compile(rf"\b(?i:{words(data['relatives'])})(?:'s)?[ \t]*[:,(-]?[ \t]*(?:{_TITLE}{_SP})?"
                               rf"({_NAME})"),
        # "St. Brendan's Regional Medical Center": capitalized words (not all-caps headings) ending in a head noun
        "facility": re.compile(rf"(?:\b(?:St|Saint|Mt|Mount)\.?[ \t]+)?"
                               rf"(?:\b[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?[ \t]+(?:(?:and|of|the|&)[ "
                               rf"\t]+)?){{1,5}}(?:{heads})\b"),
        # "Group #: GRP-17244", "Serial #: PJN4471822", "plate 7ABC123": a value with at least one digit
        "labeled_id": re.compile(rf"\b(?i:{labels})\b\.?[ \t]*(?i:number|no\.?|num|#|id)?[ \t]*[:#=]?[ \t]*"
                                 r"((?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{3,})"),
        "eponyms": {str(w).lower() for w in data["clinical_eponyms"]},
        "heads": re.compile(rf"[ \t'’s-]*(?i:{words(data['eponym_heads'])})\b"),
    }


_MEDICAL_LABELS = {  # capitalized words that start clinical lines, never names
    "asa", "pmh", "psh", "hpi", "ros", "plan", "meds", "allergies", "airway", "dos", "dob", "mrn", "ga", "mac", "lma",
                   "ett",
    "pacu", "or", "preop", "pre", "post", "op", "anesthesia", "procedure", "diagnosis", "history", "exam", "labs",
                   "note",
    "the", "a", "an", "and", "with", "for", "of", "to", "in", "on", "at", "by", "no", "none", "nkda", "male", "female",
    "year", "years", "old", "yo", "left", "right", "bilateral", "general", "regional", "spinal", "epidural", "block",
    "medicare", "medicaid", "commercial", "insurance", "payer", "ins", "ppo", "hmo", "patient", "pt", "name",
                   "evaluation",
    "preanesthetic", "preanesthesia", "anesthetic", "record", "time", "start", "end", "stop", "in", "out", "room",
                   "s/p",
    "healthy", "well", "mass", "excision", "lipoma", "breast", "cancer", "ca", "htn", "dm", "copd", "chf", "cad", "ckd",
    "osa", "gerd", "bmi", "ef", "emergency", "emergent", "elective", "urgent", "seen", "today", "here", "who", "is",
                   "was",
    "has", "had", "she", "he", "they", "her", "his", "presents", "presenting", "admitted", "transferred", "tolerated",
    "consent", "signed", "verified", "identified", "states", "reports", "denies", "arrived", "brought", "id", "dr",
    "anesthesiologist", "attending", "crna", "srna", "resident", "surgeon", "md", "do", "rn", "np", "pa", "baby", "boy",
    "girl", "mr", "mrs", "ms", "miss", "evaluation", "assessment", "operative", "postop", "preoperative", "health",
                   "blue",
    "iv", "im", "po", "sq", "qz", "qk", "qx", "qy", "aa", "ad", "qs", "log", "icu", "ed", "er", "prn", "npo",
    "ii", "iii", "vi",
    "newborn", "neonate", "infant", "charges", "charge", "ticket", "cross", "shield", "bcbs", "aetna", "cigna",
                   "united", "moda", "empire", "paramount", "ppo", "epo", "date", "service",
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


def _name_tokens(name: str, allow_capitals: bool) -> list[str]:
    """Words of a found name; all-capital words only next to a name label (they are usually headers)."""
    words = re.findall(r"[A-Za-zÀ-ÿ'’]+", name)
    return [w for w in words if len(w) > 1 and w.lower() not in _MEDICAL_LABELS and (allow_capitals or not w.isupper())]


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
# "evaluation for Whipple": a procedure as often as a person
_WEAK_LABEL = re.compile(r"(?i)\s*(?:evaluation|note|seen)\b")


_LABEL_WORDS = {w for w in re.findall(r"[a-z]+", _NAME_LABEL.replace("(?:", " ").replace("\\.", " ")) if len(w) > 2}


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
    rules = _deid_rules()
    spans: list[tuple[int, int]] = []
    words: set[str] = set()
    patterns = (LABELED_NAME, TITLED_NAME, SUFFIXED_NAME, NAME_BEFORE_ID, NAME_BEFORE_AGE, QUOTED_NAME, TABLE_NAME,
                rules["relative"])
    for pattern in patterns:
        capitals = pattern is LABELED_NAME or pattern is TABLE_NAME
        for match in _overlapping(pattern, note) if pattern is LABELED_NAME else pattern.finditer(note):
            weak = pattern is rules["relative"] or (pattern is LABELED_NAME and _WEAK_LABEL.match(match.group(0)))
            for token in _WORD.finditer(match.group(1)):
                word = token.group(0)
                start, end = match.start(1) + token.start(), match.start(1) + token.end()
                key = word.lower().removesuffix("'s").removesuffix("’s")
                if len(word) == 1 and word.isupper() and note.startswith(".", end):
                    spans.append((start, end))  # an initial ("J. Doe CRNA"): replaced here, not searched for elsewhere
                    continue
                if len(word) < 2 or key in _MEDICAL_LABELS or key in _LABEL_WORDS or (word.isupper() and not capitals):
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
    builder = _Builder(note)
    service = next((d for m in DOS.finditer(note) if (d := _parse_date(m.group(1)))), None)
    if service is None:  # a lone dated header ("Pre-op note 06/09/2025") is the service date
        service = next((d for m in DATE.finditer(note) if not DOB.search(note, max(0, m.start() - 20), m.end())
                        and (d := _parse_date(m.group(0)))), None)
    dob_spans = set()
    for match in DOB.finditer(note):
        born = _parse_date(match.group(1))
        builder.add(match.start(1), match.end(1), _age_phrase(born, service) if born else "[DOB redacted]")
        dob_spans.add((match.start(1), match.end(1)))
    for match in DATE.finditer(note):
        if (match.start(), match.end()) in dob_spans:
            continue
        when = _parse_date(match.group(0))
        builder.add(match.start(), match.end(), _relative_phrase(when, service) if when else "[DATE]")
    for match in MONTH_YEAR.finditer(note):
        builder.add(match.start(), match.end(), "[DATE]")
    for match in SHORT_DATE.finditer(note):
        if re.search(r"(?i)(pain|score|nrs|vas|gcs|strength|ratio|apgar)\W*\w*\W*$",
                     note[max(0, match.start() - 16):match.start()]):
            continue
        builder.add(match.start(), match.end(), "[DATE]")
    simple = ((EMAIL, "[EMAIL]"), (SSN, "[ID]"), (PHONE, "[PHONE]"), (STREET, "[ADDRESS]"),
              (CITY_STATE_ZIP, "[ADDRESS]"),
              (ZIP_CODE, "[ADDRESS]"), (CITY_STATE, "[ADDRESS]"), (LONG_NUMBER, "[ID]"))
    for pattern, placeholder in simple:
        for match in pattern.finditer(note):
            builder.add(match.start(), match.end(), placeholder)
    for pattern, placeholder in ((IDENTIFIER, "[ID]"), (ADDRESS_LINE, "[ADDRESS]"), (PHONE_LINE, "[PHONE]")):
        for match in pattern.finditer(note):
            if placeholder == "[PHONE]" and not re.search(r"\d{3}", match.group(1)):
                continue  # "Contact: none", "home: lives alone"
            if placeholder == "[ID]" and _CODE_LINE.match(match.group(1)):
                continue  # "Claim: 00142-QK-P3" is the code the model must see
            builder.add(match.start(1), match.end(1), placeholder)
    for match in ZIP_AFTER_STREET.finditer(note):
        builder.add(match.start(1), match.end(1), "[ADDRESS]")
    rules = _deid_rules()
    more = ((SSN_SPACED, "[ID]"), (IP_ADDRESS, "[IP]"), (URL, "[URL]"), (rules["facility"], "[FACILITY]"))
    for pattern, placeholder in more:
        for match in pattern.finditer(note):
            builder.add(match.start(), match.end(), placeholder)
    for match in rules["labeled_id"].finditer(note):
        if not _CODE_LINE.match(match.group(1)):
            builder.add(match.start(1), match.end(1), "[ID]")
    for match in OLD_AGE.finditer(note):
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
