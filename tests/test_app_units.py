"""The app's pieces without a browser: uploads, highlighting, provider queries, exports, batch parsing."""
from __future__ import annotations

import csv
import json
import zipfile

import pytest

from assistant.app import parse_auth
from assistant.app.batch_tab import parse_batch, run_rows, write_outcome
from assistant.app.exports import write_exports
from assistant.app.files import read_document, read_documents
from assistant.app.highlight import category, highlight_html
from assistant.app.queries import draft_queries
from assistant.app.samples import SAMPLES
from assistant.app.views import claim_rows, payer_rows
from assistant.models import Evidence, Facts, InputError
from assistant.pipeline import code_note
from assistant.store.review import ReviewStore

COMPLETE = SAMPLES["Lipoma excision, forearm (complete)"]
GAPS = SAMPLES["Back cyst under MAC (documentation gaps)"]


def make_pdf(path, lines: list[str]) -> None:
    """A minimal one-page PDF with a text layer (Helvetica), built by hand."""
    content = "BT /F1 11 Tf 50 760 Td 14 TL " + " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in lines) + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"]
    out, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    path.write_bytes(out.encode("latin-1"))


@pytest.fixture(scope="module")
def gaps_result():
    return code_note(GAPS["note"], "commercial", case_id="B/2 test")


def test_uploads_txt_pdf_docx_read_the_same_note(tmp_path):
    from docx import Document

    lines = COMPLETE["note"].splitlines()
    (tmp_path / "note.txt").write_text(COMPLETE["note"], encoding="utf-8")
    make_pdf(tmp_path / "note.pdf", lines)
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(tmp_path / "note.docx")
    assert read_document(str(tmp_path / "note.txt")) == COMPLETE["note"]
    for name in ("note.pdf", "note.docx"):
        text = read_document(str(tmp_path / name))
        assert "Excision of 2 cm subcutaneous lipoma, left forearm" in text and "ASA 2" in text
        assert code_note(text, "medicare").summary()["anesthesia_code"] == code_note(COMPLETE["note"], "medicare").summary()["anesthesia_code"]
    joined = read_documents([str(tmp_path / "note.txt"), str(tmp_path / "note.docx")])
    assert joined.count("OPERATIVE NOTE") == 2


@pytest.mark.parametrize("name,data,message", [
    ("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    ("fake.pdf", b"%PDF-1.4 this is not really a pdf", "not a readable PDF"),
    ("fake.docx", b"PK\x03\x04 broken", "not a readable .docx"),
    ("note.exe", b"MZ\x90\x00", "not accepted"),
    ("empty.txt", b"   \n", "empty"),
])
def test_bad_uploads_get_one_clear_line(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as caught:
        read_documents([str(path)])
    assert "\n" not in str(caught.value) and str(caught.value).startswith(name)


def test_huge_text_upload_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Anesthesia start 08:00. " * 100_000)  # 2.4 MB, over the 1 MB default
    with pytest.raises(InputError, match="limit is 1,000,000 bytes"):
        read_document(str(path))


def test_highlight_escapes_note_text_and_marks_negated_and_family_mentions():
    note = "Pt <script>alert(1)</script> denies diabetes. ASA 2 & hypertension."
    start = note.index("diabetes")
    facts = Facts(note_length=len(note), evidence=[
        Evidence(id="E1", start=start, end=start + 8, text="diabetes", label="COMORBIDITY", negated=True),
        Evidence(id="E2", start=note.index("ASA 2"), end=note.index("ASA 2") + 5, text="ASA 2", label="ASA_CLASS"),
        Evidence(id="E3", start=note.index("ASA 2"), end=note.index("ASA 2") + 3, text="ASA", label="OTHER"),  # overlap: dropped
    ])
    html = highlight_html(note, facts)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp; hypertension" in html
    assert 'class="ev ev-comorbidity ev-neg"' in html and '<span class="ev-tag">negated</span>' in html
    assert 'data-label="ASA_CLASS"' in html and 'data-evidence="E3"' not in html
    assert category("FACILITY_IN_ROOM") == "times" and category("CRNA") == "staffing" and category("SITE") == "site"


def test_real_note_highlights_every_fact_type_it_found():
    result = code_note(COMPLETE["note"], "medicare")
    html = highlight_html(COMPLETE["note"], result.facts)
    for kind in ("site", "procedure", "times", "age", "asa", "comorbidity", "staffing"):
        assert f"ev ev-{kind}" in html, kind
    assert "ev-neg" in html  # "Denies diabetes" / family history of CAD


def test_provider_queries_follow_the_documentation_gaps(gaps_result):
    drafts = {q.id: q for q in draft_queries(gaps_result, GAPS["note"])}
    assert set(drafts) == {"asa_class", "end_time", "emergency_reason", "mac_necessity"}
    assert "ASA physical status" in drafts["asa_class"].text and "13:10" in drafts["end_time"].text
    assert "diabetes" not in drafts["mac_necessity"].text  # "Denies diabetes" is not documentation of a comorbidity
    assert "reimburs" not in " ".join(q.text for q in drafts.values()).lower()  # compliant, non-leading
    complete = code_note(COMPLETE["note"], "medicare")
    assert draft_queries(complete, COMPLETE["note"]) == []
    explained = GAPS["note"].replace("Emergency add-on case.", "Emergency add-on case because of bleeding threatening the airway.")
    ids = {q.id for q in draft_queries(code_note(explained, "commercial"), explained)}
    assert "emergency_reason" not in ids


def test_claim_and_payer_views(gaps_result):
    rows = claim_rows(gaps_result)
    assert len(rows) == len(gaps_result.claim.lines)
    first = gaps_result.claim.lines[0]
    assert rows[0][1] == first.code and rows[0][2] == " ".join(first.modifiers) and rows[0][9] == first.total_units
    payers = payer_rows(gaps_result)
    assert payers[0][0].endswith("(coded)") and len(payers) == 5
    medicare = code_note(COMPLETE["note"], "medicare")
    assert claim_rows(medicare)[0][11] == medicare.claim.lines[0].minutes  # Medicare 24G takes minutes


def test_exports_json_and_csv(gaps_result):
    json_path, csv_path = write_exports(gaps_result, draft_queries(gaps_result, GAPS["note"]))
    assert json_path.endswith("B_2_test.json")
    record = json.load(open(json_path))
    assert record["summary"] == json.loads(json.dumps(gaps_result.summary()))
    assert {q["id"] for q in record["provider_queries"]} >= {"asa_class"}
    rows = list(csv.DictReader(open(csv_path)))
    assert [r["code"] for r in rows] == [line.code for line in gaps_result.claim.lines]
    assert "PHYSICAL_STATUS_NOT_DOCUMENTED" in rows[0]["findings"]


def test_batch_formats_and_row_errors(tmp_path):
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text("\n".join([json.dumps({"id": "c1", "note": COMPLETE["note"], "payer": "medicare"}),
                                "{not json", json.dumps({"id": "c3", "note": GAPS["note"]}),
                                json.dumps({"id": "c4", "note": GAPS["note"], "payer": "nobody"})]) + "\n")
    rows = parse_batch(str(jsonl), "commercial")
    assert [(r.id, r.payer, r.error is None) for r in rows] == [("c1", "medicare", True), ("line-2", "commercial", False),
                                                                 ("c3", "commercial", True), ("c4", "nobody", True)]
    store = ReviewStore(f"sqlite:///{tmp_path / 'batch.db'}")
    seen = []
    outcome = run_rows(rows, store=store, progress=lambda done, total: seen.append((done, total)))
    assert [r["status"] for r in outcome.rows] == ["coded", "error", "coded", "error"]
    assert "not valid JSON" in outcome.rows[1]["message"] and "unknown payer 'nobody'" in outcome.rows[3]["message"]
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert {c.case_key for c in store.list_cases()} == {"c1", "c3"} and all(c.source == "batch" for c in store.list_cases())
    csv_path, jsonl_path = write_outcome(outcome)
    assert [r["id"] for r in csv.DictReader(open(csv_path))] == ["c1", "line-2", "c3", "c4"]
    assert len(open(jsonl_path).read().splitlines()) == 2

    table = tmp_path / "cases.csv"
    with open(table, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "note", "payer"])
        writer.writerow(["k1", COMPLETE["note"], "moda"])
        writer.writerow(["k2", "", ""])
    assert [(r.id, r.payer, r.error) for r in parse_batch(str(table), "commercial")] == [("k1", "moda", None), ("k2", "commercial", "row 3 has an empty note")]

    archive = tmp_path / "notes.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("case-a.txt", COMPLETE["note"])
        zipped.writestr("sub/case-b.txt", GAPS["note"])
        zipped.writestr("image.png", b"\x89PNG")
    rows = parse_batch(str(archive), "paramount")
    assert [(r.id, r.error is None) for r in rows] == [("case-a", True), ("case-b", True), ("image.png", False)]
    assert [r["status"] for r in run_rows(rows).rows] == ["coded", "coded", "error"]


@pytest.mark.parametrize("name,data,message", [
    ("cases.xlsx", b"PK", "not a batch format"),
    ("cases.csv", b"id,text2\n1,x\n", "needs a header row with a 'note' column"),
    ("cases.jsonl", b"\x00\x01\x02binary", "binary"),
    ("cases.zip", b"not a zip", "not a readable zip"),
    ("cases.jsonl", b"\n\n", "holds no notes"),
])
def test_bad_batch_files_get_one_clear_line(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        parse_batch(str(path), "commercial")


def test_parse_auth():
    assert parse_auth(None) is None and parse_auth("") is None
    assert parse_auth("coder:s3cret") == [("coder", "s3cret")]
    assert parse_auth("a:1, b:p:w") == [("a", "1"), ("b", "p:w")]
    with pytest.raises(SystemExit, match="user:password"):
        parse_auth("nopassword")


def test_an_upload_that_is_not_utf8_is_read_and_its_encoding_named(tmp_path):
    path = tmp_path / "preop.txt"
    path.write_bytes("Pre-op: ASA 2. Fentanyl 50 µg. Excision of lipoma, forearm.".encode("cp1252"))
    notices: list[str] = []
    text = read_documents([str(path)], notices)
    assert "50 µg" in text and notices == ["preop.txt: input is not UTF-8: read as Windows-1252 (Latin-1)"]
