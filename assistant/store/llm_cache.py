"""Response cache for the LLM proposer, in the project database.

Keyed by sha256 of (prompt version, model, redacted messages): a re-run of the
same case with the same prompt and model is free and gives the same answer.
Only redacted input enters the key; the stored value is the validated answer.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from datetime import datetime, timezone
from functools import lru_cache

from sqlalchemy import DateTime, String, Text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from assistant.settings import get_settings
from assistant.store.db import Base, session_factory


class LLMCacheEntry(Base):
    __tablename__ = "llm_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    prompt_version: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(200))
    answer: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=lambda: datetime.now(timezone.utc))


def cache_key(prompt_version: str, model: str, messages: list[dict]) -> str:
    material = json.dumps([prompt_version, model, messages], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


log = logging.getLogger("assistant.llm")
_lock = threading.Lock()


@lru_cache(maxsize=8)
def _sessions_for(url: str) -> sessionmaker:
    return session_factory(url)


def _sessions() -> sessionmaker:
    with _lock:  # batch workers arrive together: create the table once
        return _sessions_for(get_settings().database_url)


def lookup(key: str) -> str | None:
    """The stored answer, or None; a cache that cannot be read is a miss, never a failure."""
    try:
        with _sessions()() as session:
            entry = session.get(LLMCacheEntry, key)
            return entry.answer if entry else None
    except SQLAlchemyError as error:
        log.warning("LLM cache lookup failed (%s); asking the server", type(error).__name__)
        return None


def store(key: str, prompt_version: str, model: str, answer: str) -> None:
    try:
        with _sessions()() as session:
            if session.get(LLMCacheEntry, key) is not None:
                return
            session.add(LLMCacheEntry(key=key, prompt_version=prompt_version, model=model, answer=answer))
            try:
                session.commit()
            except IntegrityError:  # another worker stored the same answer first
                session.rollback()
    except SQLAlchemyError as error:
        log.warning("LLM cache store failed (%s); the answer is used but not cached", type(error).__name__)
