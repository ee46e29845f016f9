"""The project database: engine, declarative base and sessions.

ASSISTANT_DATABASE_URL takes any SQLAlchemy URL; the default is a SQLite file in
the data folder. Tables live in the modules that own them (review queue, LLM
cache) and are created on first use.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from assistant.settings import get_settings


class Base(DeclarativeBase):
    pass


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    url = url or get_settings().database_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):  # WAL: readers do not block the writer
            cursor = connection.cursor()
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
