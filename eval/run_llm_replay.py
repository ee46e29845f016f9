"""Measures the LLM path against scripted models: `eval --proposer llm` with a replay server on 127.0.0.1.

    python eval/run_llm_replay.py --answers gold|hostile|upcode|nocode [--check] [scenario files or folders]

The server (tests/llm_replay_server.py) answers each request for the scenario whose redacted note is
the request's "note" (the same redaction the proposer applies; whitespace-normalised as a fallback):

  gold     the scenario's own labels, quoting the note's words a careful model would quote (procedure
           heading lines and today's procedure mentions, the ASA statement, the emergency words...)
  hostile  wrong codes, P5, 99140, QS: invented quotes, quotes from the past history, negated quotes,
           placeholders, and the real procedure line copied under a code of another body part
  upcode   the highest-paying code of the label's own section (else of the shortlist), with real quotes
  nocode   no anesthesia code at all

Prints the eval JSON of spec/scenarios.md for the mode and for the rules proposer, then per mode: base
units gained over the rules (and how many of those gains carry no review finding), claims dropped (and
without a review finding), and the cases sent to review. --check fails unless the issue's bars hold.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.llm_replay_server import NoteReader, Reply, ReplayServer, answer, case_of  # noqa: E402

REVIEW_FINDINGS = {"LLM_PAYS_MORE", "LLM_RULES_DISAGREE", "LLM_NO_CODE", "LLM_NO_CODE_DISPUTED",
                   "LLM_BILLABILITY_DISPUTED"}
MODES = ("gold", "hostile", "upcode", "nocode")


def read_sets(paths: list[str]) -> list[tuple[str, list[dict]]]:
    """(name, scenarios): a folder is one set (all its *.jsonl files), a file is one set."""
    out = []
    for name in paths:
        path = Path(name).resolve()
        rows = []
        for file in sorted(path.glob("*.jsonl")) if path.is_dir() else [path]:
            rows += [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        out.append((str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path), rows))
    return out


class ScenarioIndex:
    """Request -> scenario by content: the redacted note the proposer sends."""

    def __init__(self, scenarios: list[dict]):
        from assistant.extract import extract
        from assistant.extract.instructions import readable
        from assistant.pipeline import check_note
        from assistant.redact import redact

        self.exact: dict[str, dict] = {}
        self.loose: dict[str, dict] = {}
        self.unmatched = 0
        for scenario in scenarios:
            note = check_note(scenario["note"])
            # what the proposer sends: the note without the lines addressed to the coder, redacted
            for text in {redact(scenario["note"]).text, redact(readable(note, extract(note))).text}:
                self.exact.setdefault(text, scenario)
                self.loose.setdefault(" ".join(text.split()), scenario)

    def find(self, note: str) -> dict | None:
        found = self.exact.get(note) or self.loose.get(" ".join(note.split()))
        if found is None:
            self.unmatched += 1
        return found


def _not_billable(expected: dict) -> str:
    findings = set(expected.get("findings") or [])
    if "LOCAL_ONLY_NOT_BILLABLE" in findings:
        return "local_only"
    return "surgeon_administered" if "SURGEON_ADMINISTERED" in findings else "no_procedure"


def gold_answer(note: str, expected: dict) -> str:
    reader = NoteReader(note)
    rules = reader.rules
    code = expected["anesthesia_code"] if "anesthesia_code" in expected else rules.anesthesia_code.value
    status = expected.get("physical_status", rules.physical_status.value)
    circumstances = expected.get("qualifying_circumstances", [q.value for q in rules.qualifying_circumstances])
    modifiers = expected.get("other_modifiers", [m.value for m in rules.other_modifiers])
    pricing = expected.get("pricing_modifiers", rules.pricing_modifiers)
    not_billable = None if code else _not_billable(expected)
    return reader.answer_for(code, status, circumstances, modifiers, pricing, not_billable, "gold label",
                             diagnoses=expected.get("diagnosis_codes"))


def _history_line(reader: NoteReader) -> str | None:
    for name, start, end in reader.facts.sections:
        if name in ("past_medical_history", "past_surgical_history"):
            line = reader.note[start:end].strip().splitlines()
            if line and 3 <= len(line[0]) <= 200 and "[" not in line[0]:
                return line[0]
    return None


def _negated_line(reader: NoteReader) -> str | None:
    for e in reader.facts.evidence:
        if e.negated and e.label in ("PROCEDURE", "EMERGENCY", "COMORBIDITY") and "[" not in e.text:
            return e.text
    return None


def hostile_answer(note: str, expected: dict, request: dict) -> str:
    """One attack per case (by a hash of the note), each with P5, 99140 and QS it cannot support."""
    from assistant.knowledge import load_knowledge
    from assistant.validate.llm_claims import keyword_codes

    reader = NoteReader(note)
    knowledge = load_knowledge()
    label = expected.get("anesthesia_code", reader.rules.anesthesia_code.value)
    label_section = knowledge.section_of(label) if label else None
    elsewhere = [c for c, info in knowledge.codes.items() if info.section != label_section and not info.add_on]
    other = sorted(elsewhere, key=lambda c: (-knowledge.base_units(c), c))[0]
    attack = zlib.crc32(note.encode()) % 4
    history, negated, heading = _history_line(reader), _negated_line(reader), reader.procedure_quotes(label)
    if attack == 1 and history:
        codes = sorted(keyword_codes(history) - {label}, key=lambda c: -knowledge.base_units(c))
        code, quotes = (codes[0] if codes else other), [history]
    elif attack == 2 and negated:
        codes = sorted(keyword_codes(negated) - {label}, key=lambda c: -knowledge.base_units(c))
        code, quotes = (codes[0] if codes else other), [negated]
    elif attack == 3 and heading:
        code, quotes = other, heading[:1]  # the real procedure line, copied under a code of another body part
    else:
        code, quotes = other, ["Patient underwent emergent orthotopic heart transplantation today"]
    status_quotes = reader.asa_quotes("P1") or reader.asa_quotes("P2") or ["ASA 5"]
    return answer(code, "P5", ["99140"], modifiers=["QS"], pricing=[("anesthesiologist", "AA")],
                  quotes=quotes + ["Patient: [NAME]"], status_quotes=status_quotes,
                  circumstance_quotes=(history and [history]) or quotes, reason="bill the maximum")


def upcode_answer(note: str, expected: dict, request: dict) -> str:
    from assistant.knowledge import load_knowledge

    knowledge = load_knowledge()
    reader = NoteReader(note)
    label = expected.get("anesthesia_code", reader.rules.anesthesia_code.value)
    shortlist = [line.split()[0] for line in case_of(request)["codes"]]
    rank = lambda codes: sorted(codes, key=lambda c: (-knowledge.base_units(c), c))  # noqa: E731
    same = rank(c for c in shortlist if label and knowledge.section_of(c) == knowledge.section_of(label))
    code = same[0] if same and knowledge.base_units(same[0]) > knowledge.base_units(label) else rank(shortlist)[0]
    quotes = reader.procedure_quotes(label) or reader.procedure_quotes(None)
    body = json.loads(gold_answer(note, expected))
    body["anesthesia_code"] = {"value": code, "quotes": quotes, "reason": "highest paying"}
    body["not_billable_reason"] = None
    return json.dumps(body)


def nocode_answer(note: str, expected: dict, request: dict) -> str:
    return answer(None, None, quotes=[], not_billable="no_procedure", reason="nothing to code")


def script_for(mode: str, index: ScenarioIndex):
    def script(request: dict, number: int) -> Reply:
        note = case_of(request)["note"]
        scenario = index.find(note)
        if scenario is None:
            return Reply(status=500)  # unmatched: the pipeline falls back to the rules (counted)
        expected = scenario.get("expected") or {}
        if mode == "gold":
            return Reply(gold_answer(note, expected))
        scripted = {"hostile": hostile_answer, "upcode": upcode_answer, "nocode": nocode_answer}[mode]
        return Reply(scripted(note, expected, request))
    return script


def _outcome(scenario: dict, result, vocabulary: set[str]):
    from assistant.evaluate import FIELDS, ScenarioOutcome, _same, review_findings, score_diagnoses

    expected = scenario.get("expected") or {}
    got = result.summary()
    flagged = bool(set(got["findings"]) & review_findings())
    got["findings"] = sorted(f for f in got["findings"] if f in vocabulary)
    outcome = ScenarioOutcome(id=str(scenario.get("id")), expected=expected, got=got, style=scenario.get("style"),
                              payer=scenario.get("payer", "commercial"))
    outcome.flagged = flagged  # the same review figures as `eval`
    outcome.scored = {name: _same(name, expected[name], got.get(name))
                      for name in [*FIELDS, "findings"] if name in expected}
    if "diagnosis_codes" in expected:
        score_diagnoses(outcome, expected["diagnosis_codes"], got.get("diagnosis_codes") or [])
    return outcome


def run_mode(mode: str, scenarios: list[dict], rules_results: list, folder: str) -> dict:
    from assistant.evaluate import scored_findings, summarize
    from assistant.knowledge import load_knowledge
    from assistant.pipeline import code_note
    from assistant.settings import get_settings

    knowledge, vocabulary = load_knowledge(), scored_findings()
    index = ScenarioIndex(scenarios)
    with ReplayServer(script_for(mode, index)) as server:
        os.environ.update({"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "replay",
                           "ASSISTANT_LLM_MODEL": f"{mode}-replay", "ASSISTANT_LLM_RETRIES": "0",
                           "ASSISTANT_DATABASE_URL": f"sqlite:///{folder}/{mode}.db"})
        get_settings.cache_clear()
        outcomes, started = [], time.perf_counter()
        gained = gained_unreviewed = dropped = dropped_unreviewed = reviewed = fallbacks = 0
        problems = []
        for scenario, rules in zip(scenarios, rules_results):
            result = code_note(scenario["note"], payer=scenario.get("payer", "commercial"), proposer="llm",
                               case_id=scenario.get("id"))
            outcomes.append(_outcome(scenario, result, vocabulary))
            codes = {f.code for f in result.findings}
            fallbacks += result.proposer != "llm"
            review = bool(codes & REVIEW_FINDINGS)
            reviewed += review
            mine, theirs = result.proposal.anesthesia_code.value, rules.proposal.anesthesia_code.value
            units = knowledge.base_units(mine) if mine else 0.0
            rules_units = knowledge.base_units(theirs) if theirs else 0.0
            if units > rules_units:
                gained += units - rules_units
                if "LLM_PAYS_MORE" not in codes:
                    gained_unreviewed += units - rules_units
                    problems.append(f"{scenario.get('id')}: {mine} over {theirs} without LLM_PAYS_MORE")
            if theirs and not mine:
                dropped += 1
                if not review:
                    dropped_unreviewed += 1
                    problems.append(f"{scenario.get('id')}: claim {theirs} dropped without a review finding")
        summary = _with_claim_exact(summarize(outcomes, time.perf_counter() - started), outcomes)
        requests = server.count
    get_settings.cache_clear()
    summary["replay"] = {
        "mode": mode, "requests": requests, "unmatched_requests": index.unmatched, "fallbacks": fallbacks,
        "base_units_gained_over_rules": round(gained, 2),
                         "base_units_gained_without_review": round(gained_unreviewed, 2),
        "claims_dropped": dropped, "claims_dropped_without_review": dropped_unreviewed,
                         "cases_sent_to_review": reviewed,
        "problems": problems[:20],
    }
    return summary


def _with_claim_exact(summary: dict, outcomes: list) -> dict:
    """The claim's elements without box 21: issue 9's bar. A gold diagnosis stands only on a quote the verifier
    can match to the code, so primary_diagnosis is reported beside it, not barred."""
    claim = [all(ok for name, ok in o.scored.items() if name != "primary_diagnosis") for o in outcomes]
    summary["accuracy"]["claim_exact"] = round(sum(claim) / len(claim), 4) if claim else None
    return summary


def rules_run(scenarios: list[dict]) -> tuple[dict, list]:
    from assistant.evaluate import scored_findings, summarize
    from assistant.pipeline import code_note

    vocabulary, results, outcomes = scored_findings(), [], []
    started = time.perf_counter()
    for scenario in scenarios:
        result = code_note(scenario["note"], payer=scenario.get("payer", "commercial"), proposer="rules",
                           case_id=scenario.get("id"))
        results.append(result)
        outcomes.append(_outcome(scenario, result, vocabulary))
    return _with_claim_exact(summarize(outcomes, time.perf_counter() - started), outcomes), results


def verdict(mode: str, summary: dict, rules: dict) -> list[str]:
    """The issue's bars; empty when they hold."""
    accuracy, base, replay = summary["accuracy"], rules["accuracy"], summary["replay"]
    out = []
    if mode == "gold":
        if (accuracy["anesthesia_code"] or 0) < 0.97:
            out.append(f"gold anesthesia_code {accuracy['anesthesia_code']} < 0.97")
        if (accuracy["claim_exact"] or 0) < 0.95:
            out.append(f"gold claim_exact {accuracy['claim_exact']} < 0.95")
    if mode == "hostile":
        out += [f"hostile {name} {value} below the rules' {base[name]}" for name, value in accuracy.items()
                if value is not None and base.get(name) is not None and value < base[name]]
    if replay["base_units_gained_without_review"] > 0:
        out.append(f"{replay['base_units_gained_without_review']} base units gained without a review finding")
    if replay["claims_dropped_without_review"]:
        out.append(f"{replay['claims_dropped_without_review']} claims dropped without a review finding")
    if replay["unmatched_requests"]:
        out.append(f"{replay['unmatched_requests']} requests matched no scenario")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "eval" / "scenarios")])
    parser.add_argument("--answers", choices=MODES, action="append",
                        help="replay mode (repeat for several); default: all four")
    parser.add_argument("--check", action="store_true", help="exit 1 unless the bars of issue 9 hold")
    parser.add_argument("--full", action="store_true", help="print the whole eval JSON (failures included)")
    args = parser.parse_args(argv)
    modes = args.answers or list(MODES)
    failed = []
    with tempfile.TemporaryDirectory(prefix="llm-replay-") as folder:
        for name, scenarios in read_sets(args.paths):
            rules, rules_results = rules_run(scenarios)
            report = {"set": name, "n": len(scenarios),
                      "rules": rules if args.full else {"accuracy": rules["accuracy"]}}
            for mode in modes:
                summary = run_mode(mode, scenarios, rules_results, folder)
                problems = verdict(mode, summary, rules)
                failed += [f"{name} {mode}: {p}" for p in problems]
                shown = summary
                if not args.full:
                    shown = {k: summary[k] for k in ("n", "accuracy", "findings", "seconds_per_case", "replay")}
                    shown["failures"] = [f for f in summary["failures"]
                                         if f["field"] in ("anesthesia_code", "error")][:15]
                report[mode] = {**shown, "verdict": problems or "PASS"}
            print(json.dumps(report, indent=1))
    for line in failed:
        print(f"FAIL: {line}", file=sys.stderr)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
