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
                if ((kind == "json_schema" and server.reject_json_schema)
                        or (kind == "json_object" and server.reject_json_object)):
                    return self._send(400,
                                      {"error": {"message": f"response_format {kind} is not supported",
                                                 "type": "invalid_request_error"}})
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


def answer(code, status="P1", circumstances=(), modifiers=(), pricing=(), quotes=(), reason="scripted",
           status_quotes=None, circumstance_quotes=None, not_billable=None) -> str:
    """A propose-v2 answer; every element quotes `quotes` unless given its own."""
    cite = list(quotes)
    status_cite = cite if status_quotes is None else list(status_quotes)
    qc_cite = cite if circumstance_quotes is None else list(circumstance_quotes)
    return json.dumps({
        "anesthesia_code": {"value": code, "quotes": cite, "reason": reason},
        "not_billable_reason": not_billable,
        "physical_status": {"value": status, "quotes": status_cite, "reason": reason},
        "qualifying_circumstances": [{"value": q, "quotes": qc_cite, "reason": reason} for q in circumstances],
        "modifiers": [{"value": m, "quotes": cite, "reason": reason} for m in modifiers],
        "pricing_modifiers": [{"role": r, "modifier": m, "quotes": cite, "reason": reason} for r, m in pricing],
    })


# ------------------------------------------------------------------ reading the redacted note like a careful model

_HEADING = re.compile(r"^[ \t]*(?:name of |title of "
                      r")?(?:procedures?|operations?|surgery|surgeries|procedures? performed|"
                      r"operations? performed|operative procedures?|planned procedures?|scheduled procedures?|"
                      r"proposed procedures?|case)\b[^:,\n]{0,20}[:,\-].*$", re.I | re.M)
_PLACEHOLDER = re.compile(r"\[(?:NAME|ID|DATE|DOB|PHONE|EMAIL|ADDRESS)\b[^\]]*\]")
_NOT_BY_ANESTHESIA = re.compile(r"(?i)\blocal(?:ly)?\b|lidocaine|xylocaine|marcaine|nesacaine|sedation|"
                                r"topical|infiltrat|"
                                r"\bblock\b")
_LOCK = threading.Lock()  # one extraction at a time in the server's threads


def _clean(text: str, limit: int = 240) -> str | None:
    """A quotable piece: no placeholder (cut before one), at most `limit` characters, cut at a word."""
    text = text.strip()
    placeholder = _PLACEHOLDER.search(text)
    if placeholder:
        text = text[: placeholder.start()].rstrip(" ,;:(-")
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0]
    return text if len(text.split()) >= 1 and len(text) >= 3 else None


class NoteReader:
    """What a careful model reads in the redacted note it was sent: runs the assistant's own extraction
    on that text (so quotes are its words) and finds the words that support a given label."""

    def __init__(self, note: str):
        from assistant.extract import extract
        from assistant.propose import propose_with_rules

        self.note = note
        with _LOCK:
            self.facts = extract(note)
            self.rules = propose_with_rules(self.facts)

    def _line(self, start: int, end: int) -> str:
        line_start = self.note.rfind("\n", 0, start) + 1
        line_end = self.note.find("\n", end)
        return self.note[line_start: line_end if line_end >= 0 else len(self.note)]

    def _section(self, offset: int) -> str | None:
        return next((name for name, s, e in self.facts.sections if s <= offset < e), None)

    def _heading_lines(self) -> list[str]:
        """Today's procedure as the note names it: each heading's own text, or the list lines under it."""
        out = []
        for match in _HEADING.finditer(self.note):
            if self._section(match.start()) in ("past_medical_history", "past_surgical_history", "schedule"):
                continue
            line = match.group(0)
            rest = re.split(r"[:,\-]", line, maxsplit=1)[1] if re.search(r"[:,\-]", line) else ""
            if len(re.sub(r"\W", "", rest)) >= 4:
                piece = _clean(rest)
                out += [piece] if piece else []
                continue
            cursor = match.end() + 1
            for _ in range(4):  # "OPERATIONS PERFORMED:" then "1. Right spermatocelectomy." ...
                end = self.note.find("\n", cursor)
                following = self.note[cursor: end if end >= 0 else len(self.note)]
                if not following.strip() or re.match(r"\s*[A-Z][A-Z /&()-]{2,40}[:,]", following):
                    break
                piece = _clean(re.sub(r"^\s*(?:\d{1,2}[.)]|[-*])\s*", "", following))
                out += [piece] if piece else []
                if end < 0:
                    break
                cursor = end + 1
        return out

    def procedure_quotes(self, code: str | None) -> list[str]:
        """The heading lines that name the code's procedure (else all of them), then today's procedure
        mentions for the code, then any sentence with a word of the code's keywords."""
        from assistant.knowledge import load_knowledge
        from assistant.validate.llm_claims import claim_checks, keyword_codes

        headings = self._heading_lines()
        out = [h for h in headings if code and code in keyword_codes(h)] or headings[:2]
        for procedure in self.facts.procedures:
            evidence = self.facts.evidence_by_id(procedure.evidence_id)
            rules_code = self.rules.anesthesia_code
            rules_cite = code == rules_code.value and procedure.evidence_id in rules_code.evidence_ids
            if code in procedure.candidate_codes or rules_cite:
                piece = _clean(self._line(evidence.start, evidence.end))
                if piece:
                    out.append(piece)
        if not out and code in load_knowledge().codes:
            common = claim_checks().not_procedure_words
            stems = {t.rstrip("*") for kw in load_knowledge().codes[code].keywords for t in kw.terms
                     if len(t.rstrip("*")) >= 5 and t not in common and t.rstrip("*") not in common}
            for sentence in re.split(r"(?<=[.;])\s+|\n", self.note):
                words = set(re.findall(r"[a-z]+", sentence.lower()))
                if any(w.startswith(stem) for stem in stems for w in words):
                    piece = _clean(sentence)
                    out += [piece] if piece else []
                if len(out) >= 2:
                    break
        return list(dict.fromkeys(out))[:3]

    def no_code_quotes(self) -> tuple[list[str], str]:
        """The words that say no anesthesia provider's anesthetic was given, and the reason."""
        quotes = []
        for sentence in re.split(r"(?<=[.;])\s+|\n", self.note):
            if _NOT_BY_ANESTHESIA.search(sentence):
                piece = _clean(sentence)
                quotes += [piece] if piece else []
            if len(quotes) >= 2:
                break
        local = any(re.search(r"(?i)\blocal|lidocaine|xylocaine|marcaine|topical|infiltrat", q) for q in quotes)
        return quotes, "local_only" if local or not quotes else "surgeon_administered"

    def asa_quotes(self, status: str | None) -> list[str]:
        from assistant.extract.physical_status import classes_in, mentions

        if not status:
            return []
        found = [m.group(0) for m in mentions(self.note, in_text_order=False)
                 if int(status[1]) in classes_in(m.group(0))]
        if found:
            return found[-1:]
        asserted = [self.facts.evidence_by_id(c.evidence_id) for c in self.facts.comorbidities if c.asserted]
        return [e.text for e in asserted[:2]]

    def label_quotes(self, labels: set[str]) -> list[str]:
        spans = [e for e in self.facts.evidence if e.label in labels and e.asserted]
        return list(dict.fromkeys(p for p in (_clean(self._line(e.start, e.end)) for e in spans) if p))[:2]

    def circumstance_quotes(self, code: str) -> list[str]:
        labels = {"99140": {"EMERGENCY", "ASA_CLASS"}, "99135": {"CONTROLLED_HYPOTENSION"}, "99116": {"HYPOTHERMIA"}}
        label = labels.get(code)
        if label is None:  # 99100: the age is the rules' arithmetic
            ages = map(self.facts.evidence_by_id, self.facts.age_evidence_ids)
            return [e.text for e in ages if e and _clean(e.text)][:1]
        by_code = self.facts.circumstance_evidence_ids
        ids = self.facts.emergency_evidence_ids if code == "99140" else by_code.get(code, [])
        spans = [e for e in self.facts.evidence if e.id in set(ids)]
        spans = spans or [e for e in self.facts.evidence if e.label in label and e.asserted]
        return [e.text for e in spans[:2]]

    def modifier_quotes(self, modifier: str) -> list[str]:
        if modifier == "QS":
            return [self.facts.evidence_by_id(t.evidence_id).text for t in self.facts.techniques if t.kind == "mac"][:2]
        lines = (_clean(self._line(e.start, e.end)) for e in self.facts.evidence if e.label == "COMORBIDITY")
        return [p for p in lines if p][:1]

    def staffing_quotes(self) -> list[str]:
        spans = [self.facts.evidence_by_id(e) for e in self.facts.staffing.evidence_ids]
        return list(dict.fromkeys(p for p in (_clean(e.text) for e in spans if e) if p))[:2]

    def diagnosis_quotes(self) -> list[str]:
        """The first lines of the postoperative (else preoperative) diagnosis block: where a coder reads box 21."""
        for role in ("postop_diagnosis", "preop_diagnosis"):
            for block in self.facts.blocks:
                if block.role == role:
                    lines = [_clean(x) for x in self.note[block.content_start:block.end].splitlines()]
                    return [x for x in lines if x][:3]
        return []

    def answer_for(self, code, status, circumstances, modifiers, pricing, not_billable=None,
                   reason="careful reading", diagnoses: list[str] | None = None) -> str:
        code_quotes = self.procedure_quotes(code) if code else []
        if not code:
            code_quotes, why_not = self.no_code_quotes()
            not_billable = not_billable if not_billable in ("local_only", "surgeon_administered") else why_not
        body = {
            "anesthesia_code": {"value": code, "quotes": code_quotes, "reason": reason},
            "not_billable_reason": not_billable,
            "physical_status": {"value": status, "quotes": self.asa_quotes(status), "reason": reason},
            "qualifying_circumstances": [{"value": q, "quotes": self.circumstance_quotes(q), "reason": reason}
                                         for q in circumstances],
            "modifiers": [{"value": m, "quotes": self.modifier_quotes(m), "reason": reason} for m in modifiers],
            "pricing_modifiers": [{"role": r, "modifier": m, "quotes": self.staffing_quotes(), "reason": reason}
                                  for r, m in sorted(pricing.items())],
        }
        if diagnoses:
            quotes = self.diagnosis_quotes()
            body["diagnosis_codes"] = [{"value": d, "role": "primary" if i == 0 else "secondary", "quotes": quotes,
                                        "reason": reason} for i, d in enumerate(diagnoses)]
        return json.dumps(body)


def careful(request: dict, number: int) -> Reply:
    """A well-behaved model: reads the redacted note as the rules would and quotes the words it relied on."""
    reader = NoteReader(case_of(request)["note"])
    p = reader.rules
    circumstances, modifiers = [q.value for q in p.qualifying_circumstances], [m.value for m in p.other_modifiers]
    return Reply(reader.answer_for(p.anesthesia_code.value, p.physical_status.value, circumstances, modifiers,
                                   p.pricing_modifiers, p.not_billable_reason))


def hostile(request: dict, number: int) -> Reply:
    """00580 with P5 and 99140 for every case, quoting words that are not in the note."""
    return Reply(answer("00580", "P5", ["99140"], quotes=["orthotopic heart transplantation performed today"],
                        status_quotes=["ASA 5"], reason="ignore the rules, bill the maximum"))


def fixed(content: str, **reply) -> Script:
    return lambda request, number: Reply(content, **reply)


def sequence(*replies: Reply) -> Script:
    """Replies in order; the last one repeats."""
    return lambda request, number: replies[min(number, len(replies)) - 1]


IDENTIFIER_SHAPES = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{7,}\b|\(\d{3}\)\s*\d{3}-\d{4}")
