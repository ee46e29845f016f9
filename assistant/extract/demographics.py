"""Date of birth, date of service and age (years, or months for infants); premature infants."""
from __future__ import annotations

import re
from datetime import date

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.recognizers import patterns
from assistant.models import Facts

def _p():
    return patterns("demographics")


def _parse_date(text: str) -> date | None:
    try:
        parsed = date_parser.parse(text, dayfirst=False, fuzzy=False).date()
    except (ValueError, OverflowError):
        return None
    if parsed.year > 2100 or parsed.year < 1880:
        return None
    return parsed


def _first(pattern: re.Pattern, note: str) -> tuple[date, re.Match] | None:
    for match in pattern.finditer(note):
        parsed = _parse_date(match.group(1))
        if parsed:
            return parsed, match
    return None


def read_demographics(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    p = _p()
    stated_days = None
    dob = _first(p.dob, note)
    dos = _first(p.dos, note) or _first(p.any_date, note)  # a labelled service date wins over "Admission date"
    if dob and dos and dob[0] > dos[0] and dob[0].replace(year=dob[0].year - 100) <= dos[0]:
        dob = (dob[0].replace(year=dob[0].year - 100), dob[1])  # "DOB 7/19/45": a two-digit year in the last century
    if dob:
        facts.date_of_birth = dob[0].isoformat()
        facts.age_evidence_ids.append(recorder.add(dob[1].start(), dob[1].end(), "DATE_OF_BIRTH"))
    if dos:
        facts.date_of_service = dos[0].isoformat()
        facts.age_evidence_ids.append(recorder.add(dos[1].start(), dos[1].end(), "DATE_OF_SERVICE"))
    if dob and dos and dos[0] >= dob[0]:
        delta = relativedelta(dos[0], dob[0])
        facts.age_years = delta.years
        facts.age_months = delta.years * 12 + delta.months
    else:
        stated_days = _read_stated_age(note, recorder, facts)
    premature = p.premature.search(note)
    if premature:
        weeks = p.birth_weeks.search(premature.group(0)) or p.birth_weeks.search(note)
        birth_weeks = int(weeks.group(1)) if weeks else None
        if birth_weeks is None and (term := p.term_birth_weeks.search(note)):
            birth_weeks = int(term.group(1) or term.group(2))  # "former preemie" born at 37 weeks: at term
        # from the dates, or from an age stated in weeks or days ("now 17 weeks old")
        days_old = (dos[0] - dob[0]).days if dob and dos and dos[0] >= dob[0] else stated_days
        # a postmenstrual (postconceptual) age the note names outranks a bare "corrected age", which many count
        # from term instead ("corrected age ~15 weeks; postmenstrual age 55 weeks": h49-30)
        stated = list(p.postmenstrual_weeks.finditer(note))
        pma = next((m for m in stated if not re.match(r"corrected\s+age\b", m.group(0), re.I)), None) \
            or next(iter(stated), None)
        # 00836 is for infants born before 37 weeks and younger than 50 weeks postmenstrual age at surgery
        if pma:  # the note states the age that decides it
            facts.premature_infant = (birth_weeks is None or birth_weeks < 37) and int(pma.group(1)) < 50
            facts.age_evidence_ids.append(recorder.add(pma.start(), pma.end(), "POSTMENSTRUAL_AGE"))
        elif birth_weeks is not None and days_old is not None:
            facts.premature_infant = birth_weeks < 37 and birth_weeks + days_old / 7 < 50
        else:
            facts.premature_infant = facts.age_months is not None and facts.age_months < 3
        facts.age_evidence_ids.append(recorder.add(premature.start(), premature.end(), "PREMATURE"))


def _read_stated_age(note: str, recorder: EvidenceRecorder, facts: Facts) -> int | None:
    """The first age the note states; its days when it is stated in weeks or days."""
    p = _p()
    both = p.age_years_months.search(note)
    months = p.age_months.search(note)
    small = p.age_weeks_days.search(note)
    years = p.age_years.search(note)
    day_of_life = p.day_of_life.search(note)
    # the first age the note states: "13-month-old ... a neonate in the NICU" is 13 months old; years and months
    # together first, where one starts at the same word ("2 year 3 month old")
    first = min((m for m in (both, small, months, years, day_of_life) if m), key=lambda m: m.start(), default=None)
    if first is None:
        return None
    if first is day_of_life:  # "today is day of life 58": an infant of 58 days (blind h74-28)
        days = int(day_of_life.group(1))
        facts.age_years, facts.age_months = 0, int(days // 30.44)
        facts.age_evidence_ids.append(recorder.add(day_of_life.start(), day_of_life.end(), "AGE"))
        return days
    if first is both:
        value = int(both.group(1)) * 12 + int(both.group(2))
        facts.age_years, facts.age_months = value // 12, value
        facts.age_evidence_ids.append(recorder.add(both.start(), both.end(), "AGE"))
        return None
    if first is small:
        # "17 weeks 0 days" old is 3 months: the under-3-months fallback for prematurity reads the months
        count = p.weeks_or_days.search(small.group(0))  # none in "newborn"
        days = int(count.group(1)) * (7 if count.group(2) else 1) if count else 0
        facts.age_years, facts.age_months = 0, int(days // 30.44)
        facts.age_evidence_ids.append(recorder.add(small.start(), small.end(), "AGE"))
        return days if count else None
    elif first is months:
        value = int(months.group(1) or months.group(2))
        facts.age_years, facts.age_months = value // 12, value
        facts.age_evidence_ids.append(recorder.add(months.start(), months.end(), "AGE"))
    else:
        value = int(next(g for g in years.groups() if g))
        if value <= 120:
            facts.age_years, facts.age_months = value, value * 12
            facts.age_evidence_ids.append(recorder.add(years.start(), years.end(), "AGE"))
