"""The app's pieces without a browser: uploads, highlighting, provider queries, exports, batch parsing."""
from __future__ import annotations

import csv
import json
import zipfile

import pytest

import re

from assistant.app import claims, parse_auth
from assistant.app.claims import box24_rows, claim_form, fhir_bundle, fhir_claim, write_claims
from assistant.app.security import LoginGuard
from assistant.app.users import hash_password, load_users, read_users_file, verify_password
from assistant.app.batch_tab import parse_batch, run_rows, write_outcome
from assistant.app.exports import write_exports
from assistant.app.files import read_document, read_documents
from assistant.app.highlight import category, highlight_html
from assistant.app.queries import draft_queries
from assistant.app.samples import SAMPLES
from assistant.app.views import claim_rows, findings_html, payer_rows, why_html
from assistant.models import Evidence, Facts, InputError
from assistant.pipeline import code_note
from assistant.store.review import ReviewStore

COMPLETE = SAMPLES["Lipoma excision, forearm (complete)"]
GAPS = SAMPLES["Back cyst under MAC (documentation gaps)"]


def make_pdf(path, lines: list[str]) -> None:
    """A minimal one-page PDF with a text layer (Helvetica), built by hand."""
    shown = " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in lines)
    content = "BT /F1 11 Tf 50 760 Td 14 TL " + shown + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
               "/Contents 5 0 R >>",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"]
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
        expected = code_note(COMPLETE["note"], "medicare").summary()["anesthesia_code"]
        assert code_note(text, "medicare").summary()["anesthesia_code"] == expected
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
        Evidence(id="E3", start=note.index("ASA 2"), end=note.index("ASA 2") + 3, text="ASA", label="OTHER"),
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
    explained = GAPS["note"].replace("Emergency add-on case.",
                                     "Emergency add-on case because of bleeding threatening the airway.")
    ids = {q.id for q in draft_queries(code_note(explained, "commercial"), explained)}
    assert "emergency_reason" not in ids


def test_claim_and_payer_views(gaps_result):
    rows = claim_rows(gaps_result)
    assert len(rows) == len(gaps_result.claim.lines)
    first = gaps_result.claim.lines[0]
    assert first.code in rows[0][2] and rows[0][3] == " ".join(first.modifiers)
    assert rows[0][4] == first.diagnosis_pointer == "A"  # 24E points at box 21's primary
    assert rows[0][7] == f"{first.total_units:g}"
    assert rows[-1][2] == '<b class="code">99140</b>' and rows[-1][6] == "1 units"  # the QC line: 1 unit in 24G
    payers = payer_rows(gaps_result)
    assert payers[0][0].endswith("(coded)") and len(payers) == 5
    assert all("ASSISTANT_" not in row[3] for row in payers)  # a missing figure is said plainly, no setting's name
    medicare = code_note(COMPLETE["note"], "medicare")
    assert claim_rows(medicare)[0][6] == f"{medicare.claim.lines[0].minutes} min"  # Medicare 24G takes minutes


def test_box24_rows_are_the_one_source_of_claim_lines(gaps_result, monkeypatch):
    medicare = code_note(COMPLETE["note"], "medicare", case_id="M-1")
    row = box24_rows(medicare)[0]
    assert (row["date_of_service"], row["place_of_service"], row["code"], row["modifiers"]) == \
        ("2025-03-11", "22", "00400", ["AA", "P2"])
    assert (row["units_or_minutes"], row["unit_type"], row["charge"], row["expected_payment"]) == \
        (45, "MJ", None, 122.99)
    commercial = box24_rows(gaps_result)
    assert [(r["code"], r["unit_type"]) for r in commercial] == [("00300", "UN"), ("00300", "UN"), ("99140", "UN")]
    form = claim_form()
    monkeypatch.setattr(claims, "claim_form", lambda: {**form, "charge_per_unit": {"dollars": 100.0, "source": "t"}})
    charged = box24_rows(medicare)[0]
    assert charged["charge"] == 600.0 and charged["expected_payment"] == 122.99  # 24F: the charge, not the payment
    assert "$100.00 per unit" in claims.charge_note()


def test_fhir_claim_of_a_reviewed_case(tmp_path):
    store = ReviewStore(f"sqlite:///{tmp_path / 'claims.db'}")
    number = store.add_case(code_note(COMPLETE["note"], "medicare", case_id="F-1"), COMPLETE["note"], actor="cody")
    assert store.final_cases() == []  # not reviewed yet: nothing to export
    store.override(number, "ann", "00400-AA-P2 45 min\n99100", "patient is 70+ per op note")  # adds a QC line
    details = store.final_cases()
    claim = fhir_claim(details[0])
    from fhir.resources.R4B.claim import Claim

    Claim.model_validate(claim)  # a valid FHIR Claim (R4B = R4 for Claim)
    assert claim["identifier"][0]["value"] == "F-1"
    assert claim["insurance"][0]["coverage"]["display"].startswith("Medicare")
    assert [i["productOrService"]["coding"][0]["code"] for i in claim["item"]] == ["00400"]  # 99100: status B, off
    assert claim["item"][0]["quantity"] == {"value": 45, "unit": "minutes"}
    assert claim["item"][0]["servicedDate"] == "2025-03-11"
    assert "TESTCASE" not in json.dumps(claim)  # no patient name leaves in the claim file
    csv_path, json_path = write_claims(details, "claims", {number: "ann"})
    rows = list(csv.DictReader(open(csv_path)))
    assert [(r["code"], r["date_of_service"], r["reviewed_by"], r["payable"]) for r in rows] == \
        [("00400", "2025-03-11", "ann", "True"), ("99100", "2025-03-11", "ann", "False")]
    assert json.load(open(json_path))["resourceType"] == "Claim"
    store.add_case(code_note(GAPS["note"], "commercial", case_id="F-2"), GAPS["note"], actor="cody")
    store.accept(store.list_cases()[0].id, "ann")
    bundle = fhir_bundle(store.final_cases())
    assert bundle["type"] == "collection" and len(bundle["entry"]) == 2


def test_why_and_findings_link_every_value_to_its_words(gaps_result):
    html = why_html(gaps_result, "nv")
    note = highlight_html(GAPS["note"], gaps_result.facts, "nv")
    assert 'data-code="00300"' in html and "Skin, muscle and nerve surgery of the head, neck or back" in html
    assert "medical direction of 2-4 concurrent procedures" in html and "monitored anesthesia care" in html
    assert "Anesthesia complicated by emergency" in html  # 99140's plain description
    linked = re.findall(r'data-ev="([^"]+)" data-view="nv"', html + findings_html(gaps_result, "nv"))
    marked = {i for group in re.findall(r'data-evidence="([^"]+)"', note) for i in group.split()}
    assert linked and set(linked) <= marked  # every link finds a mark in the note
    assert 'id="nv"' in note


def test_exports_json_and_csv(gaps_result):
    json_path, csv_path = write_exports(gaps_result, draft_queries(gaps_result, GAPS["note"]))
    assert json_path.endswith("B_2_test.json")
    record = json.load(open(json_path))
    assert record["summary"] == json.loads(json.dumps(gaps_result.summary()))
    assert {q["id"] for q in record["provider_queries"]} >= {"asa_class"}
    rows = list(csv.DictReader(open(csv_path)))
    assert [r["code"] for r in rows] == [line.code for line in gaps_result.claim.lines]
    assert "PHYSICAL_STATUS_NOT_DOCUMENTED" in rows[0]["findings"]
    assert {r["date_of_service"] for r in rows} == {"2025-05-02"} and rows[0]["unit_type"] == "UN"


def test_batch_formats_and_row_errors(tmp_path):
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_text("\n".join([json.dumps({"id": "c1", "note": COMPLETE["note"], "payer": "medicare"}),
                                "{not json", json.dumps({"id": "c3", "note": GAPS["note"]}),
                                json.dumps({"id": "c4", "note": GAPS["note"], "payer": "nobody"})]) + "\n")
    rows = parse_batch(str(jsonl), "commercial")
    assert [(r.id, r.payer, r.error is None) for r in rows] == [("c1", "medicare", True),
                                                                 ("line-2", "commercial", False),
                                                                 ("c3", "commercial", True), ("c4", "nobody", True)]
    store = ReviewStore(f"sqlite:///{tmp_path / 'batch.db'}")
    seen = []
    outcome = run_rows(rows, store=store, progress=lambda done, total: seen.append((done, total)))
    assert [r["status"] for r in outcome.rows] == ["coded", "error", "coded", "error"]
    assert "not valid JSON" in outcome.rows[1]["message"] and "unknown payer 'nobody'" in outcome.rows[3]["message"]
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert {c.case_key for c in store.list_cases()} == {"c1", "c3"}
    assert all(c.source == "batch" for c in store.list_cases())
    csv_path, jsonl_path = write_outcome(outcome)
    assert [r["id"] for r in csv.DictReader(open(csv_path))] == ["c1", "line-2", "c3", "c4"]
    records = [json.loads(line) for line in open(jsonl_path)]
    assert [r["status"] for r in records] == ["coded", "error", "coded", "error"]  # every row, errors too
    assert records[1]["input"] == "{not json" and "not valid JSON" in records[1]["error"]
    assert "input" not in records[3] and "unknown payer" in records[3]["error"]
    assert "99140" in outcome.rows[2]["claim_lines"]  # the qualifying-circumstance line is kept

    table = tmp_path / "cases.csv"
    with open(table, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "note", "payer"])
        writer.writerow(["k1", COMPLETE["note"], "moda"])
        writer.writerow(["k2", "", ""])
    assert [(r.id, r.payer, r.error) for r in parse_batch(str(table), "commercial")] == \
        [("k1", "moda", None), ("k2", "commercial", "row 3 has an empty note")]

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


def test_parse_auth_users_file_and_hashed_login(tmp_path):
    assert parse_auth(None) is None and parse_auth("") is None
    assert parse_auth("coder:s3cret") == [("coder", "coder", "s3cret")]
    assert parse_auth("ann=auditor:1, b=ADMIN:p:w") == [("ann", "auditor", "1"), ("b", "admin", "p:w")]
    with pytest.raises(SystemExit, match="user=role:password"):
        parse_auth("nopassword")
    with pytest.raises(SystemExit, match="unknown role 'boss'"):
        parse_auth("x=boss:pw")
    stored = hash_password("pw1")
    assert stored.startswith("scrypt$") and "pw1" not in stored and stored != hash_password("pw1")  # salted
    assert verify_password("pw1", stored) and not verify_password("pw2", stored) and not verify_password("pw1", "x")
    users_file = tmp_path / "users.txt"
    users_file.write_text(f"# team\nann auditor {stored}\n")
    users = load_users("cody=coder:pw", str(users_file))
    assert {n: u.role for n, u in users.items()} == {"ann": "auditor", "cody": "coder"}
    assert all(u.password_hash.startswith("scrypt$") for u in users.values())  # nothing kept in plain text
    guard = LoginGuard(users)
    assert guard("ann", "pw1") and not guard("ann", "pw") and guard("cody", "pw") and not guard("nobody", "pw")
    assert guard.role("ann") == "auditor" and guard.role("cody") == "coder" and guard.role("nobody") is None
    users_file.write_text("ann auditor pw1\n")
    with pytest.raises(SystemExit, match="expected 'name role scrypt"):
        read_users_file(str(users_file))
    assert load_users(None, None) is None  # no login: single-user mode


def test_an_upload_that_is_not_utf8_is_read_and_its_encoding_named(tmp_path):
    path = tmp_path / "preop.txt"
    path.write_bytes("Pre-op: ASA 2. Fentanyl 50 µg. Excision of lipoma, forearm.".encode("cp1252"))
    notices: list[str] = []
    text = read_documents([str(path)], notices)
    assert "50 µg" in text and notices == ["preop.txt: input is not UTF-8: read as Windows-1252 (Latin-1)"]
