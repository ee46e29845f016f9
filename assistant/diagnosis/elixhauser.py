"""AHRQ Elixhauser comorbidity categories of an ICD-10-CM code, through the `elixhauser-ahrq` package.

The package reads AHRQ's reference workbook (CMR-Reference-File v2026.1) with pandas, ~4 s. The code ->
categories table it yields is kept in the user's cache folder, keyed by the package version, so only the
first process on a machine pays for it; the workbook stays the source (delete the cache to rebuild).
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

# the reference file's per-code columns: raw flags that the AHRQ program folds into one category
_FOLDED = {"CBVD_POA": "CBVD", "CBVD_SQLA": "CBVD"}


def _cache_path() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "anesthesia-coding-assistant" / f"elixhauser-ahrq-{version('elixhauser-ahrq')}.json"


def _build() -> dict:
    from elixhauser_ahrq import ElixhauserLoader

    loader = ElixhauserLoader()
    mapping = loader.dx_mapping
    columns = [c for c in mapping.columns if c not in ("ICD-10-CM Diagnosis", "ICD-10-CM Code Description",
                                                       "# Comorbidities")]
    codes: dict[str, list[str]] = {}
    for row in mapping[["ICD-10-CM Diagnosis", *columns]].itertuples(index=False):
        flagged = sorted({_FOLDED.get(c, c) for c, flag in zip(columns, row[1:]) if flag == 1 or flag is True})
        if flagged:
            codes[str(row[0]).strip()] = flagged
    measures = loader.comorbidity_measures
    names = {str(a).strip().removeprefix("CMR_"): str(d).strip()
             for a, d in zip(measures.iloc[:, 0], measures.iloc[:, 1], strict=False)}
    return {"source": f"AHRQ Elixhauser Comorbidity Software Refined for ICD-10-CM v2026.1 (elixhauser-ahrq "
                      f"{version('elixhauser-ahrq')})", "codes": codes, "names": names}


@lru_cache(maxsize=1)
def table() -> dict:
    path = _cache_path()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    data = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # a read-only home still codes; it only pays the load again next time
        pass
    return data


def categories(code: str) -> list[str]:
    """["HTN_UNCX"] for I10; [] for a code in no category."""
    return list(table()["codes"].get(code, []))


def category_name(category: str) -> str:
    return table()["names"].get(category, category)
