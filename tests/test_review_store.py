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
from assistant.store.review import QueueFilter, ReviewError, ReviewStore, claim_keys

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


def test_override_needs_reason_and_valid_lines_and_is_audited(url, results):
    store = ReviewStore(url)
    case = store.add_case(results["gaps"], GAPS["note"], actor="coder")
    before = store.get_case(case)
    current = claim_keys(before.result)
    with pytest.raises(ReviewError, match="needs a reason"):
        store.override(case, "auditor", "00400-QK-P1", "   ")
    with pytest.raises(ReviewError, match="no reviewer"):
        store.override(case, "", "00400-QK-P1", "site is the forearm")
    for lines, message in [("400-QK", "is not CODE-MODIFIERS"), ("99999-QK-P3", "99999 is not an anesthesia code"),
                           ("00404-ZZ-P9", "ZZ is not an anesthesia modifier"), ("00404-QK-P9", "P9 is not a physical"),
                           ("00404-P2", "needs a pricing modifier"), ("01968", "cannot stand alone"),
                           ("00400-QK-P1-47", "modifier 47"), ("00400-QK-P1\n00402-QX-P1", "carry one code")]:
        with pytest.raises(ReviewError, match=message):
            store.override(case, "auditor", lines, "site")
    with pytest.raises(ReviewError, match="same as the current"):
        store.override(case, "auditor", current, "no change")
    with pytest.raises(ReviewError, match="not in the review queue"):
        store.override(987654, "auditor", "00400-QK", "missing case")
    assert len(store.audit_trail(case)) == 1  # refused actions leave no trace and change nothing
    lines = "00400-qk-p2 30 min\n00400-QX-P2 30 min"  # the 99140 line removed, minutes corrected
    row = store.override(case, "Ann Auditor", lines, "Lesion is on the anterior trunk per op note")
    assert (row.status, row.final_code, row.final_modifiers) == ("overridden", "00400", ["QK", "P2"])
    assert (row.proposed_code, row.proposed_modifiers) == (before.proposed_code, before.proposed_modifiers)
    after = store.get_case(case)
    assert claim_keys(after.result) == ["00400-QK-P2 30 min", "00400-QX-P2 30 min"]
    assert after.units == 3 + 2.0 and after.revision == 2  # re-priced: 00400 base 3 + 30 min / 15
    assert "QC_MISSING" in after.finding_codes  # the rules still read an emergency: raised, stored
    assert "OVERRIDE_DIFFERS_FROM_RULES" in after.finding_codes  # the minutes differ from the record
    entry = store.audit_trail(case)[-1]
    assert entry.action == "overridden" and entry.actor == "Ann Auditor"
    assert entry.before["lines"] == current and entry.before["status"] == "open"
    assert entry.after["lines"] == claim_keys(after.result) and "QC_MISSING" in entry.after["findings"]
    assert entry.reason == "Lesion is on the anterior trunk per op note"
    assert abs(entry.at.timestamp() - time.time()) < 120 and entry.at.utcoffset().total_seconds() == 0
    assert [v.kind for v in store.versions(case)] == ["coded", "overridden"]


def test_roles_self_review_error_findings_and_no_op_transitions(url, results):
    store = ReviewStore(url)
    case = store.add_case(results["gaps"], GAPS["note"], actor="cody")
    with pytest.raises(ReviewError, match="cannot accept their own case"):
        store.accept(case, "cody", "fine", role="coder")
    with pytest.raises(ReviewError, match="cannot override their own case"):
        store.override(case, "cody", "00400-QK-P1", "better", role="coder")
    with pytest.raises(ReviewError, match="unknown role"):
        store.accept(case, "eve", role="owner")
    row = store.override(case, "casey", "00404-QK-P1\n00404-QX-P1", "another coder's review", role="coder")
    assert row.worst_severity == "error"  # 00404 on a back cyst: CODE_NOT_SUPPORTED
    with pytest.raises(ReviewError, match="cannot accept their own work"):
        store.accept(case, "casey", "my override is right", role="coder")
    with pytest.raises(ReviewError, match=r"open error finding \(CODE_NOT_SUPPORTED\).*needs a reason"):
        store.accept(case, "ann", role="auditor")
    assert store.accept(case, "ann", "surgeon confirmed the site", role="auditor").status == "accepted"
    with pytest.raises(ReviewError, match="already accepted"):
        store.accept(case, "ann", "again", role="admin")
    assert [a.action for a in store.audit_trail(case)] == ["coded", "overridden", "accepted"]


def test_one_case_per_encounter_a_recode_is_a_new_version(url, results):
    store = ReviewStore(url)
    first = store.add_case(results["gaps"], GAPS["note"], actor="cody")
    store.override(first, "ann", "00400-QK-P1", "site")
    again = store.add_case(code_note(GAPS["note"], "medicare", case_id="B-2"), GAPS["note"], actor="cody")
    other_day = code_note(GAPS["note"].replace("DOS: 05/02/2025", "DOS: 05/03/2025"), "commercial", case_id="B-2")
    third = store.add_case(other_day, GAPS["note"], actor="cody")
    assert again == first and third != first  # same case id and date of service: the same case
    case = store.get_case(first)
    assert (case.revision, case.status, case.payer) == (3, "open", "medicare")  # a re-code reopens it
    assert [v.kind for v in store.versions(first)] == ["coded", "overridden", "recoded"]
    assert [a.action for a in store.audit_trail(first)] == ["coded", "overridden", "recoded"]
    assert len(store.list_cases()) == 2
    no_id = code_note(COMPLETE["note"], "medicare")
    assert store.add_case(no_id, COMPLETE["note"]) == store.add_case(no_id, COMPLETE["note"])  # same note text


def test_queue_search_paging_and_next_open(url, results):
    store = ReviewStore(url)
    items = []
    for i in range(30):
        result = results["complete" if i % 3 else "gaps"].model_copy(deep=True)
        result.case_id, result.facts.date_of_service = f"Q-{i:03d}", f"2025-0{1 + i % 3}-1{i % 10}"
        items.append((result, COMPLETE["note"] if i % 3 else GAPS["note"]))
    ids = store.add_cases(items, actor="seed")
    rows, total = store.query_cases(QueueFilter(), offset=0, limit=25)
    assert total == 30 and len(rows) == 25 and rows[0].id == ids[-1]  # newest first
    assert len(store.query_cases(QueueFilter(), offset=25, limit=25)[0]) == 5
    assert [r.case_key for r in store.query_cases(QueueFilter(case_id="q-01"))[0]] == [f"Q-01{i}" for i in
                                                                                       range(9, -1, -1)]
    by_month = store.query_cases(QueueFilter(date_of_service="2025-02"))[0]
    assert by_month and {r.date_of_service[:7] for r in by_month} == {"2025-02"}
    assert store.query_cases(QueueFilter(provider="jordan lee"))[1] == 20  # the complete note's anesthesiologist
    assert store.query_cases(QueueFilter(min_dollars=100))[1] == 20  # Medicare dollars; commercial has none
    assert store.query_cases(QueueFilter(case_id="%"))[1] == 0  # a LIKE wildcard is a character, not "all"
    store.accept(ids[-1], "ann")
    assert store.next_open() == ids[-2] and store.next_open(ids[-2]) == ids[-3]
    assert store.next_open(ids[0]) == ids[-2]  # wraps to the newest open case
    assert store.next_open(flt=QueueFilter(case_id="Q-000")) == ids[0]


def test_audit_trail_survives_a_restart_and_exports_csv(url, results):
    store = ReviewStore(url)
    case = store.add_case(results["gaps"], GAPS["note"], actor="coder")
    store.override(case, "auditor, senior", ["00400-QK-P2", "00400-QX-P2"], 'Op note says "anterior chest", not back')
    store.accept(case, "second auditor", "agree")  # (no error finding is open: a reason is optional)
    get_engine.cache_clear()  # a new process: new engine, new sessions
    reopened = ReviewStore(url)
    trail = reopened.audit_trail(case)
    assert [a.action for a in trail] == ["coded", "overridden", "accepted"]
    assert reopened.get_case(case).status == "accepted" and reopened.get_case(case).final_code == "00400"
    rows = list(csv.DictReader(io.StringIO(reopened.audit_csv())))
    assert [r["action"] for r in rows] == ["coded", "overridden", "accepted"]
    assert rows[1]["who"] == "auditor, senior" and rows[1]["why"] == 'Op note says "anterior chest", not back'
    assert rows[1]["code_after"] == "00400" and rows[1]["modifiers_after"] == "QK P2"
    assert rows[1]["status_before"] == "open"
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
