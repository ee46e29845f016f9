"""Shared fixtures: a real throwaway PostgreSQL server; OpenAI-compatible replay servers on 127.0.0.1 (`llm`).

postgres_server starts a temporary cluster with the Debian packages' initdb/pg_ctl
(/usr/lib/postgresql/*/bin) on 127.0.0.1 and a free port, owned by the `postgres`
user when the tests run as root. ASSISTANT_TEST_POSTGRES_URL (a server URL such as
postgresql+psycopg2://user:pw@127.0.0.1:5432/postgres) uses an existing server
instead. Without either, the PostgreSQL tests skip with the reason.
"""
from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile

import pytest

from assistant.settings import get_settings
from tests.llm_replay_server import ReplayServer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    runuser = shutil.which("runuser")
    return [runuser, "-u", "postgres", "--", *args] if runuser else ["su", "postgres", "-c", " ".join(args)]


@pytest.fixture(scope="session")
def postgres_server():
    """Yields a server URL without a database name (append one)."""
    given = os.environ.get("ASSISTANT_TEST_POSTGRES_URL")
    if given:
        yield given.rsplit("/", 1)[0]
        return
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2])
                     if p.split("/")[-2].isdigit() else 0)
    if not bindirs or not os.path.exists(os.path.join(bindirs[-1], "pg_ctl")):
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql) and "
                    "ASSISTANT_TEST_POSTGRES_URL is not set")
    bindir = bindirs[-1]
    if os.geteuid() == 0:
        try:
            import pwd
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to own a temporary cluster")
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        pytest.skip("psycopg2 is not installed (pip install psycopg2-binary)")
    datadir = tempfile.mkdtemp(prefix="assistant-pg-")
    if os.geteuid() == 0:
        os.chown(datadir, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    log = os.path.join(datadir, "server.log")
    init = subprocess.run(_as_postgres([f"{bindir}/initdb", "-D", f"{datadir}/data", "-U", "postgres", "--auth=trust",
                                        "-E", "UTF8", "--no-sync"]),
                          capture_output=True, text=True)
    if init.returncode != 0:
        shutil.rmtree(datadir, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr.strip()[-300:]}")
    start = subprocess.run(_as_postgres([f"{bindir}/pg_ctl", "-D", f"{datadir}/data", "-l", log, "-w", "-t", "30",
                                         "-o", f"-h 127.0.0.1 -p {port} -k {datadir} -c fsync=off", "start"]),
                           capture_output=True, text=True)
    if start.returncode != 0:
        detail = open(log).read()[-300:] if os.path.exists(log) else start.stderr[-300:]
        shutil.rmtree(datadir, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not start: {detail.strip()}")
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres([f"{bindir}/pg_ctl", "-D", f"{datadir}/data", "-m", "fast", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(datadir, ignore_errors=True)


_database_numbers = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty database on the test server for each test."""
    import psycopg2

    name = f"assistant_test_{os.getpid()}_{next(_database_numbers)}"
    dsn = postgres_server.replace("postgresql+psycopg2://", "postgresql://") + "/postgres"
    connection = psycopg2.connect(dsn)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    yield f"{postgres_server}/{name}"


@pytest.fixture
def llm(tmp_path, monkeypatch):
    """Starts replay servers and points the assistant at the latest one (throwaway cache database)."""
    servers: list[ReplayServer] = []
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", f"sqlite:///{tmp_path}/llm.db")
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")

    def start(script, model="replay-model", retries=0, timeout=5.0, concurrency=4, **options) -> ReplayServer:
        server = ReplayServer(script, **options).start()
        servers.append(server)
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("ASSISTANT_LLM_MODEL", model)
        monkeypatch.setenv("ASSISTANT_LLM_RETRIES", str(retries))
        monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", str(timeout))
        monkeypatch.setenv("ASSISTANT_LLM_CONCURRENCY", str(concurrency))
        get_settings.cache_clear()
        return server

    yield start
    for server in servers:
        server.stop()
    get_settings.cache_clear()
