"""Writes eval/scenarios/*.jsonl from the hand-labeled scenario data in eval/scenarios/authored/*.yaml.

    python eval/scenarios/build.py           # rewrites the *.jsonl files
    python eval/scenarios/build.py --check   # fails if a *.jsonl file is not what the data gives

Each entry is checked by a strict model first: a code typed without quotes (00400 reads as a number
in YAML) or a misspelt key fails here, naming the file and the scenario. It never calls the assistant.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, StrictFloat, StrictInt, StrictStr, ValidationError

HERE = Path(__file__).resolve().parent


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Expected(Strict):
    anesthesia_code: StrictStr | None
    physical_status: StrictStr | None
    qualifying_circumstances: list[StrictStr]
    anesthesia_minutes: StrictInt | None
    pricing_modifiers: dict[StrictStr, StrictStr]
    other_modifiers: list[StrictStr]
    units: StrictFloat | None
    findings: list[StrictStr]


class Scenario(Strict):
    id: StrictStr
    payer: StrictStr
    style: StrictStr
    tags: list[StrictStr]
    expected: Expected
    note: StrictStr


def diagnosis_labels() -> dict[str, list[str]]:
    """ICD-10-CM labels kept apart (diagnosis_labels.json: another labeler, another day; README.md)."""
    path = HERE / "diagnosis_labels.json"
    return json.loads(path.read_text(encoding="utf-8"))["codes"] if path.exists() else {}


def build() -> dict[str, str]:
    """{jsonl file name: its text}, in the data's order; ids are unique across every file."""
    out, seen, diagnoses = {}, set(), diagnosis_labels()
    for path in sorted((HERE / "authored").glob("*.yaml")):
        lines = []
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            try:
                s = Scenario.model_validate(entry)
            except ValidationError as error:
                raise SystemExit(f"{path.name}: {entry.get('id', '?')}: {error}") from None
            if s.id in seen:
                raise SystemExit(f"{path.name}: duplicate id {s.id}")
            seen.add(s.id)
            expected = s.expected.model_dump()
            if s.id in diagnoses:
                expected["diagnosis_codes"] = diagnoses[s.id]
            row = {"id": s.id, "payer": s.payer, "note": s.note, "expected": expected, "style": s.style, "tags": s.tags}
            lines.append(json.dumps(row, ensure_ascii=False) + "\n")
        out[f"{path.stem}.jsonl"] = "".join(lines)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the *.jsonl files instead of writing them")
    args = parser.parse_args()
    stale = []
    for name, text in build().items():
        target = HERE / name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"{name}: {text.count(chr(10))}")
    if stale:
        sys.exit(f"out of date with eval/scenarios/authored: {stale} (run python eval/scenarios/build.py)")


if __name__ == "__main__":
    main()
