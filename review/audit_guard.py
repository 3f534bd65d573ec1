"""The audit trail is append-only in the database too, not only by convention in the code.

`install_audit_guard(engine)` creates triggers that refuse UPDATE and DELETE on
`audit_record` (and TRUNCATE on PostgreSQL). `ledgerline.db.engine_for` calls it right after
creating the tables, so every process that opens the database — the review app, the CLI,
the pipeline — installs it; it is idempotent. Correct a wrong audit record by appending
another one that says so. A deliberate purge (e.g. retention) needs a DBA to drop the
trigger first, which is itself visible in the database's own logs.
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

TABLE = "audit_record"
MESSAGE = "audit_record is append-only: {op} refused (append a correcting record instead)"

SQLITE_DDL = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE.format(op="UPDATE")}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE.format(op="DELETE")}'); END""",
]

POSTGRESQL_DDL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = replace('{MESSAGE}', '{{op}}', TG_OP);
        END $$""",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()""",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()""",
]

DDL = {"sqlite": SQLITE_DDL, "postgresql": POSTGRESQL_DDL}


def install_audit_guard(engine: Engine) -> bool:
    """Create the triggers for the engine's dialect; False for a dialect without DDL here."""
    statements = DDL.get(engine.dialect.name)
    if statements is None:
        return False
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # two processes starting at once must not race on DROP/CREATE
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"{TABLE}_append_only"})
        for statement in statements:
            conn.execute(text(statement))
    return True
