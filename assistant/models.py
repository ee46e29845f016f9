"""Pydantic models that flow between the stages: note -> Facts -> Proposal -> Validation -> CodingResult."""
from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, PrivateAttr


class Evidence(BaseModel):
    """A span of the note that supports a fact: character offsets into the original text."""

    id: str
    start: int
    end: int
    text: str
    label: str
    section: str | None = None
    negated: bool = False
    family: bool = False
    hypothetical: bool = False
    historical: bool = False

    @property
    def asserted(self) -> bool:
        """True when the mention is about the patient, now, and not denied."""
        return not (self.negated or self.family or self.hypothetical or self.historical)


class Block(BaseModel):
    """A labeled block of the note ("PROCEDURE PERFORMED: ..."), with the role its label gives it."""

    title: str
    role: str  # heading | description | postop_diagnosis | anesthesia | not_today | other | unlabeled
    start: int
    end: int
    content_start: int = 0  # just after the label's colon
    # where the label's own statement ends when it closes on the label's line ("PMH: none."): what the next
    # line says is not told under the label ("Local infiltration by the surgeon only.")
    statement_end: int | None = None


class Procedure(BaseModel):
    text: str
    candidate_codes: list[str]
    keyword: list[str] = []
    approach_codes: list[str] = []  # codes matched only by an approach keyword (exploratory laparotomy...)
    evidence_id: str
    zone: str | None = None  # integumentary zone resolved from the nearest site
    role: str = "unlabeled"  # the role of the block it stands in (heading, description, ...)
    approach: str | None = None  # laparoscopic, open, transurethral ... next to the mention
    by_anatomy: bool = False  # found by anatomy x action, not by a procedure wording of the code table
    # composed from an item of a run-on line whose other item a wording of the code table names ("1. ... 2. ...")
    beside_wording: bool = False


class Site(BaseModel):
    term: str
    region: str
    zone: str  # head, neck, posterior_trunk, anterior_trunk, upper_extremity, lower_extremity, perineum, other
    laterality: Literal["left", "right", "bilateral"] | None = None
    evidence_id: str


class Comorbidity(BaseModel):
    name: str
    asa_class: int
    cardiopulmonary_severe: bool = False
    evidence_id: str
    asserted: bool = True  # False: negated, family, hypothetical or historical (kept for display)


class TimeBlock(BaseModel):
    start: str  # HH:MM
    end: str | None
    minutes: int | None
    evidence_id: str


class FacilityTimes(BaseModel):
    in_room: str | None = None
    out_of_room: str | None = None
    pacu: str | None = None
    window_minutes: int | None = None
    evidence_ids: list[str] = []


class Staffing(BaseModel):
    anesthesiologist: str | None = None
    crna: str | None = None
    anesthesiologist_present: bool = False
    crna_present: bool = False
    medical_direction: bool = False
    crna_independent: bool = False
    personally_performed: bool = False
    concurrent_cases: int | None = None  # cases the anesthesiologist covered at once, this one included
    overlapping_cases_listed: int = 0
    resident: bool = False
    no_anesthesia_provider: bool = False  # "no anesthesia provider present", "no anesthesiologist or CRNA involved"
    present_at_induction: bool | None = None
    evidence_ids: list[str] = []


class Technique(BaseModel):
    kind: Literal["general", "regional", "mac", "local", "neuraxial", "sedation"]
    administered_by: Literal["anesthesia", "surgeon", "proceduralist", "unknown"] = "anesthesia"
    evidence_id: str


class DocumentationConflict(BaseModel):
    """Two parts of the note document different values for one fact (and neither says it corrects the other)."""

    field: str  # physical_status, ...
    values: list[str]
    evidence_ids: list[str]


class ChargedLine(BaseModel):
    code: str
    modifiers: list[str] = []
    evidence_id: str


class Facts(BaseModel):
    """Everything extraction found in one note, each fact pointing at its evidence."""

    note_length: int
    evidence: list[Evidence] = []
    sections: list[tuple[str, int, int]] = []
    blocks: list[Block] = []
    procedures: list[Procedure] = []
    sites: list[Site] = []
    techniques: list[Technique] = []
    anesthesia_blocks: list[TimeBlock] = []
    stated_anesthesia_minutes: int | None = None
    stated_minutes_evidence_id: str | None = None
    facility: FacilityTimes = FacilityTimes()
    date_of_birth: str | None = None
    date_of_service: str | None = None
    age_years: int | None = None
    age_months: int | None = None
    age_evidence_ids: list[str] = []
    premature_infant: bool = False
    asa_class: int | None = None
    asa_emergency: bool = False
    asa_evidence_id: str | None = None
    comorbidities: list[Comorbidity] = []
    emergency: bool = False
    emergency_evidence_ids: list[str] = []
    controlled_hypotension: bool = False
    hypothermia: bool = False
    circumstance_evidence_ids: dict[str, list[str]] = {}
    mac_reason_evidence_ids: list[str] = []
    g8_complexity_evidence_ids: list[str] = []
    unusual_anesthesia_evidence_ids: list[str] = []
    variant_evidence_ids: dict[str, list[str]] = {}  # ONE_LUNG_VENTILATION, SITTING_POSITION -> evidence
    # a circumstance the note says was not used ("lung isolation was not used"), whatever else was set up for it
    # ("a double-lumen tube was placed"): the variant code does not apply
    variant_denied_evidence_ids: dict[str, list[str]] = {}
    # wording -> evidence of a description saying that procedure was not done ("adenoidectomy was therefore not
    # performed"): the heading's booking of it is not today's procedure
    not_done_evidence_ids: dict[str, list[str]] = {}
    # action word or item -> evidence of a description saying it was not done without naming the procedure ("no
    # resection was performed", "no cuff repair"): a heading item whose every wording rests on it is not today's
    actions_not_done: dict[str, list[str]] = {}
    cancelled_before_anesthesia_evidence_ids: list[str] = []  # "case cancelled in the OR prior to induction"
    # the note's own header says it is a visit on a day after the operation ("Date: 03/04 (POD 1)"), and its
    # procedure label dates the operation ("Surgery 03/03:")
    later_day_visit_evidence_id: str | None = None
    plan_changed_evidence_id: str | None = None  # "the plan was changed to ...": the booked heading may be stale
    usually_local_evidence_ids: list[str] = []  # the note says the procedure is normally done under local
    burn_tbsa_percent: float | None = None
    staffing: Staffing = Staffing()
    anesthesia_provider_evidence_ids: list[str] = []  # "by the Department of Anesthesia", "CRNA"
    charged: list[ChargedLine] = []
    conflicts: list[DocumentationConflict] = []
    instruction_evidence_ids: list[str] = []  # lines addressed to the coder/AI: blanked, never read as documentation

    _evidence_index: dict[str, Evidence] = PrivateAttr(default_factory=dict)

    def evidence_by_id(self, evidence_id: str) -> Evidence | None:
        if len(self._evidence_index) != len(self.evidence):  # rebuilt when evidence was added
            self._evidence_index = {e.id: e for e in self.evidence}
        return self._evidence_index.get(evidence_id)


class Choice(BaseModel):
    """One coded element with the evidence ids that support it."""

    value: str | None
    evidence_ids: list[str] = []
    reason: str = ""
    confidence: Literal["high", "review"] | None = None  # the rules' confidence in a chosen code
    review_reasons: list[str] = []  # why a coder should check it (competing codes, weak support)
    quotes: list[str] = []  # an LLM's verbatim quotes of the (redacted) note, checked by the validator


class Diagnosis(BaseModel):
    """One ICD-10-CM code of the claim (box 21), with where it was read and the release that knows it."""

    code: str  # without the dot: "C50912"
    description: str = ""
    role: Literal["primary", "secondary"] = "primary"
    source: str = "rules"  # the block it was read from (postop_diagnosis, ...), "comorbidity", or "llm"
    evidence_ids: list[str] = []  # the extraction's evidence behind it (a comorbidity's mention, an LLM's quotes)
    start: int | None = None  # the span of the note it was coded from (offsets into the original text)
    end: int | None = None
    quote: str = ""  # the words of the note it was coded from
    quotes: list[str] = []  # an LLM's verbatim quotes, checked by the validator
    specific: bool = True  # False: an unspecified code, the note says no more
    elixhauser: list[str] = []  # AHRQ Elixhauser comorbidity categories of the code ("HTN_UNCX")
    release: str = ""  # the ICD-10-CM release that coded it ("2026-04-01")
    reason: str = ""


class Proposal(BaseModel):
    """A requested claim for the case: from the rules proposer, an LLM, or a charge ticket."""

    source: Literal["rules", "llm", "charge_ticket"] = "rules"
    anesthesia_code: Choice
    physical_status: Choice = Choice(value=None)
    qualifying_circumstances: list[Choice] = []
    pricing_modifiers: dict[str, str] = {}  # role -> modifier
    pricing_evidence_ids: list[str] = []
    other_modifiers: list[Choice] = []
    add_on_codes: list[Choice] = []  # e.g. +01953
    anesthesia_minutes: int = 0
    supervisor_present_at_induction: bool = False  # AD: +1 time unit for the physician under Medicare
    not_billable_reason: str | None = None  # local_only | surgeon_administered | no_procedure
    pricing_quotes: list[str] = []  # an LLM's quotes for the pricing modifiers
    diagnoses: list[Diagnosis] = []  # ICD-10-CM, the primary first (docs/diagnosis.md)


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class Finding(BaseModel):
    code: str
    severity: Severity
    message: str
    rule_id: str
    source: str
    evidence_ids: list[str] = []


class Change(BaseModel):
    """What the validator changed in a requested proposal, and why."""

    field: str
    requested: str | None
    final: str | None
    rule_id: str
    because: str


class Validation(BaseModel):
    proposal: Proposal  # the corrected proposal
    requested: Proposal | None = None
    findings: list[Finding] = []
    changes: list[Change] = []
    verified: list[str] = []  # LLM claims the validator verified from their quotes ("anesthesia_code", "qc:99140"...)


class PricedLine(BaseModel):
    """One claim line as a coder keys it (CMS-1500 box 24)."""

    provider_role: str  # anesthesiologist | crna | qualifying_circumstance | add_on
    code: str
    modifiers: list[str] = []
    minutes: int = 0
    base_units: float = 0
    time_units: float = 0
    physical_status_units: float = 0
    qualifying_circumstance_units: float = 0
    total_units: float = 0
    share: float = 1.0
    conversion_factor: float | None = None
    dollars: float | None = None
    payable: bool = True
    not_payable_reason: str | None = None
    arithmetic: str = ""
    diagnosis_pointer: str = ""  # CMS-1500 box 24E: letters of box 21, the primary first ("ABC")


class PricedClaim(BaseModel):
    payer: str
    payer_name: str
    lines: list[PricedLine] = []
    anesthesia_units: float | None = None  # units of the anesthesia line as the scenario spec defines it
    total_dollars: float | None = None
    conversion_factor_note: str = ""
    diagnosis_codes: list[str] = []  # CMS-1500 box 21 in order: A, B, C ... (ICD-10-CM without the dot)
    diagnosis_release: str = ""  # the ICD-10-CM release box 21 was coded with


class CodingResult(BaseModel):
    """Everything one note produced, ready for the CLI, app, batch, eval and store."""

    case_id: str | None = None
    payer: str
    proposer: str
    facts: Facts
    validation: Validation
    claim: PricedClaim
    notices: list[str] = []  # e.g. "LLM proposed 00580, rules changed it to 00400 because ..."
    seconds: float = 0.0

    @property
    def proposal(self) -> Proposal:
        return self.validation.proposal

    @property
    def findings(self) -> list[Finding]:
        return self.validation.findings

    def summary(self) -> dict:
        """The fields the scenario spec scores, in its vocabulary."""
        p = self.validation.proposal
        return {
            "anesthesia_code": p.anesthesia_code.value,
            "physical_status": p.physical_status.value,
            "qualifying_circumstances": sorted(q.value for q in p.qualifying_circumstances if q.value),
            "anesthesia_minutes": p.anesthesia_minutes,
            "pricing_modifiers": dict(p.pricing_modifiers),
            "other_modifiers": sorted(m.value for m in p.other_modifiers if m.value),
            "units": self.claim.anesthesia_units,
            "findings": sorted({f.code for f in self.validation.findings}),
            "diagnosis_codes": [d.code for d in p.diagnoses],
        }

    @property
    def diagnoses(self) -> list[Diagnosis]:
        return self.validation.proposal.diagnoses


class InputError(ValueError):
    """Bad input (empty, huge, binary, unknown payer): one clear line for the user."""
