"""The LLM proposer: redacted note + age + a wide code shortlist -> Proposal(source="llm").

Every choice the model makes is a *claim* with verbatim quotes of the note: the
validator checks the quotes (LLM_EVIDENCE_REQUIRED first, then every other rule,
LLM_RULES_DISAGREE last) and explains each change. Any failure raises, and the
pipeline falls back to the rules.
"""
from __future__ import annotations

import logging
import time

from assistant.knowledge import load_knowledge
from assistant.models import Facts, Proposal
from assistant.propose import propose_with_rules
from assistant.coding_logic import candidate_codes
from assistant.propose.llm_client import LLMError, LLMNotConfigured, ask
from assistant.propose.llm_prompt import build_messages, case_payload, code_list, load_prompt, shortlist
from assistant.propose.llm_schema import LLMAnswer, to_proposal
from assistant.redact import redact
from assistant.settings import get_settings
from assistant.store import llm_cache

__all__ = ["propose_with_llm", "prepare_messages", "LLMError"]

log = logging.getLogger("assistant.llm")


def prepare_messages(facts: Facts, note: str, baseline: Proposal | None = None) -> tuple[str, list[dict]]:
    """(prompt version, chat messages) for one case; only redacted text is in the messages."""
    knowledge = load_knowledge()
    template = load_prompt()
    redaction = redact(note)
    codes = code_list(knowledge, shortlist(facts, note, knowledge, candidate_codes(facts, knowledge)))
    return template.version, build_messages(template, case_payload(facts, redaction, codes))


def propose_with_llm(facts: Facts, note: str) -> Proposal:
    settings = get_settings()
    if not settings.llm_configured:
        raise LLMNotConfigured("set OPENAI_BASE_URL and ASSISTANT_LLM_MODEL")
    baseline = propose_with_rules(facts)
    version, messages = prepare_messages(facts, note, baseline)
    key = llm_cache.cache_key(version, settings.llm_model, messages)
    cached = llm_cache.lookup(key)
    if cached is not None:
        log.info("LLM answer from cache (prompt %s)", version)
        return to_proposal(LLMAnswer.model_validate_json(cached), baseline)
    started = time.perf_counter()
    answer, mode = ask(messages)
    log.info("LLM answered in %.2fs (prompt %s, %s mode)", time.perf_counter() - started, version, mode)
    llm_cache.store(key, version, settings.llm_model, answer.model_dump_json())
    return to_proposal(answer, baseline)
