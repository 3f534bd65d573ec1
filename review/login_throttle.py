"""Login rate limiting: after MAX_FAILURES failed logins for one username from one client IP
within WINDOW_S seconds, further attempts answer 429 with Retry-After until the oldest
failure leaves the window. Applies to the web login, `POST /api/token` and HTTP Basic.

The store is in-process (a dict on `app.state.login_throttle`): it is per worker and empty
after a restart, which is enough to make password guessing slow against one instance. Several
workers or instances need a shared store (e.g. a table or Redis) behind the same three methods.
The client IP is `request.client.host`; behind a reverse proxy run uvicorn with
`--proxy-headers --forwarded-allow-ips=<proxy>` so it is the caller's address, not the proxy's.
"""
from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import HTTPException, Request, status

MAX_FAILURES = 5          # failed logins allowed per (username, client IP) ...
WINDOW_S = 15 * 60        # ... within this many seconds
MAX_TRACKED_KEYS = 10_000  # beyond this, keys whose failures are all outside the window are dropped


class LoginThrottle:
    """Failed-login counts per (username, client IP), in memory, thread-safe."""

    def __init__(self, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures, self.window_s, self.clock = max_failures, window_s, clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def retry_after(self, username: str, ip: str) -> int:
        """Seconds until another attempt is allowed; 0 when it is allowed now."""
        key = (username.strip().lower(), ip)
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            if len(times) < self.max_failures:
                return 0
            return max(1, math.ceil(times[-self.max_failures] + self.window_s - now))

    def failed(self, username: str, ip: str) -> None:
        key = (username.strip().lower(), ip)
        with self._lock:
            now = self.clock()
            if len(self._failures) >= MAX_TRACKED_KEYS:
                for k in [k for k, t in self._failures.items() if not t or t[-1] <= now - self.window_s]:
                    del self._failures[k]
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times

    def succeeded(self, username: str, ip: str) -> None:
        with self._lock:
            self._failures.pop((username.strip().lower(), ip), None)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def throttle_of(request: Request) -> LoginThrottle:
    return request.app.state.login_throttle


def too_many_message(retry_after: int) -> str:
    minutes = max(1, math.ceil(retry_after / 60))
    return (f"too many failed logins for this user from your address; try again in {minutes} minute(s) "
            "or ask an admin to check the account")


def refuse_if_throttled(request: Request, username: str) -> None:
    """For the API: raise 429 with Retry-After when this username + IP is locked out."""
    wait = throttle_of(request).retry_after(username, client_ip(request))
    if wait:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, too_many_message(wait),
                            headers={"Retry-After": str(wait)})
