"""Replay a changed rule pack over a client's stored extractions, touching nothing.

Both the current pack and the candidate judge every stored document of the client (the
stored contract JSON, rebuilt with `ExtractedDocument.model_validate`), each against the
history of documents that had arrived before it. The report lists documents whose outcome
changes (newly failing: post -> review; newly passing: review -> post; or the same action
with different reasons) and the straight-through rate before and after.

Read-only: only SELECTs are issued, nothing is added, flushed or committed.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, select

from schemas.client_config import ClientConfig
from schemas.document import ExtractedDocument
from schemas.reasons import ReasonCode
from schemas.records import DocumentRecord
from validators.client_loader import load_client, read_client_file
from validators.engine import RuleContext, validate
from validators.history_db import DatabaseHistory
from validators.master_data import MasterData, load_master_data
from validators.routing import RouteDecision, decide


class ReplayChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    document_id: int
    source: str
    doc_type: str
    before: str  # post | review
    after: str
    before_reasons: list[ReasonCode]
    after_reasons: list[ReasonCode]

    @property
    def kind(self) -> str:
        if self.before == "post" and self.after == "review":
            return "newly failing"
        if self.before == "review" and self.after == "post":
            return "newly passing"
        return "reasons changed"


class ReplayReport(BaseModel):
    client: str
    old_version: str
    new_version: str
    documents: int
    posted_before: int
    posted_after: int
    changes: list[ReplayChange]

    @property
    def newly_failing(self) -> list[ReplayChange]:
        return [c for c in self.changes if c.kind == "newly failing"]

    @property
    def newly_passing(self) -> list[ReplayChange]:
        return [c for c in self.changes if c.kind == "newly passing"]

    @property
    def straight_through_before(self) -> float:
        return self.posted_before / self.documents if self.documents else 0.0

    @property
    def straight_through_after(self) -> float:
        return self.posted_after / self.documents if self.documents else 0.0


def _judge(doc: ExtractedDocument, record: DocumentRecord, pack: ClientConfig, session: Session,
           today: date, master: MasterData) -> RouteDecision:
    history = DatabaseHistory(session, pack.name, exclude_sha256=record.sha256, before_id=record.id)
    ctx = RuleContext(client=pack, today=today, history=history, master=master)
    return decide(doc, validate(doc, ctx), pack)


def replay(client: ClientConfig | str, new_pack_path: Path | str, session: Session, *,
           today: date | None = None, clients_dir: Path | None = None) -> ReplayReport:
    current = load_client(client, clients_dir) if isinstance(client, str) else client
    candidate = read_client_file(Path(new_pack_path), expect_name=current.name)
    today = today or date.today()
    old_master, new_master = load_master_data(current), load_master_data(candidate)
    records = session.exec(
        select(DocumentRecord).where(DocumentRecord.client == current.name,
                                     DocumentRecord.extraction.is_not(None))  # type: ignore[union-attr]
        .order_by(DocumentRecord.id)  # type: ignore[arg-type]
    ).all()
    changes, posted_before, posted_after, count = [], 0, 0, 0
    with session.no_autoflush:
        for record in records:
            if not record.extraction:  # unreadable documents have nothing to judge
                continue
            doc = ExtractedDocument.model_validate(record.extraction)
            before = _judge(doc, record, current, session, today, old_master)
            after = _judge(doc, record, candidate, session, today, new_master)
            count += 1
            posted_before += before.action == "post"
            posted_after += after.action == "post"
            if (before.action, before.reasons) != (after.action, after.reasons):
                changes.append(ReplayChange(
                    document_id=record.id, source=record.source_name, doc_type=record.doc_type,  # type: ignore[arg-type]
                    before=before.action, after=after.action,
                    before_reasons=before.reasons, after_reasons=after.reasons,
                ))
    return ReplayReport(client=current.name, old_version=current.pack_version, new_version=candidate.pack_version,
                        documents=count, posted_before=posted_before, posted_after=posted_after, changes=changes)
