"""The Gradio workspace: Code a case, Review queue, Batch.

Every handler catches its own errors and answers with one clear line in a status
box, so bad input never stops the app. Handlers never log note text: the only
log lines name an exception type.
"""
from __future__ import annotations

import logging
import time
from html import escape

import gradio as gr
import pandas as pd

from assistant.app.batch_tab import BATCH_TYPES, RESULT_COLUMNS, parse_batch, run_rows, write_outcome
from assistant.app.exports import write_exports, write_text
from assistant.app.files import ACCEPTED, read_documents
from assistant.app.highlight import highlight_html, legend_html
from assistant.app.queries import draft_queries
from assistant.app.samples import SAMPLES
from assistant.app.views import (CLAIM_HEADERS, CLAIM_WIDTHS, PAYER_HEADERS, claim_rows, findings_html, keyed, payer_rows,
                                 summary_html)
from assistant.knowledge import load_knowledge
from assistant.models import InputError
from assistant.pipeline import code_note
from assistant.store.review import STATUSES, ReviewError, ReviewStore

log = logging.getLogger("assistant.app")

ANY = "(any)"
QUEUE_HEADERS = ["Case #", "Case ID", "Coded (UTC)", "Source", "Payer", "Status", "Proposed", "Final", "Units", "Worst", "Findings"]
AUDIT_HEADERS = ["Entry", "When (UTC)", "Who", "Action", "Before", "After", "Why"]

CSS = """
.app-header {display:flex; align-items:baseline; gap:16px; padding:6px 2px 2px 2px; border-bottom:2px solid #1f3b5c; margin-bottom:4px}
.app-header h1 {font-size:22px; margin:0; color:#1f3b5c; letter-spacing:.2px; white-space:nowrap}
.app-header .sub {white-space:nowrap}
.app-header .sub {color:#555; font-size:13px}
.app-header .db {margin-left:auto; color:#666; font-size:12px; max-width:38%; overflow:hidden; text-overflow:ellipsis; white-space:nowrap}
.status-ok {background:#eef7ee; border-left:4px solid #2e7d32; padding:6px 10px; border-radius:4px}
.status-err {background:#fdecea; border-left:4px solid #c62828; padding:6px 10px; border-radius:4px; color:#7f1d1d}
.summary-card {border:1px solid #d0d7de; border-radius:8px; padding:10px 14px; background:#fbfcfe}
.summary-card .headline {display:flex; align-items:center; gap:10px; flex-wrap:wrap}
.summary-card .code {font:700 26px/1.2 ui-monospace, Menlo, Consolas, monospace; color:#0b3d91}
.summary-card .why {color:#8a4b00}
.summary-card .took {margin-left:auto; color:#777; font-size:12px}
.summary-card .kvs {display:grid; grid-template-columns:repeat(4, minmax(0,1fr)); gap:6px 14px; margin-top:8px}
.summary-card .kv span {display:block; color:#666; font-size:11px; text-transform:uppercase; letter-spacing:.4px}
.summary-card .kv b {font-size:14px}
.summary-card .notice {margin-top:6px; color:#8a4b00; font-size:13px}
.count {font-size:12px; padding:2px 8px; border-radius:10px; font-weight:600}
.sev-error .sev, .count.sev-error {background:#c62828; color:white}
.sev-warning .sev, .count.sev-warning {background:#f9a825; color:#222}
.sev-info .sev, .count.sev-info {background:#1565c0; color:white}
ul.findings {list-style:none; padding:0; margin:0}
li.finding {border:1px solid #e1e4e8; border-radius:6px; padding:6px 10px; margin:4px 0; background:white}
li.finding.sev-error {border-left:5px solid #c62828} li.finding.sev-warning {border-left:5px solid #f9a825} li.finding.sev-info {border-left:5px solid #1565c0}
li.finding .sev {font-size:11px; text-transform:uppercase; padding:1px 6px; border-radius:4px; margin-right:6px}
li.finding .rule {color:#666; font-size:12px; margin-top:2px}
.findings.empty {color:#2e7d32; padding:6px 0}
.ev-legend {display:flex; flex-wrap:wrap; gap:6px; margin:4px 0 8px 0}
.ev-chip {font-size:11px; padding:2px 8px; border-radius:10px; border:1px solid #ccc}
.ev-chip-neg {text-decoration:line-through; color:#777; background:#f4f4f4}
.note-view {white-space:pre-wrap; font:13px/1.55 ui-monospace, Menlo, Consolas, monospace; border:1px solid #d0d7de; border-radius:6px; padding:10px 12px; background:white; max-height:560px; overflow:auto}
mark.ev {padding:0 2px; border-radius:3px; color:inherit}
mark.ev-neg {background:#f0f0f0; color:#888; text-decoration:line-through}
.ev-tag {font:600 10px/1 system-ui, sans-serif; color:#777; border:1px solid #bbb; border-radius:3px; padding:0 3px; margin-left:2px; vertical-align:super}
.section-title {font-weight:600; color:#1f3b5c; margin:6px 0 2px 0}
.queue-counts {display:flex; gap:10px}
.queue-counts span {background:#f0f3f7; border-radius:6px; padding:4px 10px; font-size:13px}
.case-meta {color:#555; font-size:13px; margin:4px 0}
"""


def _status(message: str, ok: bool = True) -> str:
    return f'<div class="{"status-ok" if ok else "status-err"}" role="status">{escape(message)}</div>'


def _internal(where: str, error: Exception) -> str:
    log.error("%s failed: %s", where, type(error).__name__)  # the type only: messages may quote the note
    return _status(f"Internal error ({type(error).__name__}) while {where}; nothing was saved. The app is still running.", ok=False)


def _frame(rows: list[list], headers: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=headers)


def _username(request: gr.Request | None) -> str:
    return (getattr(request, "username", None) or "") if request is not None else ""


def database_label(store: ReviewStore) -> str:
    url = store.sessions.kw["bind"].url
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}"
    return f"{url.get_backend_name()} database '{url.database}' on {url.host or 'localhost'}"


def build_app(store: ReviewStore | None = None) -> gr.Blocks:
    store = store or ReviewStore()
    payers = sorted(load_knowledge().payers)
    default_payer = "commercial" if "commercial" in payers else payers[0]

    # ------------------------------------------------------------- handlers
    def load_example(name):
        if not name or name not in SAMPLES:
            return gr.skip(), gr.skip()
        return SAMPLES[name]["note"], SAMPLES[name]["payer"]

    def load_files(paths):
        """The files' text goes into the note box (the coder sees what is coded); the upload list is cleared."""
        if not paths:
            return gr.skip(), gr.skip(), gr.skip()
        paths = [paths] if isinstance(paths, str) else list(paths)
        notices: list[str] = []
        try:
            text = read_documents(paths, notices)
        except InputError as error:
            return gr.skip(), _status(f"Upload not used: {error}", ok=False), None
        except Exception as error:
            return gr.skip(), _internal("reading the upload", error), None
        read_as = f" ({'; '.join(notices)}: check the text)" if notices else ""  # e.g. a Windows-1252 file
        return text, _status(f"Loaded {len(text):,} characters from {len(paths)} file(s){escape(read_as)}. "
                             "Pick the payer and press Code."), None

    def code_case(note, payer, case_id, request: gr.Request = None):
        empty = ("", "", _frame([], CLAIM_HEADERS), _frame([], PAYER_HEADERS), "", "", None, None)
        started = time.perf_counter()
        try:
            result = code_note(note or "", payer, case_id=(case_id or "").strip() or None)
            queries = draft_queries(result, note)
            json_path, csv_path = write_exports(result, queries)
            review_id = store.add_case(result, note, actor=_username(request) or "coder", source="app")
        except InputError as error:
            return (_status(f"Not coded: {error}", ok=False), *empty)
        except Exception as error:
            return (_internal("coding the case", error), *empty)
        seconds = time.perf_counter() - started
        query_text = "\n\n".join(f"--- {q.title} ---\n{q.text}" for q in queries) or "No documentation gaps that need a provider query."
        return (_status(f"Coded and added to the review queue as case #{review_id}."),
                summary_html(result, seconds), highlight_html(note, result.facts), _frame(claim_rows(result), CLAIM_HEADERS),
                _frame(payer_rows(result), PAYER_HEADERS), findings_html(result), query_text, json_path, csv_path)

    def queue_rows(finding, severity, payer, status):
        pick = lambda value: None if value in (None, "", ANY) else value  # noqa: E731
        cases = store.list_cases(finding=pick(finding), severity=pick(severity), payer=pick(payer), status=pick(status))
        return [[c.id, c.case_key or "", c.created_at.strftime("%Y-%m-%d %H:%M"), c.source, c.payer, c.status,
                 keyed(c.proposed_code, c.proposed_modifiers) if c.proposed_code else "-",
                 keyed(c.final_code, c.final_modifiers) if c.final_code else "-",
                 "" if c.units is None else c.units, c.worst_severity or "", " ".join(c.finding_codes)] for c in cases]

    def counts_html():
        counts = store.counts()
        return '<div class="queue-counts">' + "".join(f"<span><b>{n}</b> {escape(s)}</span>" for s, n in counts.items()) + "</div>"

    def refresh(finding, severity, payer, status):
        try:
            rows = queue_rows(finding, severity, payer, status)
            choices = [ANY] + store.finding_codes()
        except ReviewError as error:
            return gr.skip(), gr.skip(), gr.skip(), _status(str(error), ok=False)
        except Exception as error:
            return gr.skip(), gr.skip(), gr.skip(), _internal("loading the queue", error)
        return (_frame(rows, QUEUE_HEADERS), counts_html(), gr.update(choices=choices),
                _status(f"{len(rows)} case(s) match the filters."))

    def trail_rows(case_id):
        fmt = lambda s: (keyed(s["code"], s.get("modifiers", [])) if s.get("code") else "-") + (f" [{s['status']}]" if s.get("status") else "")  # noqa: E731
        return [[a.id, a.at.strftime("%Y-%m-%d %H:%M:%S"), a.actor, a.action, fmt(a.before) if a.before else "-", fmt(a.after), a.reason]
                for a in store.audit_trail(case_id)]

    def case_html(detail):
        result = detail.result
        meta = (f'<div class="case-meta">Case #{detail.id}{" · " + escape(detail.case_key) if detail.case_key else ""} · '
                f'{escape(detail.payer)} · status <b id="case-status">{escape(detail.status)}</b> · final '
                f'<b id="case-final">{escape(keyed(detail.final_code, detail.final_modifiers) if detail.final_code else "-")}</b></div>')
        return (summary_html(result) + meta + '<div class="section-title">Findings</div>' + findings_html(result)
                + '<div class="section-title">Evidence</div>' + highlight_html(detail.note, result.facts))

    def open_case(case_id):
        try:
            detail = store.get_case(case_id)
        except ReviewError as error:
            return _status(str(error), ok=False), "", _frame([], AUDIT_HEADERS), gr.skip(), gr.skip(), None
        except Exception as error:
            return _internal("opening the case", error), "", _frame([], AUDIT_HEADERS), gr.skip(), gr.skip(), None
        return (_status(f"Case #{detail.id} opened."), case_html(detail), _frame(trail_rows(detail.id), AUDIT_HEADERS),
                detail.final_code or "", " ".join(detail.final_modifiers), {"id": detail.id, "version": detail.version})

    def select_case(event: gr.SelectData):
        row = getattr(event, "row_value", None)
        if not row:
            return gr.skip()
        return int(row[0])

    def act(action, case_id, reviewer, code, modifiers, reason, finding, severity, payer, status, opened=None):
        # the version the reviewer saw: a case changed by someone else since is refused, not overwritten
        same_case = isinstance(opened, dict) and str(opened.get("id")) == str(case_id).split(".")[0]
        seen = opened.get("version") if same_case else None
        try:
            if action == "accept":
                row = store.accept(case_id, reviewer, reason, expected_version=seen)
                message = f"Case #{row.id} accepted as {keyed(row.final_code, row.final_modifiers) if row.final_code else 'not billable'}."
            else:
                row = store.override(case_id, reviewer, code, modifiers, reason, expected_version=seen)
                message = f"Case #{row.id} overridden to {keyed(row.final_code, row.final_modifiers)}; the audit trail records who, when and why."
            detail = store.get_case(row.id)
        except ReviewError as error:
            return (_status(f"Not saved: {error}", ok=False), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip())
        except Exception as error:
            return (_internal("saving the review", error), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip())
        return (_status(message), case_html(detail), _frame(trail_rows(row.id), AUDIT_HEADERS),
                _frame(queue_rows(finding, severity, payer, status), QUEUE_HEADERS), counts_html(),
                {"id": row.id, "version": row.version})

    def export_trail():
        try:
            return write_text("audit-trail.csv", store.audit_csv()), _status("Audit trail exported (all cases, oldest first, UTC).")
        except Exception as error:
            return None, _internal("exporting the audit trail", error)

    def run_batch(path, payer, request: gr.Request = None, progress=gr.Progress()):
        empty = _frame([], RESULT_COLUMNS)
        if not path:
            return _status("Choose a batch file first.", ok=False), empty, None, None
        try:
            rows = parse_batch(path, payer)
        except InputError as error:
            return _status(f"Batch not run: {error}", ok=False), empty, None, None
        except Exception as error:
            return _internal("reading the batch", error), empty, None, None
        started = time.perf_counter()
        try:
            outcome = run_rows(rows, store=store, actor=_username(request) or "batch",
                               progress=lambda done, total: progress((done, total), desc=f"Coding note {min(done + 1, total)} of {total}", unit="notes"))
            csv_path, jsonl_path = write_outcome(outcome)
        except ReviewError as error:  # the cases are saved in one transaction: none of them was saved
            return _status(f"Batch not saved: {error}", ok=False), empty, None, None
        except Exception as error:
            return _internal("running the batch", error), empty, None, None
        errors = len(outcome.rows) - outcome.coded
        message = f"Batch done in {time.perf_counter() - started:.1f} s: {outcome.coded} coded (in the review queue), {errors} with errors."
        return _status(message, ok=errors == 0 or outcome.coded > 0), _frame([[r[c] for c in RESULT_COLUMNS] for r in outcome.rows], RESULT_COLUMNS), csv_path, jsonl_path

    def on_load(request: gr.Request = None):
        return _username(request) or gr.skip()

    # --------------------------------------------------------------- layout
    with gr.Blocks(title="Anesthesia Coding Assistant", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.HTML(f'<div class="app-header"><h1>Anesthesia Coding Assistant</h1><span class="sub">code · review · batch — '
                f'every code traced to the note and the rule</span><span class="db" title="{escape(database_label(store))}">{escape(database_label(store))}</span></div>')
        with gr.Tabs():
            with gr.Tab("Code a case", id="code", elem_id="tab-code"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=2, min_width=380):
                        note = gr.Textbox(label="Note (paste the anesthesia record, pre-op and op note)", lines=12, max_lines=24,
                                          placeholder="Paste the case documentation here, or upload files below.", elem_id="note-input")
                        files = gr.File(label=f"Or upload the case's documents ({', '.join(ACCEPTED)})", file_count="multiple",
                                        file_types=ACCEPTED, height=120, elem_id="note-files")
                        with gr.Row():
                            payer = gr.Dropdown(payers, value=default_payer, label="Payer", elem_id="payer", scale=2)
                            case_id = gr.Textbox(label="Case ID (optional)", elem_id="case-id", scale=2)
                        with gr.Row():
                            example = gr.Dropdown(list(SAMPLES), value=None, label="Load an example note", elem_id="example", scale=3)
                            code_button = gr.Button("Code", variant="primary", elem_id="code-button", scale=1)
                        code_status = gr.HTML(elem_id="code-status")
                    with gr.Column(scale=3, min_width=520):
                        summary = gr.HTML('<div class="summary-card"><div class="headline"><span class="code">—</span>'
                                          '<span class="why">Paste a note and press Code.</span></div></div>', elem_id="summary")
                        gr.HTML('<div class="section-title">Findings</div>')
                        findings = gr.HTML('<div class="findings empty" style="color:#777">Findings appear here, worst first, with rule and source.</div>',
                                           elem_id="findings")
                claim = gr.Dataframe(_frame([], CLAIM_HEADERS), label="Claim lines as keyed (CMS-1500 box 24)", interactive=False,
                                     wrap=True, max_height=260, column_widths=CLAIM_WIDTHS, elem_id="claim-lines")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        payer_table = gr.Dataframe(_frame([], PAYER_HEADERS), label="Units and dollars by payer (same validated claim)",
                                                   interactive=False, wrap=True, max_height=320, column_widths=["26%", "12%", "12%", "50%"],
                                                   elem_id="payer-table")
                    with gr.Column(scale=2):
                        json_file = gr.File(label="Download JSON (full result)", interactive=False, height=70, elem_id="export-json")
                        csv_file = gr.File(label="Download CSV (claim lines)", interactive=False, height=70, elem_id="export-csv")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        gr.HTML('<div class="section-title">Evidence in the note</div>')
                        evidence = gr.HTML(legend_html(), elem_id="evidence")
                    with gr.Column(scale=2):
                        queries = gr.Textbox(label="Draft provider queries (documentation gaps)", lines=10, max_lines=40, interactive=False,
                                             buttons=["copy"], elem_id="provider-queries")

            with gr.Tab("Review queue", id="review", elem_id="tab-review") as review_tab:
                with gr.Row():
                    counts = gr.HTML(elem_id="queue-counts")
                with gr.Row():
                    f_finding = gr.Dropdown([ANY], value=ANY, label="Finding", allow_custom_value=True, elem_id="filter-finding")
                    f_severity = gr.Dropdown([ANY, "error", "warning", "info"], value=ANY, label="Severity", elem_id="filter-severity")
                    f_payer = gr.Dropdown([ANY] + payers, value=ANY, label="Payer", elem_id="filter-payer")
                    f_status = gr.Dropdown([ANY, *STATUSES], value=ANY, label="Status", elem_id="filter-status")
                    refresh_button = gr.Button("Refresh", elem_id="refresh-button", scale=0, min_width=110)
                queue_status = gr.HTML(elem_id="queue-status")
                queue = gr.Dataframe(_frame([], QUEUE_HEADERS), label="Review queue (newest first; click a row to open it)",
                                     interactive=False, wrap=True, max_height=300, elem_id="queue-table",
                                     column_widths=["5%", "9%", "11%", "5%", "8%", "7%", "11%", "11%", "5%", "6%", "22%"])
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        with gr.Row():
                            case_number = gr.Number(None, label="Case #", precision=0, elem_id="case-number", scale=1)
                            open_button = gr.Button("Open case", elem_id="open-button", scale=1)
                        case_view = gr.HTML(elem_id="case-view")
                    with gr.Column(scale=2):
                        reviewer = gr.Textbox(label="Reviewer (recorded in the audit trail)", elem_id="reviewer")
                        with gr.Row():
                            new_code = gr.Textbox(label="Code", placeholder="00400", elem_id="override-code")
                            new_modifiers = gr.Textbox(label="Modifiers", placeholder="QK P2", elem_id="override-modifiers")
                        reason = gr.Textbox(label="Reason (required for an override)", lines=2, elem_id="override-reason")
                        with gr.Row():
                            accept_button = gr.Button("Accept as coded", elem_id="accept-button")
                            override_button = gr.Button("Override", variant="primary", elem_id="override-button")
                        review_status = gr.HTML(elem_id="review-status")
                        trail = gr.Dataframe(_frame([], AUDIT_HEADERS), label="Audit trail of this case (append-only)", interactive=False,
                                             wrap=True, elem_id="audit-table", column_widths=["7%", "16%", "13%", "12%", "16%", "16%", "20%"])
                        export_button = gr.Button("Export audit trail (CSV, all cases)", elem_id="export-trail")
                        trail_file = gr.File(label="Audit trail CSV", interactive=False, height=70, elem_id="trail-file")

            with gr.Tab("Batch", id="batch", elem_id="tab-batch"):
                gr.Markdown("Upload **JSON Lines** (`{\"id\", \"note\", \"payer\"}` per line), **CSV** (columns `id,note,payer`) or a "
                            "**zip of .txt notes** (one case per file). Every coded case lands in the review queue. "
                            "A batch runs in its own queue: other users keep coding while it runs.")
                with gr.Row():
                    batch_file = gr.File(label=f"Batch file ({', '.join(BATCH_TYPES)})", file_types=BATCH_TYPES, height=110,
                                         elem_id="batch-file", scale=3)
                    with gr.Column(scale=2):
                        batch_payer = gr.Dropdown(payers, value=default_payer, label="Payer for rows without one", elem_id="batch-payer")
                        batch_button = gr.Button("Run batch", variant="primary", elem_id="batch-button")
                batch_status = gr.HTML(elem_id="batch-status")
                batch_table = gr.Dataframe(_frame([], RESULT_COLUMNS), label="Results", interactive=False, wrap=True, max_height=420,
                                           elem_id="batch-table")
                with gr.Row():
                    batch_csv = gr.File(label="Results CSV", interactive=False, height=70, elem_id="batch-csv")
                    batch_jsonl = gr.File(label="Results JSONL (full results)", interactive=False, height=70, elem_id="batch-jsonl")
        gr.HTML('<div style="color:#777;font-size:12px;margin-top:6px">Codes are proposals for a certified coder to confirm. '
                'Note text is stored with each case in the review database and never written to logs.</div>')

        # ------------------------------------------------------------- events
        filters = [f_finding, f_severity, f_payer, f_status]
        example.change(load_example, example, [note, payer], api_visibility="private")
        files.upload(load_files, files, [note, code_status, files], api_visibility="private")
        code_outputs = [code_status, summary, evidence, claim, payer_table, findings, queries, json_file, csv_file]
        code_button.click(code_case, [note, payer, case_id], code_outputs, api_name="code", concurrency_limit=2, concurrency_id="code")
        refresh_outputs = [queue, counts, f_finding, queue_status]
        refresh_button.click(refresh, filters, refresh_outputs, api_name="queue")
        review_tab.select(refresh, filters, refresh_outputs, api_visibility="private")
        for control in filters:
            control.input(refresh, filters, refresh_outputs, api_visibility="private")
        opened = gr.State(None)  # {"id", "version"} of the case on screen
        open_outputs = [review_status, case_view, trail, new_code, new_modifiers, opened]
        queue.select(select_case, None, case_number, api_visibility="private").then(open_case, case_number, open_outputs, api_visibility="private")
        open_button.click(open_case, case_number, open_outputs, api_name="open_case")
        act_outputs = [review_status, case_view, trail, queue, counts, opened]
        act_inputs = [case_number, reviewer, new_code, new_modifiers, reason, *filters, opened]
        accept_button.click(lambda *a: act("accept", *a), act_inputs, act_outputs, api_name="accept")
        override_button.click(lambda *a: act("override", *a), act_inputs, act_outputs, api_name="override")
        export_button.click(export_trail, None, [trail_file, review_status], api_name="export_trail")
        batch_button.click(run_batch, [batch_file, batch_payer], [batch_status, batch_table, batch_csv, batch_jsonl], api_name="batch",
                           concurrency_limit=1, concurrency_id="batch", show_progress_on=batch_table)
        demo.load(on_load, None, reviewer, api_visibility="private")
    demo.queue(default_concurrency_limit=2, max_size=64)
    return demo
