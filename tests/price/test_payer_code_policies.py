"""Payer code policies (rules/payers/*.yaml `code_policies`), on notes a coder would paste: Medicare reports a
screening colonoscopy that turned diagnostic as 00811 with PT, where CPT and commercial payers keep 00812."""
from __future__ import annotations

import pytest

from assistant.catalog import CatalogError, check_rules_dir
from assistant.evaluate import review_findings
from assistant.pipeline import code_note


def _colonoscopy(findings: str, indication: str = "Average-risk screening colonoscopy, last exam 10 years ago.") -> str:
    return ("PROCEDURE: Screening colonoscopy.\n"
            f"INDICATION: {indication}\n"
            "ANESTHESIA: MAC with propofol by K. Ostrowski, CRNA.  Anesthesia start 08:02, end 08:29.\n"
            f"FINDINGS: Cecum reached, prep good.  {findings}\n")


def _coded(note: str, payer: str):
    result = code_note(note, payer=payer, proposer="rules")
    line = result.claim.lines[0] if result.claim.lines else None
    return (result.proposal.anesthesia_code.value, {m.value for m in result.proposal.other_modifiers},
            {f.code for f in result.findings}, line)


def test_a_polyp_removed_at_a_medicare_screening_is_00811_with_pt():
    code, modifiers, findings, line = _coded(_colonoscopy("One 6 mm sessile polyp removed by cold snare."), "medicare")
    assert code == "00811" and "PT" in modifiers and "PAYER_CODE_POLICY" in findings
    assert "PAYER_CODE_POLICY" in review_findings()  # coders differ on it: the case goes to a coder
    assert line.code == "00811" and "PT" in line.modifiers and line.base_units == 4  # CMS: 00811 4, 00812 3


def test_the_same_case_for_a_commercial_payer_stays_00812():
    code, modifiers, findings, _ = _coded(_colonoscopy("One 6 mm sessile polyp removed by cold snare."), "commercial")
    assert code == "00812" and "PT" not in modifiers and "PAYER_CODE_POLICY" not in findings


@pytest.mark.parametrize("findings, indication", [
    ("No polyps.  Normal colon to the cecum; no biopsies were taken.", None),
    ("Normal colon.", "Screening; history of polypectomy in 2019, biopsy benign."),
])
def test_a_medicare_screening_that_found_nothing_today_stays_00812(findings, indication):
    note = _colonoscopy(findings, indication) if indication else _colonoscopy(findings)
    code, modifiers, _, _ = _coded(note, "medicare")
    assert code == "00812" and "PT" not in modifiers


def test_a_policy_naming_a_code_the_table_lacks_is_refused(tmp_path):
    from tests.test_catalog import _copy_rules

    rules = _copy_rules(tmp_path)
    path = rules / "payers" / "medicare.yaml"
    path.write_text(path.read_text().replace('code: "00811"', 'code: "00819"'))
    with pytest.raises(CatalogError, match="code_policies name codes the code table lacks"):
        check_rules_dir(rules)
