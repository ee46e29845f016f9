"""Review writes under contention, on a real SQLite file: no audit entry with a wrong "before", stale writes
refused, a lock held longer than SQLite's default 5 s waited out, a batch saved all or nothing."""
from __future__ import annotations

import sqlite3
import threading

import pytest

from assistant.app.batch_tab import BatchRow, run_rows
from assistant.pipeline import code_note
from assistant.store.review import ReviewError, ReviewStore
from tests.llm_notes import LIPOMA

CODES = [f"00{n}" for n in (300, 320, 350, 532, 402, 404, 406, 410, 450, 454, 470, 472, 474, 500, 520, 522, 524, 528,
                            529, 530)]


@pytest.fixture
def db(tmp_path):
    return tmp_path / "data" / "review.db"


@pytest.fixture
def case(db):
    store = ReviewStore(f"sqlite:///{db}")
    return store, store.add_case(code_note(LIPOMA, proposer="rules"), LIPOMA, source="cli")


def test_twenty_concurrent_overrides_leave_a_consistent_audit_chain(db, case):
    _, case_id = case
    start = threading.Barrier(len(CODES))
    failures = []

    def reviewer(code):
        store = ReviewStore(f"sqlite:///{db}")  # each reviewer: own connection pool, as separate app workers would be
        start.wait()
        try:
            store.override(case_id, f"rev-{code}", f"{code}-AA-P1", f"override to {code}")
        except ReviewError as error:
            failures.append(str(error))

    threads = [threading.Thread(target=reviewer, args=(code,)) for code in CODES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    trail = ReviewStore(f"sqlite:///{db}").audit_trail(case_id)
    assert len(trail) == 1 + len(CODES) - len(failures) and len(failures) <= len(CODES) // 4, failures
    assert all("nothing was saved" in f for f in failures), failures  # a write that gave up says so
    for previous, entry in zip(trail, trail[1:]):  # every "before" is exactly what the previous write left
        assert entry.before == previous.after, (entry.id, entry.before, previous.after)
    final = ReviewStore(f"sqlite:///{db}").get_case(case_id)
    assert final.final_code == trail[-1].after["code"] and final.version == len(trail)


def test_a_stale_override_is_refused_with_a_clear_message(case):
    store, case_id = case
    seen = store.get_case(case_id)  # reviewer A opens the case
    store.override(case_id, "Reviewer B", "00300-AA-P1", "B saw a trunk site")  # B saves first
    with pytest.raises(ReviewError, match=r"changed by Reviewer B .*after you opened it; nothing was saved"):
        store.override(case_id, "Reviewer A", "00402-AA-P1", "A's change", expected_version=seen.version)
    with pytest.raises(ReviewError, match="after you opened it"):
        store.accept(case_id, "Reviewer A", expected_version=seen.version)
    trail = store.audit_trail(case_id)
    assert [t.actor for t in trail] == ["system", "Reviewer B"] and store.get_case(case_id).final_code == "00300"
    fresh = store.get_case(case_id)
    with pytest.raises(ReviewError, match="open error finding"):  # B's code raised CODE_NOT_SUPPORTED
        store.accept(case_id, "Reviewer A", expected_version=fresh.version)
    assert store.accept(case_id, "Reviewer A", "B is right: the site is the trunk",
                        expected_version=fresh.version).status == "accepted"


def test_a_lock_held_longer_than_five_seconds_is_waited_out(db, case):
    store, case_id = case
    holder = sqlite3.connect(db, timeout=1, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer (a long batch commit) holds the write lock
    release = threading.Timer(6.0, holder.rollback)
    release.start()
    try:
        row = store.override(case_id, "auditor", "00300-AA-P1", "waited for the lock")
    finally:
        release.join()
        holder.close()
    assert row.final_code == "00300" and [t.action for t in store.audit_trail(case_id)] == ["coded", "overridden"]


def test_the_app_batch_is_saved_all_or_nothing_and_a_retry_does_not_duplicate(db):
    store = ReviewStore(f"sqlite:///{db}")
    rows = [BatchRow(f"b{i}", LIPOMA, "commercial") for i in range(6)]
    poison = sqlite3.connect(db)  # the database refuses the 5th case mid-save (a disk-full / constraint stand-in)
    poison.execute("CREATE TRIGGER refuse_b4 BEFORE INSERT ON review_cases WHEN NEW.case_key = 'b4' "
                   "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END")
    poison.commit()
    with pytest.raises(Exception):
        run_rows(rows, store=store)
    assert store.list_cases() == []  # nothing half-saved
    poison.execute("DROP TRIGGER refuse_b4")
    poison.commit()
    poison.close()
    outcome = run_rows(rows, store=store)
    assert sorted(c.case_key for c in store.list_cases()) == [f"b{i}" for i in range(6)]
    assert all(isinstance(r["review_case"], int) for r in outcome.rows)


def test_a_database_from_before_versioning_gets_the_column(tmp_path):
    db = tmp_path / "old.db"
    store = ReviewStore(f"sqlite:///{db}")
    case_id = store.add_case(code_note(LIPOMA, proposer="rules"), LIPOMA, source="cli")
    connection = sqlite3.connect(db)
    for column in ("version", "revision", "encounter_key", "date_of_service", "provider", "coded_by"):
        connection.execute(f"DROP INDEX IF EXISTS ix_review_cases_{column}")
        connection.execute(f"ALTER TABLE review_cases DROP COLUMN {column}")
    connection.commit()
    connection.close()
    from assistant.store.db import get_engine

    get_engine.cache_clear()
    again = ReviewStore(f"sqlite:///{db}")
    assert again.get_case(case_id).version == 1
    assert again.override(case_id, "auditor", "00300-AA-P1", "after the upgrade").version == 2
