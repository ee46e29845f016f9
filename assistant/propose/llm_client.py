"""Talks to any OpenAI-compatible chat completions server and returns a validated LLMAnswer.

Structured output modes, tried in order and remembered per server:
  json_schema  chat.completions.parse with the LLMAnswer schema (OpenAI, Azure
               OpenAI, vLLM, Ollama >= 0.5, llama.cpp server, LM Studio)
  json_object  JSON mode, validated here (servers that reject json_schema)
  text         no response_format at all, the JSON object read from the text
A server that answers 400/422 to a mode moves on to the next one. A malformed
answer gets one repair retry. Timeouts, connection errors, 429 and 5xx are
retried with exponential backoff by the openai client (ASSISTANT_LLM_RETRIES).
"""
from __future__ import annotations

import json
import logging
import re
import threading
from functools import lru_cache

import openai
from pydantic import ValidationError

from assistant.propose.llm_schema import LLMAnswer
from assistant.settings import get_settings

log = logging.getLogger("assistant.llm")
for _name in ("openai", "httpx", "httpx2", "httpcore"):  # their DEBUG logs carry request bodies: case data
    logging.getLogger(_name).setLevel(logging.WARNING)

MODES = ("json_schema", "json_object", "text")
_mode_by_server: dict[str, str] = {}
_semaphore_lock = threading.Lock()
_semaphores: dict[int, threading.BoundedSemaphore] = {}
_request_gate = None  # a cluster-wide limit, installed in each worker by `batch --engine ray`

REPAIR_MESSAGE = (
    "Your previous answer was not a valid JSON object for the required schema ({problem}). "
    "Reply with only the corrected JSON object, no prose."
)


class LLMError(RuntimeError):
    """The LLM gave no usable answer; the pipeline falls back to the rules proposer."""


class LLMRefusal(LLMError):
    pass


class LLMTruncated(LLMError):
    pass


class LLMMalformedAnswer(LLMError):
    pass


class LLMNotConfigured(LLMError):
    pass


def set_request_gate(gate) -> None:
    """Replaces the process-wide limit with a context manager shared by many processes (batch/ray_engine.py)."""
    global _request_gate
    _request_gate = gate


def concurrency_limit():
    """One limit on requests in flight (ASSISTANT_LLM_CONCURRENCY): per process, or cluster-wide under Ray."""
    if _request_gate is not None:
        return _request_gate
    limit = max(1, get_settings().llm_concurrency)
    with _semaphore_lock:
        return _semaphores.setdefault(limit, threading.BoundedSemaphore(limit))


@lru_cache(maxsize=4)
def _client(base_url: str, api_key: str, timeout: float, retries: int) -> openai.OpenAI:
    return openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=retries)


def client() -> openai.OpenAI:
    s = get_settings()
    if not s.llm_configured:
        raise LLMNotConfigured("set OPENAI_BASE_URL and ASSISTANT_LLM_MODEL")
    # local servers (Ollama, vLLM, llama.cpp) ignore the key but the client needs one
    return _client(s.llm_base_url, s.llm_api_key or "not-needed", s.llm_timeout_seconds, s.llm_max_retries)


def read_answer(content: str | None) -> LLMAnswer:
    """The JSON object in a reply (code fences and prose around it tolerated), validated."""
    if not content or not content.strip():
        raise LLMMalformedAnswer("empty answer")
    text = content.strip()
    fenced = re.search(r"```(?:json)?\s*(\{.*\})\s*```", text, re.S)
    if fenced:
        text = fenced.group(1)
    elif not text.startswith("{"):
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end <= start:
            raise LLMMalformedAnswer("no JSON object in the answer")
        text = text[start:end + 1]
    try:
        return LLMAnswer.model_validate_json(text)
    except ValidationError as error:
        raise LLMMalformedAnswer(_problem(error)) from None


def _problem(error: ValidationError) -> str:
    """A short description of what was wrong, without echoing any value."""
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(p) for p in item.get("loc", ())) or "answer"
        parts.append(f"{where}: {item.get('type')}")
    return "; ".join(parts)


def _complete(api: openai.OpenAI, model: str, messages: list[dict], mode: str) -> LLMAnswer:
    if mode == "json_schema":
        try:
            completion = api.chat.completions.parse(model=model, messages=messages, response_format=LLMAnswer,
                                                    temperature=0)
        except openai.LengthFinishReasonError:
            raise LLMTruncated("the answer was cut off (finish_reason=length)") from None
        except openai.ContentFilterFinishReasonError:
            raise LLMRefusal("the server's content filter stopped the answer") from None
        except ValidationError as error:
            raise LLMMalformedAnswer(_problem(error)) from None
        except json.JSONDecodeError:
            raise LLMMalformedAnswer("invalid JSON") from None
        if not completion.choices:
            raise LLMMalformedAnswer("no choices in the response")
        message = completion.choices[0].message
        if message.refusal:
            raise LLMRefusal("the model refused")
        if message.parsed is None:
            raise LLMMalformedAnswer("no parsed answer")
        return message.parsed
    extra = {"response_format": {"type": "json_object"}} if mode == "json_object" else {}
    completion = api.chat.completions.create(model=model, messages=messages, temperature=0, **extra)
    if not completion.choices:
        raise LLMMalformedAnswer("no choices in the response")
    choice = completion.choices[0]
    if choice.finish_reason == "length":
        raise LLMTruncated("the answer was cut off (finish_reason=length)")
    if getattr(choice.message, "refusal", None):
        raise LLMRefusal("the model refused")
    return read_answer(choice.message.content)


def _complete_with_repair(api: openai.OpenAI, model: str, messages: list[dict], mode: str) -> LLMAnswer:
    try:
        return _complete(api, model, messages, mode)
    except LLMMalformedAnswer as error:
        log.info("LLM answer malformed in %s mode (%s); one repair retry", mode, error)
        repair = messages + [{"role": "user", "content": REPAIR_MESSAGE.format(problem=error)}]
        return _complete(api, model, repair, mode)


def ask(messages: list[dict]) -> tuple[LLMAnswer, str]:
    """The validated answer and the structured-output mode that produced it."""
    settings = get_settings()
    api, model, server = client(), settings.llm_model, settings.llm_base_url
    start = MODES.index(_mode_by_server.get(server, MODES[0]))
    for mode in MODES[start:]:
        try:
            with concurrency_limit():
                answer = _complete_with_repair(api, model, messages, mode)
        except (openai.BadRequestError, openai.UnprocessableEntityError) as error:
            if mode == MODES[-1]:
                raise
            log.info("server rejected %s mode (HTTP %s); trying the next mode", mode, error.status_code)
            continue
        _mode_by_server[server] = mode
        return answer, mode
    raise LLMError("no structured output mode worked")  # pragma: no cover - the loop returns or raises
