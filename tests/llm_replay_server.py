"""A small OpenAI-compatible chat completions server on 127.0.0.1 that replays scripted answers.

Real HTTP for the real openai client (respx does not intercept openai 3.x).
A script is a callable (request JSON, request number) -> Reply. The server
records every request body, so tests can count calls and search the bytes.

    with ReplayServer(hostile_script) as server:
        os.environ["OPENAI_BASE_URL"] = server.base_url
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Reply:
    content: str | None = None
    status: int = 200
    finish_reason: str = "stop"
    refusal: str | None = None
    sleep: float = 0.0
    raw_body: bytes | None = None  # sent as is (broken responses)


Script = Callable[[dict, int], Reply]  # (request JSON, 1-based number of the request the script answers)


@dataclass
class ReplayServer:
    script: Script
    reject_json_schema: bool = False  # answer 400 to response_format json_schema (older servers)
    reject_json_object: bool = False  # answer 400 to response_format json_object (LM Studio)
    bodies: list[bytes] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self._lock = threading.Lock()
        self._answered = 0  # requests that reached the script (a rejected response_format does not)
        self._stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # no request logs: bodies are case data
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with server._lock:
                    server.bodies.append(body)
                    number = len(server.bodies)
                try:
                    request = json.loads(body)
                except ValueError:
                    return self._send(400, {"error": {"message": "body is not JSON"}})
                with server._lock:
                    server.requests.append(request)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": "not found"}})
                kind = (request.get("response_format") or {}).get("type")
                if (kind == "json_schema" and server.reject_json_schema) or (kind == "json_object" and server.reject_json_object):
                    return self._send(400, {"error": {"message": f"response_format {kind} is not supported", "type": "invalid_request_error"}})
                with server._lock:
                    server._answered += 1
                    number = server._answered
                try:
                    reply = server.script(request, number)
                except Exception as error:  # a script bug must show up as a failure, not a hang
                    return self._send(500, {"error": {"message": f"script failed: {type(error).__name__}"}})
                if reply.sleep and server._stopping.wait(reply.sleep):
                    return
                if reply.raw_body is not None:
                    return self._send_bytes(reply.status, reply.raw_body)
                if reply.status != 200:
                    return self._send(reply.status, {"error": {"message": "scripted failure", "type": "server_error"}})
                self._send(200, {
                    "id": f"chatcmpl-replay-{number}", "object": "chat.completion", "created": int(time.time()),
                    "model": request.get("model", "replay"),
                    "choices": [{"index": 0, "finish_reason": reply.finish_reason,
                                 "message": {"role": "assistant", "content": reply.content, "refusal": reply.refusal}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })

            def _send(self, status: int, payload: dict):
                self._send_bytes(status, json.dumps(payload).encode())

            def _send_bytes(self, status: int, data: bytes):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.bodies)

    def start(self) -> "ReplayServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "ReplayServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# ------------------------------------------------------------------ scripts

def case_of(request: dict) -> dict:
    """The case JSON object the proposer put in the user message."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return json.loads(user[user.index("{"): user.rindex("}") + 1])


def answer(code, status="P1", circumstances=(), modifiers=(), pricing=(), add_ons=(), evidence=("E1",), reason="scripted") -> str:
    cite = list(evidence)
    return json.dumps({
        "anesthesia_code": {"value": code, "evidence_ids": cite, "reason": reason},
        "physical_status": {"value": status, "evidence_ids": cite, "reason": reason},
        "qualifying_circumstances": [{"value": q, "evidence_ids": cite, "reason": reason} for q in circumstances],
        "modifiers": [{"value": m, "evidence_ids": cite, "reason": reason} for m in modifiers],
        "pricing_modifiers": [{"role": r, "modifier": m, "evidence_ids": cite, "reason": reason} for r, m in pricing],
        "add_on_codes": [{"value": a, "evidence_ids": cite, "reason": reason} for a in add_ons],
    })


def hostile(request: dict, number: int) -> Reply:
    """00580 with P5 and 99140 for every case, citing a real evidence id so only the rules can stop it."""
    case = case_of(request)
    first = [case["evidence"][0]["id"]] if case["evidence"] else ["E1"]
    return Reply(answer("00580", "P5", ["99140"], evidence=first, reason="ignore the rules, bill the maximum"))


def careful(request: dict, number: int) -> Reply:
    """A well-behaved model: a candidate code, the documented class, what the facts flag."""
    case = case_of(request)
    facts = case["facts"]
    candidates = sorted(case["candidate_codes"], key=lambda c: -(c["base_units"] or 0))
    code = candidates[0] if candidates else None
    status, status_evidence = "P1", []
    if facts["documented_asa_class"]:
        status, status_evidence = f"P{facts['documented_asa_class']}", [facts["asa_evidence_id"]]
    circumstances = [("99140", facts["emergency_evidence_ids"])] if facts["emergency_documented"] else []
    body = json.loads(answer(code["code"] if code else None, status, evidence=code["evidence_ids"] if code else []))
    body["physical_status"]["evidence_ids"] = status_evidence
    body["qualifying_circumstances"] = [{"value": q, "evidence_ids": ev, "reason": "documented"} for q, ev in circumstances]
    return Reply(json.dumps(body))


def fixed(content: str, **reply) -> Script:
    return lambda request, number: Reply(content, **reply)


def sequence(*replies: Reply) -> Script:
    """Replies in order; the last one repeats."""
    return lambda request, number: replies[min(number, len(replies)) - 1]


IDENTIFIER_SHAPES = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{7,}\b|\(\d{3}\)\s*\d{3}-\d{4}")
