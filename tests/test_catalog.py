"""The checked catalog: rules/ files are refused at load when their shape is wrong, and every example
written beside a pattern of rules/procedure_reading.yaml is run as a test."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.catalog import CatalogError, CodeFamilies, check_rules_dir, load_model, procedure_reading
from assistant.extract.anatomy import compose_line
from assistant.extract.procedures import INTEGUMENTARY
from assistant.extract.blocks import label_role

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
READING = procedure_reading(str(RULES))


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def test_the_shipped_rules_pass_their_schemas():
    check_rules_dir(RULES)


def test_a_payer_file_without_shares_names_the_file_and_the_key(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "payers" / "moda.yaml"
    text = path.read_text()
    start = text.index("\nshares:")
    end = text.index("\n", text.index("source", start))
    path.write_text(text[:start] + text[end:])
    with pytest.raises(CatalogError, match=r"moda\.yaml: shares: Field required"):
        check_rules_dir(rules)


def test_an_unknown_key_is_refused(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "procedure_reading.yaml"
    path.write_text(path.read_text() + "\nnarative_min_chars: 10\n")
    procedure_reading.cache_clear()
    try:
        with pytest.raises(CatalogError, match=r"narative_min_chars: Extra inputs are not permitted"):
            check_rules_dir(rules)
    finally:
        procedure_reading.cache_clear()


def test_a_rule_naming_a_missing_finding_is_refused(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "validation_rules.yaml"
    path.write_text(path.read_text().replace("finding: CODE_NEEDS_REVIEW", "finding: CODE_NEEDS_REVEIW"))
    with pytest.raises(CatalogError, match="CODE_NEEDS_REVEIW"):
        check_rules_dir(rules)


def test_the_cli_names_a_bad_rules_file_in_one_line(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "findings.yaml"
    path.write_text(path.read_text().replace("{severity: warning, scored: true, message: \"No ASA",
                                             "{severity: loud, scored: true, message: \"No ASA"))
    run = subprocess.run([sys.executable, "-m", "assistant", "code", str(ROOT / "eval/samples/lipoma_forearm.txt")],
                         capture_output=True, text=True, cwd=ROOT, env={"ASSISTANT_RULES_DIR": str(rules), "PATH": ""})
    assert run.returncode == 2
    assert run.stderr.startswith("error: rules data:") and "findings.yaml" in run.stderr and "severity" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("rule", READING.block_roles, ids=lambda r: r.role)
def test_block_role_examples(rule):
    for title in rule.examples:
        assert label_role(title, READING) == rule.role, title


@pytest.mark.parametrize("group", READING.anatomy, ids=lambda g: g.code + ":" + g.terms[0])
def test_anatomy_examples(group):
    for example in group.examples:
        found = compose_line(example, READING)
        approach_codes = set(group.by_approach.values()) | set(group.by_class.values())
        assert found is not None and (found[0] == group.code or found[0] in approach_codes), example


def _heading_note(example: str) -> str:
    """An example wording as the procedure heading of a note under general anesthesia."""
    return f"PROCEDURE PERFORMED: , {example}.\nANESTHESIA: , General endotracheal.\n"


@pytest.mark.parametrize("rule", READING.approach_rules, ids=lambda r: r.code + ":" + r.approach)
def test_approach_rule_examples(rule):
    from assistant.pipeline import code_note

    for example in rule.examples:
        assert code_note(_heading_note(example)).proposal.anesthesia_code.value == rule.code, example


def test_every_code_the_reading_data_names_exists():
    table = (RULES / "cms" / "cms_anesthesia_base_units_cy2022.csv").read_text().splitlines()[1:]
    codes = {line.split(",")[0] for line in table}
    named = {g.code for g in READING.anatomy}
    named |= {c for g in READING.anatomy for c in [*g.by_approach.values(), *g.by_class.values()]}
    named |= {r.code for r in READING.approach_rules}
    named -= {INTEGUMENTARY}  # skin and soft tissue: the skin zone named nearby picks 00300 or 00400
    assert named <= codes, named - codes


CONTESTED = load_model(CodeFamilies, RULES / "code_families.yaml").contested


@pytest.mark.parametrize("entry", CONTESTED, ids=lambda e: e.code + "/" + "+".join(e.also))
def test_contested_code_examples_choose_the_code_and_name_the_other(entry):
    from assistant.pipeline import code_note

    for example in entry.examples:
        result = code_note(_heading_note(example))
        assert result.proposal.anesthesia_code.value == entry.code, example
        review = [f.message for f in result.findings if f.code == "CODE_NEEDS_REVIEW"]
        assert review and all(code in review[0] for code in entry.also), example


def test_a_contested_code_the_code_table_lacks_is_refused(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "code_families.yaml"
    path.write_text(path.read_text().replace('also: ["01400"]', 'also: ["01499"]'))
    with pytest.raises(CatalogError, match="contested codes the code table lacks"):
        check_rules_dir(rules)


def test_a_brain_dead_donor_code_the_code_table_lacks_is_refused(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "anesthesia_codes.yaml"
    text = path.read_text()
    assert 'brain_dead_donor:\n  code: "01990"' in text
    path.write_text(text.replace('brain_dead_donor:\n  code: "01990"', 'brain_dead_donor:\n  code: "01989"'))
    with pytest.raises(CatalogError, match="brain_dead_donor names a code the code table lacks: 01989"):
        check_rules_dir(rules)


def test_a_context_literal_with_two_rules_is_refused(tmp_path):
    # ConText keeps only the last rule of a literal: "anesthesiologist on standby" was read as given while a
    # second "on standby" rule for lung isolation stood below it
    rules = _copy_rules(tmp_path)
    path = rules / "context_rules.yaml"
    path.write_text(path.read_text() + '  - {literal: "On standby", category: HYPOTHETICAL, direction: BACKWARD}\n')
    from assistant.knowledge import load_knowledge

    with pytest.raises(CatalogError, match=r"context_rules\.yaml: literals with two rules, merge them: "
                                           r"\['on standby'\]"):
        load_knowledge(str(rules))


def test_a_provider_on_standby_and_a_tube_on_standby_are_both_hypothetical():
    from assistant.extract.nlp import build_pipeline

    nlp = build_pipeline()
    for text in ("Anesthesiologist on standby.\n", "ANESTHESIA: General. Double-lumen tube on standby.\n"):
        spans = [s for s in nlp(text).spans["medspacy_spans"]
                 if s.label_ in {"ANESTHESIA_PROVIDER", "ONE_LUNG_VENTILATION"}]
        assert spans and all(s._.is_hypothetical for s in spans), text
