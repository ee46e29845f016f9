"""Runs a batch: stream cases -> worker processes -> results.jsonl (resumable) -> concurrency pass -> CSV."""
from __future__ import annotations

import fcntl
import multiprocessing
import os
import threading
import time
from pathlib import Path
from typing import Iterator

from assistant.batch import worker
from assistant.batch.concurrency_pass import run_concurrency
from assistant.batch.inputs import Case, count_cases, read_cases
from assistant.batch.output import RESULTS_JSONL, IdLedger, ResultsWriter
from assistant.batch.progress import Progress
from assistant.models import InputError


def _pending(cases: Iterator[Case], ledger: IdLedger, counters: dict, progress: Progress) -> Iterator[Case]:
    """Cases not finished yet; a finished or repeated id is skipped (and leaves the ETA)."""
    for case in cases:
        if not ledger.add_if_new(case.id):
            counters["skipped"] += 1
            progress.total -= 1
            continue
        yield case


def _bounded(cases: Iterator[Case], slots: threading.Semaphore) -> Iterator[Case]:
    """Back-pressure: Pool.imap would otherwise read the whole input into its task queue."""
    for case in cases:
        slots.acquire()
        yield case


def _code_all(cases: Iterator[Case], record, workers: int, proposer: str, chunksize: int) -> None:
    if workers == 1:
        worker.init_worker(proposer)
        for case in cases:
            _, line, failed = worker.code_case(case)
            record(line, failed)
        return
    slots = threading.Semaphore(workers * chunksize * 4)
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=worker.init_worker, initargs=(proposer,)) as pool:
        for _, line, failed in pool.imap_unordered(worker.code_case, _bounded(cases, slots), chunksize=chunksize):
            slots.release()
            record(line, failed)


LOCK_FILE = ".batch.lock"


def _lock(out: Path):
    """An exclusive lock on the output folder: a second run on the same --out would write every id twice.
    The lock file is removed when the run ends; a lock taken on a file removed meanwhile is taken again."""
    path = out / LOCK_FILE
    while True:
        handle = open(path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise InputError(f"another batch run{f' (pid {holder})' if holder else ''} is writing to {out}; "
                             "wait for it to finish or use another --out") from None
        try:
            if os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
                break
        except FileNotFoundError:
            pass
        handle.close()  # the previous run removed the file between our open and our lock
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle  # the lock lasts as long as the handle is open (and ends with the process)


def _unlock(out: Path, handle) -> None:
    (out / LOCK_FILE).unlink(missing_ok=True)  # while still holding it
    handle.close()


ENGINES = ("local", "ray")


def run_batch(source: Path, out: Path, workers: int | None = 1, proposer: str = "rules", chunksize: int = 16,
              timelines: str = "all", progress_stream=None, engine: str = "local",
              ray_options: dict | None = None) -> dict:
    """engine "ray": the same batch with the coding on Ray actors (ray_engine.py); ray_options are its
    address, task_timeout and llm_in_flight. workers None under Ray: one per CPU of the cluster."""
    if engine not in ENGINES:
        raise InputError(f"--engine must be one of {', '.join(ENGINES)}")
    if engine == "local" and workers is None:
        workers = os.cpu_count() or 1
    if workers is not None and workers < 1:
        raise InputError("--workers must be at least 1")
    if engine == "ray":
        from assistant.batch.ray_engine import import_ray

        import_ray()  # a clear error before any work when Ray is not installed
    total = count_cases(source)  # also checks the input kind and the CSV header before any work
    out.mkdir(parents=True, exist_ok=True)
    lock = _lock(out)
    try:
        def code_all(cases, record):
            if engine == "local":
                _code_all(cases, record, workers, proposer, chunksize)
                return {"engine": "local", "workers": workers}
            from assistant.batch.ray_engine import code_all as code_on_ray

            return {"engine": "ray", **code_on_ray(cases, record, workers, proposer, chunksize, **(ray_options or {}))}

        return _run_locked(source, out, total, code_all, timelines, progress_stream)
    finally:
        _unlock(out, lock)


def _run_locked(source: Path, out: Path, total: int, code_all, timelines: str, progress_stream) -> dict:
    results = out / RESULTS_JSONL
    ledger = IdLedger(out / ".ids.sqlite", results)
    counters = {"skipped": 0, "coded": 0, "errors": 0}
    progress = Progress(total, stream=progress_stream)
    started = time.monotonic()
    try:
        cases = _pending(read_cases(source), ledger, counters, progress)
        with ResultsWriter(results) as writer:
            def record(line: str, failed: bool) -> None:
                writer.write_line(line)
                counters["errors" if failed else "coded"] += 1
                progress.advance(int(failed))

            engine = dict(code_all(cases, record))
    finally:
        ledger.close()
    progress.finish()
    coding_seconds = time.monotonic() - started
    concurrency = run_concurrency(out, timelines)
    seconds = time.monotonic() - started
    processed = counters["coded"] + counters["errors"]
    name, workers = engine.pop("engine"), engine.pop("workers")
    return {
        "input_cases": total, "coded": counters["coded"], "errors": counters["errors"],
            "skipped_finished": counters["skipped"],
        "workers": workers, "engine": name, "seconds": round(seconds, 2), "coding_seconds": round(coding_seconds, 2),
        "notes_per_second": round(processed / seconds, 1) if seconds and processed else 0.0,
        "concurrency": concurrency, "out": str(out),
        **({"ray": engine} if engine else {}),  # requeued chunks, replaced actors, the LLM gate
    }
