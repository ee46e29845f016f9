"""What the workspace keeps of a patient's note outside the database, and who may sign in.

- Files: the process umask is 077, so every upload/download copy Gradio or the app writes is 0600 in
  0700 folders; Gradio's temporary folder is a private folder of this process, removed at exit.
- Browser: Gradio's run history (each pasted note kept in localStorage) is off: see launch(run_history=False).
- Login: failed attempts are rate-limited per user name and in total (Gradio's own /login has no limit).
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
import threading
import time
from collections import deque

MAX_FAILURES_PER_USER = 5  # within WINDOW_SECONDS; then that user name is refused for LOCK_SECONDS
MAX_FAILURES_TOTAL = 50  # all user names together (guessing many names)
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60


def private_files() -> str:
    """Umask 077 and a private Gradio temporary folder (0700) removed when the app stops; returns the folder."""
    os.umask(0o077)
    parent = os.environ.get("GRADIO_TEMP_DIR") or None
    if parent:
        os.makedirs(parent, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="assistant-gradio-", dir=parent)
    os.environ["GRADIO_TEMP_DIR"] = folder  # read by gradio when it is imported: call this first
    tempfile.tempdir = folder  # the app's own downloads (assistant.app.exports) and any other temporary file
    atexit.register(shutil.rmtree, folder, True)

    def stop(_signum, _frame):  # SIGTERM ends the server like Ctrl-C, so the atexit clean-up runs
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
    return folder


class LoginGuard:
    """Gradio auth callable: checks a user's scrypt hash (assistant.app.users), refuses a user name after too many
    failures (even with the right password, until the lock ends) and everyone after too many in total."""

    def __init__(self, users: dict | list[tuple[str, str]], clock=time.monotonic):
        from assistant.app.users import User, hash_password

        if not isinstance(users, dict):  # (name, password) pairs: coders
            users = {name: User(name, "coder", hash_password(password)) for name, password in users}
        self._users = dict(users)
        self._clock = clock
        self._failures: dict[str, deque] = {}
        self._all: deque = deque()
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()
        self._dummy = hash_password("no such user")  # an unknown name costs the same time as a known one

    def _prune(self, times: deque, now: float) -> None:
        while times and times[0] < now - WINDOW_SECONDS:
            times.popleft()

    def locked(self, username: str) -> bool:
        now = self._clock()
        with self._lock:
            self._prune(self._all, now)
            return self._locked_until.get(username.lower(), 0) > now or len(self._all) >= MAX_FAILURES_TOTAL

    def role(self, username: str | None) -> str | None:
        user = self._users.get((username or "").strip())
        return user.role if user else None

    def __call__(self, username: str, password: str) -> bool:
        from assistant.app.users import verify_password

        key = (username or "").strip().lower()
        if self.locked(key):
            return False
        user = self._users.get((username or "").strip())
        ok = verify_password(password or "", user.password_hash if user else self._dummy) and user is not None
        if ok:
            return True
        now = self._clock()
        with self._lock:
            failures = self._failures.setdefault(key, deque())
            self._prune(failures, now)
            failures.append(now)
            self._all.append(now)
            if len(failures) >= MAX_FAILURES_PER_USER:
                self._locked_until[key] = now + LOCK_SECONDS
                failures.clear()
        return False
