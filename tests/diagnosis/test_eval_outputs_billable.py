"""Every ICD-10-CM code the assistant outputs on every eval set is a billable leaf of the release it names.

Checked against the code set package directly (not through the coder's own index), so an index bug shows."""
from __future__ import annotations

import json
from pathlib import Path

import simple_icd_10_cm as icd
import simple_icd_10_cm.simple_icd_10_cm as icd_module

from assistant.pipeline import code_note

EVAL = Path(__file__).resolve().parents[2] / "eval"


def _release_of_package() -> str:
    name = icd_module._classification_data_package_file_name  # "icd10c-tabular-April-1-2026.xml"
    return "2026-04-01" if "April-1-2026" in name else name


def test_every_code_of_every_eval_set_is_billable_in_the_named_release():
    sets = sorted(p for p in EVAL.glob("*/*.jsonl"))
    assert len({p.parent.name for p in sets}) >= 15  # scenarios, holdout..holdout13, real
    seen, bad, without_primary = 0, [], 0
    for path in sets:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            scenario = json.loads(line)
            result = code_note(scenario["note"], payer=scenario.get("payer", "commercial"), proposer="rules")
            for dx in result.diagnoses:
                seen += 1
                if dx.release != _release_of_package() or not icd.is_valid_item(dx.code) or not icd.is_leaf(dx.code):
                    bad.append((path.parent.name, scenario.get("id"), dx.code, dx.release))
            if result.diagnoses:
                assert result.claim.diagnosis_codes == [d.code for d in result.diagnoses][:12]
                assert result.claim.diagnosis_release == _release_of_package()
            else:
                without_primary += 1
    assert bad == []
    assert seen > 500 and without_primary < seen / 10  # the walk really looked at codes
