"""One settings object read from the environment, with defaults that work offline."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _float_or_none(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Settings:
    rules_dir: str
    prompts_dir: str
    base_units_file: str | None
    database_url: str
    max_note_bytes: int
    llm_base_url: str | None
    llm_api_key: str | None
    llm_model: str | None
    llm_timeout_seconds: float
    llm_max_retries: int
    llm_concurrency: int
    commercial_conversion_factor: float | None
    app_auth: str | None

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    data_dir = Path(os.environ.get("ASSISTANT_DATA_DIR", PROJECT_ROOT / "data"))
    return Settings(
        rules_dir=os.environ.get("ASSISTANT_RULES_DIR", str(PROJECT_ROOT / "rules")),
        prompts_dir=os.environ.get("ASSISTANT_PROMPTS_DIR", str(PROJECT_ROOT / "prompts")),
        base_units_file=os.environ.get("ASSISTANT_BASE_UNITS_FILE") or None,
        database_url=os.environ.get("ASSISTANT_DATABASE_URL", f"sqlite:///{data_dir / 'assistant.db'}"),
        max_note_bytes=int(os.environ.get("ASSISTANT_MAX_NOTE_BYTES", 1_000_000)),
        llm_base_url=os.environ.get("OPENAI_BASE_URL") or None,
        llm_api_key=os.environ.get("OPENAI_API_KEY") or None,
        llm_model=os.environ.get("ASSISTANT_LLM_MODEL") or None,
        llm_timeout_seconds=float(os.environ.get("ASSISTANT_LLM_TIMEOUT", 30)),
        llm_max_retries=int(os.environ.get("ASSISTANT_LLM_RETRIES", 2)),
        llm_concurrency=int(os.environ.get("ASSISTANT_LLM_CONCURRENCY", 4)),
        commercial_conversion_factor=_float_or_none(os.environ.get("ASSISTANT_COMMERCIAL_CF")),
        app_auth=os.environ.get("ASSISTANT_APP_AUTH") or None,
    )
