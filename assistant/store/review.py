"""The auditors' review queue and its append-only audit trail, kept in the project database.

Every coded case lands in `review_cases` with its findings (`review_findings`,
one row per finding, for filtering). Auditors accept a case or override the
anesthesia code and modifiers with a required reason. Every change is a new row
in `review_audit` (who, when, before, after, why); rows there are never updated
or deleted: the ORM refuses it and, on SQLite and PostgreSQL, a trigger in the
database refuses it too.

The note text is stored with the case (auditors need it to judge the evidence);
it is never logged.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone

import random
import time

from sqlalchemy import DDL, DateTime, ForeignKey, Integer, String, Text, event, func, inspect, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, selectinload, sessionmaker

from assistant.models import CodingResult
from assistant.safe_text import for_spreadsheet
from assistant.store.db import Base, session_factory

STATUSES = ("open", "accepted", "overridden")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
CODE_PATTERN = re.compile(r"^\d{5}$")
MODIFIER_PATTERN = re.compile(r"^[A-Z0-9]{2}$")
MAX_REASON = 2000
MAX_ACTOR = 120


class ReviewError(ValueError):
    """A review action that cannot be done: one clear line for the auditor."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


class ReviewCase(Base):
    __tablename__ = "review_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_key: Mapped[str | None] = mapped_column(String(200), index=True)
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
    dollars: Mapped[float | None] = mapped_column()
    worst_severity: Mapped[str | None] = mapped_column(String(10), index=True)
    note: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", nullable=False)  # +1 per review write

    findings: Mapped[list["ReviewFinding"]] = relationship(back_populates="case", cascade="all, delete-orphan", order_by="ReviewFinding.id")


class ReviewFinding(Base):
    __tablename__ = "review_findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60), index=True)
    severity: Mapped[str] = mapped_column(String(10), index=True)
    rule_id: Mapped[str] = mapped_column(String(80), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[ReviewCase] = relationship(back_populates="findings")


class AuditEntry(Base):
    __tablename__ = "review_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    actor: Mapped[str] = mapped_column(String(MAX_ACTOR))
    action: Mapped[str] = mapped_column(String(20))  # coded | accepted | overridden
    before: Mapped[str] = mapped_column(Text, default="{}")
    after: Mapped[str] = mapped_column(Text, default="{}")
    reason: Mapped[str] = mapped_column(Text, default="")


# Append-only, in the database itself (raw SQL cannot rewrite history either).
event.listen(AuditEntry.__table__, "after_create", DDL(
    "CREATE TRIGGER IF NOT EXISTS review_audit_no_update BEFORE UPDATE ON review_audit "
    "BEGIN SELECT RAISE(ABORT, 'review_audit is append-only'); END").execute_if(dialect="sqlite"))
event.listen(AuditEntry.__table__, "after_create", DDL(
    "CREATE TRIGGER IF NOT EXISTS review_audit_no_delete BEFORE DELETE ON review_audit "
    "BEGIN SELECT RAISE(ABORT, 'review_audit is append-only'); END").execute_if(dialect="sqlite"))
event.listen(AuditEntry.__table__, "after_create", DDL(
    "CREATE OR REPLACE FUNCTION review_audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'review_audit is append-only'; END; $$ LANGUAGE plpgsql").execute_if(dialect="postgresql"))
event.listen(AuditEntry.__table__, "after_create", DDL(
    "CREATE TRIGGER review_audit_append_only BEFORE UPDATE OR DELETE ON review_audit "
    "FOR EACH ROW EXECUTE FUNCTION review_audit_append_only()").execute_if(dialect="postgresql"))


@event.listens_for(Session, "before_flush")
def _refuse_audit_rewrites(session: Session, _context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry):
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


def _join(modifiers: list[str]) -> str:
    return " ".join(modifiers)


def _split(modifiers: str) -> list[str]:
    return [m for m in modifiers.split() if m]


def parse_modifiers(text: str | list[str] | None) -> list[str]:
    """'QK, P2' / 'QK P2' / 'QK-P2' / ['QK','P2'] -> ['QK', 'P2']; raises ReviewError on a malformed one."""
    if text is None:
        return []
    items = text if isinstance(text, list) else re.split(r"[\s,;\-]+", text)
    modifiers = [str(m).strip().upper() for m in items if str(m).strip()]
    bad = [m for m in modifiers if not MODIFIER_PATTERN.match(m)]
    if bad:
        raise ReviewError(f"modifier {bad[0]!r} is not two letters or digits (e.g. QK, P2, 23)")
    if len(modifiers) > 4:
        raise ReviewError("a CMS-1500 line takes at most four modifiers")
    return modifiers


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


@dataclass
class CaseDetail(CaseRow):
    note: str = ""
    result: CodingResult | None = None


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


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)  # SQLite drops the offset


def _row(case: ReviewCase) -> CaseRow:
    return CaseRow(
        id=case.id, case_key=case.case_key, created_at=_utc(case.created_at), source=case.source, payer=case.payer,
        status=case.status, proposed_code=case.proposed_code, proposed_modifiers=_split(case.proposed_modifiers),
        final_code=case.final_code, final_modifiers=_split(case.final_modifiers), units=case.units, dollars=case.dollars,
        worst_severity=case.worst_severity, finding_codes=sorted({f.code for f in case.findings}),
        version=case.version or 1,
    )


def _audit(entry: AuditEntry) -> AuditRow:
    return AuditRow(id=entry.id, case_id=entry.case_id, at=_utc(entry.at), actor=entry.actor, action=entry.action,
                    before=json.loads(entry.before or "{}"), after=json.loads(entry.after or "{}"), reason=entry.reason)


def _clean_actor(actor: str | None) -> str:
    actor = (actor or "").strip()
    if not actor:
        raise ReviewError("enter the reviewer's name: every audit entry records who made it")
    if len(actor) > MAX_ACTOR:
        raise ReviewError(f"reviewer name is longer than {MAX_ACTOR} characters")
    return actor


class _Stale(Exception):
    """The case changed between this transaction's read and its write."""


RETRIES = 30  # a write that lost a race re-reads the case (after a random pause, so racers spread out)


def _locked(error: OperationalError) -> bool:
    message = str(error.orig).lower() if error.orig else str(error).lower()
    return "locked" in message or "busy" in message or "deadlock" in message or "could not serialize" in message


def _add_version_column(sessions: sessionmaker) -> None:
    """Databases created before review writes were versioned get the column (every case starts at version 1)."""
    engine = sessions.kw["bind"]
    if "version" not in {c["name"] for c in inspect(engine).get_columns("review_cases")}:
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE review_cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1"))


class ReviewStore:
    """The review queue over any SQLAlchemy URL (default: ASSISTANT_DATABASE_URL or the SQLite file in data/).

    Review writes read and write their case in one transaction and only if its version is still the one read
    (compare-and-swap), so a concurrent write can never leave an audit entry with a wrong "before"; a caller
    that passes the version it showed the reviewer gets a clear refusal when someone else changed the case."""

    def __init__(self, url: str | None = None, sessions: sessionmaker | None = None):
        self.sessions = sessions or session_factory(url)
        _add_version_column(self.sessions)

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
            raise ReviewError(f"case {case.id} was changed{who} after you opened it; nothing was saved: reopen the case "
                              "and review its current code before saving")
        return version

    @property
    def dialect(self) -> str:
        return self.sessions.kw["bind"].dialect.name

    # ------------------------------------------------------------------ writes
    def add_case(self, result: CodingResult, note: str, actor: str = "system", source: str = "app") -> int:
        return self.add_cases([(result, note)], actor=actor, source=source)[0]

    def add_cases(self, items: list[tuple[CodingResult, str]], actor: str = "system", source: str = "app") -> list[int]:
        """Adds every case in one transaction: all are saved or none (a retry never duplicates)."""
        actor = _clean_actor(actor)
        return self._write(lambda session: [self._insert(session, r, note, actor, source) for r, note in items])

    @staticmethod
    def _insert(session: Session, result: CodingResult, note: str, actor: str, source: str) -> int:
        code, modifiers = primary_line(result)
        findings = result.validation.findings
        worst = min((f.severity.value for f in findings), key=SEVERITY_ORDER.__getitem__, default=None)
        case = ReviewCase(
            case_key=(result.case_id or None), source=source, payer=result.payer, proposer=result.proposer, status="open",
            proposed_code=code, proposed_modifiers=_join(modifiers), final_code=code, final_modifiers=_join(modifiers),
            units=result.claim.anesthesia_units, dollars=result.claim.total_dollars, worst_severity=worst,
            note=note, result_json=result.model_dump_json(),
            findings=[ReviewFinding(code=f.code, severity=f.severity.value, rule_id=f.rule_id, source=f.source, message=f.message) for f in findings],
        )
        session.add(case)
        session.flush()
        session.add(AuditEntry(case_id=case.id, actor=actor, action="coded", before="{}",
                               after=json.dumps({"code": code, "modifiers": modifiers, "status": "open"}),
                               reason=f"coded by the {result.proposer} proposer ({source})"))
        return case.id

    def accept(self, case_id: int, actor: str, reason: str = "", expected_version: int | None = None) -> CaseRow:
        actor = _clean_actor(actor)

        def work(session: Session) -> CaseRow:
            case = self._load(session, case_id)
            version = self._check_version(session, case, expected_version)
            state = {"code": case.final_code, "modifiers": _split(case.final_modifiers)}
            before = {**state, "status": case.status}
            self._swap(session, case, version, status="accepted")
            session.add(AuditEntry(case_id=case.id, actor=actor, action="accepted", before=json.dumps(before),
                                   after=json.dumps({**state, "status": "accepted"}), reason=(reason or "").strip()[:MAX_REASON]))
            session.flush()
            return _row(case)

        return self._write(work)

    def override(self, case_id: int, actor: str, code: str, modifiers: str | list[str] | None, reason: str,
                 expected_version: int | None = None) -> CaseRow:
        actor = _clean_actor(actor)
        reason = (reason or "").strip()
        if not reason:
            raise ReviewError("an override needs a reason: say why the code or modifiers change")
        if len(reason) > MAX_REASON:
            raise ReviewError(f"reason is longer than {MAX_REASON} characters")
        code = (code or "").strip()
        if not CODE_PATTERN.match(code):
            raise ReviewError(f"code {code!r} is not a five-digit anesthesia code (e.g. 00400)")
        new_modifiers = parse_modifiers(modifiers)

        def work(session: Session) -> CaseRow:
            case = self._load(session, case_id)
            version = self._check_version(session, case, expected_version)
            before = {"code": case.final_code, "modifiers": _split(case.final_modifiers), "status": case.status}
            if before["code"] == code and before["modifiers"] == new_modifiers:
                raise ReviewError("the override is the same as the current code and modifiers; use Accept instead")
            self._swap(session, case, version, final_code=code, final_modifiers=_join(new_modifiers), status="overridden")
            session.add(AuditEntry(case_id=case.id, actor=actor, action="overridden", before=json.dumps(before),
                                   after=json.dumps({"code": code, "modifiers": new_modifiers, "status": "overridden"}), reason=reason))
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

    def list_cases(self, finding: str | None = None, severity: str | None = None, payer: str | None = None,
                   status: str | None = None, limit: int = 500) -> list[CaseRow]:
        """Newest first. `severity` keeps cases with at least one finding of that severity."""
        query = select(ReviewCase).options(selectinload(ReviewCase.findings)).order_by(ReviewCase.id.desc()).limit(limit)
        if finding:
            query = query.where(ReviewCase.id.in_(select(ReviewFinding.case_id).where(ReviewFinding.code == finding)))
        if severity:
            if severity not in SEVERITY_ORDER:
                raise ReviewError(f"unknown severity '{severity}'; use error, warning or info")
            query = query.where(ReviewCase.id.in_(select(ReviewFinding.case_id).where(ReviewFinding.severity == severity)))
        if payer:
            query = query.where(ReviewCase.payer == payer)
        if status:
            if status not in STATUSES:
                raise ReviewError(f"unknown status '{status}'; use {', '.join(STATUSES)}")
            query = query.where(ReviewCase.status == status)
        with self.sessions() as session:
            return [_row(case) for case in session.scalars(query).unique()]

    def finding_codes(self) -> list[str]:
        with self.sessions() as session:
            return list(session.scalars(select(ReviewFinding.code).distinct().order_by(ReviewFinding.code)))

    def counts(self) -> dict[str, int]:
        with self.sessions() as session:
            rows = session.execute(select(ReviewCase.status, func.count()).group_by(ReviewCase.status)).all()
        counts = {status: 0 for status in STATUSES}
        counts.update({status: n for status, n in rows})
        return counts

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
                         "code_after", "modifiers_after", "status_after", "why"])
        for row in self.audit_trail(case_id):
            cells = [row.id, row.case_id, row.at.astimezone(timezone.utc).isoformat(timespec="seconds"), row.actor, row.action,
                     row.before.get("code") or "", " ".join(row.before.get("modifiers", [])), row.before.get("status") or "",
                     row.after.get("code") or "", " ".join(row.after.get("modifiers", [])), row.after.get("status") or "",
                     row.reason]
            writer.writerow([for_spreadsheet(cell) for cell in cells])  # reviewer and reason are typed text
        return out.getvalue()
