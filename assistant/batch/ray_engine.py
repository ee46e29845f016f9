"""`batch --engine ray`: the cases are coded by a pool of Ray actors, each building the NLP pipeline once.

Only the coding moves to Ray. The driver keeps the local runner's reading, id ledger (resume),
results writer, progress line and the concurrency pass over the gathered results (runner.py).
Chunks of cases go to the actors a few at a time (back-pressure); a chunk is written only when its
results come back, so a retried or re-queued chunk can never write a case twice.

Failures: an actor killed mid-chunk is restarted by Ray (max_restarts) and the chunk retried on it
(max_task_retries). When Ray gives up, or an actor makes no progress for --task-timeout seconds,
the actor is replaced and its chunks are re-queued; a chunk that fails CHUNK_ATTEMPTS times becomes
error rows (one line, no note). The batch never waits on a dead or hung worker.

LLM requests in flight are bounded across the whole cluster by one small gate actor (LLMGate).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import threading
import time
import uuid
from collections import deque
from typing import Callable, Iterator

from assistant.batch import worker
from assistant.batch.inputs import Case
from assistant.batch.record import error_record
from assistant.models import InputError

NAMESPACE = "assistant-batch"
ACTOR_RESTARTS = 3  # Ray restarts a killed actor this many times (rebuilding its pipeline)
TASK_RETRIES = 3  # and retries the chunk it was coding
CHUNK_ATTEMPTS = 3  # our own re-queues of a chunk when Ray gives up or the actor hangs
IN_FLIGHT_PER_ACTOR = 2  # one chunk coding, one waiting: the actor never idles on a round trip
DEFAULT_TASK_TIMEOUT = 600.0
START_TIMEOUT = 300.0  # an actor's constructor (pipeline build) may take this long, or --task-timeout if longer
FORWARDED_ENV = ("ASSISTANT_", "OPENAI_")  # the settings the actors need (database, LLM endpoint)
LOCAL_OBJECT_STORE_BYTES = 128 * 2**20  # results are small JSON lines: keep the local instance small


def import_ray():
    try:
        import ray
    except ImportError:
        raise InputError("--engine ray needs Ray: pip install -c constraints.txt '.[ray]'") from None
    return ray


class Coder:
    """One Ray actor: builds the pipeline and knowledge once, then codes chunks of cases."""

    def __init__(self, proposer: str, gate_name: str | None = None):
        from assistant.settings import get_settings

        get_settings.cache_clear()  # the forwarded environment, not a reused worker's
        if gate_name:  # by name: a handle argument would live in the object store, which a restart may not find
            import ray

            from assistant.propose import llm_client

            llm_client.set_request_gate(ClusterGate(ray.get_actor(gate_name, namespace=NAMESPACE)))
        worker.init_worker(proposer)

    def ready(self) -> str:
        import ray

        return ray.get_runtime_context().get_actor_id()

    def code(self, cases: list[Case]) -> list[tuple[str, str, bool]]:
        return [worker.code_case(case) for case in cases]


class LLMGate:
    """A cluster-wide bound on LLM requests in flight (an async actor: waiting callers cost nothing).
    Permits are leases: one held by a worker that died is taken back after lease_seconds."""

    def __init__(self, limit: int, lease_seconds: float):
        self._limit, self._lease = max(1, limit), lease_seconds
        self._held: dict[int, tuple[float, str]] = {}  # token -> (expiry, holder actor id)
        self._tokens = itertools.count(1)
        self.peak = 0

    async def acquire(self, holder: str) -> int:
        while True:
            now = time.monotonic()
            for token in [t for t, (expiry, _) in self._held.items() if expiry < now]:
                del self._held[token]
            if len(self._held) < self._limit:
                token = next(self._tokens)
                self._held[token] = (now + self._lease, holder)
                self.peak = max(self.peak, len(self._held))
                return token
            await asyncio.sleep(0.02)

    async def release(self, token: int) -> None:
        self._held.pop(token, None)

    async def forget(self, holder: str) -> None:
        """The driver killed this actor: its permits are free now, not when their lease ends."""
        for token in [t for t, (_, h) in self._held.items() if h == holder]:
            del self._held[token]

    async def stats(self) -> dict:
        return {"limit": self._limit, "peak_in_flight": self.peak}


class ClusterGate:
    """What llm_client.concurrency_limit() returns inside a Ray actor: a context manager on LLMGate."""

    def __init__(self, handle):
        import ray

        self._handle, self._local = handle, threading.local()
        self._holder = ray.get_runtime_context().get_actor_id()

    def __enter__(self):
        import ray

        self._local.token = ray.get(self._handle.acquire.remote(self._holder))
        return self

    def __exit__(self, *exc):
        self._handle.release.remote(self._local.token)


def _chunks(cases: Iterator[Case], size: int) -> Iterator[list[Case]]:
    while chunk := list(itertools.islice(cases, size)):
        yield chunk


def _connect(ray, address: str | None, workers: int | None) -> bool:
    """Joins --address / RAY_ADDRESS, or starts a local instance; True when this batch must stop it.
    An instance the caller already started (a notebook, the tests) is used and left running."""
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # nothing leaves the machine
    options = dict(namespace=NAMESPACE, log_to_driver=False, configure_logging=False)
    address = address or os.environ.get("RAY_ADDRESS")
    if address:
        ray.init(address=address, **options)
    else:
        ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                 object_store_memory=LOCAL_OBJECT_STORE_BYTES, **options)
    return True


def _lease_seconds() -> float:
    """Longest one LLM request can take (client timeout x attempts, one repair retry) plus slack."""
    from assistant.settings import get_settings

    settings = get_settings()
    return settings.llm_timeout_seconds * (settings.llm_max_retries + 1) * 2 + 10


def code_all(cases: Iterator[Case], record: Callable[[str, bool], None], workers: int | None, proposer: str,
             chunksize: int, address: str | None = None, task_timeout: float = DEFAULT_TASK_TIMEOUT,
             llm_in_flight: int | None = None) -> dict:
    """Codes every case on Ray actors, calling record(json line, failed) in completion order (on this thread)."""
    ray = import_ray()
    from assistant.settings import get_settings

    stop = _connect(ray, address, workers)
    pool = gate = gate_name = None
    try:
        if not workers:
            workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        env = {k: v for k, v in os.environ.items() if k.startswith(FORWARDED_ENV)}
        if proposer != "rules" and get_settings().llm_configured:
            limit = llm_in_flight or get_settings().llm_concurrency
            gate_name = f"llm-gate-{uuid.uuid4().hex}"
            gate = ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=-1)(LLMGate).options(
                name=gate_name, namespace=NAMESPACE).remote(limit, _lease_seconds())
        coder = ray.remote(num_cpus=1, max_restarts=ACTOR_RESTARTS, max_task_retries=TASK_RETRIES)(Coder).options(
            runtime_env={"env_vars": env} if env else None)
        forget = (lambda holder: gate.forget.remote(holder)) if gate is not None else (lambda holder: None)
        pool = _Pool(ray, lambda: coder.remote(proposer, gate_name), workers, record, task_timeout, forget)
        stats = pool.run(_chunks(cases, chunksize))
        if gate is not None:
            stats["llm_gate"] = ray.get(gate.stats.remote(), timeout=30)
        stats["workers"] = workers
        return stats
    finally:
        for actor in [*(pool.actors if pool else []), *([gate] if gate is not None else [])]:
            ray.kill(actor, no_restart=True)  # their CPUs go back to the cluster
        if stop:
            ray.shutdown()


class _Pool:
    """Hands chunks to the actors a few at a time and collects what comes back, in completion order."""

    def __init__(self, ray, start_actor: Callable, workers: int, record: Callable, task_timeout: float,
                 forget: Callable[[str], None]):
        self.ray, self.start_actor, self.record, self.timeout = ray, start_actor, record, task_timeout
        self.forget = forget  # frees a killed actor's LLM permits
        self.ids: list[str] = []
        self.start_timeout = max(task_timeout, START_TIMEOUT)
        self.actors = [start_actor() for _ in range(workers)]
        self.load = [0] * workers
        self.quiet_since = [time.monotonic()] * workers  # last completion, or when the actor became busy
        self.pending: dict = {}  # ref -> (actor index, actor handle, chunk, attempt)
        self.retry: deque = deque()
        self.stats = {"requeued_chunks": 0, "replaced_actors": 0, "failed_cases": 0}
        self._replacements_left = workers * ACTOR_RESTARTS

    def run(self, chunks: Iterator[list[Case]]) -> dict:
        ray = self.ray
        try:  # every actor builds its pipeline before work is handed out; a cluster without room fails here
            self.ids = ray.get([actor.ready.remote() for actor in self.actors], timeout=self.start_timeout)
        except ray.exceptions.GetTimeoutError:
            raise InputError(f"the Ray workers did not start within {self.start_timeout:.0f} s (does the cluster have "
                             f"{len(self.actors)} free CPUs?)") from None
        exhausted = False
        while True:
            exhausted = self._fill(chunks, exhausted)
            if not self.pending:
                return self.stats
            ready, _ = ray.wait(list(self.pending), num_returns=1, timeout=1.0)
            for ref in ready:
                index, actor, chunk, attempt = self.pending.pop(ref)
                if self.actors[index] is actor:
                    self.load[index] -= 1
                    self.quiet_since[index] = time.monotonic()
                try:
                    lines = ray.get(ref)
                except ray.exceptions.RayError as error:  # Ray gave up: this actor is dead for good
                    self._replace(index, actor)
                    self._give_back(chunk, attempt, type(error).__name__)
                    continue
                for _, line, failed in lines:
                    self.record(line, failed)
            self._check_hung()

    def _fill(self, chunks: Iterator[list[Case]], exhausted: bool) -> bool:
        for index, actor in enumerate(self.actors):
            while self.load[index] < IN_FLIGHT_PER_ACTOR:
                if self.retry:
                    chunk, attempt = self.retry.popleft()
                elif not exhausted and (chunk := next(chunks, None)) is not None:
                    attempt = 0
                else:
                    return True
                if self.load[index] == 0:
                    self.quiet_since[index] = time.monotonic()
                self.pending[actor.code.remote(chunk)] = (index, actor, chunk, attempt)
                self.load[index] += 1
        return exhausted

    def _give_back(self, chunk: list[Case], attempt: int, why: str) -> None:
        """The chunk again on another actor, or, after CHUNK_ATTEMPTS, one error row per case (no case lost)."""
        if attempt + 1 < CHUNK_ATTEMPTS:
            self.retry.append((chunk, attempt + 1))
            self.stats["requeued_chunks"] += 1
            return
        for case in chunk:
            why_line = f"the Ray worker coding this case failed {CHUNK_ATTEMPTS} times ({why})"
            self.record(json.dumps(error_record(case.id, case.payer, why_line)), True)
            self.stats["failed_cases"] += 1

    def _replace(self, index: int, actor) -> None:
        if self.actors[index] is not actor:
            return  # already replaced (its other chunks fail after it)
        if self._replacements_left <= 0:
            raise InputError("Ray workers keep dying (every replacement died too); see the Ray logs")
        self._replacements_left -= 1
        self.ray.kill(actor, no_restart=True)
        self.forget(self.ids[index])
        fresh = self.start_actor()
        try:  # its pipeline build must not count against --task-timeout (the others keep coding meanwhile)
            self.ids[index] = self.ray.get(fresh.ready.remote(), timeout=self.start_timeout)
        except self.ray.exceptions.GetTimeoutError:
            raise InputError(f"a replacement Ray worker did not start within {self.start_timeout:.0f} s") from None
        self.actors[index] = fresh
        self.load[index] = sum(1 for i, a, _, _ in self.pending.values() if i == index and a is self.actors[index])
        self.quiet_since[index] = time.monotonic()
        self.stats["replaced_actors"] += 1

    def _check_hung(self) -> None:
        """An actor with work that has finished nothing for task_timeout seconds is replaced, its chunks re-queued."""
        now = time.monotonic()
        for index, actor in enumerate(self.actors):
            if self.load[index] and now - self.quiet_since[index] > self.timeout:
                mine = [ref for ref, (_, a, _, _) in self.pending.items() if a is actor]  # in submission order
                self._replace(index, actor)
                _, _, chunk, attempt = self.pending.pop(mine[0])  # an actor runs its chunks in order: this one hung
                for ref in reversed(mine[1:]):  # the ones waiting behind it go first, their attempt not counted
                    _, _, waiting, tries = self.pending.pop(ref)
                    self.retry.appendleft((waiting, tries))
                self._give_back(chunk, attempt, f"no progress in {self.timeout:.0f} s")
