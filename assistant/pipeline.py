"""The whole flow for one note: check input -> extract -> propose -> validate -> price."""
from __future__ import annotations

import codecs
import re
import time

from assistant.diagnosis import code_diagnoses
from assistant.diagnosis.claim import attach as attach_diagnoses
from assistant.extract import extract
from assistant.extract.instructions import readable
from assistant.knowledge import load_knowledge
from assistant.models import CodingResult, Finding, InputError, Proposal, Severity
from assistant.price import payer_profile, price
from assistant.price.policies import apply_code_policies
from assistant.propose import proposal_from_charges, propose_with_rules
from assistant.settings import get_settings
from assistant.validate import validate
from assistant.validate.registry import request_rule_ids

PROPOSERS = ("auto", "rules", "llm")


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8-sig", None), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of the sample is NUL (ASCII text in UTF-16)."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > len(sample) * 0.4 and even == 0:
        return "utf-16-le"
    if even > len(sample) * 0.4 and odd == 0:
        return "utf-16-be"
    return None


def _decode_wide(raw: bytes, codec: str, name: str | None, why: str) -> tuple[str, str | None]:
    """UTF-16/32 (or UTF-8 with BOM) text; notes are English, so text that is not mostly ASCII was never UTF-16."""
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        text = None
    if text is None or (name and sum(ch.isascii() for ch in text[:4096]) < len(text[:4096]) * 0.5):
        raise InputError(f"input is not UTF-8 text: it {why} but does not read as {name or 'UTF-8'} either")
    return text, name


def decode_note(raw: bytes) -> tuple[str, str | None]:
    """(text, the encoding's name when it is not UTF-8). UTF-8 first; a BOM or UTF-16's NUL pattern names
    UTF-16/32; other bytes that are not UTF-8 are read as Windows-1252 (the superset of Latin-1 that Windows
    editors and Excel write) and named, so the coder sees it; anything else is refused with its reason."""
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            return _decode_wide(raw, codec, name, f"starts with a {name or 'UTF-8'} byte-order mark")
    codec = _utf16_without_bom(raw)
    if codec:
        return _decode_wide(raw, codec, codec.upper(), "has NUL bytes between its letters")
    if b"\x00" in raw[:8192]:
        raise InputError("input looks binary (NUL bytes), not a text note")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        position = error.start
    try:
        return raw.decode("cp1252"), "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        raise InputError(f"input is not UTF-8 text (byte 0x{raw[position]:02x} at offset {position}) "
                         "nor Windows-1252/Latin-1") from None


def check_note(raw: str | bytes, notices: list[str] | None = None) -> str:
    """Turns raw input into note text, or raises InputError with one clear line; an encoding other
    than UTF-8 is named in `notices`."""
    limit = get_settings().max_note_bytes
    if isinstance(raw, bytes):
        if len(raw) > limit:
            raise InputError(f"note is {len(raw):,} bytes; the limit is {limit:,} bytes (one case's documentation)")
        raw, encoding = decode_note(raw)
        if encoding and notices is not None:
            notices.append(f"input is not UTF-8: read as {encoding}")
    if len(raw.encode("utf-8", errors="ignore")) > limit:
        raise InputError(f"note is larger than the {limit:,}-byte limit (one case's documentation)")
    if "\x00" in raw:
        raise InputError("input looks binary (NUL characters), not a text note")
    sample = raw[:4096]
    if sample and sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f") > len(sample) * 0.05:
        raise InputError("input looks binary (control characters), not a text note")
    if not raw.strip():
        raise InputError("note is empty")
    # Windows and old Mac line ends read as "\n"; same length, so evidence offsets still point into the input
    return restore_comma_breaks(raw.replace("\r\n", " \n").replace("\r", "\n"))


# A note copied through a spreadsheet or scrape can come with every line break turned into a comma:
# "PREOPERATIVE DIAGNOSIS:, Morbid obesity.,POSTOPERATIVE DIAGNOSIS:, ..." (the MTSamples CSV form).
# Such a comma stands right after a field label's colon or a sentence's period.
_COMMA_BREAK = re.compile(r"(?<=[.:])([ \t]*),")
_COMMA_BREAKS_MIN = 4      # fewer is prose punctuation ("etc., were discussed")
_CHARS_PER_BREAK = 400     # a note with a line break this often has kept its breaks


def restore_comma_breaks(note: str) -> str:
    """Turns the commas that stand for lost line breaks back into line breaks (same length, so every offset
    still points into the input); a note that kept its line breaks is returned unchanged."""
    if note.count("\n") * _CHARS_PER_BREAK > len(note):
        return note
    breaks = list(_COMMA_BREAK.finditer(note))
    # the commas after periods put each field label back at a line start; a colon's comma alone ("HISTORY:, The
    # patient ...") in a note whose fields run on after ". " would leave labels stranded at line ends
    if len(breaks) < _COMMA_BREAKS_MIN or sum(note[b.start() - 1] == "." for b in breaks) < 2:
        return note
    text = list(note)
    for match in breaks:  # the comma is each match's last character
        text[match.end() - 1] = "\n"
    return "".join(text)


def _llm_request(facts, note: str, proposer: str, notices: list[str]) -> tuple[Proposal | None, list[Finding]]:
    """The LLM's proposal when it is asked for and configured; failures fall back to the rules."""
    settings = get_settings()
    if proposer == "rules" or (proposer == "auto" and not settings.llm_configured):
        return None, []
    try:
        from assistant.propose.llm import propose_with_llm
    except ImportError:
        return None, [Finding(code="LLM_FALLBACK", severity=Severity.warning, rule_id="LLM_FALLBACK", source="project",
                              message="The LLM proposer is not available in this build; the rules proposer coded "
                                      "this case.")]
    try:
        return propose_with_llm(facts, readable(note, facts)), []  # lines addressed to the coder stay out
    except Exception as error:  # any LLM failure: no case is lost
        kind = type(error).__name__
        notices.append(f"LLM proposer failed ({kind}); rules proposer used")
        return None, [Finding(code="LLM_FALLBACK", severity=Severity.warning, rule_id="LLM_FALLBACK", source="project",
                              message=f"The LLM proposer failed ({kind}); the rules proposer coded this case.")]


def _as_llm_notes(validation) -> None:
    """Findings about what the LLM asked for are notes on the proposer, not findings on the case."""
    request_rules = request_rule_ids(load_knowledge())
    for finding in validation.findings:
        if finding.rule_id in request_rules:
            finding.message = f"LLM proposal overruled: {finding.message}"
            finding.code, finding.severity = "LLM_OVERRULED", Severity.info


def _shared_claims(ticket: Proposal, llm_validation) -> set[str]:
    """The LLM's verified claims that the charge ticket asks for too."""
    merged, out = llm_validation.proposal, set()
    for key in llm_validation.verified:
        if key == "anesthesia_code" and ticket.anesthesia_code.value == merged.anesthesia_code.value:
            out.add(key)
        elif key == "physical_status" and ticket.physical_status.value == merged.physical_status.value:
            out.add(key)
        elif key.startswith("qc:") and key[3:] in {q.value for q in ticket.qualifying_circumstances}:
            out.add(key)
        elif key.startswith("mod:") and key[4:] in {m.value for m in ticket.other_modifiers}:
            out.add(key)
    return out


def _validate_ticket(facts, ticket: Proposal, baseline: Proposal, llm_validation, tolerance: int, note: str):
    """The charge ticket is the claim; the LLM's verified reading joins the rules' (docs/llm.md#charge-tickets).
    A ticket value stands when the rules or the LLM's verified claim support it; a ticket code that neither
    supports is corrected to the LLM's verified code when there is one, else to the rules' code. The LLM's own
    findings (disagreements, disputes) and notices travel with the ticket's."""
    if llm_validation is None:
        return validate(facts, ticket, baseline, tolerance, note=note)
    shared = _shared_claims(ticket, llm_validation)
    llm_code_verified = "anesthesia_code" in llm_validation.verified
    asks_for_rules_code = ticket.anesthesia_code.value == baseline.anesthesia_code.value
    reading = llm_validation.proposal if llm_code_verified and not asks_for_rules_code else baseline
    reading = reading.model_copy(update={"source": "rules"})
    final = validate(facts, ticket, reading, tolerance, note=note, verified=shared)
    seen = {(f.code, f.message) for f in final.findings}
    final.findings.extend(f for f in llm_validation.findings if (f.code, f.message) not in seen)
    final.changes.extend(llm_validation.changes)
    return final


def code_note(raw: str | bytes, payer: str = "commercial", proposer: str = "auto",
              case_id: str | None = None) -> CodingResult:
    started = time.perf_counter()
    if proposer not in PROPOSERS:
        raise InputError(f"unknown proposer '{proposer}'; use one of {', '.join(PROPOSERS)}")
    profile = payer_profile(payer, load_knowledge())  # unknown payer fails before any work
    notices: list[str] = []
    note = check_note(raw, notices)
    facts = extract(note)
    baseline = propose_with_rules(facts)
    baseline.diagnoses = code_diagnoses(note, facts)
    llm_proposal, extra_findings = _llm_request(facts, note, proposer, notices)
    if llm_proposal is not None and not llm_proposal.diagnoses:
        llm_proposal.diagnoses = list(baseline.diagnoses)  # the LLM named none: the rules' stand
    tolerance = int(profile.get("time_tolerance_minutes", 10))
    llm_validation = validate(facts, llm_proposal, baseline, tolerance, note=note) if llm_proposal is not None else None
    if llm_validation is not None:
        _as_llm_notes(llm_validation)
        notices.extend(f"LLM proposed {c.requested or 'nothing'} for {c.field}; rules changed it to "
                       f"{c.final or 'nothing'} because {c.because}" for c in llm_validation.changes)
    ticket = proposal_from_charges(facts, baseline)
    if ticket is not None:
        ticket.diagnoses = list((llm_validation.proposal if llm_validation else baseline).diagnoses)
        final = _validate_ticket(facts, ticket, baseline, llm_validation, tolerance, note)
    else:
        final = llm_validation or validate(facts, baseline, baseline, tolerance, note=note)
    final.findings.extend(extra_findings)
    apply_code_policies(final, facts, profile, load_knowledge().findings)
    claim = attach_diagnoses(price(final.proposal, payer), final.proposal.diagnoses)
    used = "llm" if llm_proposal is not None else "rules"
    return CodingResult(case_id=case_id, payer=payer, proposer=used, facts=facts, validation=final, claim=claim,
                        notices=notices, seconds=round(time.perf_counter() - started, 4))
