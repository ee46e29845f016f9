"""The auditors' review queue, its versions and its append-only audit trail, kept in the project database.

One case per encounter (case id + date of service): coding the same encounter again makes a new *version*
of that case (`review_versions`), never a second case. Every version keeps its full result (claim lines,
findings, evidence). Reviewers accept a case or override its claim lines; an override goes back through
the validator and the pricing stage (assistant.store.revalidate) and is saved as a new version with the
findings it raised. Every change is a new row in `review_audit` (who, when, before, after, why); rows
there and in `review_versions` are never updated or deleted: the ORM refuses it and, on SQLite and
PostgreSQL, a trigger in the database refuses it too.

Who acts and with which role comes from the caller (the app passes the signed-in user): a coder cannot
accept or override a case they coded; accepting a case with an open error finding needs a reason; an
action that changes nothing (accepting an accepted case, an override equal to the current lines) is
refused. The note text is stored with the case (auditors need it); it is never logged.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import DDL, DateTime, ForeignKey, Integer, String, Text, event, func, inspect, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, selectinload, sessionmaker

from assistant.models import CodingResult
from assistant.safe_text import for_spreadsheet
from assistant.store.db import Base, session_factory

STATUSES = ("open", "accepted", "overridden")
ROLES = ("coder", "auditor", "admin")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
MODIFIER_PATTERN = re.compile(r"^[A-Z0-9]{2}$")
MAX_REASON = 2000
MAX_ACTOR = 120
PAGE_SIZE = 25


class ReviewError(ValueError):
    """A review action that cannot be done: one clear line for the auditor."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


class ReviewCase(Base):
    __tablename__ = "review_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_key: Mapped[str | None] = mapped_column(String(200), index=True)
    encounter_key: Mapped[str | None] = mapped_column(String(300), index=True)  # case id (or note hash) + DOS
    date_of_service: Mapped[str | None] = mapped_column(String(10), index=True)  # ISO YYYY-MM-DD
    provider: Mapped[str | None] = mapped_column(String(300))
    coded_by: Mapped[str | None] = mapped_column(String(MAX_ACTOR))  # who coded the current version
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1", nullable=False)  # versions
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    source: Mapped[str] = mapped_column(String(40), default="app")  # app | batch | cli
    payer: Mapped[str] = mapped_column(String(60), index=True)
    proposer: Mapped[str] = mapped_column(String(20), default="rules")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    proposed_code: Mapped[str | None] = mapped_column(String(10))
    proposed_modifiers: Mapped[str] = mapped_column(String(120), default="")
    final_code: Mapped[str | None] = mapped_column(String(10))
    final_modifiers: Mapped[str] = mapped_column(String(120), default="")
    units: Mapped[float | None] = mapped_column()
    dollars: Mapped[float | None] = mapped_column(index=True)
    worst_severity: Mapped[str | None] = mapped_column(String(10), index=True)
    note: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str] = mapped_column(Text)  # the current version's result
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", nullable=False)  # +1 per write

    findings: Mapped[list["ReviewFinding"]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                           order_by="ReviewFinding.id")


class ReviewFinding(Base):
    """The current version's findings, one row each, for filtering the queue (history is in the versions)."""

    __tablename__ = "review_findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60), index=True)
    severity: Mapped[str] = mapped_column(String(10), index=True)
    rule_id: Mapped[str] = mapped_column(String(80), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[ReviewCase] = relationship(back_populates="findings")


class ReviewVersion(Base):
    """One version of a case: what the pipeline coded, or what a reviewer's override became."""

    __tablename__ = "review_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    actor: Mapped[str] = mapped_column(String(MAX_ACTOR))
    kind: Mapped[str] = mapped_column(String(20))  # coded | recoded | overridden
    payer: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    __tablename__ = "review_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    actor: Mapped[str] = mapped_column(String(MAX_ACTOR))
    action: Mapped[str] = mapped_column(String(20))  # coded | recoded | accepted | overridden
    before: Mapped[str] = mapped_column(Text, default="{}")
    after: Mapped[str] = mapped_column(Text, default="{}")
    reason: Mapped[str] = mapped_column(Text, default="")


def _append_only(table) -> None:
    """Raw SQL cannot rewrite history either: triggers refuse UPDATE and DELETE on the table."""
    name = table.name
    for verb in ("UPDATE", "DELETE"):
        event.listen(table, "after_create", DDL(
            f"CREATE TRIGGER IF NOT EXISTS {name}_no_{verb.lower()} BEFORE {verb} ON {name} "
            f"BEGIN SELECT RAISE(ABORT, '{name} is append-only'); END").execute_if(dialect="sqlite"))
    event.listen(table, "after_create", DDL(
        f"CREATE OR REPLACE FUNCTION {name}_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{name} is append-only'; END; $$ LANGUAGE plpgsql").execute_if(dialect="postgresql"))
    event.listen(table, "after_create", DDL(
        f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}_append_only()").execute_if(dialect="postgresql"))


_append_only(AuditEntry.__table__)
_append_only(ReviewVersion.__table__)


@event.listens_for(Session, "before_flush")
def _refuse_audit_rewrites(session: Session, _context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, (AuditEntry, ReviewVersion)):
            raise ReviewError("the audit trail is append-only: entries cannot be changed or deleted")


def primary_line(result: CodingResult) -> tuple[str | None, list[str]]:
    """The anesthesia code and the modifiers of the first anesthesia claim line, as a coder keys them."""
    proposal = result.validation.proposal
    code = proposal.anesthesia_code.value
    for line in result.claim.lines:
        if line.provider_role in ("anesthesiologist", "crna") and line.code == code:
            return code, list(line.modifiers)
    modifiers = [m for m in proposal.pricing_modifiers.values() if m][:1]
    if proposal.physical_status.value:
        modifiers.append(proposal.physical_status.value)
    modifiers += [m.value for m in proposal.other_modifiers if m.value]
    return code, modifiers


def claim_keys(result: CodingResult) -> list[str]:
    """Every claim line as keyed ("00400-QK-P2 45 min", "99140"): what an override is compared with."""
    out = []
    for line in result.claim.lines:
        keyed = "-".join([line.code, *line.modifiers])
        out.append(f"{keyed} {line.minutes} min" if line.provider_role in ("anesthesiologist", "crna") else keyed)
    return out


def provider_names(result: CodingResult) -> str:
    staffing = result.facts.staffing
    return " / ".join(n for n in (staffing.anesthesiologist, staffing.crna) if n)


def encounter_key(result: CodingResult, note: str) -> str:
    """Case id + date of service; a case without an id is known by its note's text."""
    who = (result.case_id or "").strip() or "note:" + hashlib.sha256(note.encode("utf-8")).hexdigest()[:20]
    return f"{who}|{result.facts.date_of_service or ''}"


def _join(modifiers: list[str]) -> str:
    return " ".join(modifiers)


def _split(modifiers: str) -> list[str]:
    return [m for m in (modifiers or "").split() if m]


@dataclass
class CaseRow:
    id: int
    case_key: str | None
    created_at: datetime
    source: str
    payer: str
    status: str
    proposed_code: str | None
    proposed_modifiers: list[str]
    final_code: str | None
    final_modifiers: list[str]
    units: float | None
    dollars: float | None
    worst_severity: str | None
    finding_codes: list[str]
    version: int = 1  # pass it back to accept/override: a write on a case changed meanwhile is refused
    date_of_service: str | None = None
    provider: str | None = None
    coded_by: str | None = None
    revision: int = 1


@dataclass
class CaseDetail(CaseRow):
    note: str = ""
    result: CodingResult | None = None

    @property
    def open_errors(self) -> list[str]:
        return sorted({f.code for f in self.result.validation.findings if f.severity.value == "error"})


@dataclass
class AuditRow:
    id: int
    case_id: int
    at: datetime
    actor: str
    action: str
    before: dict
    after: dict
    reason: str


@dataclass
class VersionRow:
    number: int
    at: datetime
    actor: str
    kind: str
    payer: str
    result: CodingResult


@dataclass
class QueueFilter:
    """What the queue is narrowed to; empty fields do not filter."""

    case_id: str = ""  # part of the case id, any case
    date_of_service: str = ""  # 2025-03-11, or a prefix (2025-03)
    provider: str = ""  # part of a provider's name
    status: str = ""
    finding: str = ""
    severity: str = ""
    payer: str = ""
    min_dollars: float | None = None
    max_dollars: float | None = None


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)  # SQLite drops the offset


def _row(case: ReviewCase) -> CaseRow:
    return CaseRow(
        id=case.id, case_key=case.case_key, created_at=_utc(case.created_at), source=case.source, payer=case.payer,
        status=case.status, proposed_code=case.proposed_code, proposed_modifiers=_split(case.proposed_modifiers),
        final_code=case.final_code, final_modifiers=_split(case.final_modifiers), units=case.units,
        dollars=case.dollars, worst_severity=case.worst_severity, finding_codes=sorted({f.code for f in case.findings}),
        version=case.version or 1, date_of_service=case.date_of_service, provider=case.provider,
        coded_by=case.coded_by, revision=case.revision or 1,
    )


def _audit(entry: AuditEntry) -> AuditRow:
    return AuditRow(id=entry.id, case_id=entry.case_id, at=_utc(entry.at), actor=entry.actor, action=entry.action,
                    before=json.loads(entry.before or "{}"), after=json.loads(entry.after or "{}"), reason=entry.reason)


def _clean_actor(actor: str | None) -> str:
    actor = (actor or "").strip()
    if not actor:
        raise ReviewError("no reviewer: every audit entry records who made it (sign in)")
    if len(actor) > MAX_ACTOR:
        raise ReviewError(f"reviewer name is longer than {MAX_ACTOR} characters")
    return actor


def _clean_role(role: str) -> str:
    if role not in ROLES:
        raise ReviewError(f"unknown role '{role}'; roles are {', '.join(ROLES)}")
    return role


def _clean_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ReviewError(f"reason is longer than {MAX_REASON} characters")
    return reason


class _Stale(Exception):
    """The case changed between this transaction's read and its write."""


RETRIES = 30  # a write that lost a race re-reads the case (after a random pause, so racers spread out)


def _locked(error: OperationalError) -> bool:
    message = str(error.orig).lower() if error.orig else str(error).lower()
    return "locked" in message or "busy" in message or "deadlock" in message or "could not serialize" in message


_NEW_COLUMNS = {  # columns added after the first release: old databases get them on start-up
    "version": "INTEGER NOT NULL DEFAULT 1", "revision": "INTEGER NOT NULL DEFAULT 1",
    "encounter_key": "VARCHAR(300)", "date_of_service": "VARCHAR(10)", "provider": "VARCHAR(300)",
    "coded_by": "VARCHAR(120)",
}


def _add_missing_columns(sessions: sessionmaker) -> None:
    engine = sessions.kw["bind"]
    present = {c["name"] for c in inspect(engine).get_columns("review_cases")}
    missing = [(name, kind) for name, kind in _NEW_COLUMNS.items() if name not in present]
    if missing:
        with engine.begin() as connection:
            for name, kind in missing:
                connection.execute(text(f"ALTER TABLE review_cases ADD COLUMN {name} {kind}"))


def _state(case: ReviewCase) -> dict:
    """What an audit entry records of a case, before and after (the same keys on both sides)."""
    result = CodingResult.model_validate_json(case.result_json)
    return {"code": case.final_code, "modifiers": _split(case.final_modifiers), "status": case.status,
            "lines": claim_keys(result), "units": case.units, "dollars": case.dollars,
            "findings": sorted({f.code for f in case.findings}), "version": case.revision or 1}


class ReviewStore:
    """The review queue over any SQLAlchemy URL (default: ASSISTANT_DATABASE_URL or the SQLite file in data/).

    Review writes read and write their case in one transaction and only if its version is still the one read
    (compare-and-swap), so a concurrent write can never leave an audit entry with a wrong "before"; a caller
    that passes the version it showed the reviewer gets a clear refusal when someone else changed the case."""

    def __init__(self, url: str | None = None, sessions: sessionmaker | None = None):
        self.sessions = sessions or session_factory(url)
        _add_missing_columns(self.sessions)

    def _write(self, work):
        """Runs work(session) in a transaction: again when it lost a race or the database was locked."""
        for attempt in range(RETRIES):
            try:
                with self.sessions.begin() as session:
                    return work(session)
            except _Stale:
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
                continue
            except OperationalError as error:
                if not _locked(error) or attempt >= 1:  # each try already waited BUSY_TIMEOUT_SECONDS
                    raise ReviewError("the database is busy (locked by another writer); "
                                      "nothing was saved, try again") from None
                time.sleep(0.2 * (attempt + 1))
        raise ReviewError("the case kept changing while saving (other reviewers at work); nothing was saved, reopen it")

    def _swap(self, session: Session, case: ReviewCase, read_version: int, **values) -> None:
        """Writes the case only if nobody wrote it since it was read."""
        changed = session.execute(update(ReviewCase).where(ReviewCase.id == case.id, ReviewCase.version == read_version)
                                  .values(version=read_version + 1, **values)).rowcount
        if changed != 1:
            raise _Stale()
        session.expire(case)

    @staticmethod
    def _check_version(session: Session, case: ReviewCase, expected_version: int | None) -> int:
        version = case.version or 1
        if expected_version is not None and int(expected_version) != version:
            latest = select(AuditEntry).where(AuditEntry.case_id == case.id).order_by(AuditEntry.id.desc()).limit(1)
            last = session.scalars(latest).first()
            who = f" by {last.actor} ({last.action}, {_utc(last.at):%Y-%m-%d %H:%M} UTC)" if last else ""
            raise ReviewError(f"case {case.id} was changed{who} after you opened it; nothing was saved: "
                              "reopen the case and review its current code before saving")
        return version

    @staticmethod
    def _check_reviewer(session: Session, case: ReviewCase, actor: str, role: str, action: str) -> None:
        """Separation of duties for coders: not their own coding, and not an acceptance of their own override."""
        if role != "coder":
            return
        if case.coded_by and case.coded_by == actor:
            raise ReviewError(f"you coded case {case.id}: a coder cannot {action} their own case; "
                              "an auditor or another coder must review it")
        latest = session.scalars(select(ReviewVersion).where(ReviewVersion.case_id == case.id)
                                 .order_by(ReviewVersion.number.desc()).limit(1)).first()
        if action == "accept" and latest is not None and latest.actor == actor:
            raise ReviewError(f"you made the current version of case {case.id} (your override): a coder cannot "
                              "accept their own work; an auditor or another coder must")

    @property
    def dialect(self) -> str:
        return self.sessions.kw["bind"].dialect.name

    # ------------------------------------------------------------------ writes
    def add_case(self, result: CodingResult, note: str, actor: str = "system", source: str = "app") -> int:
        return self.add_cases([(result, note)], actor=actor, source=source)[0]

    def add_cases(self, items: list[tuple[CodingResult, str]], actor: str = "system", source: str = "app") -> list[int]:
        """Adds every case in one transaction: all are saved or none (a retry never duplicates). An encounter
        already in the queue (same case id and date of service) gets a new version instead of a new case."""
        actor = _clean_actor(actor)
        return self._write(lambda session: [self._insert(session, r, note, actor, source) for r, note in items])

    @staticmethod
    def _values(result: CodingResult) -> dict:
        code, modifiers = primary_line(result)
        findings = result.validation.findings
        worst = min((f.severity.value for f in findings), key=SEVERITY_ORDER.__getitem__, default=None)
        return dict(payer=result.payer, final_code=code, final_modifiers=_join(modifiers),
                    units=result.claim.anesthesia_units, dollars=result.claim.total_dollars, worst_severity=worst,
                    result_json=result.model_dump_json())

    @staticmethod
    def _findings(result: CodingResult) -> list[ReviewFinding]:
        return [ReviewFinding(code=f.code, severity=f.severity.value, rule_id=f.rule_id, source=f.source,
                              message=f.message) for f in result.validation.findings]

    def _insert(self, session: Session, result: CodingResult, note: str, actor: str, source: str) -> int:
        key = encounter_key(result, note)
        case = session.scalars(select(ReviewCase).where(ReviewCase.encounter_key == key).order_by(ReviewCase.id)
                               .limit(1)).first()
        code, modifiers = primary_line(result)
        values = self._values(result)
        common = dict(proposer=result.proposer, proposed_code=code, proposed_modifiers=_join(modifiers), note=note,
                      coded_by=actor, provider=provider_names(result) or None, status="open", **values)
        if case is None:
            case = ReviewCase(case_key=(result.case_id or None), encounter_key=key, source=source,
                              date_of_service=result.facts.date_of_service, revision=1,
                              findings=self._findings(result), **common)
            session.add(case)
            session.flush()
            action, before, number = "coded", {}, 1
        else:
            before = _state(case)
            number = (case.revision or 1) + 1
            session.query(ReviewFinding).filter(ReviewFinding.case_id == case.id).delete()
            self._swap(session, case, case.version or 1, revision=number, **common)
            session.add_all([ReviewFinding(case_id=case.id, code=f.code, severity=f.severity, rule_id=f.rule_id,
                                           source=f.source, message=f.message) for f in self._findings(result)])
            action = "recoded"
        session.add(ReviewVersion(case_id=case.id, number=number, actor=actor, kind=action, payer=result.payer,
                                  note=note, result_json=values["result_json"]))
        after = {"code": code, "modifiers": modifiers, "status": "open", "lines": claim_keys(result),
                 "units": values["units"], "dollars": values["dollars"],
                 "findings": sorted({f.code for f in result.validation.findings}), "version": number}
        session.add(AuditEntry(case_id=case.id, actor=actor, action=action, before=json.dumps(before),
                               after=json.dumps(after),
                               reason=f"{action} by the {result.proposer} proposer ({source})"))
        return case.id

    def accept(self, case_id: int, actor: str, reason: str = "", expected_version: int | None = None,
               role: str = "auditor") -> CaseRow:
        actor, role, reason = _clean_actor(actor), _clean_role(role), _clean_reason(reason)

        def work(session: Session) -> CaseRow:
            case = self._load(session, case_id)
            version = self._check_version(session, case, expected_version)
            if case.status == "accepted":
                raise ReviewError(f"case {case.id} is already accepted; nothing to do")
            self._check_reviewer(session, case, actor, role, "accept")
            errors = sorted({f.code for f in case.findings if f.severity == "error"})
            if errors and not reason:
                raise ReviewError(f"case {case.id} has an open error finding ({', '.join(errors)}): "
                                  "accepting it needs a reason")
            before = _state(case)
            self._swap(session, case, version, status="accepted")
            session.add(AuditEntry(case_id=case.id, actor=actor, action="accepted", before=json.dumps(before),
                                   after=json.dumps({**before, "status": "accepted"}),
                                   reason=reason))
            session.flush()
            return _row(case)

        return self._write(work)

    def preview_override(self, case_id: int, lines: str | list[str]) -> CodingResult:
        """What the override would become (validated and re-priced), without saving anything."""
        from assistant.store.revalidate import revalidate

        detail = self.get_case(case_id)
        return revalidate(detail.result, detail.note, lines)

    def override(self, case_id: int, actor: str, lines: str | list[str], reason: str,
                 expected_version: int | None = None, role: str = "auditor") -> CaseRow:
        """Replaces the claim lines ("00404-QK-P2 45 min" per line): validated by the same rules and re-priced;
        the findings it raises are stored with the new version."""
        from assistant.store.revalidate import revalidate

        actor, role, reason = _clean_actor(actor), _clean_role(role), _clean_reason(reason)
        if not reason:
            raise ReviewError("an override needs a reason: say why the claim lines change")

        def work(session: Session) -> CaseRow:
            case = self._load(session, case_id)
            version = self._check_version(session, case, expected_version)
            self._check_reviewer(session, case, actor, role, "override")
            current = CodingResult.model_validate_json(case.result_json)
            result = revalidate(current, case.note, lines)
            before = _state(case)
            if claim_keys(result) == before["lines"]:
                raise ReviewError("the override is the same as the current claim lines; use Accept instead")
            number = (case.revision or 1) + 1
            values = self._values(result)
            session.query(ReviewFinding).filter(ReviewFinding.case_id == case.id).delete()
            self._swap(session, case, version, status="overridden", revision=number, **values)
            session.add_all([ReviewFinding(case_id=case.id, code=f.code, severity=f.severity, rule_id=f.rule_id,
                                           source=f.source, message=f.message) for f in self._findings(result)])
            session.add(ReviewVersion(case_id=case.id, number=number, actor=actor, kind="overridden",
                                      payer=result.payer, note=case.note, result_json=values["result_json"]))
            code, modifiers = primary_line(result)
            after = {"code": code, "modifiers": modifiers, "status": "overridden", "lines": claim_keys(result),
                     "units": values["units"], "dollars": values["dollars"], "version": number,
                     "findings": sorted({f.code for f in result.validation.findings})}
            session.add(AuditEntry(case_id=case.id, actor=actor, action="overridden", before=json.dumps(before),
                                   after=json.dumps(after), reason=reason))
            session.flush()
            return _row(case)

        return self._write(work)

    # ------------------------------------------------------------------- reads
    @staticmethod
    def _load(session: Session, case_id: int) -> ReviewCase:
        try:
            case_id = int(case_id)
        except (TypeError, ValueError):
            raise ReviewError("choose a case: the case number is missing") from None
        case = session.get(ReviewCase, case_id)
        if case is None:
            raise ReviewError(f"case {case_id} is not in the review queue")
        return case

    def get_case(self, case_id: int) -> CaseDetail:
        with self.sessions() as session:
            case = self._load(session, case_id)
            row = _row(case)
            return CaseDetail(**row.__dict__, note=case.note, result=CodingResult.model_validate_json(case.result_json))

    def versions(self, case_id: int) -> list[VersionRow]:
        query = select(ReviewVersion).where(ReviewVersion.case_id == int(case_id)).order_by(ReviewVersion.number)
        with self.sessions() as session:
            return [VersionRow(v.number, _utc(v.at), v.actor, v.kind, v.payer,
                               CodingResult.model_validate_json(v.result_json)) for v in session.scalars(query)]

    def _filtered(self, query, flt: QueueFilter):
        if flt.case_id.strip():
            query = query.where(func.lower(ReviewCase.case_key).contains(flt.case_id.strip().lower(),
                                                                         autoescape=True))
        if flt.date_of_service.strip():
            query = query.where(ReviewCase.date_of_service.startswith(flt.date_of_service.strip(), autoescape=True))
        if flt.provider.strip():
            query = query.where(func.lower(ReviewCase.provider).contains(flt.provider.strip().lower(),
                                                                         autoescape=True))
        if flt.finding:
            query = query.where(ReviewCase.id.in_(select(ReviewFinding.case_id)
                                                  .where(ReviewFinding.code == flt.finding)))
        if flt.severity:
            if flt.severity not in SEVERITY_ORDER:
                raise ReviewError(f"unknown severity '{flt.severity}'; use error, warning or info")
            query = query.where(ReviewCase.id.in_(select(ReviewFinding.case_id)
                                                  .where(ReviewFinding.severity == flt.severity)))
        if flt.payer:
            query = query.where(ReviewCase.payer == flt.payer)
        if flt.status:
            if flt.status not in STATUSES:
                raise ReviewError(f"unknown status '{flt.status}'; use {', '.join(STATUSES)}")
            query = query.where(ReviewCase.status == flt.status)
        if flt.min_dollars is not None:
            query = query.where(ReviewCase.dollars >= flt.min_dollars)
        if flt.max_dollars is not None:
            query = query.where(ReviewCase.dollars <= flt.max_dollars)
        return query

    def query_cases(self, flt: QueueFilter | None = None, offset: int = 0,
                    limit: int = PAGE_SIZE) -> tuple[list[CaseRow], int]:
        """One page of the queue, newest first, and how many cases match in all."""
        flt = flt or QueueFilter()
        page = self._filtered(select(ReviewCase), flt).options(selectinload(ReviewCase.findings))
        page = page.order_by(ReviewCase.id.desc()).offset(max(0, offset)).limit(limit)
        total = self._filtered(select(func.count(ReviewCase.id)), flt)
        with self.sessions() as session:
            return [_row(c) for c in session.scalars(page).unique()], int(session.scalar(total) or 0)

    def list_cases(self, finding: str | None = None, severity: str | None = None, payer: str | None = None,
                   status: str | None = None, limit: int = 500) -> list[CaseRow]:
        """Newest first. `severity` keeps cases with at least one finding of that severity."""
        flt = QueueFilter(finding=finding or "", severity=severity or "", payer=payer or "", status=status or "")
        return self.query_cases(flt, limit=limit)[0]

    def next_open(self, after_id: int | None = None, flt: QueueFilter | None = None) -> int | None:
        """The next open case below `after_id` in queue order (newest first), wrapping to the newest open one."""
        flt = QueueFilter(**{**(flt or QueueFilter()).__dict__, "status": "open"})
        base = self._filtered(select(ReviewCase.id), flt).order_by(ReviewCase.id.desc()).limit(1)
        with self.sessions() as session:
            if after_id:
                below = session.scalar(base.where(ReviewCase.id < int(after_id)))
                if below is not None:
                    return int(below)
            first = session.scalar(base)
            return int(first) if first is not None and first != after_id else None

    def finding_codes(self) -> list[str]:
        with self.sessions() as session:
            return list(session.scalars(select(ReviewFinding.code).distinct().order_by(ReviewFinding.code)))

    def counts(self) -> dict[str, int]:
        with self.sessions() as session:
            rows = session.execute(select(ReviewCase.status, func.count()).group_by(ReviewCase.status)).all()
        counts = {status: 0 for status in STATUSES}
        counts.update({status: n for status, n in rows})
        return counts

    def final_cases(self, case_ids: list[int] | None = None) -> list[CaseDetail]:
        """Reviewed cases (accepted or overridden) with their current result: what a claim export carries."""
        query = select(ReviewCase).where(ReviewCase.status.in_(("accepted", "overridden"))).order_by(ReviewCase.id)
        if case_ids is not None:
            query = query.where(ReviewCase.id.in_([int(i) for i in case_ids]))
        with self.sessions() as session:
            cases = session.scalars(query.options(selectinload(ReviewCase.findings))).unique()
            return [CaseDetail(**_row(c).__dict__, note="", result=CodingResult.model_validate_json(c.result_json))
                    for c in cases]

    def audit_trail(self, case_id: int | None = None) -> list[AuditRow]:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if case_id is not None:
            query = query.where(AuditEntry.case_id == int(case_id))
        with self.sessions() as session:
            return [_audit(entry) for entry in session.scalars(query)]

    def audit_csv(self, case_id: int | None = None) -> str:
        """The trail as CSV text: one row per entry, oldest first, times in UTC ISO 8601."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["entry", "case", "at_utc", "who", "action", "code_before", "modifiers_before", "status_before",
                         "code_after", "modifiers_after", "status_after", "lines_after", "findings_after", "why"])
        for row in self.audit_trail(case_id):
            b, a = row.before, row.after
            cells = [row.id, row.case_id, row.at.astimezone(timezone.utc).isoformat(timespec="seconds"), row.actor,
                     row.action, b.get("code") or "", " ".join(b.get("modifiers", [])), b.get("status") or "",
                     a.get("code") or "", " ".join(a.get("modifiers", [])), a.get("status") or "",
                     "; ".join(a.get("lines", [])), " ".join(a.get("findings", [])), row.reason]
            writer.writerow([for_spreadsheet(cell) for cell in cells])  # reviewer and reason are typed text
        return out.getvalue()


__all__ = ["STATUSES", "ROLES", "ReviewError", "ReviewStore", "QueueFilter", "CaseRow", "CaseDetail", "AuditRow",
           "primary_line", "claim_keys"]
