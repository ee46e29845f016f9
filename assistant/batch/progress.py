"""A plain-text progress bar on stderr: done/total, rate, ETA, errors. Never prints case content."""
from __future__ import annotations

import sys
import time


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    def __init__(self, total: int, stream=None, every: float = 0.5, width: int = 28):
        self.total, self.done, self.errors = total, 0, 0
        self.stream = stream if stream is not None else sys.stderr
        self.every, self.width = every, width
        self.started = time.monotonic()
        self._last = 0.0
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        if not self._tty:
            self.every = max(every, 5.0)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        share = self.done / self.total if self.total else 1.0
        filled = int(self.width * min(share, 1.0))
        eta = (self.total - self.done) / rate if rate > 0 else 0
        return (f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {share:4.0%} "
                f"{rate:6.1f} notes/s  ETA {_clock(eta)}  errors {self.errors}")

    def advance(self, errors: int = 0) -> None:
        self.done += 1
        self.errors += errors
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self._emit()

    def _emit(self) -> None:
        self.stream.write(("\r" if self._tty else "") + self.line() + ("" if self._tty else "\n"))
        self.stream.flush()

    def finish(self) -> None:
        self._emit()
        if self._tty:
            self.stream.write("\n")
        self.stream.flush()
