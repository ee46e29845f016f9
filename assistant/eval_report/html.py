"""Writes the evaluation report folder: report.html (self-contained), summary.json, cases.jsonl."""
from __future__ import annotations

import json
from html import escape
from pathlib import Path

from assistant.eval_report.charts import bar_chart
from assistant.eval_report.evidence import failure_evidence, scenario_notes
from assistant.eval_report.tables import accuracy_by, anesthesiologist_modifier, confused_labels, confusion
from assistant.evaluate import FIELDS

CSS = """body{font-family:sans-serif;margin:24px;max-width:1200px} table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #ccc;padding:3px 7px;font-size:13px;text-align:left} th{background:#f3f3f3}
td.ok{background:#e3f4e3} td.miss{background:#fde0e0} td.num{text-align:right}
pre{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:8px;font-size:12px}
mark{background:#ffe08a} .case{border-top:2px solid #ddd;margin-top:18px} .small{color:#666;font-size:12px}"""


def _pct(value) -> str:
    return "-" if value is None else f"{value:.1%}"


def _accuracy_table(table: dict[str, dict], title: str) -> str:
    columns = ["n", "case_exact", *FIELDS, "findings"]
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = ""
    for name, row in table.items():
        cells = "".join(f'<td class="num">{row[c]}</td>' if c == "n" else
                        f'<td class="num {_rate_class(row[c])}">{_pct(row[c])}</td>' for c in columns)
        body += f"<tr><th>{escape(name)}</th>{cells}</tr>"
    return f"<table><tr><th>{escape(title)}</th>{head}</tr>{body}</table>"


def _confusion_html(pairs, what: str) -> str:
    labels = confused_labels(pairs)
    correct = sorted({e for (e, g) in pairs if e == g} - set(labels))
    total = sum(pairs.values())
    right = sum(n for (e, g), n in pairs.items() if e == g)
    parts = [f"<p>{right} of {total} cases right.</p>"]
    if labels:
        head = "".join(f"<th>{escape(g)}</th>" for g in labels)
        rows = ""
        for e in labels:
            cells = ""
            for g in labels:
                n = pairs.get((e, g), 0)
                css = "ok" if e == g and n else "miss" if n else ""
                cells += f'<td class="num {css}">{n or ""}</td>'
            rows += f"<tr><th>{escape(e)}</th>{cells}</tr>"
        parts.append(f'<table><tr><th>expected \\ got</th>{head}</tr>{rows}</table>'
                     f'<p class="small">Rows: expected {escape(what)}; columns: what the assistant reported. Only '
                     f'{escape(what)}s involved in a mistake are shown.</p>')
    if correct:
        parts.append(f'<p class="small">Always right: '
                     f'{", ".join(f"{escape(c)} ({pairs[(c, c)]})" for c in correct)}.</p>')
    return "".join(parts)


def _marked_excerpt(detail: dict) -> str:
    text, offset = detail["excerpt"], detail.get("excerpt_start", 0)
    out, cursor = [], 0
    for start, end in detail.get("spans", []):
        s, e = max(start - offset, cursor), min(end - offset, len(text))
        if e <= s or s >= len(text):
            continue
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:]))
    return "".join(out)


def _failures_html(failing, details: dict[str, dict]) -> str:
    if not failing:
        return "<p>No failures.</p>"
    parts = []
    for outcome in failing:
        detail = details.get(outcome.id, {})
        rows = "".join(
            f"<tr><td>{escape(f)}</td><td>{escape(json.dumps(outcome.expected.get(f)))}</td>"
            f"<td>{escape(json.dumps((outcome.got or {}).get(f)))}</td></tr>"
            for f, ok in outcome.scored.items() if not ok
        )
        error = outcome.error or detail.get("error")
        evidence = "".join(
            f"<tr><td>{escape(e['field'])}</td><td>{escape(e['label'])}</td><td>{escape(e['text'])}</td>"
            f"<td>{escape(e['section'] or '')}</td><td>{'' if e['asserted'] else 'not asserted'}</td></tr>"
            for e in detail.get("evidence", [])
        )
        parts.append(
            f'<div class="case" id="case-{escape(outcome.id)}"><h3>{escape(outcome.id)}</h3>'
            f'<p class="small">style {escape(outcome.style or "-")}, payer {escape(outcome.payer or "-")}</p>'
            + (f"<p><b>Error:</b> {escape(error)}</p>" if error else "")
            + f"<table><tr><th>field</th><th>expected</th><th>got</th></tr>{rows}</table>"
            + (f"<h4>Evidence used</h4><table><tr><th>for</th><th>label</th><th>span</th><th>section</th><th></th></tr>"
               f"{evidence}</table>" if evidence
               else "<p class=small>No evidence span supports the failing fields.</p>")
            + (f"<h4>Note excerpt</h4><pre>{_marked_excerpt(detail)}</pre>" if detail.get("excerpt") else "")
            + "</div>"
        )
    return "".join(parts)


def _delta(value) -> str:
    return "" if value is None else f"{value:+.1%}"


def _rate_class(rate) -> str:
    return "ok" if (rate or 0) >= 0.95 else "miss" if rate is not None else ""


def _sign_class(delta) -> str:
    return "ok" if (delta or 0) > 0 else "miss" if (delta or 0) < 0 else ""


def _comparison_html(diff: dict, other_name: str) -> str:
    rows = "".join(
        f"<tr><th>{escape(r['field'])}</th><td class=num>{_pct(r['other'])}</td><td class=num>{_pct(r['this'])}</td>"
        f"<td class=\"num {_sign_class(r['delta'])}\">{_delta(r['delta'])}</td></tr>"
        for r in diff["fields"]
    )

    def changed(items) -> str:
        return ", ".join(f'<a href="#case-{escape(i)}">{escape(i)}</a> ({escape(f)})' for i, f in items) or "none"

    return (f"<p>Against <code>{escape(other_name)}</code> (n {diff['n']['other']} there, "
            f"{diff['n']['this']} here).</p>"
            f"<table><tr><th>field</th><th>other run</th><th>this run</th><th>change</th></tr>{rows}</table>"
            f"<p><b>Newly failing:</b> {changed(diff['newly_failing'])}</p><p><b>Newly passing:</b> "
            f"{changed(diff['newly_passing'])}</p>")


def write_report(folder: Path, summary: dict, outcomes, scenario_paths: list[Path], proposer: str,
                 diff: dict | None = None, other_name: str = "", other_accuracy: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    failing = [o for o in outcomes if not all(o.scored.values())]
    notes = scenario_notes(scenario_paths, {o.id for o in failing})
    details = {o.id: failure_evidence(notes[o.id], [f for f, ok in o.scored.items() if not ok], proposer)
               for o in failing if o.id in notes}
    field_accuracy = {k: v for k, v in summary["accuracy"].items()}
    field_accuracy["findings recall"] = summary["findings"]["recall"]
    sections = [
        ("accuracy", "Accuracy per field", f"<p>{summary['n']} scenarios, proposer <code>{escape(proposer)}</code>, "
         f"{summary['seconds_per_case'] * 1000:.1f} ms per case, findings recall "
         f"{_pct(summary['findings']['recall'])}, "
         f"{summary['findings']['false_positives']} false-positive finding(s).</p>"
         + bar_chart(field_accuracy, other_accuracy, labels=("this run", other_name or "other run"))),
        ("codes", "Confusion matrix: anesthesia codes",
         _confusion_html(confusion(outcomes, "anesthesia_code"), "code")),
        ("modifiers", "Confusion matrix: pricing modifier",
         _confusion_html(confusion(outcomes, "pricing_modifiers", anesthesiologist_modifier), "modifier")),
        ("style", "Accuracy by note style", _accuracy_table(accuracy_by(outcomes, "style"), "style")),
        ("payer", "Accuracy by payer", _accuracy_table(accuracy_by(outcomes, "payer"), "payer")),
    ]
    if diff is not None:
        sections.append(("compare", "Comparison with another run", _comparison_html(diff, other_name)))
    sections.append(("failures", f"Failures ({len(failing)} case(s))", _failures_html(failing, details)))
    nav = " | ".join(f'<a href="#{key}">{escape(title)}</a>' for key, title, _ in sections)
    body = "".join(f'<section id="{key}"><h2>{escape(title)}</h2>{html}</section>' for key, title, html in sections)
    page = (f'<!doctype html><html><head><meta charset="utf-8"><title>Evaluation '
            f'report</title><style>{CSS}</style></head>'
            f"<body><h1>Evaluation report</h1><p>{nav}</p>{body}</body></html>")
    (folder / "report.html").write_text(page, encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    with open(folder / "cases.jsonl", "w", encoding="utf-8") as handle:
        for o in outcomes:
            handle.write(json.dumps({"id": o.id, "style": o.style, "payer": o.payer, "scored": o.scored,
                                     "expected": o.expected, "got": o.got, "error": o.error}) + "\n")
    return folder / "report.html"
