"""The hand-labeled scenarios are data (eval/scenarios/authored/*.yaml); the *.jsonl files the eval reads
are built from them and must not drift."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).resolve().parent.parent / "eval" / "scenarios"


def _build_module(root: Path):
    spec = importlib.util.spec_from_file_location("build_scenarios", root / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the models' annotations through the module
    spec.loader.exec_module(module)
    return module


def test_the_jsonl_files_are_what_the_data_gives():
    built = _build_module(SCENARIOS).build()
    assert sorted(built) == sorted(p.name for p in SCENARIOS.glob("*.jsonl"))
    for name, text in built.items():
        assert (SCENARIOS / name).read_text(encoding="utf-8") == text, f"{name} is stale: run eval/scenarios/build.py"


def test_a_code_typed_without_quotes_is_refused(tmp_path):
    root = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, root)
    path = root / "authored" / "core.yaml"
    path.write_text(path.read_text().replace("anesthesia_code: '00400'", "anesthesia_code: 00400", 1))
    with pytest.raises(SystemExit, match=r"(?s)core\.yaml: seed-lipoma-forearm-01: .*anesthesia_code.*valid string"):
        _build_module(root).build()
