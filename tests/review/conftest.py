"""Fixtures for the review tests: a temp data dir + SQLite DB, two clients, users, queued invoices."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).parent))

from review_seed import add_user, queue_invoice, write_clients  # noqa: E402

from ledgerline.db import engine_for  # noqa: E402
from ledgerline.settings import Settings  # noqa: E402
from schemas.records import UserRole  # noqa: E402

USERS = {
    "alice": (UserRole.OPERATOR, ["acme"]),
    "bob": (UserRole.OPERATOR, ["globex"]),
    "carol": (UserRole.OPERATOR, ["acme"]),
    "lena": (UserRole.LEAD, ["acme"]),
    "root": (UserRole.ADMIN, []),
}


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2's default profile costs ~0.5 s per hash here; tests use the same algorithm, cheaper."""
    from argon2 import PasswordHasher

    import review.users

    monkeypatch.setattr(review.users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(review.users, "_dummy_hash", None)


@pytest.fixture(autouse=True)
def restore_logging():  # type: ignore[no-untyped-def]
    """create_app() installs the personal-data log filter process-wide; undo it after each test."""
    import logging

    root = logging.getLogger()
    factory, filters = logging.getLogRecordFactory(), list(root.filters)
    handler_filters = {h: list(h.filters) for h in root.handlers}
    yield
    logging.setLogRecordFactory(factory)
    root.filters[:] = filters
    for handler, saved in handler_filters.items():
        handler.filters[:] = saved


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    return Settings(data_dir=data, clients_dir=write_clients(tmp_path / "clients", ["acme", "globex"]),
                    review_idle_minutes=15)


@pytest.fixture()
def session(settings: Settings):
    with Session(engine_for(settings.db_url), expire_on_commit=False) as s:
        yield s


@pytest.fixture()
def seeded(settings: Settings, session: Session) -> dict[str, int]:
    """Users, and one queued invoice per client (plus a second for acme). Returns item ids."""
    from review.queue import list_items

    for name, (role, clients) in USERS.items():
        add_user(session, name, role, clients)
    queue_invoice(session, settings, "acme", 1)
    queue_invoice(session, settings, "globex", 2)
    queue_invoice(session, settings, "acme", 3, pages=2)
    items = {f"{i.client}-{i.document_id}": i.id for i in list_items(session)}
    return {"acme": items["acme-1"], "globex": items["globex-2"], "acme2": items["acme-3"]}


@pytest.fixture()
def app(settings: Settings):
    from review.app import create_app

    return create_app(settings)


@pytest.fixture()
def client(app) -> TestClient:
    return TestClient(app)
