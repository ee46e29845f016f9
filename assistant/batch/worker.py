"""Worker side: each process builds the NLP pipeline once, then codes cases into JSON lines."""
from __future__ import annotations

import json

from assistant.batch.inputs import Case
from assistant.batch.record import coded_record, error_record

_PROPOSER = "rules"


def init_worker(proposer: str) -> None:
    """Pool initializer: load rules, the spaCy pipeline and the ICD-10-CM index once per process."""
    global _PROPOSER
    _PROPOSER = proposer
    from assistant.diagnosis import warm_up
    from assistant.extract.nlp import build_pipeline
    from assistant.knowledge import load_knowledge

    load_knowledge()
    build_pipeline()
    warm_up()  # ~3 s of code set: paid at start-up, not inside the first case's time limit


def code_case(case: Case) -> tuple[str, str, bool]:
    """(id, JSON line, is_error). Any failure becomes an error record; the batch goes on."""
    if case.error:
        record = error_record(case.id, case.payer, case.error, getattr(case, "raw", None))
    else:
        from assistant.pipeline import code_note

        try:
            record = coded_record(case.id, code_note(case.note, payer=case.payer, proposer=_PROPOSER, case_id=case.id))
        except Exception as error:  # a bad case is recorded with its error, never fatal
            record = error_record(case.id, case.payer, error)
    return case.id, json.dumps(record, ensure_ascii=False), record["status"] == "error"
