"""Who is calling: session cookie for the web screens, HTTP Basic or a bearer token for the API.

The cookie secret comes from settings (LEDGERLINE_SESSION_SECRET) or is generated once into
`data_dir/session_secret`; a short or well-known secret is refused, never used.
Cookie-authenticated writes to the API must carry the session's CSRF token
(`X-CSRF-Token` header) — the pages put it in a <meta> tag for the scripts.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session

from ledgerline.errors import ConfigError
from ledgerline.settings import Settings
from schemas.records import User
from review.login_throttle import client_ip, refuse_if_throttled, throttle_of
from review.users import authenticate, get_user

WEAK_SECRETS = frozenset({"changethis", "changeme", "secret", "password", "default", "development"})
MIN_SECRET_LENGTH = 32
TOKEN_MAX_AGE_S = 12 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"
BASIC_CACHE_S = 300.0


def session_secret(settings: Settings) -> str:
    """The configured secret, or the one generated into data_dir on first start."""
    if settings.session_secret:
        secret = settings.session_secret
        if secret.lower() in WEAK_SECRETS or len(secret) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"LEDGERLINE_SESSION_SECRET is a default or shorter than {MIN_SECRET_LENGTH} characters; "
                "set a long random value (python -c 'import secrets; print(secrets.token_urlsafe(48))') "
                "or leave it empty to have one generated into the data directory")
        return secret
    path = settings.data_dir / "session_secret"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_text().strip()
        if len(secret) < MIN_SECRET_LENGTH:
            raise ConfigError(f"{path} holds a secret shorter than {MIN_SECRET_LENGTH} characters; "
                              "delete the file to have a new one generated") from None
        return secret
    secret = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as fh:
        fh.write(secret + "\n")
    return secret


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret, salt="ledgerline-api-token")


def issue_token(request: Request, user: User) -> str:
    return _serializer(request).dumps({"u": user.username})


def get_db(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]


def _from_header(request: Request, session: Session, header: str) -> User | None:
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer":
        try:
            data = _serializer(request).loads(credentials.strip(), max_age=TOKEN_MAX_AGE_S)
        except (BadSignature, SignatureExpired):
            return None
        return get_user(session, username=str(data.get("u", "")))
    if scheme.lower() == "basic":
        try:
            username, _, password = base64.b64decode(credentials.strip()).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return _basic_user(request, session, username, password)
    return None


def _basic_user(request: Request, session: Session, username: str, password: str) -> User | None:
    """HTTP Basic, with recent successful checks remembered for a few minutes: an argon2 check
    costs ~0.5 s of CPU and a script sends the same credentials with every request.
    Failed checks count towards the login throttle (429 once locked out)."""
    refuse_if_throttled(request, username)
    key = hmac.new(request.app.state.secret.encode(), f"{username}\0{password}".encode(), hashlib.sha256).hexdigest()
    cache: dict[str, tuple[float, str]] = request.app.state.basic_cache
    hit = cache.get(key)
    if hit and hit[0] > time.monotonic():
        user = get_user(session, username=username)
        if user is not None and user.password_hash == hit[1]:
            return user
    user = authenticate(session, username=username, password=password)
    if user is None:
        throttle_of(request).failed(username, client_ip(request))
    else:
        throttle_of(request).succeeded(username, client_ip(request))
        if len(cache) > 1000:
            cache.clear()
        cache[key] = (time.monotonic() + BASIC_CACHE_S, user.password_hash)
    return user


def request_user(request: Request, session: Session) -> tuple[User | None, str]:
    """(user or None, how: "header" | "cookie")."""
    header = request.headers.get("authorization")
    if header:
        user = _from_header(request, session, header)
        how = "header"
    else:
        username = request.session.get("user")
        user = get_user(session, username=username) if username else None
        how = "cookie"
    if user is not None and not user.active:
        user = None
    return user, how


def current_api_user(request: Request, session: SessionDep) -> User:
    user, how = request_user(request, session)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "log in: HTTP Basic, a bearer token from "
                            "POST /api/token, or the web session cookie",
                            headers={"WWW-Authenticate": 'Basic realm="ledgerline", Bearer'})
    if how == "cookie" and request.method not in SAFE_METHODS:
        expected = request.session.get("csrf")
        if not expected or not secrets.compare_digest(request.headers.get(CSRF_HEADER, ""), expected):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"missing or wrong {CSRF_HEADER} header "
                                "(reload the page to get a fresh token)")
    return user


CurrentUser = Annotated[User, Depends(current_api_user)]


class LoginRequired(Exception):
    """Raised by web pages; the app turns it into a redirect to /login."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def current_web_user(request: Request, session: SessionDep) -> User:
    username = request.session.get("user")
    user = get_user(session, username=username) if username else None
    if user is None or not user.active:
        raise LoginRequired(request.url.path)
    return user


WebUser = Annotated[User, Depends(current_web_user)]


def start_web_session(request: Request, user: User) -> None:
    request.session.clear()  # a fresh session on login: no fixation
    request.session["user"] = user.username
    request.session["csrf"] = secrets.token_urlsafe(32)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token
