"""Review-app users: roles, the clients each serves, argon2 password hashes, and the one
helper that scopes every query by the user's clients.

An operator sees and acts on items of his clients only; a lead sees the whole queue of his
clients and may reassign; an admin sees everything. The scoping is done in SQL
(`scope_to_user`) so a forgotten check in a view cannot leak another client's documents.
"""
from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session, select

from ledgerline.errors import LedgerlineError
from schemas.records import User, UserRole

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (~0.5 s per check on 2 cores)
_dummy_hash: str | None = None


def _dummy() -> str:
    """Verified against when the user does not exist, so both paths cost one argon2 check."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("not-a-real-password")
    return _dummy_hash


class UserError(LedgerlineError):
    exit_code = 2
    code = "USER_INVALID"


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=8, max_length=256)
    role: UserRole = UserRole.OPERATOR
    clients: list[str] = Field(default_factory=list)

    @field_validator("clients")
    @classmethod
    def _clean(cls, v: list[str]) -> list[str]:
        return sorted({c.strip() for c in v if c.strip()})


class UserPublic(BaseModel):
    username: str
    role: UserRole
    clients: list[str]
    active: bool


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(session: Session, *, user_in: UserCreate) -> User:
    if get_user(session, username=user_in.username) is not None:
        raise UserError(f"user {user_in.username!r} exists already; pick another name")
    user = User(username=user_in.username, password_hash=hash_password(user_in.password),
                role=user_in.role, clients=user_in.clients)
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def get_user(session: Session, *, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.username)).all())


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    user = get_user(session, username=username)
    if user is None or not user.active:
        verify_password(password, _dummy())
        return None
    if not verify_password(password, user.password_hash):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
        session.commit()
    return user


def is_admin(user: User) -> bool:
    return user.role == UserRole.ADMIN


def is_lead(user: User) -> bool:
    return user.role in (UserRole.LEAD, UserRole.ADMIN)


def serves(user: User, client: str) -> bool:
    return is_admin(user) or client in (user.clients or [])


def scope_to_user(statement: Any, user: User, client_column: Any) -> Any:
    """Restrict a select to the clients `user` serves (admins: no restriction).

    Every query of queue items, documents, journal entries or counts goes through this.
    """
    if is_admin(user):
        return statement
    return statement.where(client_column.in_(list(user.clients or [])))


def to_public(user: User) -> UserPublic:
    return UserPublic(username=user.username, role=UserRole(user.role), clients=list(user.clients or []),
                      active=user.active)
