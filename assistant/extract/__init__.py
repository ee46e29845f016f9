"""Extraction stage: note text -> Facts, every fact with its evidence span."""
from __future__ import annotations

from assistant.catalog import procedure_reading
from assistant.extract.anatomy import add_procedures_by_anatomy, deepen_soft_tissue
from assistant.extract.blocks import read_anesthesia_blocks, read_blocks
from assistant.extract.concepts import read_concepts
from assistant.extract.evidence import EvidenceRecorder
from assistant.extract.instructions import blank, find_instructions
from assistant.extract.nlp import build_pipeline, chunks, unwrap
from assistant.extract.recognizers import enabled_recognizers
from assistant.knowledge import load_knowledge
from assistant.models import Facts


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
    deepen_soft_tissue(note, facts, reading, recorder)
    read_anesthesia_blocks(note, facts, knowledge, recorder)
    for recognizer in enabled_recognizers():  # times, demographics, staffing, ... (switchable by id)
        recognizer.read(note, recorder, facts)
    facts.evidence = recorder.items
    return facts
