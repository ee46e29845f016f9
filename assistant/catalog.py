"""Schema-checked knowledge files: each rules/ file read through a pydantic model that refuses
unknown keys, so a typo or a missing key fails at start-up naming the file, the entry and the key."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Role = Literal["heading", "description", "postop_diagnosis", "anesthesia", "not_today", "other", "unlabeled"]


class CatalogError(ValueError):
    """A rules/ file does not have the shape its model requires."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BlockRole(Strict):
    role: Role
    any_word: list[str]
    examples: list[str] = []


class ApproachRule(Strict):
    approach: str
    codes: list[str]  # "00830" or a range "00902-00952"
    code: str
    why: str
    source: str
    examples: list[str] = []


class AnatomyGroup(Strict):
    code: str
    terms: list[str]
    by_approach: dict[str, str] = {}  # approach -> code ("bladder" through a cystoscope is transurethral)
    by_class: dict[str, str] = {}  # procedure class -> code (the popliteal artery is not the knee joint)
    examples: list[str] = []


def in_code_list(code: str, entries: list[str]) -> bool:
    """True when code is one of the entries ("00830") or inside one of the ranges ("00902-00952")."""
    for entry in entries:
        first, _, last = entry.partition("-")
        if first <= code <= (last or first):
            return True
    return False


class ProcedureReading(Strict):
    """rules/procedure_reading.yaml: where today's procedure is read and how approach and anatomy choose."""

    source: str
    block_roles: list[BlockRole]
    narrative_openers: list[str]
    narrative_min_chars: int
    tiers: list[list[Role]]
    approaches: dict[str, list[str]]
    approach_rules: list[ApproachRule]
    approach_only_yields_to: list[str]
    continuation_words: list[str]
    keyword_window: int
    not_typos: list[str] = []  # real words one edit from a keyword term: never corrected into it
    actions: list[str]
    procedure_classes: dict[str, list[str]] = {}  # class -> words (whole words; * prefix or suffix)
    beneath_skin: list[str] = []  # a mass these words place under the fascia is the region's soft tissue
    preoperative_words: list[str] = []  # its label; under "Postoperative diagnosis: Same" it is the finding
    past_words: list[str] = []  # a block label with one of them tells the past: what it says was not today
    past_anesthetic_words: list[str] = []  # ... and an anesthetic it tells was another day's
    diagnostic_only: list[str] = []  # imaging codes that give way to any other procedure of the session
    governing_approaches: list[str] = []  # a heading's scope that every item of its list is done through
    graft_sources: list[str] = []  # "bovine pericardium": a material, not the body part operated on
    access_words: list[str] = []  # a clause about the way in (sheath, puncture, closure device) is no procedure
    wound_care_words: list[str] = []  # nor is one about the wound's care (drain, NPWT, dressing)
    organ_stems: dict[str, list[str]] = {}  # organ -> combining forms of its removals ("pancreas": pancreat-ectomy)
    organ_removals: list[str] = []  # "pancreatic resection": the organ's removal, named by the organ before it
    action_synonyms: dict[str, list[str]] = {}  # one operation by two names ("acromioplasty")
    anatomy: list[AnatomyGroup]

    def approach_in(self, words: str) -> str | None:
        """The first approach whose words stand in `words`, a space-padded run of lower-case words."""
        for approach, phrases in self.approaches.items():
            if any(f" {w} " in words for w in phrases):
                return approach
        return None

    @field_validator("anatomy")
    @classmethod
    def _known_classes(cls, groups: list[AnatomyGroup], info):
        known = set(info.data.get("procedure_classes", {}))
        unknown = sorted({c for g in groups for c in g.by_class} - known)
        if unknown:
            raise ValueError(f"anatomy by_class names classes not listed under procedure_classes: {unknown}")
        return groups

    @field_validator("approach_rules")
    @classmethod
    def _known_approaches(cls, rules: list[ApproachRule], info):
        known = set(info.data.get("approaches", {}))
        unknown = [r.approach for r in rules if r.approach not in known]
        if unknown:
            raise ValueError(f"approach_rules name approaches not listed under approaches: {unknown}")
        return rules


class Sourced(Strict):
    source: str


class Effective(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None


class PayerTime(Sourced):
    minutes_per_unit: int
    rounding: Literal["decimal1", "whole", "half_up_whole"] | str
    no_time_units_codes: list[str] = []


class Toggle(Sourced):
    enabled: bool


class QualifyingUnits(Sourced):
    enabled: bool
    on_claim: bool = True
    reason: str | None = None
    effective: Effective | None = None
    denial_codes: dict[str, str] = {}
    not_with_codes: list[str] = []
    not_with_codes_reason: str | None = None
    emergency_not_for_routine_obstetric_delivery: bool = False
    emergency_routine_delivery_codes: list[str] = []


class ConversionFactor(Sourced):
    dollars: float | None = None
    setting: str | None = None
    alternative: dict[str, str | float] | None = None
    effective: Effective | None = None
    localities_file: str | None = None
    localities_effective: Effective | None = None


class Shares(Sourced):
    AA: float
    QZ: float
    QY: float
    QK: float
    QX: float


class SupervisionAD(Sourced):
    base_units: int
    induction_time_unit: int
    crna_share: float


class CodePolicy(Sourced):
    """A payer's own code for a documented case ("a screening colonoscopy that became diagnostic is 00811 with
    PT" for Medicare, where CPT keeps 00812): `code` and `modifier` replace `when_code` when the note documents
    `when_documented` (a circumstance of rules/circumstance_phrases.yaml, today's and asserted)."""
    id: str
    when_code: str
    when_documented: Literal["SCREENING_TURNED_DIAGNOSTIC"]
    code: str
    modifier: str | None = None
    why: str


class PayerProfile(Sourced):
    """rules/payers/*.yaml: one payer's arithmetic and policy."""

    id: str
    name: str
    effective: Effective
    time: PayerTime
    physical_status_units: Toggle
    qualifying_circumstance_units: QualifyingUnits
    conversion_factor: ConversionFactor
    shares: Shares
    medical_supervision_AD: SupervisionAD
    mac_modifiers: dict[str, str]
    time_tolerance_minutes: int = 10
    code_policies: list[CodePolicy] = []


class PlaceOfService(Sourced):
    code: str = Field(pattern=r"^\d{2}$")
    label: str


class ChargePerUnit(Sourced):
    dollars: float | None = Field(default=None, gt=0)


class ClaimForm(Strict):
    """rules/claim_form.yaml: the site's own box 24 values (place of service, charge per unit)."""

    place_of_service: PlaceOfService
    charge_per_unit: ChargePerUnit


class FindingTemplate(Strict):
    severity: Literal["error", "warning", "info"]
    scored: bool
    review: bool = False  # sends the case to a coder
    message: str


class Findings(Strict):
    findings: dict[str, FindingTemplate]


class RuleMeta(Sourced):
    finding: str
    judges: Literal["request"] | None = None


class ValidationRules(Strict):
    rules: dict[str, RuleMeta]


class Family(Sourced):
    nos: str
    specific: list[str]
    why: str
    qualifier: bool = False  # the siblings differ by the procedure's reason, which another block may give
    # the description may say the operation went on to a sibling ("proceed with cesarean hysterectomy"): a
    # sibling the description names as done replaces the heading's code, and a coder checks it
    extended_in_description: bool = False
    source_note: str | None = None


class Contested(Sourced):
    """A code whose case another code's descriptor also covers, so crosswalks and payers differ: chosen, it
    goes to a coder naming the other code. `when_words` limits it to mentions that name one of the words."""
    code: str
    also: list[str]
    why: str
    when_words: list[str] = []
    every_mention: bool = False  # the words must stand in every mention behind the choice, not just one
    described: bool = False  # the words may stand in the description's mentions of the chosen code too
    with_codes: list[str] = []  # the contest holds only when the session also names one of these codes
    examples: list[str] = []  # heading wordings that choose `code` (tests/propose checks each)


class CodeFamilies(Strict):
    source_default: str
    families: list[Family]
    contested: list[Contested] = []


class CodeEntry(Strict):
    description: str
    keywords: list[list[str] | dict] = []
    exclude: list[str] = []
    max_age_months: int | None = None
    requires: list[str] = []
    add_on: bool = False


CircumstanceLabel = Literal["EMERGENCY", "CONTROLLED_HYPOTENSION", "HYPOTHERMIA", "MAC_REASON", "ONE_LUNG_VENTILATION",
                            "SITTING_POSITION", "USUALLY_LOCAL", "COMPLEXITY_G8", "UNUSUAL_ANESTHESIA",
                            "SCREENING_TURNED_DIAGNOSTIC", "UPPER_ABDOMEN_SITE", "PUMP_OXYGENATOR", "REOPERATION",
                            "AFTER_DELIVERY", "INTRACRANIAL_HEMATOMA", "CONVERTED_TO_OPEN", "CONVERTED_TO_VAGINAL",
                            "STERILIZATION"]
VariantLabel = Literal["ONE_LUNG_VENTILATION", "SITTING_POSITION", "UPPER_ABDOMEN_SITE", "PUMP_OXYGENATOR",
                       "REOPERATION", "AFTER_DELIVERY", "INTRACRANIAL_HEMATOMA", "CONVERTED_TO_OPEN",
                       "CONVERTED_TO_VAGINAL", "STERILIZATION"]


class DocumentedVariant(Sourced):
    """The same procedure with a documented circumstance has a code of its own (00540 with one-lung
    ventilation is 00541; an intracranial procedure in the sitting position is 00218)."""
    when: VariantLabel
    codes: dict[str, str]
    in_roles: list[str] = []  # the blocks the circumstance must stand in (none: anywhere today)
    named: list[str] = []  # words the chosen code's mention must hold ("hysterectomy": not a laparotomy alone)


class BrainDeadDonor(Sourced):
    """A patient of this physical status is a brain-dead organ donor: the anesthesia code is this one."""
    code: str
    asa_class: int


class CodeTable(Sourced):
    codes: dict[str, CodeEntry]
    approach_keywords: dict[str, list[list[str] | dict]] = {}
    obstetric: dict = {}
    brain_dead_donor: BrainDeadDonor | None = None
    combined_procedures: list[dict] = []
    documented_variants: list[DocumentedVariant] = []


class CircumstancePhrases(Sourced):
    """rules/circumstance_phrases.yaml: target phrases whose ConText status decides circumstances and modifiers."""

    phrases: dict[CircumstanceLabel, list[str]]
    procedure_history_cues: list[str]


@lru_cache(maxsize=4)
def circumstance_phrases(rules_dir: str) -> CircumstancePhrases:
    return load_model(CircumstancePhrases, Path(rules_dir) / "circumstance_phrases.yaml")


_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
_FLAGS = {"I": re.I, "M": re.M, "X": re.X}


class PatternSpec(Strict):
    """One named pattern of a recognizer. `regex` may hold ${any_of} (the alternatives joined with |),
    ${fragment} (a piece named under the file's `fragments`) and ${time} / ${time_to} (the shared clock).
    Every pattern carries examples: `match` must be found by a search, `no_match` must not."""

    why: str = ""
    regex: str = "${any_of}"
    any_of: list[str] = []
    flags: list[Literal["I", "M", "X"]] = []
    match: list[str] = Field(min_length=1)
    no_match: list[str] = []


class RecognizerFile(Strict):
    """rules/recognizers/<id>.yaml: the vocabulary of one reader of the note."""

    recognizer: str
    reads: str
    fragments: dict[str, str] = {}
    words: dict[str, list[str]] = {}  # word lists a reader looks words up in (not patterns)
    patterns: dict[str, PatternSpec]


def expand(text: str, pieces: dict[str, str]) -> str:
    """Replaces ${name} placeholders (fragments may use fragments); an unknown name is an error."""
    for _ in range(5):
        if "${" not in text:
            return text
        unknown = [n for n in _PLACEHOLDER.findall(text) if n not in pieces]
        if unknown:
            raise ValueError(f"unknown placeholder(s) {unknown}")
        text = _PLACEHOLDER.sub(lambda m: pieces[m.group(1)], text)
    raise ValueError("placeholders nest too deep")


def compile_pattern(spec: PatternSpec, pieces: dict[str, str]) -> re.Pattern:
    flags = 0
    for flag in spec.flags:
        flags |= _FLAGS[flag]
    return re.compile(expand(spec.regex, {**pieces, "any_of": "|".join(spec.any_of)}), flags)


@lru_cache(maxsize=64)
def recognizer_file(rules_dir: str, recognizer: str) -> RecognizerFile:
    """A recognizer's data, checked once: its shape, its name, and that every pattern compiles."""
    from assistant.clock import clock_fragments

    path = Path(rules_dir) / "recognizers" / f"{recognizer}.yaml"
    data = load_model(RecognizerFile, path)
    if data.recognizer != recognizer:
        raise CatalogError(f"{path}: recognizer: {data.recognizer!r} is not the file's name {recognizer!r}")
    pieces = {**(clock_fragments(rules_dir) if recognizer != "clock" else {}), **data.fragments}
    for name, spec in data.patterns.items():
        try:
            compile_pattern(spec, pieces)
        except (re.error, ValueError) as error:
            raise CatalogError(f"{path}: patterns.{name}: {error}") from None
    return data


class Patterns:
    """The compiled patterns of one rules/recognizers file, by name: `compiled_patterns(dir, "staffing").crna`."""

    def __init__(self, compiled: dict[str, re.Pattern], fragments: dict[str, str], words: dict[str, list[str]]):
        self.__dict__.update(compiled)
        self.fragments = fragments
        self.words = {name: frozenset(w.lower() for w in listed) for name, listed in words.items()}

    def __getattr__(self, name: str) -> re.Pattern:  # only reached for a name the file lacks
        raise AttributeError(f"no pattern {name!r} in this recognizer's rules file")


@lru_cache(maxsize=64)
def compiled_patterns(rules_dir: str, recognizer: str) -> Patterns:
    """A rules/recognizers file compiled; here rather than in assistant.extract so that redaction loads its
    patterns without the NLP pipeline."""
    from assistant.clock import clock_fragments

    data = recognizer_file(rules_dir, recognizer)
    pieces = {**(clock_fragments(rules_dir) if recognizer != "clock" else {}), **data.fragments}
    compiled = {name: compile_pattern(spec, pieces) for name, spec in data.patterns.items()}
    return Patterns(compiled, pieces, data.words)


def check_rules_dir(rules_dir: Path) -> None:
    """Every schema-checked file of rules/, checked once at start-up; the first bad one raises."""
    meta = load_model(ValidationRules, rules_dir / "validation_rules.yaml")
    findings = load_model(Findings, rules_dir / "findings.yaml").findings
    unknown = sorted(f"{rule_id} -> {m.finding}" for rule_id, m in meta.rules.items() if m.finding not in findings)
    if unknown:
        raise CatalogError(f"{rules_dir / 'validation_rules.yaml'}: rules name findings that findings.yaml "
                           f"lacks: {unknown}")
    families = load_model(CodeFamilies, rules_dir / "code_families.yaml")
    table = load_model(CodeTable, rules_dir / "anesthesia_codes.yaml")
    named = {c for entry in families.contested for c in (entry.code, *entry.also, *entry.with_codes)}
    unknown = sorted(named - set(table.codes))
    if unknown:
        raise CatalogError(f"{rules_dir / 'code_families.yaml'}: contested codes the code table lacks: {unknown}")
    if table.brain_dead_donor and table.brain_dead_donor.code not in table.codes:
        raise CatalogError(f"{rules_dir / 'anesthesia_codes.yaml'}: brain_dead_donor names a code the code table "
                           f"lacks: {table.brain_dead_donor.code}")
    varied = {c for variant in table.documented_variants for pair in variant.codes.items() for c in pair}
    unknown = sorted(varied - set(table.codes))
    if unknown:
        raise CatalogError(f"{rules_dir / 'anesthesia_codes.yaml'}: documented_variants name codes the code table "
                           f"lacks: {unknown}")
    for path in sorted((rules_dir / "payers").glob("*.yaml")):
        policies = load_model(PayerProfile, path).code_policies
        unknown = sorted({c for p in policies for c in (p.when_code, p.code)} - set(table.codes))
        if unknown:
            raise CatalogError(f"{path}: code_policies name codes the code table lacks: {unknown}")
    if (rules_dir / "claim_form.yaml").exists():
        load_model(ClaimForm, rules_dir / "claim_form.yaml")
    # ConText keeps only the last rule of a literal: a second one would silently undo the first
    literals = [str(rule["literal"]).lower() for rule in load_yaml_file(rules_dir / "context_rules.yaml")["rules"]]
    twice = sorted(literal for literal, count in Counter(literals).items() if count > 1)
    if twice:
        raise CatalogError(f"{rules_dir / 'context_rules.yaml'}: literals with two rules, merge them: {twice}")
    procedure_reading(str(rules_dir))
    circumstance_phrases(str(rules_dir))
    for path in sorted((rules_dir / "recognizers").glob("*.yaml")):
        recognizer_file(str(rules_dir), path.stem)
    if (rules_dir / "diagnosis.yaml").exists():  # a site's rules folder from before issue 13 still loads
        conditions = {c["name"] for c in load_yaml_file(rules_dir / "asa_conditions.yaml")["conditions"]}
        unknown = sorted(set(diagnosis_rules(str(rules_dir)).comorbidity_codes) - conditions)
        if unknown:
            raise CatalogError(f"{rules_dir / 'diagnosis.yaml'}: comorbidity_codes name conditions that "
                               f"asa_conditions.yaml lacks: {unknown}")


def load_yaml_file(path: Path) -> dict:
    from assistant.knowledge import load_yaml

    return load_yaml(path)


def load_model(model: type[Strict], path: Path) -> Strict:
    from assistant.knowledge import load_yaml

    try:
        return model.model_validate(load_yaml(path))
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in error.errors())
        raise CatalogError(f"{path}: {problems}") from None


@lru_cache(maxsize=4)
def procedure_reading(rules_dir: str) -> ProcedureReading:
    return load_model(ProcedureReading, Path(rules_dir) / "procedure_reading.yaml")


class DiagnosisSynonym(Strict):
    phrases: list[str]
    add: list[str]
    replace: bool = False
    examples: list[str] = []


class ComorbidityRefinement(Strict):
    words: list[str]
    code: str


class ComorbidityCode(Strict):
    code: str
    refine: list[ComorbidityRefinement] = []
    also: list[ComorbidityRefinement] = []  # codes reported beside it when their words stand ("on insulin": Z79.4)


class HypertensionCombination(Strict):
    with_: list[str] = Field(alias="with")
    code: str
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class DiagnosisRegion(Strict):
    name: str
    icd: list[str]  # ICD-10-CM code prefixes without the dot
    anesthesia: list[str]  # anesthesia codes or ranges that fit
    examples: list[str] = []


class DiagnosisExample(Strict):
    statement: str
    code: str


class DiagnosisBlockRole(Strict):
    role: Literal["postop_diagnosis", "preop_diagnosis", "diagnosis", "indication"]
    any_word: list[str]
    examples: list[str] = []


class DiagnosisRules(Strict):
    """rules/diagnosis.yaml: where the diagnosis is read, the project's synonyms, comorbidity codes, regions."""

    source: str
    block_roles: list[DiagnosisBlockRole]
    diagnosis_words: list[str]
    order: list[str]
    same_as_words: list[str]
    ignore_words: list[str]
    condition_words: list[str] = []
    chapter_words: dict[str, list[str]] = {}
    not_patient_sentence_words: list[str] = []
    narrative_sentences: int = 0
    weak_words: list[str]
    neutral_words: list[str] = []
    due_to_is_weak: bool = False
    unspecified_words: list[str]
    other_words: list[str]
    excluded_code_prefixes: list[str]
    synonyms: list[DiagnosisSynonym]
    laterality: dict[str, list[str]]
    comorbidity_codes: dict[str, ComorbidityCode]
    hypertension_combinations: list[HypertensionCombination] = []
    bmi_codes: dict[str, str] = {}
    regions: list[DiagnosisRegion]
    examples: list[DiagnosisExample] = []

    @field_validator("order")
    @classmethod
    def _known_roles(cls, order: list[str], info):
        known = {r.role for r in info.data.get("block_roles", [])}
        if set(order) - known:
            raise ValueError(f"order names roles not listed under block_roles: {sorted(set(order) - known)}")
        return order


@lru_cache(maxsize=4)
def diagnosis_rules(rules_dir: str) -> DiagnosisRules:
    return load_model(DiagnosisRules, Path(rules_dir) / "diagnosis.yaml")
