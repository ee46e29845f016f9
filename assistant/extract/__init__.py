"""Extraction stage: note text -> Facts, every fact with its evidence span."""
from __future__ import annotations

import re

from assistant.catalog import procedure_reading
from assistant.extract.anatomy import add_procedures_by_anatomy
from assistant.extract.blocks import read_anesthesia_blocks, read_blocks
from assistant.extract.charges import read_charges
from assistant.extract.concepts import read_concepts
from assistant.extract.demographics import read_demographics
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.instructions import blank, find_instructions
from assistant.extract.nlp import build_pipeline, chunks, unwrap
from assistant.extract.physical_status import read_physical_status
from assistant.extract.staffing import read_staffing
from assistant.extract.times import read_times
from assistant.knowledge import load_knowledge
from assistant.models import Comorbidity, Facts

_EF = re.compile(r"\b(?:lv)?ef\b\s*(?:of|is|was|:|=|~|estimated)?\s*(?:<|less than)?\s*(\d{1,2})\s*(?:%|percent|-|–|to)", re.I)
_EF_LONG = re.compile(r"\bejection fraction\s*(?:of|is|was|:|=|~|estimated at)?\s*(?:<|less than)?\s*(\d{1,2})\s*(?:%|percent|-|–|to)", re.I)
_BMI = re.compile(r"\bbmi\s*(?:of|is|was|:|=)?\s*(\d{2}(?:\.\d)?)", re.I)
_TBSA = re.compile(r"(\d{1,2}(?:\.\d+)?)\s*%\s*(?:of\s+(?:the\s+)?)?(?:tbsa|total body surface|bsa|body surface)", re.I)


def _sections(doc, offset: int, previous: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """(category, start, end) in note offsets; a chunk's untitled opening continues the last section."""
    out = []
    for section in doc._.sections:
        start_token, end_token = section.section_span
        if end_token > start_token:
            span = doc[start_token:end_token]
            out.append((section.category, offset + span.start_char, offset + span.end_char))
    if previous and previous[-1][0] and (not out or out[0][1] > offset or out[0][0] is None):
        first_titled = next((s[1] for s in out if s[0]), offset + len(doc.text))
        out = [(previous[-1][0], offset, first_titled)] + [s for s in out if s[1] >= first_titled]
    return [s for s in out if s[0]]


def _read_measurements(note: str, recorder: EvidenceRecorder, facts: Facts) -> None:
    """Ejection fraction, BMI and burn TBSA written as numbers."""
    asa = load_knowledge().asa
    ef = _EF.search(note) or _EF_LONG.search(note)
    if ef:
        value = int(ef.group(1))
        thresholds = asa["ejection_fraction"]
        if value <= thresholds["reduced_at_or_below"]:
            asa_class = 4 if value <= thresholds["severe_at_or_below"] else 3
            evidence_id = recorder.add(ef.start(), ef.end(), "COMORBIDITY")
            facts.comorbidities.append(Comorbidity(name=f"reduced ejection fraction ({value}%)", asa_class=asa_class, cardiopulmonary_severe=True, evidence_id=evidence_id))
    bmi = _BMI.search(note)
    if bmi:
        value = float(bmi.group(1))
        limits = asa["body_mass_index"]
        asa_class = 3 if value >= limits["class_3_at_or_above"] else 2 if value >= limits["class_2_at_or_above"] else None
        if asa_class:
            evidence_id = recorder.add(bmi.start(), bmi.end(), "COMORBIDITY")
            facts.comorbidities.append(Comorbidity(name=f"BMI {value:g}", asa_class=asa_class, evidence_id=evidence_id))
    tbsa = _TBSA.search(note)
    if tbsa and re.search(r"\bburn", note, re.I):
        facts.burn_tbsa_percent = float(tbsa.group(1))
        recorder.add(tbsa.start(), tbsa.end(), "BURN_TBSA")


def extract(note: str) -> Facts:
    """Runs the NLP pipeline and the line readers over one note; lines addressed to the coder are not read."""
    knowledge = load_knowledge()
    instructions = find_instructions(note)
    original, note = note, blank(note, instructions)
    pieces = chunks(unwrap(note))
    docs = list(build_pipeline().pipe(text for _, text in pieces))
    sections: list[tuple[str, int, int]] = []
    for (offset, _), doc in zip(pieces, docs):
        sections += _sections(doc, offset, sections)
    recorder = EvidenceRecorder(original, sections)
    reading = procedure_reading(str(knowledge.rules_dir))
    facts = Facts(note_length=len(note), sections=sections, blocks=read_blocks(note, reading))
    facts.instruction_evidence_ids = [recorder.add(start, end, "INSTRUCTION_IN_NOTE") for start, end, _ in instructions]
    for (offset, _), doc in zip(pieces, docs):
        read_concepts(doc, offset, knowledge, recorder, facts, set(knowledge.sections["history_sections"]), reading)
    add_procedures_by_anatomy(note, facts, reading, recorder)
    read_anesthesia_blocks(note, facts, knowledge, recorder)
    read_times(note, recorder, facts)
    read_demographics(note, recorder, facts)
    read_physical_status(note, recorder, facts)
    read_staffing(note, recorder, facts)
    read_charges(note, recorder, facts)
    _read_measurements(note, recorder, facts)
    facts.evidence = recorder.items
    return facts
