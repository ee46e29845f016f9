"""The workspace's CSS and its one page script (evidence links, queue row clicks, keyboard shortcuts).

Gradio 6 takes both at launch(css=CSS, head=HEAD). The script only reads and clicks the page's own elements;
it sends nothing anywhere.
"""
from __future__ import annotations

CSS = """
.app-header {display:flex; align-items:baseline; gap:16px; padding:6px 2px 2px 2px; border-bottom:2px solid #1f3b5c}
.app-header h1 {font-size:22px; margin:0; color:#1f3b5c; letter-spacing:.2px; white-space:nowrap}
.app-header .sub {color:#555; font-size:13px; white-space:nowrap; overflow:hidden; text-overflow:ellipsis}
.app-header .db {margin-left:auto; color:#666; font-size:12px; max-width:34%; overflow:hidden;
  text-overflow:ellipsis; white-space:nowrap}
.identity {font-size:13px; color:#1f3b5c; background:#eef3f9; border-radius:6px; padding:4px 10px; margin:4px 0}
.identity.single {background:#fff4e0; color:#7a4a00}
.status-ok {background:#eef7ee; border-left:4px solid #2e7d32; padding:6px 10px; border-radius:4px}
.status-err {background:#fdecea; border-left:4px solid #c62828; padding:6px 10px; border-radius:4px; color:#7f1d1d}
.summary-card {border:1px solid #d0d7de; border-radius:8px; padding:10px 14px; background:#fbfcfe}
.summary-card .headline {display:flex; align-items:center; gap:10px; flex-wrap:wrap}
.summary-card .code {font:700 26px/1.2 ui-monospace, Menlo, Consolas, monospace; color:#0b3d91; white-space:nowrap}
.summary-card .why {color:#8a4b00}
.summary-card .took {margin-left:auto; color:#777; font-size:12px}
.summary-card .kvs {display:grid; grid-template-columns:repeat(4, minmax(0,1fr)); gap:6px 14px; margin-top:8px}
.summary-card .kv span {display:block; color:#666; font-size:11px; text-transform:uppercase; letter-spacing:.4px}
.summary-card .kv b {font-size:14px}
.summary-card .notice, .summary-card .window {margin-top:6px; color:#8a4b00; font-size:13px}
.summary-card .window {color:#1f3b5c}
.count {font-size:12px; padding:2px 8px; border-radius:10px; font-weight:600}
.sev-error .sev, .count.sev-error {background:#c62828; color:white}
.sev-warning .sev, .count.sev-warning {background:#f9a825; color:#222}
.sev-info .sev, .count.sev-info {background:#1565c0; color:white}
ul.findings, ul.why {list-style:none; padding:0; margin:0}
li.finding {border:1px solid #e1e4e8; border-radius:6px; padding:6px 10px; margin:4px 0; background:white}
li.finding.sev-error {border-left:5px solid #c62828}
li.finding.sev-warning {border-left:5px solid #f9a825}
li.finding.sev-info {border-left:5px solid #1565c0}
li.finding .sev {font-size:11px; text-transform:uppercase; padding:1px 6px; border-radius:4px; margin-right:6px}
li.finding .rule {color:#666; font-size:12px; margin-top:2px}
ul.why li {border-bottom:1px solid #eef0f3; padding:4px 2px}
ul.why .code {font:700 14px ui-monospace, Menlo, Consolas, monospace; color:#0b3d91; white-space:nowrap}
ul.why .desc {color:#333; font-size:13px}
ul.why .links {font-size:12px; margin-top:1px}
a.ev-link {color:#0b57d0; text-decoration:underline dotted; cursor:pointer; margin-right:6px}
.no-ev {color:#999; font-size:12px}
.findings.empty {color:#2e7d32; padding:6px 0}
.muted {color:#777 !important}
.ev-legend {display:flex; flex-wrap:wrap; gap:6px; margin:4px 0 8px 0}
.ev-chip {font-size:11px; padding:2px 8px; border-radius:10px; border:1px solid #ccc}
.ev-chip-neg {text-decoration:line-through; color:#777; background:#f4f4f4}
.note-view {white-space:pre-wrap; font:13px/1.55 ui-monospace, Menlo, Consolas, monospace; border:1px solid #d0d7de;
  border-radius:6px; padding:10px 12px; background:white; max-height:560px; overflow:auto}
mark.ev {padding:0 2px; border-radius:3px; color:inherit}
mark.ev-neg {background:#f0f0f0; color:#888; text-decoration:line-through}
mark.ev-focus {outline:3px solid #d93025; outline-offset:1px; box-shadow:0 0 0 6px rgba(217,48,37,.18)}
.ev-tag {font:600 10px/1 system-ui, sans-serif; color:#777; border:1px solid #bbb; border-radius:3px; padding:0 3px;
  margin-left:2px; vertical-align:super}
.section-title {font-weight:600; color:#1f3b5c; margin:8px 0 2px 0}
.queue-counts {display:flex; gap:10px}
.queue-counts span {background:#f0f3f7; border-radius:6px; padding:4px 10px; font-size:13px}
.case-meta {color:#555; font-size:13px; margin:4px 0}
.table-wrap {overflow-x:auto; max-width:100%; border:1px solid #d0d7de; border-radius:6px; background:white}
table.grid {border-collapse:collapse; width:100%; font-size:13px}
table.grid th {background:#f3f5f8; color:#1f3b5c; text-align:left; padding:5px 8px; white-space:nowrap;
  font-weight:600; border-bottom:1px solid #d0d7de; position:sticky; top:0}
table.grid td {padding:4px 8px; border-bottom:1px solid #eef0f3; vertical-align:top}
table.grid td.empty {color:#888; text-align:center}
table.grid .code {font-family:ui-monospace, Menlo, Consolas, monospace; white-space:nowrap}
table.claim tr.line td {white-space:nowrap; border-bottom:none}
table.claim tr.arith td {color:#555; font-size:12px; padding-top:0}
table.queue tbody tr {cursor:pointer}
table.queue tbody tr:hover, table.queue tbody tr:focus {background:#eef4ff; outline:none}
table.queue td {white-space:nowrap; max-width:240px; overflow:hidden; text-overflow:ellipsis}
table.audit td {font-size:12px}
.st {font-size:12px; padding:1px 6px; border-radius:8px; background:#eee}
.st-open {background:#fff4e0} .st-accepted {background:#e6f4ea} .st-overridden {background:#e8eefc}
.table-note {color:#666; font-size:12px; margin:3px 2px 6px 2px}
.claim-empty {color:#8a4b00; padding:6px 0}
.box21 {font-size:13px; margin:2px 0 6px 0}
.box21 ol {list-style:none; padding-left:0; margin:3px 0}
.box21 li {display:inline-block; margin-right:18px}
.preview {border:1px dashed #8aa4c8; border-radius:8px; padding:6px 8px; margin-top:6px; background:#f8fbff}
table.payers td {word-break:break-word}
table.payers td:first-child {white-space:nowrap}
.keys {color:#777; font-size:12px; margin:2px 0}
.footer-note {color:#777; font-size:12px; margin-top:6px}
#queue-table .table-wrap {max-height:420px; overflow:auto}
#batch-table .table-wrap {max-height:440px; overflow:auto}
#batch-grid td {white-space:nowrap; max-width:260px; overflow:hidden; text-overflow:ellipsis}
"""

HEAD = """
<script>
(function () {
  function markFor(view, id) {
    return Array.from(view.querySelectorAll('mark[data-evidence]'))
      .find(function (m) { return m.dataset.evidence.split(' ').indexOf(id) >= 0; });
  }
  function showEvidence(link) {
    var view = document.getElementById(link.dataset.view);
    if (!view) { return; }
    view.querySelectorAll('mark.ev-focus').forEach(function (m) { m.classList.remove('ev-focus'); });
    var mark = markFor(view, link.dataset.ev);
    if (mark) { mark.classList.add('ev-focus'); mark.scrollIntoView({block: 'center'}); }
  }
  function openCase(number) {
    var input = document.querySelector('#case-number input');
    if (!input) { return; }
    var setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    setter.call(input, number);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(function () { document.getElementById('open-button').click(); }, 60);
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest('a.ev-link');
    if (link) { event.preventDefault(); showEvidence(link); return; }
    var row = event.target.closest('#queue-grid tbody tr[data-case]');
    if (row) { openCase(row.dataset.case); }
  });
  var ALT = {KeyC: 'code-button', KeyA: 'accept-button', KeyK: 'check-button', KeyO: 'override-button',
             KeyN: 'next-open-button'};
  document.addEventListener('keydown', function (event) {
    var target = null;
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      var inReview = document.activeElement && document.activeElement.closest('#tab-review');
      target = inReview ? 'check-button' : 'code-button';
    } else if (event.altKey && ALT[event.code]) {
      target = ALT[event.code];
    } else if (event.key === 'Enter' && document.activeElement
               && document.activeElement.matches('#queue-grid tbody tr[data-case]')) {
      openCase(document.activeElement.dataset.case);
      event.preventDefault();
      return;
    }
    var button = target && document.getElementById(target);
    if (button) { event.preventDefault(); button.click(); }
  });
})();
</script>
"""
