"""The queue's state machine and actions, without HTTP."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from ledgerline.errors import IllegalTransition, NotFound
from review import corrections, queue
from review.queue import ALLOWED, Forbidden, InvalidInput, ItemLocked
from review.users import get_user
from schemas.records import AuditRecord, DocumentRecord, ExceptionItem, JournalEntry, QueueState, utcnow

Q = QueueState
TODAY = date(2026, 11, 20)


def _user(session, name):  # type: ignore[no-untyped-def]
    return get_user(session, username=name)


def test_transition_table_covers_every_state_and_closed_states_are_final() -> None:
    assert set(ALLOWED) == set(QueueState)
    for closed in (Q.RESOLVED, Q.REJECTED, Q.RETURNED):
        assert ALLOWED[closed] == set()
    assert ALLOWED[Q.OPEN] == {Q.IN_REVIEW}
    assert ALLOWED[Q.FAILED_POST] == {Q.IN_REVIEW}
    assert ALLOWED[Q.POSTPONED] == {Q.OPEN, Q.IN_REVIEW}


@pytest.mark.parametrize(("start", "to"), [
    (Q.OPEN, Q.RESOLVED), (Q.OPEN, Q.REJECTED), (Q.OPEN, Q.POSTPONED), (Q.POSTPONED, Q.RESOLVED),
    (Q.FAILED_POST, Q.OPEN), (Q.RESOLVED, Q.OPEN), (Q.REJECTED, Q.IN_REVIEW), (Q.RETURNED, Q.OPEN),
])
def test_illegal_transitions_are_refused_with_a_clear_message(start: QueueState, to: QueueState) -> None:
    item = ExceptionItem(id=7, document_id=1, client="acme", doc_type="invoice", state=start)
    with pytest.raises(IllegalTransition) as err:
        queue.transition(item, to, actor="alice")
    assert f"queue item 7 is {start}; it cannot become {to}" in str(err.value)
    assert item.state == start


def test_legal_transition_returns_an_audit_record() -> None:
    item = ExceptionItem(id=7, document_id=1, client="acme", doc_type="invoice", state=Q.IN_REVIEW)
    audit = queue.transition(item, Q.POSTPONED, actor="alice", note="waiting for the PO")
    assert item.state == Q.POSTPONED
    assert (audit.old, audit.new, audit.actor, audit.note) == ("in_review", "postponed", "alice", "waiting for the PO")


def test_claim_next_takes_highest_priority_then_earliest_sla(session, seeded, settings) -> None:
    now = utcnow()
    acme, acme2 = session.get(ExceptionItem, seeded["acme"]), session.get(ExceptionItem, seeded["acme2"])
    acme.priority, acme2.priority = 50, 80
    session.add_all([acme, acme2])
    session.commit()
    alice = _user(session, "alice")
    assert queue.claim_next(session, user=alice, settings=settings).id == seeded["acme2"]
    queue.release(session, user=alice, item_id=seeded["acme2"])
    acme2.priority = 50
    acme.sla_due_at, acme2.sla_due_at = now + timedelta(hours=1), now + timedelta(hours=5)
    session.add_all([acme, acme2])
    session.commit()
    assert queue.claim_next(session, user=alice, settings=settings).id == seeded["acme"]


def test_claim_next_skips_items_locked_by_others_and_other_clients(session, seeded, settings) -> None:
    alice, carol, bob = (_user(session, n) for n in ("alice", "carol", "bob"))
    first = queue.claim_next(session, user=alice, settings=settings)
    second = queue.claim_next(session, user=carol, settings=settings)
    assert {first.id, second.id} == {seeded["acme"], seeded["acme2"]}
    assert second.assignee == "carol" and second.lock_expires_at > utcnow()
    assert queue.claim_next(session, user=_user(session, "lena"), settings=settings) is None
    assert queue.claim_next(session, user=bob, settings=settings).id == seeded["globex"]
    # a second claim by alice gives back the item she holds
    assert queue.claim_next(session, user=alice, settings=settings).id == first.id


def test_idle_lock_returns_the_item_to_open(session, seeded, settings) -> None:
    alice = _user(session, "alice")
    item = queue.claim_next(session, user=alice, settings=settings)
    assert item.state == Q.IN_REVIEW
    later = utcnow() + timedelta(minutes=settings.review_idle_minutes + 1)
    assert queue.release_expired_locks(session, later) == 1
    session.refresh(item)
    assert (item.state, item.assignee, item.lock_expires_at) == (Q.OPEN, None, None)
    audit = session.exec(select(AuditRecord).where(AuditRecord.item_id == item.id, AuditRecord.actor == "system")).one()
    assert (audit.old, audit.new) == ("in_review", "open") and "alice" in audit.note


def test_an_item_locked_by_someone_else_cannot_be_acted_on(session, seeded, settings) -> None:
    queue.claim_next(session, user=_user(session, "alice"), settings=settings)
    held = session.exec(select(ExceptionItem).where(ExceptionItem.assignee == "alice")).one()
    with pytest.raises(ItemLocked, match="being reviewed by alice"):
        queue.reject(session, user=_user(session, "carol"), item_id=held.id, note="mine now", settings=settings)


def test_postponed_item_is_claimable_only_when_due(session, seeded, settings) -> None:
    bob = _user(session, "bob")
    now = utcnow()
    queue.postpone(session, user=bob, item_id=seeded["globex"], until=now + timedelta(hours=2), settings=settings)
    item = session.get(ExceptionItem, seeded["globex"])
    assert item.state == Q.POSTPONED and item.assignee is None
    assert queue.claim_next(session, user=bob, settings=settings, now=now + timedelta(hours=1)) is None
    assert queue.claim_next(session, user=bob, settings=settings, now=now + timedelta(hours=3)).id == item.id


def test_postpone_refuses_a_past_time(session, seeded, settings) -> None:
    with pytest.raises(InvalidInput, match="not in the future"):
        queue.postpone(session, user=_user(session, "bob"), item_id=seeded["globex"],
                       until=utcnow() - timedelta(minutes=1), settings=settings)


def test_correct_fields_keeps_bbox_and_audits_each_field(session, seeded, settings) -> None:
    alice = _user(session, "alice")
    item = corrections.correct_fields(session, user=alice, item_id=seeded["acme"], note="read from the scan",
                                changes={"total": "110.00", "invoice_number": " INV-0001 "}, settings=settings)
    record = session.get(DocumentRecord, item.document_id)
    total = record.extraction["fields"]["total"]
    assert total["value"] == "110.00" and total["confidence"] == 1.0 and total["needs_review"] is False
    assert total["bbox"] == [300.0, 650.4, 336.7, 662.4]
    assert record.extraction["fields"]["invoice_number"]["value"] == "INV-0001"
    rows = session.exec(select(AuditRecord).where(AuditRecord.action == "correct").order_by(AuditRecord.field)).all()
    assert [(r.field, r.old, r.new, r.actor, r.note) for r in rows] == [
        ("invoice_number", "INV-1", "INV-0001", "alice", "read from the scan"),
        ("total", "11O.00", "110.00", "alice", "read from the scan"),
    ]
    assert item.state == Q.IN_REVIEW and item.assignee == "alice"


@pytest.mark.parametrize(("changes", "message"), [
    ({"total": "eleven"}, "not an amount"), ({"due_date": "02/12/2026"}, "not a date"),
    ({"employee_ssn": "1"}, "not fields of a invoice"),
])
def test_correct_fields_refuses_bad_input(session, seeded, settings, changes, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        corrections.correct_fields(session, user=_user(session, "alice"), item_id=seeded["acme"], changes=changes,
                             settings=settings)


def test_approve_posts_through_settle(session, seeded, settings) -> None:
    alice = _user(session, "alice")
    corrections.correct_fields(session, user=alice, item_id=seeded["acme"], changes={"total": "110.00"}, settings=settings)
    outcome = queue.approve(session, user=alice, item_id=seeded["acme"], settings=settings, today=TODAY)
    assert outcome.status == "posted" and outcome.entry_id is not None
    item = session.get(ExceptionItem, seeded["acme"])
    assert item.state == Q.RESOLVED
    entry = session.exec(select(JournalEntry).where(JournalEntry.document_id == item.document_id)).one()
    assert entry.posted_by == "alice"
    with pytest.raises(IllegalTransition, match="closed"):
        queue.reject(session, user=alice, item_id=item.id, note="too late", settings=settings)


def test_approve_with_remaining_errors_keeps_the_item_with_new_reasons(session, seeded, settings) -> None:
    alice = _user(session, "alice")
    corrections.correct_fields(session, user=alice, item_id=seeded["acme"], changes={"total": "999.00"}, settings=settings)
    outcome = queue.approve(session, user=alice, item_id=seeded["acme"], settings=settings, today=TODAY)
    assert outcome.status == "in_review" and "TOTAL_MISMATCH" in outcome.reasons
    item = session.get(ExceptionItem, seeded["acme"])
    assert item.state in (Q.IN_REVIEW, Q.OPEN) and item.reason_codes == ["TOTAL_MISMATCH"]
    assert session.exec(select(JournalEntry)).all() == []


def test_reject_and_return_need_a_note_and_set_the_document_status(session, seeded, settings) -> None:
    alice, bob = _user(session, "alice"), _user(session, "bob")
    with pytest.raises(InvalidInput, match="needs a note"):
        queue.reject(session, user=alice, item_id=seeded["acme"], note="  ", settings=settings)
    queue.reject(session, user=alice, item_id=seeded["acme"], note="not our invoice", settings=settings)
    queue.return_to_client(session, user=bob, item_id=seeded["globex"], note="page 2 missing", settings=settings)
    a, g = session.get(ExceptionItem, seeded["acme"]), session.get(ExceptionItem, seeded["globex"])
    assert (a.state, a.note, session.get(DocumentRecord, a.document_id).status) == ("rejected", "not our invoice", "rejected")
    assert (g.state, session.get(DocumentRecord, g.document_id).status) == ("returned_to_client", "returned_to_client")


def test_reassign_is_for_leads_and_only_to_users_of_the_client(session, seeded, settings) -> None:
    with pytest.raises(Forbidden):
        queue.reassign(session, user=_user(session, "alice"), item_id=seeded["acme"], to_user="carol")
    lena = _user(session, "lena")
    with pytest.raises(InvalidInput, match="serves client 'acme'"):
        queue.reassign(session, user=lena, item_id=seeded["acme"], to_user="bob", settings=settings)
    item = queue.reassign(session, user=lena, item_id=seeded["acme"], to_user="carol", note="carol knows Acme",
                          settings=settings)
    assert (item.state, item.assignee) == (Q.IN_REVIEW, "carol")
    audit = session.exec(select(AuditRecord).where(AuditRecord.action == "reassign")).one()
    assert (audit.actor, audit.old, audit.new) == ("lena", None, "carol")


def test_queries_are_scoped_by_the_users_clients(session, seeded) -> None:
    bob, root = _user(session, "bob"), _user(session, "root")
    assert [i.client for i in queue.list_items(session, user=bob)] == ["globex"]
    assert len(queue.list_items(session, user=root)) == 3
    with pytest.raises(NotFound):
        queue.get_item(session, user=bob, item_id=seeded["acme"])
    assert {i.client for i in queue.list_items(session)} == {"acme", "globex"}


def test_audit_records_are_append_only_history(session, seeded, settings) -> None:
    alice = _user(session, "alice")
    queue.claim_next(session, user=alice, settings=settings)
    corrections.correct_fields(session, user=alice, item_id=seeded["acme"], changes={"total": "110.00"}, settings=settings)
    queue.approve(session, user=alice, item_id=seeded["acme"], settings=settings, today=TODAY)
    actions = [a.action for a in queue.audit_trail(session, user=alice, item_id=seeded["acme"])]
    assert actions == ["claim", "correct", "post", "approve"]


def test_concurrent_claims_never_hand_out_the_same_item(seeded, settings) -> None:
    import threading

    from sqlmodel import Session

    from ledgerline.db import engine_for
    from review.users import UserCreate, create_user

    engine = engine_for(settings.db_url)
    with Session(engine) as s:
        for name in ("op1", "op2", "op3", "op4"):
            create_user(s, user_in=UserCreate(username=name, password="long-password", clients=["acme", "globex"]))
    got: dict[str, int | None] = {}
    barrier = threading.Barrier(4)

    def claim(name: str) -> None:
        with Session(engine, expire_on_commit=False) as s:
            user = get_user(s, username=name)
            barrier.wait()
            item = queue.claim_next(s, user=user, settings=settings)
            got[name] = item.id if item else None

    threads = [threading.Thread(target=claim, args=(n,)) for n in ("op1", "op2", "op3", "op4")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    claimed = [i for i in got.values() if i is not None]
    assert sorted(claimed) == sorted(seeded.values())  # three items, three distinct winners
    assert list(got.values()).count(None) == 1
