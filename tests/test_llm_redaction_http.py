"""Proof over real HTTP: none of the note's identifiers appears in any request body the LLM proposer sends."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.pipeline import code_note
from tests.llm_notes import LIPOMA, LIPOMA_IDENTIFIERS
from tests.llm_replay_server import Reply, careful
from tests.test_redact import IDENTIFIERS, NOTE


@pytest.fixture
def server_for(llm):
    return llm  # the shared replay-server fixture of tests/conftest.py


def _decoded(body: bytes) -> str:
    """Everything a body says, with JSON escapes undone (\\u00e9, \\/ ...)."""
    return json.dumps(json.loads(body), ensure_ascii=False)


def _assert_absent(bodies: list[bytes], identifiers: list[str]) -> None:
    assert bodies, "no request reached the server"
    for body in bodies:
        raw, text = body.decode("utf-8", errors="replace").lower(), _decoded(body).lower()
        for identifier in identifiers:
            assert identifier.lower() not in raw and identifier.lower() not in text, f"{identifier!r} left the machine"


@pytest.mark.parametrize("note, identifiers", [(LIPOMA, LIPOMA_IDENTIFIERS), (NOTE, IDENTIFIERS)],
                         ids=["lipoma", "identifier-rich"])
def test_no_identifier_in_any_request_body(server_for, note, identifiers):
    server = server_for(careful)
    result = code_note(note, proposer="llm")
    assert result.proposer == "llm"
    _assert_absent(server.bodies, identifiers)
    assert "[NAME]" in _decoded(server.bodies[0]) and "[DOB: age" in _decoded(server.bodies[0])


def test_no_identifier_on_the_fallback_and_repair_paths(server_for):
    """json_schema rejected -> JSON mode -> malformed answer -> repair retry: every body is clean."""
    server = server_for(lambda request, number: Reply("{broken") if number == 1 else careful(request, number),
                        reject_json_schema=True)
    assert code_note(NOTE, proposer="llm").proposer == "llm"
    assert server.count == 3
    _assert_absent(server.bodies, IDENTIFIERS)


def test_scenario_notes_send_no_dates_record_numbers_or_header_names(server_for):
    folder = Path(__file__).resolve().parent.parent / "eval" / "scenarios"
    scenarios = [json.loads(line) for file in sorted(folder.glob("*.jsonl")) for line in file.read_text().splitlines()
                 if line.strip()]
    if not scenarios:
        pytest.skip("no scenario files")
    server = server_for(careful)
    for scenario in scenarios[::4]:
        note = scenario["note"]
        before = server.count
        code_note(note, payer=scenario.get("payer", "commercial"), proposer="llm")
        if server.count == before:
            continue  # identical case served from the cache
        identifiers = re.findall(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{7,}\b", note)
        for match in re.finditer(r"(?:Patient|Pt|Name):\s+([A-Z][a-z]{2,})\s+([A-Z][a-z]{2,})\b", note):
            identifiers += [w for w in match.groups() if w not in ("Baby", "Newborn")]
        body = _decoded(server.bodies[-1])
        for identifier in identifiers:
            assert not re.search(rf"(?<![\w/]){re.escape(identifier)}(?![\w/])",
                                 body), f"{scenario['id']}: {identifier!r} left the machine"
