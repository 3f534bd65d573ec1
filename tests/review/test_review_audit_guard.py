"""audit_record is append-only in the database: UPDATE and DELETE are refused by triggers.

The PostgreSQL variant runs when LEDGERLINE_TEST_POSTGRES_URL points at a scratch database, e.g.
`pg_virtualenv sh -c 'LEDGERLINE_TEST_POSTGRES_URL=postgresql+psycopg://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE
.venv/bin/python -m pytest -q tests/review/test_review_audit_guard.py'`.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select

from ledgerline.db import engine_for
from review.audit_guard import install_audit_guard
from schemas.records import AuditRecord


def _append(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        record = AuditRecord(actor="alice", action="correct", field="total", old="11O.00", new="110.00")
        s.add(record)
        s.commit()
        return record.id  # type: ignore[return-value]


def _assert_append_only(engine) -> None:  # type: ignore[no-untyped-def]
    rid = _append(engine)
    for statement in (f"UPDATE audit_record SET new = '999.00' WHERE id = {rid}",
                      f"DELETE FROM audit_record WHERE id = {rid}"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with Session(engine) as s:  # through the ORM as well
        record = s.get(AuditRecord, rid)
        record.note = "tampered"
        with pytest.raises(DBAPIError, match="append-only: UPDATE refused"):
            s.commit()
        s.rollback()
        s.delete(s.get(AuditRecord, rid))
        with pytest.raises(DBAPIError, match="append-only: DELETE refused"):
            s.commit()
    with Session(engine) as s:
        kept = s.get(AuditRecord, rid)
        assert (kept.new, kept.note) == ("110.00", None)
    assert _append(engine) > rid  # appending still works


def test_the_app_database_refuses_update_and_delete(settings) -> None:
    engine = engine_for(settings.db_url)
    with engine.connect() as conn:
        names = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    assert {"audit_record_no_update", "audit_record_no_delete"} <= names
    _assert_append_only(engine)


def test_installing_twice_is_harmless(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    SQLModel.metadata.create_all(engine)
    assert install_audit_guard(engine) and install_audit_guard(engine)
    _assert_append_only(engine)


def test_the_review_app_actions_still_work_with_the_guard(client, seeded, session) -> None:
    from review_seed import basic

    iid = seeded["acme"]
    client.post(f"/api/items/{iid}/fields", json={"changes": {"total": "110.00"}}, headers=basic("alice"))
    assert client.post(f"/api/items/{iid}/approve", headers=basic("alice")).json()["status"] == "posted"
    assert len(session.exec(select(AuditRecord).where(AuditRecord.item_id == iid)).all()) >= 4


@pytest.mark.skipif(not os.environ.get("LEDGERLINE_TEST_POSTGRES_URL"),
                    reason="set LEDGERLINE_TEST_POSTGRES_URL to a scratch PostgreSQL database (see the module doc)")
def test_postgresql_refuses_update_delete_and_truncate() -> None:
    engine = create_engine(os.environ["LEDGERLINE_TEST_POSTGRES_URL"])
    SQLModel.metadata.create_all(engine)
    assert install_audit_guard(engine) and install_audit_guard(engine)
    _assert_append_only(engine)
    with pytest.raises(DBAPIError, match="append-only: TRUNCATE refused"), engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_record"))
