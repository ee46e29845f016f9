"""Every pattern of rules/recognizers/*.yaml carries its own examples; each runs here as one test row
(the way Presidio tests its recognizers), so a new wording is one line of data plus its example."""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant.catalog import CatalogError, check_rules_dir, recognizer_file
from assistant.extract.recognizers import enabled_recognizers, patterns

RULES = Path(__file__).resolve().parent.parent / "rules"
FILES = sorted(p.stem for p in (RULES / "recognizers").glob("*.yaml"))


def _rows(kind: str):
    for recognizer in FILES:
        for name, spec in recognizer_file(str(RULES), recognizer).patterns.items():
            for example in getattr(spec, kind):
                yield pytest.param(recognizer, name, example, id=f"{recognizer}.{name}: {example[:40]}")


@pytest.mark.parametrize("recognizer, name, example", list(_rows("match")))
def test_pattern_finds_its_match_example(recognizer, name, example):
    assert getattr(patterns(recognizer, str(RULES)), name).search(example), f"{recognizer}.{name} misses {example!r}"


@pytest.mark.parametrize("recognizer, name, example", list(_rows("no_match")))
def test_pattern_refuses_its_no_match_example(recognizer, name, example):
    found = getattr(patterns(recognizer, str(RULES)), name).search(example)
    assert not found, f"{recognizer}.{name} wrongly finds {found.group(0)!r} in {example!r}"


def test_every_registered_reader_can_be_switched_off_by_id():
    ids = [r.id for r in enabled_recognizers(set())]
    assert "staffing" in ids and ids.index("times") < ids.index("staffing")
    assert [r.id for r in enabled_recognizers({"staffing"})] == [i for i in ids if i != "staffing"]
    with pytest.raises(ValueError, match="no recognizer"):
        enabled_recognizers({"stafing"})


def test_a_switched_off_reader_reads_nothing(monkeypatch):
    from assistant.extract import extract

    note = "Anesthesiologist: Dr. Ana Ruiz, personally performed.\nAnesthesia start 0800  Anesthesia end 0845\n"
    assert extract(note).staffing.personally_performed
    monkeypatch.setenv("ASSISTANT_DISABLED_RECOGNIZERS", "staffing")
    facts = extract(note)
    assert not facts.staffing.personally_performed and facts.anesthesia_blocks[0].minutes == 45


def _copy(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def test_a_pattern_without_examples_is_refused(tmp_path):
    rules = _copy(tmp_path)
    path = rules / "recognizers" / "times.yaml"
    path.write_text(path.read_text().replace('    match: ["Out of room 08:15", "OOR 0930", "Wheels out 0915", '
                                             '"left the OR 1010"]\n', ""))
    with pytest.raises(CatalogError, match=r"times\.yaml: patterns\.facility_out\.match: Field required"):
        check_rules_dir(rules)


def test_a_pattern_that_does_not_compile_names_file_and_pattern(tmp_path):
    rules = _copy(tmp_path)
    path = rules / "recognizers" / "times.yaml"
    path.write_text(path.read_text().replace("regex: '\\btime\\s+out\\b'", "regex: '\\btime\\s+out(\\b'"))
    with pytest.raises(CatalogError, match=r"times\.yaml: patterns\.time_out: missing \)"):
        check_rules_dir(rules)


def test_a_circumstance_phrase_under_an_unknown_label_is_refused(tmp_path):
    rules = _copy(tmp_path)
    path = rules / "circumstance_phrases.yaml"
    path.write_text(path.read_text().replace("  HYPOTHERMIA:", "  HYPOTHERMA:"))
    with pytest.raises(CatalogError, match=r"circumstance_phrases\.yaml: phrases\.HYPOTHERMA"):
        check_rules_dir(rules)


def test_a_misspelt_key_in_the_redaction_patterns_names_file_pattern_and_key(tmp_path):
    rules = _copy(tmp_path)
    path = rules / "recognizers" / "phi.yaml"
    path.write_text(path.read_text().replace("  ssn:\n    regex:", "  ssn:\n    regx:", 1))
    with pytest.raises(CatalogError, match=r"phi\.yaml: patterns\.ssn\.regx: Extra inputs are not permitted"):
        check_rules_dir(rules)
