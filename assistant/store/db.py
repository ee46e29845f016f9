"""The project database: engine, declarative base and sessions.

ASSISTANT_DATABASE_URL takes any SQLAlchemy URL; the default is a SQLite file in
the data folder. Tables live in the modules that own them (review queue, LLM
cache) and are created on first use.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from assistant.settings import get_settings


class Base(DeclarativeBase):
    pass


BUSY_TIMEOUT_SECONDS = 30  # a writer waits this long for another's lock before SQLite reports "database is locked"


def _private_sqlite_file(path: Path) -> None:
    """The database holds note text: created 0600 (SQLite gives its -wal/-shm files the same mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if companion.exists():
            os.chmod(companion, 0o600)


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    url = url or get_settings().database_url
    connect_args = {}
    if url.startswith("sqlite:///"):
        file = url.removeprefix("sqlite:///")
        if file and file != ":memory:":
            _private_sqlite_file(Path(file))
        connect_args["timeout"] = BUSY_TIMEOUT_SECONDS
    engine = create_engine(url, future=True, pool_pre_ping=True, connect_args=connect_args)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):  # WAL: readers do not block the writer
            cursor = connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
    return engine


def create_tables(engine: Engine | None = None) -> Engine:
    engine = engine or get_engine()
    Base.metadata.create_all(engine)
    return engine


def session_factory(url: str | None = None) -> sessionmaker:
    engine = create_tables(get_engine(url))
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)
