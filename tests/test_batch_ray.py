"""`batch --engine ray` on a real local Ray instance: same results as the local runner, resume after a
killed run, a killed worker retried. Skipped only when Ray is not installed (CI installs `.[test,ray]`)."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -c constraints.txt -e '.[test,ray]' "
                                        "(scripts/setup.sh --test does)")

from assistant.batch.runner import run_batch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))
from synth import synthesize  # noqa: E402

pytestmark = pytest.mark.ray
ROOT = Path(__file__).resolve().parent.parent
CASES = 240


def _write_input(path: Path) -> Path:
    """A few hundred varied cases (every note style of the scenarios, provider-days of ~12 cases) and bad rows."""
    with open(path, "w", encoding="utf-8") as handle:
        for case in synthesize(CASES, seed=11):
            handle.write(json.dumps(case) + "\n")
        handle.write(json.dumps({"id": "empty-note", "note": "   "}) + "\n")
        handle.write("{not json\n")
        odd = {"id": "odd-payer", "note": "Anesthesia start 08:00 end 09:00", "payer": "nobody"}
        handle.write(json.dumps(odd) + "\n")
    return path


def _results(out: Path) -> dict[str, dict]:
    rows = {}
    for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert record["id"] not in rows, f"{record['id']} written twice"
        record.pop("seconds", None)  # wall time of that case
        rows[record["id"]] = record
    return rows


def _concurrency(out: Path) -> dict[str, dict]:
    rows = {}
    for line in (out / "concurrency.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        row["overlapping"] = sorted(row.get("overlapping") or [])  # listed in completion order
        rows[row["id"]] = row
    return rows


def _csv(out: Path) -> dict[str, dict]:
    return {row["id"]: row for row in csv.DictReader(open(out / "results.csv", newline="", encoding="utf-8"))}


@pytest.fixture(scope="module")
def ray_instance():
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=128 * 2**20, log_to_driver=False,
             configure_logging=False, namespace="assistant-batch-tests")
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("local")
    source = _write_input(folder / "cases.jsonl")
    summary = run_batch(source, folder / "out", workers=2, chunksize=8, progress_stream=io.StringIO())
    return source, folder / "out", summary


def test_ray_engine_gives_the_local_runners_results_for_every_case(ray_instance, local_run, tmp_path):
    source, local_out, local_summary = local_run
    stream = io.StringIO()
    summary = run_batch(source, tmp_path / "out", workers=2, chunksize=8, progress_stream=stream, engine="ray")
    out = tmp_path / "out"
    assert summary["engine"] == "ray" and local_summary["engine"] == "local"
    assert (summary["coded"], summary["errors"]) == (local_summary["coded"], local_summary["errors"]) == (CASES, 3)
    assert _results(out) == _results(local_out)
    assert _concurrency(out) == _concurrency(local_out)  # the provider-day sweep over cases coded on two actors
    assert _csv(out) == _csv(local_out)
    assert summary["concurrency"] == local_summary["concurrency"] and summary["concurrency"]["conflicts"] > 0
    pages = sorted(p.name for p in (out / "timelines").iterdir())
    assert pages == sorted(p.name for p in (local_out / "timelines").iterdir()) and "index.html" in pages
    progress = stream.getvalue()
    assert f"{CASES + 3}/{CASES + 3}" in progress and "notes/s" in progress and "errors 3" in progress
    assert "Patient" not in progress
    assert not any(p.name.startswith(".") for p in out.iterdir())  # lock, id ledger and sweep store removed


def _coder_processes() -> list[psutil.Process]:
    """This test session's Ray actor processes that code cases (Ray titles them ray::Coder)."""
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if any("ray::Coder" in part for part in child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_a_killed_worker_is_retried_and_the_batch_completes(ray_instance, local_run, tmp_path):
    source, local_out, _ = local_run
    out = tmp_path / "out"
    killed: list[int] = []

    def kill_one_worker_part_way():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _lines(out / "results.jsonl") < 30:
            time.sleep(0.05)
        written = _lines(out / "results.jsonl")
        victims = _coder_processes()
        if victims and written < CASES:
            victims[0].send_signal(signal.SIGKILL)
            killed.append(written)

    killer = threading.Thread(target=kill_one_worker_part_way)
    killer.start()
    summary = run_batch(source, out, workers=2, chunksize=4, progress_stream=io.StringIO(), engine="ray",
                        ray_options={"task_timeout": 60})
    killer.join()
    assert killed and killed[0] < CASES, "no worker was killed while the batch was running"
    assert _results(out) == _results(local_out)  # every case once, none lost to the dead worker
    assert summary["coded"] + summary["errors"] == CASES + 3 and summary["ray"]["failed_cases"] == 0


def test_a_run_killed_part_way_resumes_without_losing_or_duplicating_a_case(ray_instance, local_run, tmp_path):
    source, local_out, _ = local_run
    out = tmp_path / "out"
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    env.pop("RAY_ADDRESS", None)  # the command starts (and here loses) its own local instance
    command = [sys.executable, "-m", "assistant", "batch", str(source), "--out", str(out), "--engine", "ray",
               "--workers", "2", "--chunksize", "4", "--timelines", "none"]
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and _lines(out / "results.jsonl") < 40 and child.poll() is None:
            time.sleep(0.05)
        assert child.poll() is None, "the batch finished before it could be killed"
    finally:
        os.killpg(child.pid, signal.SIGKILL)  # the driver and the Ray instance it started
        child.wait(timeout=30)
    finished = _lines(out / "results.jsonl")
    assert 0 < finished < CASES
    summary = run_batch(source, out, workers=2, chunksize=8, progress_stream=io.StringIO(), engine="ray")
    assert summary["skipped_finished"] >= finished - 1  # a half-written last line is coded again
    assert summary["skipped_finished"] + summary["coded"] + summary["errors"] == CASES + 3
    assert _results(out) == _results(local_out)  # each case exactly once (_results fails on a repeat)
    assert _csv(out) == _csv(local_out) and _concurrency(out) == _concurrency(local_out)


def test_llm_batch_bounds_requests_across_actors_shares_the_cache_and_sends_no_identifier(ray_instance, llm, tmp_path):
    from tests.llm_replay_server import careful
    from tests.test_batch import DAY

    lock, state = threading.Lock(), {"now": 0, "peak": 0}

    def slow_model(request, number):  # a model that takes a while: two actors would overlap without the gate
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        try:
            time.sleep(0.3)
            return careful(request, number)
        finally:
            with lock:
                state["now"] -= 1

    server = llm(slow_model, concurrency=1, timeout=10)  # ASSISTANT_LLM_CONCURRENCY=1: one request in the cluster
    source = tmp_path / "day.jsonl"
    source.write_text("".join(json.dumps({"id": i, "note": n, "payer": "medicare"}) + "\n" for i, n, _, _ in DAY))
    summary = run_batch(source, tmp_path / "out", workers=2, chunksize=1, proposer="llm", engine="ray",
                        progress_stream=io.StringIO())
    records = _results(tmp_path / "out")
    assert {r["proposer"] for r in records.values()} == {"llm"} and len(records) == len(DAY)
    assert state["peak"] == 1 and summary["ray"]["llm_gate"] == {"limit": 1, "peak_in_flight": 1}
    asked = len(server.bodies)
    assert asked  # fewer than the cases: notes that redact to the same messages are asked once, by either actor
    for body in server.bodies:  # the notes' MRNs, birth dates and patient name never leave the machine
        text = body.decode("utf-8", errors="replace")
        for identifier in ("5509812", "6011298", "07/21/1980", "09/19/1984", "Test Patient"):
            assert identifier not in text
    # a second batch of the same cases: every actor finds the answers in the project database's cache
    again = run_batch(source, tmp_path / "out2", workers=2, chunksize=1, proposer="llm", engine="ray",
                      progress_stream=io.StringIO())
    assert len(server.bodies) == asked and again["coded"] == len(DAY)
    assert _results(tmp_path / "out2") == records


def test_a_hung_worker_is_replaced_and_its_cases_end_as_error_rows_not_a_hang(ray_instance, llm, tmp_path):
    from tests.llm_replay_server import careful
    from tests.test_batch import DAY

    def model_that_hangs_on_one_case(request, number):
        reply = careful(request, number)
        if "isthmusectomy" in json.dumps(request) and "07:00" in json.dumps(request):
            reply.sleep = 60  # this one request never comes back in time
        return reply

    llm(model_that_hangs_on_one_case, concurrency=4, timeout=90)
    cases = [(i, n) for i, n, _, _ in DAY if i in ("patel-1room", "kim-aa", "lee-aa")]
    source = tmp_path / "few.jsonl"
    source.write_text("".join(json.dumps({"id": i, "note": n}) + "\n" for i, n in cases))
    started = time.monotonic()
    summary = run_batch(source, tmp_path / "out", workers=2, chunksize=1, proposer="llm", engine="ray",
                        progress_stream=io.StringIO(), ray_options={"task_timeout": 3})
    assert time.monotonic() - started < 60  # well before the hung request would have answered
    records = _results(tmp_path / "out")
    hung = records["patel-1room"]
    assert hung["status"] == "error" and "failed 3 times (no progress in 3 s)" in hung["error"]
    assert records["kim-aa"]["status"] == records["lee-aa"]["status"] == "coded"
    assert summary["ray"]["replaced_actors"] == 3 and summary["ray"]["requeued_chunks"] == 2
