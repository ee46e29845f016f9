"""Loads the rules/ data files once: code tables, families, modifiers, circumstances, payers.

Python only loads and indexes; every fact lives in a data file with its source.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.settings import get_settings

try:  # the C loader is ~10x faster on the code table
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


def load_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader) or {}


@dataclass(frozen=True)
class Keyword:
    """A procedure keyword: all terms must appear in one sentence; `term*` is a prefix."""

    code: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    approach: bool = False  # codes the case only when no definitive procedure is found


@dataclass
class AnesthesiaCode:
    code: str
    base_units: float
    section: str
    description: str = ""
    keywords: list[Keyword] = field(default_factory=list)
    max_age_months: int | None = None
    requires: list[str] = field(default_factory=list)
    add_on: bool = False


@dataclass
class Knowledge:
    rules_dir: Path
    codes: dict[str, AnesthesiaCode]
    base_units_source: str
    families: list[dict]
    integumentary: dict
    anatomy: dict[str, tuple[str, str]]  # phrase -> (zone, region)
    anatomy_of_fillers: list[str]  # words that may follow "of" in a site phrase ("back of the left leg")
    qualifying: dict
    modifiers: dict
    asa: dict
    techniques: dict[str, list[str]]
    context_rules: list[dict]
    sections: dict
    findings: dict
    payers: dict[str, dict]
    obstetric: dict = field(default_factory=dict)
    brain_dead_donor: dict = field(default_factory=dict)  # {code, asa_class}: the donor's anesthesia is one code
    combined_procedures: list = field(default_factory=list)
    abbreviations: dict[str, list[str]] = field(default_factory=dict)
    documented_variants: list[dict] = field(default_factory=list)  # {when: circumstance, codes: {code: variant}}
    sedation_by_proceduralist: dict = field(default_factory=dict)
    anesthesia_provider_phrases: list[str] = field(default_factory=list)
    anesthesia_block_values: dict[str, list[str]] = field(default_factory=dict)
    surgeon_usual_blocks: list[str] = field(default_factory=list)
    not_an_anesthetic_after: list[str] = field(default_factory=list)
    not_a_topical_anesthetic_after: list[str] = field(default_factory=list)
    credential_words: list[str] = field(default_factory=list)  # "general anesthesia permit": not an anesthetic
    surgeon_part_words: list[str] = field(default_factory=list)
    airway_already_in_place: list[str] = field(default_factory=list)
    intubated_structure: list[str] = field(default_factory=list)
    contested: list[dict] = field(default_factory=list)  # a code another code's descriptor also covers

    def base_units(self, code: str) -> float:
        return self.codes[code].base_units if code in self.codes else 0.0

    def more_specific_siblings(self, code: str) -> list[dict]:
        return [f for f in self.families if f["nos"] == code]

    def nos_parents(self, code: str) -> list[str]:
        return [f["nos"] for f in self.families if code in f["specific"]]

    def is_integumentary_nos(self, code: str | None) -> bool:
        return code in ("00300", "00400")

    def section_of(self, code: str) -> str:
        return self.codes[code].section if code in self.codes else "unknown"


def _section_name(code: str, sections: list[dict]) -> str:
    for section in sections:
        if section["first"] <= code <= section["last"]:
            return section["name"]
    return "other procedures"


def _keywords(code: str, entries: list) -> list[Keyword]:
    out = []
    for entry in entries or []:
        if isinstance(entry, dict):
            terms, exclude = entry.get("terms", []), entry.get("exclude", [])
        else:
            terms, exclude = entry, []
        terms = tuple(str(t).lower() for t in terms if str(t).strip())
        if terms:
            out.append(Keyword(code=code, terms=terms, exclude=tuple(str(t).lower() for t in exclude)))
    return out


def _load_codes(rules_dir: Path, base_units_file: Path, table: dict) -> dict[str, AnesthesiaCode]:
    sections = load_yaml(rules_dir / "code_sections.yaml")["sections"]
    described = table.get("codes", {})
    approaches = table.get("approach_keywords", {}) or {}
    codes: dict[str, AnesthesiaCode] = {}
    with open(base_units_file, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["code"].strip().zfill(5)
            info = described.get(code, {}) or {}
            exclude = tuple(str(t).lower() for t in info.get("exclude", []) or [])
            keywords = [Keyword(k.code, k.terms, k.exclude or exclude) for k in _keywords(code, info.get("keywords"))]
            keywords += [Keyword(k.code, k.terms, k.exclude or exclude, approach=True)
                         for k in _keywords(code, approaches.get(code))]
            codes[code] = AnesthesiaCode(
                code=code,
                base_units=float(row["base_units"]),
                section=_section_name(code, sections),
                description=info.get("description", ""),
                keywords=keywords,
                max_age_months=info.get("max_age_months"),
                requires=list(info.get("requires", []) or []),
                add_on=bool(info.get("add_on", False)),
            )
    return codes


def _load_anatomy(rules_dir: Path) -> dict[str, tuple[str, str]]:
    data = load_yaml(rules_dir / "anatomy.yaml")["zones"]
    return {str(term).lower(): (zone, str(term).lower()) for zone, terms in data.items() for term in terms}


def _load_payers(rules_dir: Path) -> dict[str, dict]:
    payers = {}
    for path in sorted((rules_dir / "payers").glob("*.yaml")):
        profile = load_yaml(path)
        payers[profile["id"]] = profile
    return payers


@lru_cache(maxsize=4)
def load_knowledge(rules_dir: str | None = None) -> Knowledge:
    """Reads rules/ (or ASSISTANT_RULES_DIR). Cached: the files are read once per process."""
    from assistant.catalog import check_rules_dir

    settings = get_settings()
    root = Path(rules_dir or settings.rules_dir)
    check_rules_dir(root)  # a malformed file fails here, naming the file, the entry and the key
    base_units_file = (Path(settings.base_units_file) if settings.base_units_file
                       else root / "cms" / "cms_anesthesia_base_units_cy2022.csv")
    techniques = load_yaml(root / "techniques.yaml")
    families = load_yaml(root / "code_families.yaml")
    code_table = load_yaml(root / "anesthesia_codes.yaml") if (root / "anesthesia_codes.yaml").exists() else {}
    return Knowledge(
        rules_dir=root,
        codes=_load_codes(root, base_units_file, code_table),
        base_units_source=f"CMS anesthesia base units by CPT code ({base_units_file.name})",
        families=families["families"],
        contested=families.get("contested", []),
        integumentary=load_yaml(root / "integumentary.yaml") if (root / "integumentary.yaml").exists()
                     else {"zone_codes": {}, "keywords": []},
        anatomy=_load_anatomy(root),
        anatomy_of_fillers=[str(w).lower() for w in load_yaml(root / "anatomy.yaml").get("of_fillers", [])],
        qualifying=load_yaml(root / "qualifying_circumstances.yaml"),
        modifiers=load_yaml(root / "modifiers.yaml"),
        asa=load_yaml(root / "asa_conditions.yaml"),
        techniques=techniques["techniques"],
        sedation_by_proceduralist=techniques.get("sedation_by_proceduralist") or {},
        anesthesia_block_values=techniques.get("anesthesia_block_values") or {},
        not_an_anesthetic_after=[str(w).lower() for w in techniques.get("not_an_anesthetic_after") or []],
        not_a_topical_anesthetic_after=[str(w).lower() for w in techniques.get("not_a_topical_anesthetic_after") or []],
        credential_words=[str(w).lower() for w in techniques.get("credential_words") or []],
        surgeon_part_words=[str(w).lower() for w in techniques.get("surgeon_part_words") or []],
        airway_already_in_place=[str(w).lower() for w in techniques.get("airway_already_in_place") or []],
        intubated_structure=[str(w).lower() for w in techniques.get("intubated_structure") or []],
        surgeon_usual_blocks=[str(p).lower()
                              for p in (techniques.get("surgeon_usual_blocks") or {}).get("phrases", [])],
        anesthesia_provider_phrases=[str(p) for p in techniques.get("anesthesia_provider") or []],
        context_rules=load_yaml(root / "context_rules.yaml")["rules"],
        sections=load_yaml(root / "sections.yaml"),
        findings=load_yaml(root / "findings.yaml")["findings"],
        payers=_load_payers(root),
        obstetric=code_table.get("obstetric") or {},
        brain_dead_donor=code_table.get("brain_dead_donor") or {},
        combined_procedures=code_table.get("combined_procedures") or [],
        documented_variants=code_table.get("documented_variants") or [],
        abbreviations=(load_yaml(root / "abbreviations.yaml").get("abbreviations", {})
                       if (root / "abbreviations.yaml").exists() else {}),
    )

