"""Text that came from a note or an LLM, made safe for where it goes: a terminal or a spreadsheet cell."""
from __future__ import annotations

import os
import re

# ESC sequences (CSI, OSC, ...), other C0/C1 controls and bidi overrides; tab and newline are kept
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str) -> str:
    """No escape sequence or control character reaches the terminal (a note could retitle it, hide lines, ...)."""
    return _CONTROL.sub("", _ANSI.sub("", text.replace("\r\n", "\n")))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def for_spreadsheet(value):
    """A CSV cell a spreadsheet will not run as a formula (OWASP 'CSV injection'): a leading =, +, -, @, tab or
    CR gets a leading apostrophe. Numbers stay numbers (-5.0 is a value, not a formula)."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if re.fullmatch(r"[+-]?\d+(?:\.\d+)?", value):
        return value
    return "'" + value


def private_open(path: str, mode: str = "w", **kwargs):
    """Opens a file for writing created 0600 (exports and downloads hold patient data)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    descriptor = os.open(path, flags, 0o600)
    os.chmod(path, 0o600)  # an existing file keeps its mode otherwise
    return os.fdopen(descriptor, mode, **kwargs)
