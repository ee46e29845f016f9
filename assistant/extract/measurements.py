"""Ejection fraction, BMI and burn TBSA written as numbers."""
from __future__ import annotations

from assistant.extract.blocks import role_at
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.recognizers import patterns
from assistant.knowledge import load_knowledge
from assistant.models import Comorbidity, Facts

def read_measurements(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    """Ejection fraction, BMI and burn TBSA written as numbers."""
    asa, p = load_knowledge().asa, patterns("measurements")
    ef = p.ef.search(note) or p.ef_long.search(note)
    if ef:
        value = int(ef.group(1))
        thresholds = asa["ejection_fraction"]
        if value <= thresholds["reduced_at_or_below"]:
            asa_class = 4 if value <= thresholds["severe_at_or_below"] else 3
            evidence_id = recorder.add(ef.start(), ef.end(), "COMORBIDITY")
            facts.comorbidities.append(Comorbidity(name=f"reduced ejection fraction ({value}%)", asa_class=asa_class,
                                                   cardiopulmonary_severe=True, evidence_id=evidence_id))
    bmi = p.bmi.search(note)
    if bmi:
        value = float(bmi.group(1))
        limits = asa["body_mass_index"]
        asa_class = (3 if value >= limits["class_3_at_or_above"] else 2 if value >= limits["class_2_at_or_above"]
                     else None)
        if asa_class:
            evidence_id = recorder.add(bmi.start(), bmi.end(), "COMORBIDITY")
            facts.comorbidities.append(Comorbidity(name=f"BMI {value:g}", asa_class=asa_class, evidence_id=evidence_id))
    # the area treated today, as the procedure heading or description gives it, before the diagnosis's total burn
    # ("total burn 6% TBSA" in the diagnosis; "debridement ..., approximately 3% TBSA" in the procedure)
    found = list(p.tbsa.finditer(note))
    rank = {"heading": 0, "description": 1}
    tbsa = min(found, key=lambda m: rank.get(role_at(facts.blocks, m.start(), note), 2)) if found else None
    if tbsa and p.burn.search(note):
        counted = _area_excised_today(note, found, facts) or [tbsa]
        facts.burn_tbsa_percent = sum(float(m.group(1)) for m in counted)
        for m in counted:
            recorder.add(m.start(), m.end(), "BURN_TBSA")


def _area_excised_today(note: str, found: list, facts: Facts) -> list:
    """The figures of the area excised today: the total ("Total area excised 4% TBSA"), or else the heading's
    excision items to add up ("excision ..., forearm, 2.5% TBSA" and "excision ..., thigh, 1.5% TBSA" are 4%);
    none when the note gives neither (the first figure stands)."""
    p = patterns("measurements")
    today = [m for m in found if role_at(facts.blocks, m.start(), note) in ("heading", "description")]
    totals = [m for m in today if p.tbsa_total.search(note[max(0, m.start() - 60):m.start()])]
    if totals:
        return totals[:1]
    heading = [m for m in today if role_at(facts.blocks, m.start(), note) == "heading"]
    # an item is the text since the figure before it: a graft or harvest item repeats an area, excises none
    items = [m for before, m in zip([None, *heading], heading)
             if p.tbsa_excised.search(note[before.end() if before else max(0, m.start() - 200):m.start()])]
    return items if len(items) > 1 else []
