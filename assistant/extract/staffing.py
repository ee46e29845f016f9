"""Who gave the anesthetic: anesthesiologist, CRNA, medical direction, concurrency."""
from __future__ import annotations

import re

from assistant.extract.evidence import EvidenceRecorder
from assistant.knowledge import load_knowledge
from assistant.models import Facts, Staffing

_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "single": 1}
_N = r"(\d+|one|two|three|four|five|six|seven|eight|single)"
_NAME = r"(?i:dr\.?\s*)?([A-Z][A-Za-z'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z'\-]+)?)"

_ANESTHESIOLOGIST = re.compile(r"\b(?i:anesthesiologist|attending anesthesiologist|anesthesia attending|attending|mda|anesthesia provider|anesthesiologist of record)\s*[:\-]\s*" + _NAME)
_DR_IN_ROLE = re.compile(r"(?i:\bdr\.?)\s+([A-Z][A-Za-z'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z'\-]+)?)(?=[^.\n]{0,40}(?i:anesthesiolog|medically\s+direct|directing|personally\s+perform|supervis))")
_DIRECTED_BY = re.compile(r"\b(?i:(?:medically\s+)?directed\s+by|under\s+(?:the\s+)?(?:medical\s+)?direction\s+of)\s+" + _NAME)
_ANESTHESIOLOGIST_WORD = re.compile(r"\b(anesthesiologist|anesthesiology attending|mda)\b", re.I)
_CRNA = re.compile(r"\b(?i:crna|nurse anesthetist|anesthetist)\s*[:\-]\s*" + _NAME)
_CRNA_SUFFIX = re.compile(r"([A-Z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-]+)?),?\s+(?i:crna)\b")
_CRNA_WORD = re.compile(r"\b(crna|nurse anesthetist|srna)\b", re.I)
_NO_CRNA = re.compile(r"\b(no\s+(?:anesthesiologist\s+(?:or|/|and)\s+)?crnas?\b|without\s+(?:a\s+)?crna|crna\s*[:\-]\s*(?:none|n/a|na|not applicable|-\s*$)(?!\w)|no\s+anesthesia\s+(?:staff|provider|personnel|team))", re.I)
_PERSONAL = re.compile(r"\b(personally (?:performed|provided|administered|delivered|managed)|personal performance|personally perform\w*|sole (?:anesthesia )?provider|anesthesiologist alone|performed (?:the anesthetic )?personally)\b", re.I)
_DIRECTION = re.compile(r"\b(medical(?:l?y)?\s+direct\w*|direct(?:ed|ing)\s+by|under\s+(?:the\s+)?(?:medical\s+)?direction\s+of|medical\s+supervision|supervising\s+anesthesiologist|directing\s+anesthesiologist|directed\s+crna|md\s+direction|md\s+dir|directing|supervising|md/crna\s+team|dir\s+\d+\s+(?:rms|rooms|ors|cases))\b", re.I)
_PHYSICIAN_ON_STAFF_LINE = re.compile(r"^(?=.*\b(?i:anes\w*|crna|mda|staff(?:ing)?|provider)\b|.*\bMD\s*(?:dir\w*\s*)?:).*(?:(?i:\bdr\.?\s+[a-z])|\bMD\b\s*(?:dir\w*\s*)?:?\s*(?:[A-Z]\.\s*)?[A-Z][a-z]|[A-Z][a-z]+,?\s+MD\b)", re.M)
_NOT_DIRECTED = re.compile(r"\b(without\s+(?:md\s+|physician\s+|medical\s+)?direction|not\s+medically\s+directed|no\s+(?:md\s+|physician\s+|anesthesiologist\s+)?(?:medical\s+)?(?:direction|supervision)|non[- ]?medically\s+directed|independent(?:ly)?|crna[- ]alone|crna[- ]only\s+(?:case|anesthetic|practice|service|coverage)|no\s+anesthesiologist\s+directing|no\s+(?:md|mda|physician|anesthesiologist)\s+(?:dir\w*|supervision|involvement)|no\s+anesthesiologist\s+on\s+site|\(qz\)|no\s+anesthesiologist\s+(?:involvement|involved|present|in\s+the\s+building|in\s+the\s+case|in\s+the\s+room|available)|unsupervised|without\s+(?:an\s+)?anesthesiologist|not\s+directed|opt[- ]out)\b", re.I)
_RATIO = re.compile(r"\b(?:ratio|direction|directing|supervision|supervising|coverage|concurrently|team)\b[^\n]{0,60}?(?<!\d)\b1\s*:\s*(\d)\b|\b1\s*:\s*(\d)\s*(?:ratio|medical\s+direction|direction|coverage|supervision)\b|\b1\s*:\s*(\d)\b(?=[^\n]{0,30}\bcrna)|(?<=dr\.)[^\n]{0,30}\b1\s*:\s*(\d)\b", re.I)
_CONCURRENT = re.compile(r"\b" + _N + r"\s+(?:total\s+)?(?:concurr?ent|simultaneous|overlapping|concurrently running)\b(?:\s+(?:anesthesia\s+)?(?:cases|rooms|procedures|anesthetics|crnas|ors|operating rooms))?", re.I)
_DIRECTING_N = re.compile(r"\b(?:directing|direction of|supervising|covering|dir)\s+" + _N + r"(?:\s+(?:concurrent\s+|simultaneous\s+)?(?:crnas|rooms|rms|cases|procedures|ors|anesthetists)\b|\s*\))", re.I)
_ALSO_COVERING = re.compile(r"\b(?:also|concurrently|simultaneously|at the same time|overlapping cases?|other rooms?)\b([^\n.;]*(?:\n[^\n.;]*)?)", re.I)
_ROOM = re.compile(r"\b(?:or|room|rm|suite|gi|endo|bay|ir|cath\s+lab)\s*[-#]?\s*(\d{1,2}|[a-h])\b|,\s*(\d{1,2})\b|\band\s+(\d{1,2})\b", re.I)
_NO_ANESTHESIA_PROVIDER = re.compile(r"\bno\s+(?:anesthesia\s+(?:provider|staff|personnel|team)|anesthesiologist\s+or\s+crna|anesthesiologist\s*/\s*crna)\b[^.\n]{0,30}?(?:present|involved|in attendance|participat\w*)?", re.I)
_RESIDENT = re.compile(r"\b(resident|fellow|ca-?[123])\b", re.I)
_INDUCTION = re.compile(r"\bpresent (?:for|at|during) (?:the )?induction\b", re.I)


def _block_minutes(facts: Facts) -> list[tuple[int, int]]:
    out = []
    for block in facts.anesthesia_blocks:
        if block.end and block.minutes is not None:
            hour, minute = block.start.split(":")
            start = int(hour) * 60 + int(minute)
            out.append((start, start + block.minutes))
    return out


def _count(text: str) -> int:
    return _NUM.get(text.lower()) or int(text)


def _add(recorder: EvidenceRecorder, staffing: Staffing, match: re.Match, label: str) -> None:
    staffing.evidence_ids.append(recorder.add(match.start(), match.end(), label))


_STAFF_LINE_MAX = 160  # a staffing line, not a transcribed paragraph that mentions "Dr. W" and anesthesia


def _staff_line(note: str) -> re.Match | None:
    """A short line naming a physician among the anesthesia staff; "SURGEON:  A. Roe, MD" is not one."""
    operators = tuple(f"{label}:" for label in load_knowledge().sections.get("operator_labels", []))
    return next((m for m in _PHYSICIAN_ON_STAFF_LINE.finditer(note)
                 if len(m.group(0)) <= _STAFF_LINE_MAX and not m.group(0).strip().lower().startswith(operators)), None)


def read_staffing(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    s = Staffing()
    if (m := _ANESTHESIOLOGIST.search(note) or _DIRECTED_BY.search(note) or _DR_IN_ROLE.search(note)):
        s.anesthesiologist, s.anesthesiologist_present = m.group(1).strip(), True
        _add(recorder, s, m, "ANESTHESIOLOGIST")
    elif (m := _staff_line(note)) or (m := _ANESTHESIOLOGIST_WORD.search(note)):
        s.anesthesiologist_present = True
        _add(recorder, s, m, "ANESTHESIOLOGIST")
    crna = _CRNA.search(note) or _CRNA_SUFFIX.search(note)
    if _NO_CRNA.search(note):
        _add(recorder, s, _NO_CRNA.search(note), "NO_CRNA")
    elif crna:
        s.crna, s.crna_present = crna.group(1).strip(), True
        _add(recorder, s, crna, "CRNA")
    elif (m := _CRNA_WORD.search(note)):
        s.crna_present = True
        _add(recorder, s, m, "CRNA")
    for pattern, attribute, label in ((_PERSONAL, "personally_performed", "PERSONALLY_PERFORMED"), (_NOT_DIRECTED, "crna_independent", "NOT_MEDICALLY_DIRECTED"), (_DIRECTION, "medical_direction", "MEDICAL_DIRECTION")):
        if (m := pattern.search(note)):
            setattr(s, attribute, True)
            _add(recorder, s, m, label)
    if s.crna_independent and s.medical_direction:
        # "not medically directed" contains "medically directed": direction counts only outside a negation
        negated = [m.span() for m in _NOT_DIRECTED.finditer(note)]
        s.medical_direction = any(not any(a <= d.start() <= b for a, b in negated) for d in _DIRECTION.finditer(note))
    _read_concurrency(note, recorder, s, _block_minutes(facts))
    if s.medical_direction and not s.crna_independent:
        s.anesthesiologist_present = True  # only a physician directs
    if s.concurrent_cases and s.crna_present and not s.crna_independent:
        s.medical_direction = True  # a directing ratio or concurrency count is medical direction
    if (m := _NO_ANESTHESIA_PROVIDER.search(note)):
        s.no_anesthesia_provider = True
        _add(recorder, s, m, "NO_ANESTHESIA_PROVIDER")
    if (m := _RESIDENT.search(note)):
        s.resident = True
    if (m := _INDUCTION.search(note)):
        s.present_at_induction = True
        _add(recorder, s, m, "PRESENT_AT_INDUCTION")
    facts.staffing = s


_BOARD_ROW = re.compile(r"\b(?:or|room|rm)\s*#?\s*(\d{1,2})\b[^\n]{0,60}?\b(\d{1,2}):?(\d{2})\s*(?:-|–|to)\s*(\d{1,2}):?(\d{2})\b", re.I)


def _board_overlaps(note: str, blocks: list[tuple[int, int]]):
    """Other rooms' cases with times ("OR 5 ... 08:05-09:20") that overlap this anesthetic."""
    for m in _BOARD_ROW.finditer(note):
        start = int(m.group(2)) * 60 + int(m.group(3))
        end = int(m.group(4)) * 60 + int(m.group(5))
        if end < start:
            end += 24 * 60
        for own_start, own_end in blocks:
            if (start, end) != (own_start, own_end) and start < own_end and own_start < end:
                yield m, m.group(1)
                break


_ROOMS_IN_PARENTHESES = re.compile(r"\b(?:direct|supervis|staffing)\w*[^\n]{0,80}?\(\s*(\d)\s+(?:concurrent\s+)?(?:rooms|cases|ors)\b", re.I)
_DIRECTING_ROOMS = re.compile(r"\bdirect\w*\b([^.;\n]{0,80}?)\bconcurrently\b", re.I)
_CONCURRENT_LIST = re.compile(r"\bconcurrent\s+(?:rooms|cases|procedures|ors)\b[^:\n]*:\s*([^\n]*(?:\n[^\n]*)?)", re.I)


_CHARGE_CODE = re.compile(r"\b0[01]\d{3}\b")


def _on_charge_line(note: str, at: int) -> bool:
    start = note.rfind("\n", 0, at) + 1
    end = note.find("\n", at)
    line = note[start: end if end >= 0 else len(note)]
    clause = line[max(0, at - start - 60): at - start + 20]
    return bool(_CHARGE_CODE.search(clause)) and bool(re.search(r"\b(charge|claim|cpt|ticket)", line, re.I))


def _rooms_named(text: str) -> set[str]:
    return {next(g for g in r.groups() if g) for r in _ROOM.finditer(text)}


def _read_concurrency(note: str, recorder: EvidenceRecorder, s: Staffing, blocks: list[tuple[int, int]]) -> None:
    for pattern, label in ((_RATIO, "DIRECTION_RATIO"), (_CONCURRENT, "CONCURRENT_CASES"), (_DIRECTING_N, "CONCURRENT_CASES"), (_ROOMS_IN_PARENTHESES, "CONCURRENT_CASES")):
        # a ratio written on a charge line is what is requested, not documentation
        m = next((m for m in pattern.finditer(note) if not _on_charge_line(note, m.start())), None)
        if m:
            s.concurrent_cases = _count(next(g for g in m.groups() if g))
            _add(recorder, s, m, label)
            break
    # rooms named as this physician's concurrent cases, this one included:
    # "the following concurrent rooms: GI-1 ... GI-5", "directing CRNAs in OR 1, OR 2 and OR 3 concurrently"
    listed_total = _CONCURRENT_LIST.search(note)
    for listing in (listed_total, _DIRECTING_ROOMS.search(note)):
        if listing and s.concurrent_cases is None and len(_rooms_named(listing.group(1))) > 1:
            s.concurrent_cases = len(_rooms_named(listing.group(1)))
            _add(recorder, s, listing, "CONCURRENT_CASES")
    rooms: set[str] = set()
    for m in _ALSO_COVERING.finditer(note):
        if listed_total and m.start() >= listed_total.start() and m.start() < listed_total.end():
            continue
        listed = _rooms_named(m.group(1))
        if listed:
            rooms |= listed
            _add(recorder, s, m, "OVERLAPPING_CASES")
    for m, room in _board_overlaps(note, blocks):
        rooms.add(room)
        _add(recorder, s, m, "OVERLAPPING_CASES")
    s.overlapping_cases_listed = len(rooms)
    if s.overlapping_cases_listed and (s.concurrent_cases or 0) < s.overlapping_cases_listed + 1:
        s.concurrent_cases = s.overlapping_cases_listed + 1  # rooms listed as overlapping, this one included
