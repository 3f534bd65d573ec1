"""Lock heartbeat: a working operator keeps the item; an idle tab lets the lock lapse."""
from __future__ import annotations

from datetime import timedelta

import pytest
from review_seed import basic

from ledgerline.settings import Settings
from review import queue
from review.queue import ItemLocked
from review.users import get_user
from schemas.records import QueueState, utcnow


def _claim(session, settings: Settings, username: str = "alice"):  # type: ignore[no-untyped-def]
    return queue.claim_next(session, user=get_user(session, username=username), settings=settings)


def test_a_working_operator_never_loses_the_item(session, settings, seeded) -> None:
    t0 = utcnow()
    item = queue.claim_next(session, user=get_user(session, username="alice"), settings=settings, now=t0)
    for minute in range(5, 61, 5):  # an hour of work, the page beating every few minutes
        now = t0 + timedelta(minutes=minute)
        assert queue.release_expired_locks(session, now) == 0
        queue.heartbeat(session, user=get_user(session, username="alice"), item_id=item.id, idle_seconds=30,
                        now=now, settings=settings)
    session.refresh(item)
    assert item.state == QueueState.IN_REVIEW and item.assignee == "alice"
    assert item.lock_expires_at == t0 + timedelta(minutes=60, seconds=-30) + timedelta(minutes=settings.review_idle_minutes)


def test_an_idle_tab_lets_the_lock_lapse_after_the_idle_minutes(session, settings, seeded) -> None:
    t0 = utcnow()
    alice = get_user(session, username="alice")
    item = queue.claim_next(session, user=alice, settings=settings, now=t0)
    # the tab reports that nobody has touched it since the claim: the lock is not extended
    queue.heartbeat(session, user=alice, item_id=item.id, idle_seconds=300, now=t0 + timedelta(minutes=5),
                    settings=settings)
    session.refresh(item)
    assert item.lock_expires_at == t0 + timedelta(minutes=settings.review_idle_minutes)
    assert queue.release_expired_locks(session, t0 + timedelta(minutes=settings.review_idle_minutes, seconds=1)) == 1
    session.refresh(item)
    assert item.state == QueueState.OPEN and item.assignee is None
    with pytest.raises(ItemLocked, match="no longer yours.*reload"):
        queue.heartbeat(session, user=alice, item_id=item.id, settings=settings)


def test_heartbeat_never_shortens_a_lock(session, settings, seeded) -> None:
    t0 = utcnow()
    alice = get_user(session, username="alice")
    item = queue.claim_next(session, user=alice, settings=settings, now=t0)
    queue.heartbeat(session, user=alice, item_id=item.id, idle_seconds=0, now=t0 + timedelta(minutes=10), settings=settings)
    queue.heartbeat(session, user=alice, item_id=item.id, idle_seconds=900, now=t0 + timedelta(minutes=11), settings=settings)
    session.refresh(item)
    assert item.lock_expires_at == t0 + timedelta(minutes=10 + settings.review_idle_minutes)


def test_heartbeat_api(client, seeded) -> None:
    item = client.post("/api/queue/claim", headers=basic("alice")).json()
    res = client.post(f"/api/items/{item['id']}/heartbeat", json={"idle_seconds": 5}, headers=basic("alice"))
    assert res.status_code == 200 and res.json()["item_id"] == item["id"]
    assert res.json()["lock_expires_at"] >= item["lock_expires_at"]
    assert client.post(f"/api/items/{item['id']}/heartbeat", headers=basic("alice")).status_code == 200  # body optional
    assert client.post(f"/api/items/{item['id']}/heartbeat", json={"idle_seconds": -1},
                       headers=basic("alice")).status_code == 422
    other = client.post(f"/api/items/{item['id']}/heartbeat", json={}, headers=basic("carol"))
    assert other.status_code == 409 and "with alice" in other.json()["detail"]
    unclaimed = client.post(f"/api/items/{seeded['acme2'] if item['id'] != seeded['acme2'] else seeded['acme']}/heartbeat",
                            headers=basic("alice"))
    assert unclaimed.status_code == 409 and "open" in unclaimed.json()["detail"]
    audit = client.get(f"/api/items/{item['id']}/audit", headers=basic("alice")).json()
    assert [a["action"] for a in audit] == ["claim"]  # heartbeats change no data: not audited


def test_the_review_page_beats_only_for_the_lock_holder(client, seeded) -> None:
    client.post("/login", data={"username": "alice", "password": "correct-horse-battery"})
    item = client.post("/api/queue/claim", headers=basic("alice")).json()
    assert 'data-mine="1"' in client.get(f"/items/{item['id']}").text
    other = seeded["acme2"] if item["id"] != seeded["acme2"] else seeded["acme"]
    assert 'data-mine="0"' in client.get(f"/items/{other}").text
    assert "/heartbeat" in client.get("/static/review.js").text
