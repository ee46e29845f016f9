"""Who may sign in and with which role: coder, auditor or admin.

Two sources, either or both:
- ASSISTANT_APP_AUTH="ann=auditor:pw1,cody=coder:pw2" (a role before the colon; `user:password` is a coder).
  The passwords are hashed when the app starts and the plain text is not kept.
- ASSISTANT_APP_USERS=/path/users.txt: one `name role scrypt$...` line per user, hashes only (make a line with
  `python app.py --hash-user NAME ROLE`, which asks for the password).

Passwords are checked with hashlib.scrypt (n=2**14, r=8, p=1, 16-byte salt) and compared in constant time.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from assistant.store.review import ROLES

SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)
    return "scrypt${n}${r}${p}${salt}${digest}".format(
        **SCRYPT, salt=base64.b64encode(salt).decode(), digest=base64.b64encode(digest).decode())


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt((password or "").encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def _role(role: str, where: str) -> str:
    role = role.strip().lower()
    if role not in ROLES:
        raise SystemExit(f"{where}: unknown role '{role}'; roles are {', '.join(ROLES)}")
    return role


def parse_auth(value: str | None) -> list[tuple[str, str, str]] | None:
    """ASSISTANT_APP_AUTH -> (user, role, password) triples; None turns login off from this source."""
    if not value:
        return None
    triples = []
    for item in value.split(","):
        user, sep, password = item.strip().partition(":")
        name, _, role = user.partition("=")
        if not sep or not name.strip() or not password:
            raise SystemExit("ASSISTANT_APP_AUTH must be user=role:password (comma-separated for several users)")
        triples.append((name.strip(), _role(role or "coder", "ASSISTANT_APP_AUTH"), password))
    return triples


def read_users_file(path: str) -> list[User]:
    users = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            if len(parts) != 3 or not parts[2].startswith("scrypt$"):
                raise SystemExit(f"{path} line {number}: expected 'name role scrypt$...' "
                                 "(python app.py --hash-user NAME ROLE makes one)")
            users.append(User(parts[0], _role(parts[1], f"{path} line {number}"), parts[2]))
    return users


def load_users(auth: str | None, users_file: str | None) -> dict[str, User] | None:
    """Everyone who may sign in, by name; None when login is off (single-user mode)."""
    users: dict[str, User] = {}
    for user in read_users_file(users_file) if users_file else []:
        users[user.name] = user
    for name, role, password in parse_auth(auth) or []:
        users[name] = User(name, role, hash_password(password))
    return users or None
