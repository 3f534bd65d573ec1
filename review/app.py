"""The review web app: `create_app(settings=None) -> FastAPI`.

Screens (server-rendered Jinja2, a little vanilla JS) and the JSON API under /api share
the queue functions; OpenAPI docs are at /docs.
"""
from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from ledgerline.db import engine_for
from ledgerline.errors import ConfigError, IllegalTransition, LedgerlineError, NotFound
from ledgerline.settings import Settings, get_settings
from review import api, web
from review.auth import LoginRequired, session_secret
from review.log_masking import install_log_masking
from review.login_throttle import LoginThrottle
from review.queue import Forbidden, InvalidInput, ItemLocked

log = logging.getLogger("ledgerline.review")
STATUS = {NotFound: 404, Forbidden: 403, IllegalTransition: 409, ItemLocked: 409, InvalidInput: 422, ConfigError: 500}
SESSION_MAX_AGE_S = 10 * 3600


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    install_log_masking()
    app = FastAPI(title="ledgerline review", version="0.1.0",
                  description="The exception queue: claim, correct, approve, reject, return, postpone, reassign.")
    app.state.settings = settings
    app.state.engine = engine_for(settings.db_url)
    app.state.secret = session_secret(settings)
    app.state.basic_cache = {}
    app.state.login_throttle = LoginThrottle()
    app.add_middleware(SessionMiddleware, secret_key=app.state.secret, session_cookie="ledgerline_session",
                       max_age=SESSION_MAX_AGE_S, same_site="lax", https_only=False)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.include_router(api.router)
    app.include_router(web.router)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(f"/login?next={exc.next_url}", status_code=303)

    @app.exception_handler(LedgerlineError)
    async def _known(request: Request, exc: LedgerlineError) -> Response:
        code = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
        if code >= 500:
            log.error("review: %s", exc.message)
        if not request.url.path.startswith("/api"):
            return web.templates.TemplateResponse(request, "error.html", {
                "user": None, "status": code, "message": exc.message}, status_code=code)
        return JSONResponse({"detail": exc.message, "code": exc.code}, status_code=code)

    return app
