"""Login rate limiting per username + client IP: web login, POST /api/token and HTTP Basic."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from review_seed import PASSWORD, basic

from review.login_throttle import MAX_FAILURES, WINDOW_S, LoginThrottle


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_counts_failures_per_username_and_ip_within_the_window() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(max_failures=3, window_s=60, clock=clock)
    for _ in range(3):
        assert throttle.retry_after("alice", "10.0.0.1") == 0
        throttle.failed("Alice", "10.0.0.1")
        clock.now += 5
    assert throttle.retry_after("ALICE", "10.0.0.1") == 45  # now 1015; the first failure (1000) leaves the window at 1060
    assert throttle.retry_after("alice", "10.0.0.2") == 0  # another address
    assert throttle.retry_after("bob", "10.0.0.1") == 0  # another user
    clock.now = 1060.5
    assert throttle.retry_after("alice", "10.0.0.1") == 0


def test_a_successful_login_clears_the_count() -> None:
    throttle = LoginThrottle(max_failures=3, window_s=60, clock=FakeClock())
    throttle.failed("alice", "ip")
    throttle.failed("alice", "ip")
    throttle.succeeded("alice", "ip")
    throttle.failed("alice", "ip")
    throttle.failed("alice", "ip")
    assert throttle.retry_after("alice", "ip") == 0


def test_defaults_are_five_in_fifteen_minutes() -> None:
    assert (MAX_FAILURES, WINDOW_S) == (5, 900)


def _assert_429(res) -> None:  # type: ignore[no-untyped-def]
    assert res.status_code == 429, res.text
    assert 0 < int(res.headers["retry-after"]) <= WINDOW_S


def test_api_token_is_throttled(client, seeded) -> None:
    for _ in range(MAX_FAILURES):
        assert client.post("/api/token", data={"username": "alice", "password": "guess"}).status_code == 401
    _assert_429(client.post("/api/token", data={"username": "alice", "password": "guess"}))
    _assert_429(client.post("/api/token", data={"username": "alice", "password": PASSWORD}))  # even the right one
    assert "too many failed logins" in client.post("/api/token", data={"username": "alice", "password": PASSWORD}).text
    assert client.post("/api/token", data={"username": "carol", "password": PASSWORD}).status_code == 200


def test_http_basic_is_throttled(client, seeded) -> None:
    for _ in range(MAX_FAILURES):
        assert client.get("/api/me", headers=basic("alice", "guess")).status_code == 401
    _assert_429(client.get("/api/me", headers=basic("alice", "guess")))
    _assert_429(client.get("/api/me", headers=basic("alice")))
    # the web login of the same user from the same address is locked out as well: one count
    _assert_429(client.post("/login", data={"username": "alice", "password": PASSWORD}))


def test_web_login_is_throttled(client, app, seeded) -> None:
    for _ in range(MAX_FAILURES):
        res = client.post("/login", data={"username": "alice", "password": "guess"})
        assert res.status_code == 200 and "Wrong username or password" in res.text
    res = client.post("/login", data={"username": "alice", "password": PASSWORD}, follow_redirects=False)
    _assert_429(res)
    assert "Too many failed logins" in res.text
    elsewhere = TestClient(app, client=("10.1.2.3", 40000))  # another address is not locked out
    assert elsewhere.post("/login", data={"username": "alice", "password": PASSWORD},
                          follow_redirects=False).status_code == 303


@pytest.mark.parametrize("failures", [MAX_FAILURES - 1])
def test_fewer_failures_than_the_limit_still_log_in(client, seeded, failures: int) -> None:
    for _ in range(failures):
        client.post("/api/token", data={"username": "alice", "password": "guess"})
    assert client.post("/api/token", data={"username": "alice", "password": PASSWORD}).status_code == 200
