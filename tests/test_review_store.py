"""Review queue and audit trail on a real SQLite file and a real PostgreSQL server."""
from __future__ import annotations

import csv
import io
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from assistant.app.samples import SAMPLES
from assistant.pipeline import code_note
from assistant.store.db import get_engine
from assistant.store.review import ReviewError, ReviewStore

COMPLETE = SAMPLES["Lipoma excision, forearm (complete)"]
GAPS = SAMPLES["Back cyst under MAC (documentation gaps)"]


@pytest.fixture(scope="module")
def results():
    return {
        "complete": code_note(COMPLETE["note"], "medicare", case_id="A-1"),
        "gaps": code_note(GAPS["note"], "commercial", case_id="B-2"),
    }


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'review.db'}"
    return request.getfixturevalue("postgres_url")


def test_every_coded_case_lands_in_the_queue_with_findings(url, results):
    store = ReviewStore(url)
    first = store.add_case(results["complete"], COMPLETE["note"], actor="coder1")
    second = store.add_case(results["gaps"], GAPS["note"], actor="coder2", source="batch")
    cases = store.list_cases()
    assert [c.id for c in cases] == [second, first]  # newest first
    gaps = store.get_case(second)
    assert gaps.note == GAPS["note"] and gaps.source == "batch" and gaps.status == "open"
    assert gaps.result.summary() == results["gaps"].summary()  # the stored result round-trips
    assert gaps.proposed_code == results["gaps"].validation.proposal.anesthesia_code.value
    assert set(gaps.finding_codes) == {f.code for f in results["gaps"].validation.findings}
    assert gaps.worst_severity == "warning"
    complete = store.get_case(first)
    assert complete.worst_severity is None and complete.finding_codes == []
    assert complete.proposed_modifiers == results["complete"].claim.lines[0].modifiers
    trail = store.audit_trail(second)
    assert [(a.action, a.actor) for a in trail] == [("coded", "coder2")]
    assert trail[0].after["code"] == gaps.proposed_code


def test_filters_by_finding_severity_payer_and_status(url, results):
    store = ReviewStore(url)
    a = store.add_case(results["complete"], COMPLETE["note"])
    b = store.add_case(results["gaps"], GAPS["note"])
    ids = lambda **kw: [c.id for c in store.list_cases(**kw)]  # noqa: E731
    assert ids(finding="PHYSICAL_STATUS_NOT_DOCUMENTED") == [b]
    assert ids(finding="TIME_EXCEEDS_OR_TIME") == []
    assert ids(severity="warning") == [b]
    assert ids(severity="error") == []
    assert ids(payer="medicare") == [a]
    assert ids(payer="commercial") == [b]
    assert ids(status="open") == [b, a]
    store.accept(a, "auditor", "")
    assert ids(status="accepted") == [a] and ids(status="open") == [b]
    assert ids(status="open", payer="medicare") == []
    assert "PHYSICAL_STATUS_NOT_DOCUMENTED" in store.finding_codes()
    assert store.counts() == {"open": 1, "accepted": 1, "overridden": 0}
    with pytest.raises(ReviewError, match="unknown status"):
        store.list_cases(status="closed")
    with pytest.raises(ReviewError, match="unknown severity"):
        store.list_cases(severity="fatal")


def test_override_needs_reason_and_valid_code_and_is_audited(url, results):
    store = ReviewStore(url)
    case = store.add_case(results["gaps"], GAPS["note"])
    before = store.get_case(case)
    with pytest.raises(ReviewError, match="needs a reason"):
        store.override(case, "auditor", "00400", "QK P1", "   ")
    with pytest.raises(ReviewError, match="reviewer"):
        store.override(case, "", "00400", "QK P1", "site is the forearm")
    with pytest.raises(ReviewError, match="five-digit"):
        store.override(case, "auditor", "400", "QK P1", "site")
    with pytest.raises(ReviewError, match="two letters"):
        store.override(case, "auditor", "00400", "QK P1X", "site")
    with pytest.raises(ReviewError, match="same as the current"):
        store.override(case, "auditor", before.final_code, before.final_modifiers, "no change")
    with pytest.raises(ReviewError, match="not in the review queue"):
        store.override(987654, "auditor", "00400", "QK", "missing case")
    assert len(store.audit_trail(case)) == 1  # refused actions leave no trace and change nothing
    row = store.override(case, "Ann Auditor", "00400", "qk, p2", "Lesion is on the anterior trunk per op note")
    assert (row.status, row.final_code, row.final_modifiers) == ("overridden", "00400", ["QK", "P2"])
    assert (row.proposed_code, row.proposed_modifiers) == (before.proposed_code, before.proposed_modifiers)  # proposal kept
    entry = store.audit_trail(case)[-1]
    assert entry.action == "overridden" and entry.actor == "Ann Auditor"
    assert entry.before == {"code": before.final_code, "modifiers": before.final_modifiers, "status": "open"}
    assert entry.after == {"code": "00400", "modifiers": ["QK", "P2"], "status": "overridden"}
    assert entry.reason == "Lesion is on the anterior trunk per op note"
    assert abs(entry.at.timestamp() - time.time()) < 120 and entry.at.utcoffset().total_seconds() == 0


def test_audit_trail_survives_a_restart_and_exports_csv(url, results):
    store = ReviewStore(url)
    case = store.add_case(results["gaps"], GAPS["note"], actor="coder")
    store.override(case, "auditor, senior", "00400", ["QK", "P2"], 'Op note says "anterior chest", not back')
    store.accept(case, "second auditor", "agree")
    get_engine.cache_clear()  # a new process: new engine, new sessions
    reopened = ReviewStore(url)
    trail = reopened.audit_trail(case)
    assert [a.action for a in trail] == ["coded", "overridden", "accepted"]
    assert reopened.get_case(case).status == "accepted" and reopened.get_case(case).final_code == "00400"
    rows = list(csv.DictReader(io.StringIO(reopened.audit_csv())))
    assert [r["action"] for r in rows] == ["coded", "overridden", "accepted"]
    assert rows[1]["who"] == "auditor, senior" and rows[1]["why"] == 'Op note says "anterior chest", not back'
    assert rows[1]["code_after"] == "00400" and rows[1]["modifiers_after"] == "QK P2" and rows[1]["status_before"] == "open"
    assert rows[1]["at_utc"].endswith("+00:00")


def test_audit_trail_is_append_only_in_the_orm_and_in_the_database(url, results):
    store = ReviewStore(url)
    case = store.add_case(results["complete"], COMPLETE["note"])
    store.accept(case, "auditor")
    from assistant.store.review import AuditEntry

    with store.sessions() as session:
        entry = session.get(AuditEntry, store.audit_trail(case)[0].id)
        entry.reason = "rewritten history"
        with pytest.raises(ReviewError, match="append-only"):
            session.commit()
        session.rollback()
        session.delete(session.get(AuditEntry, store.audit_trail(case)[0].id))
        with pytest.raises(ReviewError, match="append-only"):
            session.commit()
    engine = store.sessions.kw["bind"]
    for statement in ("UPDATE review_audit SET reason = 'x'", "DELETE FROM review_audit"):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as connection:
                connection.execute(text(statement))
    assert [a.reason for a in store.audit_trail(case)][1] == ""
    assert len(store.audit_trail(case)) == 2
