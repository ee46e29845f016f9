"""The Gradio workspace: Code a case, Review queue, Batch.

Every handler catches its own errors and answers with one clear line in a status box, so bad input never
stops the app. Handlers never log note text: the only log lines name an exception type. Who acts comes from
the login (gr.Request.username and the role of that user); without login the app says it runs in single-user
mode and the trail records the local user.
"""
from __future__ import annotations

import logging
import math
import time
from html import escape

import gradio as gr

from assistant.app.batch_tab import BATCH_TYPES, RESULT_COLUMNS, parse_batch, run_rows, write_outcome
from assistant.app.claims import write_claims
from assistant.app.exports import safe_name, write_exports, write_text
from assistant.app.files import ACCEPTED, read_documents
from assistant.app.highlight import highlight_html, legend_html
from assistant.app.queries import draft_queries
from assistant.app.samples import SAMPLES
from assistant.app.style import CSS, HEAD
from assistant.app.views import (claim_html, findings_html, keyed, money, payer_html, summary_html, table_html,
                                 why_html)
from assistant.knowledge import load_knowledge
from assistant.models import InputError
from assistant.pipeline import code_note
from assistant.store.review import PAGE_SIZE, STATUSES, QueueFilter, ReviewError, ReviewStore, claim_keys

__all__ = ["CSS", "HEAD", "build_app"]

log = logging.getLogger("assistant.app")

ANY = "(any)"
SINGLE_USER = "local user"
QUEUE_HEADERS = ["Case #", "Case ID", "DOS", "Provider", "Payer", "Status", "Final", "Units", "Dollars",
                 "Worst", "Findings"]
AUDIT_HEADERS = ["Entry", "When (UTC)", "Who", "Action", "Before", "After", "Why"]
EMPTY_SUMMARY = ('<div class="summary-card"><div class="headline"><span class="code">—</span>'
                 '<span class="why">Paste a note and press Code (Ctrl+Enter).</span></div></div>')
SHORTCUTS = ("Keys: Ctrl+Enter codes the note (in the queue: checks the override) · Alt+C code · Alt+A accept · "
             "Alt+K check override · Alt+O save override · Alt+N next open case")


def _status(message: str, ok: bool = True) -> str:
    return f'<div class="{"status-ok" if ok else "status-err"}" role="status">{escape(message)}</div>'


def _internal(where: str, error: Exception) -> str:
    log.error("%s failed: %s", where, type(error).__name__)  # the type only: messages may quote the note
    return _status(f"Internal error ({type(error).__name__}) while {where}; nothing was saved. "
                   "The app is still running.", ok=False)


def _shown(path: str):
    return gr.update(value=path, visible=True)


def database_label(store: ReviewStore) -> str:
    url = store.sessions.kw["bind"].url
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}"
    return f"{url.get_backend_name()} database '{url.database}' on {url.host or 'localhost'}"


def _pick(value):
    return "" if value in (None, ANY) else str(value).strip()


def _filter(case_id, dos, provider, status, finding, min_dollars, payer=ANY) -> QueueFilter:
    minimum = None
    if str(min_dollars or "").strip():
        try:
            minimum = float(str(min_dollars).strip().lstrip("$").replace(",", ""))
        except ValueError:
            raise ReviewError(f"Min $ must be a number of dollars, not '{str(min_dollars)[:20]}'") from None
        if math.isnan(minimum) or minimum <= 0:  # an empty box arrives as 0: cases without dollars stay in
            minimum = None
    return QueueFilter(case_id=_pick(case_id), date_of_service=_pick(dos), provider=_pick(provider),
                       status=_pick(status), finding=_pick(finding), min_dollars=minimum, payer=_pick(payer))


def build_app(store: ReviewStore | None = None, roles=None) -> gr.Blocks:
    """`roles` answers role(username) for signed-in users (assistant.app.security.LoginGuard); None = no login."""
    store = store or ReviewStore()
    payers = sorted(load_knowledge().payers)
    default_payer = "commercial" if "commercial" in payers else payers[0]

    def who(request: gr.Request | None) -> tuple[str, str]:
        if roles is None:
            return SINGLE_USER, "admin"
        name = (getattr(request, "username", None) or "") if request is not None else ""
        role = roles.role(name)
        if not name or role is None:
            raise ReviewError("you are not signed in; reload the page and sign in")
        return name, role

    def identity_html(request: gr.Request = None):
        if roles is None:
            return ('<div class="identity single" id="identity">Single-user mode: no login is configured, so the '
                    f'audit trail records "{SINGLE_USER}" for every action (set ASSISTANT_APP_AUTH or '
                    'ASSISTANT_APP_USERS for named users and roles).</div>')
        try:
            name, role = who(request)
        except ReviewError as error:
            return f'<div class="identity" id="identity">{escape(str(error))}</div>'
        return (f'<div class="identity" id="identity">Signed in as <b id="user-name">{escape(name)}</b> '
                f'(<span id="user-role">{escape(role)}</span>): the audit trail records this name.</div>')

    # ------------------------------------------------------------- code a case
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
        return text, _status(f"Loaded {len(text):,} characters from {len(paths)} file(s){read_as}. "
                             "Pick the payer and press Code."), None

    def code_case(note, payer, case_id, request: gr.Request = None):
        empty = (EMPTY_SUMMARY, "", "", "", "", legend_html(), "", None, None, None)
        started = time.perf_counter()
        try:
            actor, _role = who(request)
            result = code_note(note or "", payer, case_id=(case_id or "").strip() or None)
            queries = draft_queries(result, note)
            json_path, csv_path = write_exports(result, queries)
            review_id = store.add_case(result, note, actor=actor, source="app")
            revision = store.get_case(review_id).revision
        except (InputError, ReviewError) as error:
            return (_status(f"Not coded: {error}", ok=False), *empty)
        except Exception as error:
            return (_internal("coding the case", error), *empty)
        seconds = time.perf_counter() - started
        query_text = "\n\n".join(f"--- {q.title} ---\n{q.text}" for q in queries) or \
            "No documentation gaps that need a provider query."
        version = f" (version {revision} of this encounter)" if revision > 1 else ""
        return (_status(f"Coded for {result.claim.payer_name}; in the review queue as case #{review_id}{version}."),
                summary_html(result, seconds), why_html(result, "note-view-code"),
                findings_html(result, "note-view-code"), claim_html(result, "claim-table"), payer_html(result),
                highlight_html(note, result.facts, "note-view-code"), query_text, json_path, csv_path, note)

    def recode_for_payer(note, payer, case_id, coded_note, request: gr.Request = None):
        """A payer switch re-codes the note on screen, so every figure is the new payer's (a new version)."""
        if not coded_note or coded_note != note:
            return tuple(gr.skip() for _ in range(11))
        return code_case(note, payer, case_id, request)

    # ------------------------------------------------------------- review queue
    def queue_html(rows) -> str:
        cells = [[str(c.id), escape(c.case_key or ""), escape(c.date_of_service or ""), escape(c.provider or ""),
                  escape(c.payer), f'<span class="st st-{escape(c.status)}">{escape(c.status)}</span>',
                  f'<span class="code">{escape(keyed(c.final_code, c.final_modifiers) if c.final_code else "-")}'
                  '</span>', "" if c.units is None else f"{c.units:g}", money(c.dollars),
                  escape(c.worst_severity or ""), escape(" ".join(c.finding_codes))] for c in rows]
        attrs = [f' data-case="{c.id}" tabindex="0" title="open case #{c.id}"' for c in rows]
        return table_html(QUEUE_HEADERS, cells, "queue-grid", "grid queue", attrs)

    def counts_html():
        counts = store.counts()
        return '<div class="queue-counts">' + "".join(f"<span><b>{n}</b> {escape(s)}</span>"
                                                       for s, n in counts.items()) + "</div>"

    def refresh(case_id, dos, provider, status, finding, min_dollars, queue_payer, page):
        try:
            flt = _filter(case_id, dos, provider, status, finding, min_dollars, queue_payer)
            page = max(0, int(page or 0))
            rows, total = store.query_cases(flt, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
            pages = max(1, math.ceil(total / PAGE_SIZE))
            if page >= pages:
                page = pages - 1
                rows, total = store.query_cases(flt, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
            choices = [ANY] + store.finding_codes()
        except (ReviewError, ValueError) as error:
            return gr.skip(), gr.skip(), gr.skip(), _status(str(error), ok=False), gr.skip()
        except Exception as error:
            return gr.skip(), gr.skip(), gr.skip(), _internal("loading the queue", error), gr.skip()
        shown = f"{page * PAGE_SIZE + 1}-{page * PAGE_SIZE + len(rows)}" if rows else "0"
        return (queue_html(rows), counts_html(), gr.update(choices=choices),
                _status(f"{total} case(s) match; showing {shown} (page {page + 1} of {pages})."), page)

    def trail_html(case_id) -> str:
        def state(s: dict) -> str:
            if not s:
                return "-"
            lines = "; ".join(s.get("lines", [])) or (keyed(s["code"], s.get("modifiers", [])) if s.get("code")
                                                        else "no code")
            return f"{lines} [{s.get('status', '')}]" + (f" findings: {' '.join(s['findings'])}"
                                                         if s.get("findings") else "")
        rows = [[str(a.id), a.at.strftime("%Y-%m-%d %H:%M:%S"), escape(a.actor), escape(a.action),
                 escape(state(a.before)), escape(state(a.after)), escape(a.reason)] for a in store.audit_trail(case_id)]
        return table_html(AUDIT_HEADERS, rows, "audit-grid", "grid audit")

    def case_html(detail) -> str:
        result = detail.result
        final = keyed(detail.final_code, detail.final_modifiers) if detail.final_code else "-"
        meta = (f'<div class="case-meta">Case #{detail.id}{" · " + escape(detail.case_key) if detail.case_key else ""}'
                f' · DOS {escape(detail.date_of_service or "not found")} · {escape(detail.provider or "no provider")}'
                f' · {escape(detail.payer)} · version {detail.revision} · coded by {escape(detail.coded_by or "-")}'
                f' · status <b id="case-status">{escape(detail.status)}</b> · final <b id="case-final">'
                f'{escape(final)}</b></div>')
        return (meta + summary_html(result) + '<div class="section-title">Why these codes</div>'
                + why_html(result, "note-view-review") + '<div class="section-title">Claim lines (box 24)</div>'
                + claim_html(result, "case-claim-table") + '<div class="section-title">Findings</div>'
                + findings_html(result, "note-view-review") + '<div class="section-title">Evidence</div>'
                + highlight_html(detail.note, result.facts, "note-view-review"))

    def open_case(case_number, request: gr.Request = None):
        nothing = ("", table_html(AUDIT_HEADERS, [], "audit-grid"), gr.skip(), None, "", None)
        try:
            detail = store.get_case(case_number)
        except ReviewError as error:
            return (_status(str(error), ok=False), *nothing)
        except Exception as error:
            return (_internal("opening the case", error), *nothing)
        return (_status(f"Case #{detail.id} opened (version {detail.revision}, {detail.status})."), case_html(detail),
                trail_html(detail.id), "\n".join(claim_keys(detail.result)),
                {"id": detail.id, "version": detail.version}, "", None)

    def _opened(opened) -> tuple[int, int | None]:
        if not isinstance(opened, dict) or not opened.get("id"):
            raise ReviewError("open a case first (click a row of the queue or type its number)")
        return int(opened["id"]), opened.get("version")

    def preview_html(result) -> str:
        return ('<div class="preview"><div class="section-title">The override as the rules see it (not saved)</div>'
                + summary_html(result) + claim_html(result, "preview-claim-table")
                + findings_html(result, "note-view-review") + "</div>")

    def check_override(opened, lines):
        try:
            case_id, _ = _opened(opened)
            result = store.preview_override(case_id, lines or "")
        except ReviewError as error:
            return _status(f"Not valid: {error}", ok=False), "", None
        except Exception as error:
            return _internal("checking the override", error), "", None
        errors = sum(1 for f in result.validation.findings if f.severity.value == "error")
        return (_status(f"Checked and re-priced: {result.claim.anesthesia_units} units, "
                        f"{money(result.claim.total_dollars)}; {len(result.validation.findings)} finding(s), "
                        f"{errors} error(s). Press Save override to keep it.", ok=True),
                preview_html(result), lines)

    def act(action, opened, lines, reason, previewed, *filters, request: gr.Request = None):
        skip = tuple(gr.skip() for _ in range(7))
        try:
            actor, role = who(request)
            case_id, seen = _opened(opened)
            if action == "override" and (previewed or "") != (lines or ""):
                result = store.preview_override(case_id, lines or "")  # findings are shown before saving
                return (_status("Checked: read the findings of the override below, then press Save override again.",
                                ok=False), gr.skip(), gr.skip(), preview_html(result), lines, *skip[:6])
            if action == "accept":
                row = store.accept(case_id, actor, reason, expected_version=seen, role=role)
                message = f"Case #{row.id} accepted by {actor}."
            else:
                row = store.override(case_id, actor, lines or "", reason, expected_version=seen, role=role)
                message = (f"Case #{row.id} overridden by {actor} to {keyed(row.final_code, row.final_modifiers)}: "
                           f"{row.units:g} units, {money(row.dollars)}; version {row.revision}.")
            detail = store.get_case(row.id)
        except ReviewError as error:
            return (_status(f"Not saved: {error}", ok=False), *skip, gr.skip(), gr.skip(), gr.skip())[:11]
        except Exception as error:
            return (_internal("saving the review", error), *skip, gr.skip(), gr.skip(), gr.skip())[:11]
        queue, counts, _choices, queue_note, _page = refresh(*filters)
        return (_status(message), case_html(detail), trail_html(row.id), "", None,
                {"id": row.id, "version": row.version}, "\n".join(claim_keys(detail.result)), queue, counts,
                queue_note, "")

    def accept_case(opened, lines, reason, previewed, f1, f2, f3, f4, f5, f6, f7, page, request: gr.Request = None):
        return act("accept", opened, lines, reason, previewed, f1, f2, f3, f4, f5, f6, f7, page, request=request)

    def override_case(opened, lines, reason, previewed, f1, f2, f3, f4, f5, f6, f7, page,
                      request: gr.Request = None):
        return act("override", opened, lines, reason, previewed, f1, f2, f3, f4, f5, f6, f7, page, request=request)

    def next_open(opened, *filters):
        try:
            after = opened.get("id") if isinstance(opened, dict) else None
            flt = _filter(*filters[:7])
            number = store.next_open(after, flt)
        except (ReviewError, ValueError) as error:
            return gr.skip(), _status(str(error), ok=False)
        if number is None:
            return gr.skip(), _status("No other open case matches the filters.")
        return number, gr.skip()

    def _reviewers() -> dict[int, str]:
        last: dict[int, str] = {}
        for entry in store.audit_trail():
            if entry.action in ("accepted", "overridden"):
                last[entry.case_id] = entry.actor
        return last

    def export_case(opened):
        try:
            case_id, _ = _opened(opened)
            details = store.final_cases([case_id])
            if not details:
                raise ReviewError(f"case {case_id} is not reviewed yet: accept or override it before exporting")
            stem = f"claim-{safe_name(details[0].case_key, str(case_id))}"
            csv_path, json_path = write_claims(details, stem, _reviewers())
        except ReviewError as error:
            return None, None, _status(f"Not exported: {error}", ok=False)
        except Exception as error:
            return None, None, _internal("exporting the claim", error)
        return (_shown(csv_path), _shown(json_path),
                _status(f"Claim of case #{case_id} exported (CSV and FHIR R4 Claim JSON)."))

    def export_queue():
        try:
            details = store.final_cases()
            if not details:
                raise ReviewError("no reviewed case yet: accept or override cases before exporting claims")
            csv_path, json_path = write_claims(details, "reviewed-claims", _reviewers())
        except ReviewError as error:
            return None, None, _status(f"Not exported: {error}", ok=False)
        except Exception as error:
            return None, None, _internal("exporting the claims", error)
        return (_shown(csv_path), _shown(json_path),
                _status(f"{len(details)} reviewed claim(s) exported (CSV and a FHIR Bundle of R4 Claims)."))

    def export_trail():
        try:
            path = write_text("audit-trail.csv", store.audit_csv())
            return _shown(path), _status("Audit trail exported (all cases, UTC).")
        except Exception as error:
            return None, _internal("exporting the audit trail", error)

    # ------------------------------------------------------------- batch
    def run_batch(path, payer, request: gr.Request = None, progress=gr.Progress()):
        empty = table_html(RESULT_COLUMNS, [], "batch-grid")
        if not path:
            return _status("Choose a batch file first.", ok=False), empty, None, None
        try:
            actor, _role = who(request)
            rows = parse_batch(path, payer)
        except (InputError, ReviewError) as error:
            return _status(f"Batch not run: {error}", ok=False), empty, None, None
        except Exception as error:
            return _internal("reading the batch", error), empty, None, None
        started = time.perf_counter()
        try:
            def report(done: int, total: int) -> None:
                progress((done, total), unit="notes", desc=f"Coding note {min(done + 1, total)} of {total}")

            outcome = run_rows(rows, store=store, actor=actor if roles is not None else "batch", progress=report)
            csv_path, jsonl_path = write_outcome(outcome)
        except ReviewError as error:  # the cases are saved in one transaction: none of them was saved
            return _status(f"Batch not saved: {error}", ok=False), empty, None, None
        except Exception as error:
            return _internal("running the batch", error), empty, None, None
        failed = len(outcome.rows) - outcome.coded
        message = (f"Batch done in {time.perf_counter() - started:.1f} s: {outcome.coded} coded (in the review "
                   f"queue), {failed} failed" + (" - see the error rows (their input line is in the JSONL)."
                                                 if failed else "."))
        shown = sorted(outcome.rows, key=lambda r: r["status"] != "error")[:500]  # the failures first
        columns = ["id", "status", "message", *[c for c in RESULT_COLUMNS if c not in ("id", "status", "message")]]
        cells = [[escape(str(r[c])) for c in columns] for r in shown]
        if len(outcome.rows) > len(shown):
            message += f" The table shows {len(shown)} of {len(outcome.rows)} rows (errors first); the CSV has all."
        return _status(message, ok=failed == 0), table_html(columns, cells, "batch-grid"), csv_path, jsonl_path

    # --------------------------------------------------------------- layout
    with gr.Blocks(title="Anesthesia Coding Assistant", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        label = escape(database_label(store))
        gr.HTML(f'<div class="app-header"><h1>Anesthesia Coding Assistant</h1><span class="sub">code · review · '
                f'batch: every code traced to the note and the rule</span><span class="db" title="{label}">{label}'
                '</span></div>')
        identity = gr.HTML(elem_id="identity-box")
        with gr.Tabs():
            with gr.Tab("Code a case", id="code", elem_id="tab-code"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=2, min_width=340):
                        note = gr.Textbox(label="Note (paste the anesthesia record, pre-op and op note)", lines=12,
                                          max_lines=24, elem_id="note-input",
                                          placeholder="Paste the case documentation here, or upload files below.")
                        files = gr.File(label=f"Or upload the case's documents ({', '.join(ACCEPTED)})",
                                        file_count="multiple", file_types=ACCEPTED, height=110, elem_id="note-files")
                        with gr.Row():
                            payer = gr.Dropdown(payers, value=default_payer, label="Payer", elem_id="payer",
                                                scale=2, min_width=150)
                            case_id = gr.Textbox(label="Case ID (optional)", elem_id="case-id", scale=2, min_width=150)
                        with gr.Row():
                            example = gr.Dropdown(list(SAMPLES), value=None, label="Load an example note",
                                                  elem_id="example", scale=3, min_width=180)
                            code_button = gr.Button("Code", variant="primary", elem_id="code-button",
                                                    scale=1, min_width=90)
                        gr.HTML('<div class="keys">Ctrl+Enter in the note codes it · Alt+C code</div>')
                        code_status = gr.HTML(elem_id="code-status")
                    with gr.Column(scale=3, min_width=420):
                        summary = gr.HTML(EMPTY_SUMMARY, elem_id="summary")
                        gr.HTML('<div class="section-title">Why these codes (click a quote to see it in the note)'
                                '</div>')
                        why = gr.HTML(elem_id="why")
                        gr.HTML('<div class="section-title">Findings</div>')
                        findings = gr.HTML('<div class="findings empty muted">Findings appear here, worst first, '
                                           'with rule and source.</div>', elem_id="findings")
                gr.HTML('<div class="section-title">Claim lines as keyed (CMS-1500 box 24)</div>')
                claim = gr.HTML(elem_id="claim-lines")
                gr.HTML('<div class="section-title">Units and dollars by payer (same validated claim)</div>')
                payer_table = gr.HTML(elem_id="payer-table")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=420):
                        gr.HTML('<div class="section-title">Evidence in the note</div>')
                        evidence = gr.HTML(legend_html(), elem_id="evidence")
                    with gr.Column(scale=2, min_width=300):
                        queries = gr.Textbox(label="Draft provider queries (documentation gaps)", lines=8,
                                             max_lines=40, interactive=False, buttons=["copy"],
                                             elem_id="provider-queries")
                        with gr.Row():
                            json_file = gr.File(label="JSON (full result)", interactive=False, height=70,
                                                elem_id="export-json")
                            csv_file = gr.File(label="CSV (claim lines)", interactive=False, height=70,
                                               elem_id="export-csv")

            with gr.Tab("Review queue", id="review", elem_id="tab-review") as review_tab:
                counts = gr.HTML(elem_id="queue-counts")
                with gr.Row(equal_height=True):
                    f_case = gr.Textbox(label="Case ID", placeholder="part of it", elem_id="filter-case",
                                        min_width=110)
                    f_dos = gr.Textbox(label="Date of service", placeholder="YYYY-MM(-DD)",
                                       elem_id="filter-dos", min_width=120)
                    f_provider = gr.Textbox(label="Provider", placeholder="part of a name", elem_id="filter-provider",
                                            min_width=110)
                    f_status = gr.Dropdown([ANY, *STATUSES], value=ANY, label="Status", elem_id="filter-status",
                                           min_width=110)
                    f_finding = gr.Dropdown([ANY], value=ANY, label="Finding", allow_custom_value=True,
                                            elem_id="filter-finding", min_width=150)
                    f_dollars = gr.Textbox(label="Min $", placeholder="e.g. 100", elem_id="filter-dollars",
                                           min_width=80)
                    f_payer = gr.Dropdown([ANY, *payers], value=ANY, label="Payer", elem_id="filter-payer",
                                          min_width=110)
                with gr.Row():
                    search_button = gr.Button("Search", variant="primary", elem_id="search-button", min_width=90)
                    prev_button = gr.Button("◀ Previous page", elem_id="prev-page", min_width=120)
                    next_button = gr.Button("Next page ▶", elem_id="next-page", min_width=120)
                    next_open_button = gr.Button("Next open case", elem_id="next-open-button", min_width=130)
                queue_status = gr.HTML(elem_id="queue-status")
                queue = gr.HTML(elem_id="queue-table")
                page = gr.State(0)
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=440):
                        with gr.Row():
                            case_number = gr.Number(None, label="Case #", precision=0, elem_id="case-number",
                                                    min_width=100)
                            open_button = gr.Button("Open case", elem_id="open-button", min_width=100)
                        case_view = gr.HTML(elem_id="case-view")
                    with gr.Column(scale=2, min_width=320):
                        review_identity = gr.HTML(elem_id="review-identity")
                        lines = gr.Textbox(label="Claim lines (one per line: code-modifiers minutes; delete a line "
                                                 "to remove it, type one to add it)", lines=4, max_lines=10,
                                           elem_id="override-lines", placeholder="00400-QK-P2 45 min\n"
                                                                                 "00400-QX-P2 45 min\n99140")
                        reason = gr.Textbox(label="Reason (needed for an override, and to accept a case with an "
                                                  "error finding)", lines=2, elem_id="override-reason")
                        with gr.Row():
                            accept_button = gr.Button("Accept", elem_id="accept-button", min_width=80)
                            check_button = gr.Button("Check", elem_id="check-button", min_width=80)
                            override_button = gr.Button("Save override", variant="primary",
                                                        elem_id="override-button", min_width=110)
                        gr.HTML('<div class="keys">Alt+A accept · Alt+K (or Ctrl+Enter) check · Alt+O save · '
                                'Alt+N next open case</div>')
                        review_status = gr.HTML(elem_id="review-status")
                        preview = gr.HTML(elem_id="override-preview")
                        gr.HTML('<div class="section-title">Export reviewed claims (CSV and FHIR R4 Claim JSON) '
                                'or the audit trail</div>')
                        with gr.Row():
                            export_case_button = gr.Button("This claim", elem_id="export-case", min_width=90)
                            export_queue_button = gr.Button("All reviewed", elem_id="export-queue",
                                                            min_width=90)
                            export_button = gr.Button("Audit trail", elem_id="export-trail", min_width=90)
                        claims_csv = gr.File(label="Claims CSV", interactive=False, height=70, visible=False,
                                             elem_id="claims-csv")
                        claims_fhir = gr.File(label="FHIR R4 Claim JSON", interactive=False, height=70,
                                              visible=False, elem_id="claims-fhir")
                        trail_file = gr.File(label="Audit trail CSV", interactive=False, height=70, visible=False,
                                             elem_id="trail-file")
                gr.HTML('<div class="section-title">Audit trail of this case (append-only)</div>')
                trail = gr.HTML(elem_id="audit-table")

            with gr.Tab("Batch", id="batch", elem_id="tab-batch"):
                gr.Markdown("Upload **JSON Lines** (`{\"id\", \"note\", \"payer\"}` per line), **CSV** (columns "
                            "`id,note,payer`) or a **zip of .txt notes** (one case per file). Every coded case lands "
                            "in the review queue. A batch runs in its own queue: other users keep coding while it "
                            "runs.")
                with gr.Row():
                    batch_file = gr.File(label=f"Batch file ({', '.join(BATCH_TYPES)})", file_types=BATCH_TYPES,
                                         height=110, elem_id="batch-file", scale=3)
                    with gr.Column(scale=2):
                        batch_payer = gr.Dropdown(payers, value=default_payer, label="Payer for rows without one",
                                                  elem_id="batch-payer")
                        batch_button = gr.Button("Run batch", variant="primary", elem_id="batch-button")
                batch_status = gr.HTML(elem_id="batch-status")
                batch_table = gr.HTML(elem_id="batch-table")
                with gr.Row():
                    batch_csv = gr.File(label="Results CSV", interactive=False, height=70, elem_id="batch-csv")
                    batch_jsonl = gr.File(label="Results JSONL (full results; error rows with their input line)",
                                          interactive=False, height=70, elem_id="batch-jsonl")
        gr.HTML(f'<div class="footer-note">{escape(SHORTCUTS)}. Codes are proposals for a certified coder to confirm. '
                'Note text is stored with each case in the review database and never written to logs.</div>')

        # ------------------------------------------------------------- events
        coded_note = gr.State("")
        example.change(load_example, example, [note, payer], api_visibility="private")
        files.upload(load_files, files, [note, code_status, files], api_visibility="private")
        code_outputs = [code_status, summary, why, findings, claim, payer_table, evidence, queries, json_file,
                        csv_file, coded_note]
        code_button.click(code_case, [note, payer, case_id], code_outputs, api_name="code", concurrency_limit=2,
                          concurrency_id="code")
        payer.select(recode_for_payer, [note, payer, case_id, coded_note], code_outputs, api_visibility="private",
                    concurrency_limit=2, concurrency_id="code")
        filters = [f_case, f_dos, f_provider, f_status, f_finding, f_dollars, f_payer]
        refresh_outputs = [queue, counts, f_finding, queue_status, page]
        first_page = lambda *values: refresh(*values, 0)  # noqa: E731  (a new search starts on page 1)
        search_button.click(first_page, filters, refresh_outputs, api_name="queue")
        for box in (f_case, f_dos, f_provider):
            box.submit(first_page, filters, refresh_outputs, api_visibility="private")
        for box in (f_status, f_finding, f_payer):
            box.input(first_page, filters, refresh_outputs, api_visibility="private")
        prev_button.click(lambda *v: refresh(*v[:-1], max(0, (v[-1] or 0) - 1)), [*filters, page], refresh_outputs,
                          api_visibility="private")
        next_button.click(lambda *v: refresh(*v[:-1], (v[-1] or 0) + 1), [*filters, page], refresh_outputs,
                          api_visibility="private")
        review_tab.select(refresh, [*filters, page], refresh_outputs, api_visibility="private")
        opened = gr.State(None)  # {"id", "version"} of the case on screen
        previewed = gr.State(None)  # the lines last checked: an override is saved only after its check
        open_outputs = [review_status, case_view, trail, lines, opened, reason, previewed]
        open_button.click(open_case, case_number, open_outputs, api_name="open_case")
        case_number.submit(open_case, case_number, open_outputs, api_visibility="private")
        next_open_button.click(next_open, [opened, *filters], [case_number, review_status],
                               api_visibility="private").then(open_case, case_number, open_outputs,
                                                              api_visibility="private")
        check_button.click(check_override, [opened, lines], [review_status, preview, previewed],
                           api_name="check_override")
        act_inputs = [opened, lines, reason, previewed, *filters, page]
        act_outputs = [review_status, case_view, trail, preview, previewed, opened, lines, queue, counts, queue_status,
                       reason]
        accept_button.click(accept_case, act_inputs, act_outputs, api_name="accept")
        override_button.click(override_case, act_inputs, act_outputs, api_name="override")
        export_case_button.click(export_case, opened, [claims_csv, claims_fhir, review_status], api_name="export_case")
        export_queue_button.click(export_queue, None, [claims_csv, claims_fhir, review_status],
                                  api_name="export_claims")
        export_button.click(export_trail, None, [trail_file, review_status], api_name="export_trail")
        batch_button.click(run_batch, [batch_file, batch_payer], [batch_status, batch_table, batch_csv, batch_jsonl],
                           api_name="batch", concurrency_limit=1, concurrency_id="batch", show_progress_on=batch_table)
        demo.load(identity_html, None, identity, api_visibility="private")
        demo.load(identity_html, None, review_identity, api_visibility="private")
    demo.queue(default_concurrency_limit=2, max_size=64)
    return demo
