"""End to end in headless Chromium: the real app (python app.py) on 127.0.0.1, a real SQLite file.

1. Two signed-in users with different roles on a queue of 500 cases (seeded through the store API): the coder
   codes a note (evidence links, a payer switch that re-prices every figure and makes a new version, not a new
   case) and is refused approving their own case; the auditor searches the queue, overrides the claim lines
   (re-priced, a finding raised and shown before saving), accepts with a reason and exports the claim (CSV and
   FHIR R4 Claim JSON). Screenshots at 1440 and 1024 px.
2. Single-user mode: a bad upload, a batch with a bad line (error row kept, failures counted) while a second
   browser codes a note, a restart that keeps the audit trail, no note text in the logs.
Click-to-result times are printed (no timing asserts).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.app.samples import SAMPLES
from assistant.app.users import hash_password
from assistant.pipeline import code_note
from assistant.store.review import ReviewStore

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("ASSISTANT_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
GAPS = SAMPLES["Back cyst under MAC (documentation gaps)"]
COMPLETE = SAMPLES["Lipoma excision, forearm (complete)"]
NOTE_MARKERS = ("TESTCASE", "epidermoid", "Sam Rivera", "subcutaneous lipoma")  # note words that must never be logged
QUEUE_SIZE = 500

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="playwright is not installed (pip install playwright)")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
expect = playwright_api.expect


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppProcess:
    """`python app.py` in a subprocess; restart = stop and start again on the same database."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.db = workdir / "data" / "assistant.db"
        self.url = f"sqlite:///{self.db}"
        self.logs: list[Path] = []
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.extra_env: dict[str, str] = {}

    def start(self) -> str:
        self.port = _free_port()
        log = self.workdir / f"app-{len(self.logs)}.log"
        self.logs.append(log)
        env = {**os.environ, "ASSISTANT_DATABASE_URL": self.url, "ASSISTANT_DATA_DIR": str(self.workdir / "data"),
               "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "NO_PROXY": "127.0.0.1,localhost",
               "PYTHONUNBUFFERED": "1", "GRADIO_TEMP_DIR": str(self.workdir / "gradio")}
        env.pop("ASSISTANT_APP_AUTH", None)
        env.pop("ASSISTANT_APP_USERS", None)
        env.update(self.extra_env)
        handle = open(log, "w")
        self.process = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1",
                                         "--port", str(self.port)], cwd=ROOT, env=env, stdout=handle,
                                        stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"app exited with {self.process.returncode}:\n{log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2) as response:
                    if response.status == 200:
                        return f"http://127.0.0.1:{self.port}/"
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"app did not answer within 120 s:\n{log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_text(self) -> str:
        return "".join(log.read_text(errors="replace") for log in self.logs)


@pytest.fixture
def app(tmp_path):
    process = AppProcess(tmp_path)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                           "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


def _context(browser, width: int = 1440):
    context = browser.new_context(viewport={"width": width, "height": 1000})
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")) else route.abort())
    return context


def _page(browser, url, user: tuple[str, str] | None = None):
    page = _context(browser).new_page()
    page.goto(url)
    if user:
        page.get_by_label(re.compile("username", re.I)).fill(user[0])
        page.get_by_label(re.compile("password", re.I)).fill(user[1])
        page.get_by_role("button", name=re.compile("login", re.I)).click()
    page.locator("#code-button").wait_for(timeout=60_000)
    return page


def _box(page, elem_id: str):
    return page.locator(f"#{elem_id} input, #{elem_id} textarea").first


def _code(page, note: str, case_id: str, payer: str | None = None) -> float:
    page.locator("#note-input textarea").fill(note)
    _box(page, "case-id").fill(case_id)
    started = time.perf_counter()
    page.locator("#note-input textarea").press("Control+Enter")  # the keyboard shortcut codes the note
    expect(page.locator("#code-status")).to_contain_text("review queue as case", timeout=60_000)
    expect(page.locator("#result-code")).to_be_visible()
    return time.perf_counter() - started


def _pick_payer(page, name: str) -> None:
    box = _box(page, "payer")
    box.click()
    page.get_by_role("option", name=name, exact=True).click()


def _seed_queue(url: str, size: int) -> None:
    """A realistic queue, fast: two coded notes copied into `size` encounters (ids, dates, payers) by the store."""
    store = ReviewStore(url)
    base = [code_note(GAPS["note"], "commercial"), code_note(COMPLETE["note"], "medicare")]
    items = []
    for i in range(size):
        result = base[i % 2].model_copy(deep=True)
        result.case_id = f"Q-{i:04d}"
        result.facts.date_of_service = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
        items.append((result, (GAPS if i % 2 == 0 else COMPLETE)["note"]))
    store.add_cases(items, actor="seed-coder", source="batch")


def _search(page, **fields) -> float:
    for elem_id, value in fields.items():
        _box(page, f"filter-{elem_id}").fill(value)
    started = time.perf_counter()
    page.locator("#search-button").click()
    expect(page.locator("#queue-status")).to_contain_text("match", timeout=30_000)
    return started


def test_two_roles_override_export_and_queue_of_500_in_chromium(app, browser, tmp_path):
    _seed_queue(app.url, QUEUE_SIZE)
    users = tmp_path / "users.txt"
    users.write_text(f"# name role hash\nann auditor {hash_password('s3cret')}\n")
    app.extra_env = {"ASSISTANT_APP_USERS": str(users), "ASSISTANT_APP_AUTH": "cody=coder:pw"}
    url = app.start()
    timings: dict[str, float] = {}

    # --- the coder signs in: identity from the login, a typical note coded with Ctrl+Enter
    coder = _page(browser, url, ("cody", "pw"))
    expect(coder.locator("#identity")).to_contain_text("Signed in as cody (coder)")
    _pick_payer(coder, "medicare")
    timings["code a typical note"] = _code(coder, COMPLETE["note"], "E2E-1")
    expect(coder.locator("#result-code")).to_have_text("00400-AA-P2")
    claim = coder.locator("#claim-table")
    expect(claim).to_contain_text("2025-03-11")  # 24A date of service
    expect(claim.locator("td", has_text=re.compile(r"^45 min$"))).to_have_count(1)  # Medicare: 24G minutes
    expect(claim).to_contain_text("$122.99")
    expect(coder.locator("#result-figures")).to_contain_text("$122.99")
    # --- box 21 (ICD-10-CM, the primary as A) and the line's 24E pointer into it
    box21 = coder.locator("#box-21")
    expect(box21).to_contain_text("A. D17.22")  # lipoma of the left forearm's subcutaneous tissue
    expect(box21).to_contain_text("B. I10")  # the hypertension behind P2
    expect(claim.locator("tr.line").first.locator("td").nth(4)).to_have_text("AB")
    # --- every code links to its words: click the code's quote -> the mark is highlighted and in view
    why = coder.locator("#why")
    expect(why.locator("[data-code='00400']")).to_have_count(1)
    expect(why).to_contain_text("Skin and soft-tissue surgery")  # the code's plain description
    expect(why).to_contain_text("ASA physical status: mild systemic disease")
    expect(why).to_contain_text("in room 08:00 to 08:50: 50 min; anesthesia 45 min is 5 min inside it")
    link = why.locator("li", has=coder.locator("[data-code='00400']")).locator("a.ev-link").first
    evidence_id = link.get_attribute("data-ev")
    link.click()
    focused = coder.locator("#note-view-code mark.ev-focus")
    expect(focused).to_have_count(1)
    assert evidence_id in focused.get_attribute("data-evidence").split()
    expect(focused).to_contain_text("lipoma")
    expect(focused).to_be_in_viewport()
    SHOTS.mkdir(parents=True, exist_ok=True)
    coder.screenshot(path=str(SHOTS / "code-a-case.png"), full_page=True)
    coder.set_viewport_size({"width": 1024, "height": 900})
    coder.screenshot(path=str(SHOTS / "code-a-case-1024.png"), full_page=True)
    code_cell = claim.locator("b.code").first
    assert code_cell.evaluate("e => e.getClientRects().length") == 1  # the code never wraps ("004/00")
    coder.set_viewport_size({"width": 1440, "height": 1000})

    # --- payer switch: every figure is the new payer's; the same encounter gets a new version, not a new case
    started = time.perf_counter()
    _pick_payer(coder, "commercial")
    expect(coder.locator("#code-status")).to_contain_text("version 2 of this encounter", timeout=60_000)
    timings["payer switch"] = time.perf_counter() - started
    expect(coder.locator("#result-figures")).to_contain_text("Generic commercial")
    expect(coder.locator("#result-figures")).not_to_contain_text("$122.99")
    expect(coder.locator("#claim-table").locator("td", has_text=re.compile(r"^6 units$"))).to_have_count(1)
    expect(coder.locator("#payer-table tbody tr").first).to_contain_text("(coded)")
    expect(coder.locator("#payer-table tbody tr").first).to_contain_text("Generic commercial")

    # --- the coder cannot approve their own case
    coder.get_by_role("tab", name="Review queue").click()
    _search(coder, case="E2E-1")
    expect(coder.locator("#queue-status")).to_contain_text("1 case(s) match")
    coder.locator("#queue-grid tbody tr[data-case]").first.click()
    expect(coder.locator("#case-view")).to_contain_text("version 2", timeout=30_000)
    coder.locator("#accept-button").click()
    expect(coder.locator("#review-status")).to_contain_text("a coder cannot accept their own case", timeout=30_000)
    case_number = int(coder.locator("#queue-grid tbody tr[data-case]").first.get_attribute("data-case"))

    # --- the auditor: a queue of 500 + 1, searched by case id and by date of service
    auditor = _page(browser, url, ("ann", "s3cret"))
    expect(auditor.locator("#identity")).to_contain_text("Signed in as ann (auditor)")
    auditor.get_by_role("tab", name="Review queue").click()
    expect(auditor.locator("#queue-status")).to_contain_text(f"{QUEUE_SIZE + 1} case(s) match", timeout=30_000)
    expect(auditor.locator("#queue-grid tbody tr")).to_have_count(25)
    auditor.locator("#next-page").click()
    expect(auditor.locator("#queue-status")).to_contain_text("page 2 of 21", timeout=30_000)
    started = _search(auditor, case="Q-0421")
    expect(auditor.locator("#queue-grid tbody tr")).to_have_count(1)
    timings["queue of 501: search by case id"] = time.perf_counter() - started
    expect(auditor.locator("#queue-grid")).to_contain_text("Q-0421")
    started = _search(auditor, case="", dos="2025-03")
    expect(auditor.locator("#queue-status")).to_contain_text("case(s) match; showing 1-25")
    timings["queue of 501: search by month"] = time.perf_counter() - started
    assert set(auditor.locator("#queue-grid tbody td:nth-child(3)").all_inner_texts()) <= {
        f"2025-03-{d:02d}" for d in range(1, 29)}
    _box(auditor, "filter-dos").fill("")
    box = _box(auditor, "filter-payer")
    box.click()
    auditor.get_by_role("option", name="medicare", exact=True).click()  # choosing a payer searches at once
    expect(auditor.locator("#queue-status")).to_contain_text("250 case(s) match", timeout=30_000)
    assert set(auditor.locator("#queue-grid tbody td:nth-child(5)").all_inner_texts()) == {"medicare"}
    box.click()
    auditor.get_by_role("option", name="(any)", exact=True).click()
    started = _search(auditor, dos="", case="E2E-1")
    auditor.locator("#queue-grid tbody tr[data-case]").first.click()
    expect(auditor.locator("#case-view #case-status")).to_have_text("open", timeout=30_000)
    timings["queue of 501: search and open a case"] = time.perf_counter() - started

    # --- an override: refused when it cannot be on a claim; checked, re-priced and its finding shown first
    lines = _box(auditor, "override-lines")
    expect(lines).to_have_value(re.compile(r"^00400-AA-P2 45 min$"))
    lines.fill("99999-QK-P3")
    auditor.locator("#check-button").click()
    expect(auditor.locator("#review-status")).to_contain_text("99999 is not an anesthesia code", timeout=30_000)
    lines.fill("00404-ZZ-P9")
    lines.press("Control+Enter")  # the shortcut checks the override
    expect(auditor.locator("#review-status")).to_contain_text("ZZ is not an anesthesia modifier", timeout=30_000)
    lines.fill("00404-AA-P2 45 min")  # a breast code for a forearm lipoma
    started = time.perf_counter()
    auditor.locator("#override-button").click()  # not checked yet: the check comes first, nothing is saved
    expect(auditor.locator("#review-status")).to_contain_text("read the findings", timeout=30_000)
    timings["check an override"] = time.perf_counter() - started
    preview = auditor.locator("#override-preview")
    expect(preview).to_contain_text("CODE_NOT_SUPPORTED")
    expect(preview.locator("#result-code")).to_have_text("00404-AA-P2")
    expect(preview).to_contain_text("5 base + 3 time")  # 00404 has 5 base units: re-priced, not 00400's 3
    auditor.locator("#override-button").click()
    expect(auditor.locator("#review-status")).to_contain_text("needs a reason", timeout=30_000)
    _box(auditor, "override-reason").fill("Op note revised: excision of a breast lesion")
    auditor.locator("#override-button").click()
    expect(auditor.locator("#review-status")).to_contain_text("overridden by ann to 00404-AA-P2: 8 units",
                                                              timeout=30_000)
    view = auditor.locator("#case-view")
    expect(view.locator("#result-code")).to_have_text("00404-AA-P2")  # the headline follows the override
    expect(view.locator("#case-status")).to_have_text("overridden")
    expect(view).to_contain_text("CODE_NOT_SUPPORTED")  # stored with the new version
    expect(auditor.locator("#audit-grid")).to_contain_text("CODE_NOT_SUPPORTED")
    # --- accept: an open error finding needs a reason; accepting twice is refused
    auditor.locator("#accept-button").click()
    expect(auditor.locator("#review-status")).to_contain_text("open error finding", timeout=30_000)
    _box(auditor, "override-reason").fill("Confirmed with the surgeon")
    auditor.locator("#accept-button").click()
    expect(auditor.locator("#review-status")).to_contain_text("accepted by ann", timeout=30_000)
    auditor.locator("#accept-button").click()
    expect(auditor.locator("#review-status")).to_contain_text("already accepted", timeout=30_000)
    trail = auditor.locator("#audit-grid tbody tr")
    expect(trail).to_have_count(4)
    assert [trail.nth(i).locator("td").nth(2).inner_text() + " " + trail.nth(i).locator("td").nth(3).inner_text()
            for i in range(4)] == ["cody coded", "cody recoded", "ann overridden", "ann accepted"]

    # --- export of the reviewed claim: CSV with the date of service, a FHIR R4 Claim
    auditor.locator("#export-case").click()
    expect(auditor.locator("#review-status")).to_contain_text(f"Claim of case #{case_number} exported",
                                                              timeout=30_000)
    with auditor.expect_download() as download:
        auditor.locator("#claims-csv a").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert [(r["code"], r["modifiers"], r["date_of_service"], r["units_or_minutes"], r["unit_type"], r["reviewed_by"])
            for r in rows] == [("00404", "AA P2", "2025-03-11", "8.0", "UN", "ann")]
    with auditor.expect_download() as download:
        auditor.locator("#claims-fhir a").first.click()
    claim_json = json.loads(Path(download.value.path()).read_text())
    assert claim_json["resourceType"] == "Claim" and claim_json["identifier"][0]["value"] == "E2E-1"
    item = claim_json["item"][0]
    assert item["productOrService"]["coding"][0]["code"] == "00404" and item["servicedDate"] == "2025-03-11"
    assert [m["coding"][0]["code"] for m in item["modifier"]] == ["AA", "P2"]
    assert [d["diagnosisCodeableConcept"]["coding"][0]["code"] for d in claim_json["diagnosis"]] == ["D17.22", "I10"]
    assert item["diagnosisSequence"] == [1, 2]
    assert rows[0]["diagnosis_codes"] == "A:D17.22 B:I10" and rows[0]["diagnosis_pointer"] == "AB"
    auditor.locator("#export-queue").click()
    expect(auditor.locator("#review-status")).to_contain_text("1 reviewed claim(s) exported", timeout=30_000)
    auditor.screenshot(path=str(SHOTS / "review-queue.png"), full_page=True)
    auditor.set_viewport_size({"width": 1024, "height": 900})
    auditor.screenshot(path=str(SHOTS / "review-queue-1024.png"), full_page=True)
    auditor.set_viewport_size({"width": 1440, "height": 1000})
    auditor.context.close()
    coder.context.close()
    print("\nclick-to-result in Chromium: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))


def test_single_user_batch_restart_in_chromium(app, browser, tmp_path):
    url = app.start()
    page = _page(browser, url)
    expect(page.locator("#identity")).to_contain_text("Single-user mode")
    seconds = _code(page, GAPS["note"], "E2E-GAPS")
    expect(page.locator("#claim-table")).to_contain_text("99140")  # the qualifying-circumstance line
    negated = page.locator("#note-view-code mark.ev-neg", has_text="diabetes")
    expect(negated).to_have_count(1)
    assert "line-through" in negated.evaluate("e => getComputedStyle(e).textDecorationLine")
    expect(page.locator("#provider-queries textarea")).to_have_value(re.compile("ASA physical status not documented"))

    # --- a binary upload gets one clear line and nothing else changes
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    page.locator("#note-files input[type=file]").set_input_files(str(binary))
    expect(page.locator("#code-status")).to_contain_text("looks binary", timeout=30_000)
    expect(page.locator("#note-input textarea")).to_have_value(GAPS["note"])

    # --- batch: a JSONL with one bad line; a progress bar; meanwhile a second user codes a note
    size = 1500  # long enough (several seconds) that the second user's case lands while it runs
    rows = [json.dumps({"id": f"B-{i:04d}", "note": (GAPS if i % 2 else COMPLETE)["note"] + f"\nBatch reference {i}.",
                        "payer": ["commercial", "medicare", "moda"][i % 3]}) for i in range(1, size + 1)]
    rows.insert(5, "{this line is not json")
    batch = tmp_path / "cases.jsonl"
    batch.write_text("\n".join(rows) + "\n")
    other = _page(browser, url)
    page.get_by_role("tab", name="Batch").click()
    page.locator("#batch-file input[type=file]").set_input_files(str(batch))
    expect(page.locator("#batch-file")).to_contain_text("cases.jsonl", timeout=30_000)
    page.locator("#batch-button").click()
    expect(page.get_by_text(re.compile(r"Coding note \d+ of 1501")).first).to_be_visible(timeout=30_000)
    page.screenshot(path=str(SHOTS / "batch-running.png"), full_page=False)
    other_seconds = _code(other, COMPLETE["note"], "OTHER-USER")
    batch_running = "Batch done" not in (page.locator("#batch-status").text_content() or "")
    print(f"\nsecond user coded a note in {other_seconds:.2f} s while the batch was "
          f"{'still running' if batch_running else 'already done'}")
    assert batch_running, "the batch finished before the second user's case: make the batch longer"
    expect(page.locator("#batch-status")).to_contain_text("Batch done", timeout=300_000)
    expect(page.locator("#batch-status")).to_contain_text(f"{size} coded")
    expect(page.locator("#batch-status")).to_contain_text("1 failed")
    expect(page.locator("#batch-status .status-err")).to_have_count(1)  # not green with errors
    expect(page.locator("#batch-table")).to_contain_text("not valid JSON")
    expect(page.locator("#batch-table")).to_contain_text("99140")  # claim lines keep the circumstance
    with page.expect_download() as download:
        page.locator("#batch-jsonl a").first.click()
    records = [json.loads(line) for line in Path(download.value.path()).read_text().splitlines()]
    assert len(records) == size + 1
    bad = [r for r in records if r.get("status") == "error"]
    assert len(bad) == 1 and bad[0]["input"] == "{this line is not json" and "not valid JSON" in bad[0]["error"]
    page.screenshot(path=str(SHOTS / "batch.png"), full_page=True)
    other.context.close()
    page.context.close()

    # --- restart: same database, new process; the trail is still there and names the single user
    app.stop()
    url = app.start()
    page = _page(browser, url)
    page.get_by_role("tab", name="Review queue").click()
    expect(page.locator("#queue-status")).to_contain_text(f"{size + 2} case(s) match", timeout=30_000)
    _box(page, "case-number").fill("1")
    page.locator("#open-button").click()
    expect(page.locator("#audit-grid")).to_contain_text("local user", timeout=30_000)
    expect(page.locator("#case-view")).to_contain_text("E2E-GAPS")
    with page.expect_download() as download:
        page.locator("#export-trail").click()
        page.locator("#trail-file a").first.click(timeout=30_000)
    entries = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert len(entries) == 2 + size  # coded: the pasted note, the other user's and the batch's
    page.context.close()

    logs = app.log_text()
    leaked = [marker for marker in NOTE_MARKERS if marker in logs]
    assert not leaked, f"note text in the app log: {leaked}"
    print(f"Code -> result in the browser (gaps note): {seconds:.2f} s")
