"""Model events reach subscribers only after the transaction commits, never on rollback."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction

from rail_django.contracts.model_events import EventKind, ModelEvent, ModelEventBus

# Real transactions: on_commit callbacks only run when the outermost atomic block commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bus():
    return ModelEventBus()


@pytest.fixture
def received(bus):
    events = []
    bus.subscribe(events.append)
    return events


def _created(group):
    return ModelEvent(Group, group.pk, EventKind.CREATED, frozenset({"name"}))


def test_event_is_delivered_after_commit_not_before(bus, received):
    with transaction.atomic():
        group = Group.objects.create(name="staff")
        bus.publish(_created(group))
        assert received == []  # still inside the transaction
    assert [(e.model_label, e.pk, e.kind) for e in received] == [
        ("auth.Group", group.pk, EventKind.CREATED)
    ]
    assert received[0].changed_fields == {"name"}


def test_nothing_is_delivered_on_rollback(bus, received):
    with pytest.raises(RuntimeError), transaction.atomic():
        group = Group.objects.create(name="ghost")
        bus.publish(_created(group))
        raise RuntimeError("abort")
    assert received == []
    assert not Group.objects.filter(name="ghost").exists()


def test_savepoint_rollback_drops_only_its_events(bus, received):
    with transaction.atomic():
        kept = Group.objects.create(name="kept")
        bus.publish(_created(kept))
        try:
            with transaction.atomic():
                lost = Group.objects.create(name="lost")
                bus.publish(_created(lost))
                raise ValueError
        except ValueError:
            pass
    assert [e.pk for e in received] == [kept.pk]


def test_outside_a_transaction_delivery_is_immediate(bus, received):
    group = Group.objects.create(name="now")
    bus.publish(_created(group))
    assert len(received) == 1


def test_model_filter_and_unsubscribe(bus):
    groups, users = [], []
    bus.subscribe(groups.append, models=[Group])
    unsubscribe = bus.subscribe(users.append, models=["auth.User"])
    group = Group.objects.create(name="g")
    user = User.objects.create_user("u", password="x")
    bus.publish(_created(group))
    bus.publish(ModelEvent(User, user.pk, EventKind.UPDATED, actor=user))
    unsubscribe()
    bus.publish(ModelEvent(User, user.pk, EventKind.DELETED))
    assert [e.kind for e in groups] == [EventKind.CREATED]
    assert [e.kind for e in users] == [EventKind.UPDATED]
    assert users[0].actor == user


def test_a_failing_handler_does_not_silence_the_others(bus, caplog):
    seen = []

    def broken(event):
        raise RuntimeError("webhook down")

    bus.subscribe(broken)
    bus.subscribe(seen.append)
    group = Group.objects.create(name="g")
    with caplog.at_level(logging.ERROR, logger="rail_django.contracts.model_events"):
        bus.publish(_created(group))
    assert len(seen) == 1
    assert "failed for created auth.Group" in caplog.text


# --- ORM saves, claims, in-transaction handlers (the process-wide bus) -----------------------


@pytest.fixture
def orm_events():
    from rail_django.contracts.model_events import model_events

    events = []
    unsubscribe = model_events.subscribe(events.append, models=[Group])
    yield events
    unsubscribe()


def test_plain_orm_saves_and_deletes_publish_after_commit(orm_events):
    with transaction.atomic():
        group = Group.objects.create(name="ops")
        group.name = "operations"
        group.save(update_fields=["name"])
        assert orm_events == []
    pk = group.pk
    group.delete()
    assert [(e.kind, e.pk, e.changed_fields, e.actor) for e in orm_events] == [
        (EventKind.CREATED, pk, frozenset(), None),
        (EventKind.UPDATED, pk, frozenset({"name"}), None),
        (EventKind.DELETED, pk, frozenset(), None),
    ]


def test_orm_saves_rolled_back_publish_nothing(orm_events):
    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="ghost")
        raise RuntimeError("abort")
    assert orm_events == []


def test_a_claimed_instance_is_published_once_by_its_writer(orm_events):
    from rail_django.contracts.model_events import model_events

    group = Group(name="claimed")
    with model_events.claimed(group):
        group.save()
    assert orm_events == []  # the writer publishes it itself, with actor and fields
    other = Group.objects.create(name="unclaimed")
    assert [e.pk for e in orm_events] == [other.pk]


def test_ignored_models_publish_no_orm_saves():
    from rail_django.contracts.model_events import model_events

    events = []
    unsubscribe = model_events.subscribe(events.append)
    try:
        assert model_events.ignores(User) is False
        from django.contrib.sessions.models import Session

        assert model_events.ignores(Session)
        user = User.objects.create(username="watched")
        assert [(e.model_label, e.pk) for e in events] == [("auth.User", user.pk)]
    finally:
        unsubscribe()


def test_in_transaction_handlers_run_inside_the_writers_transaction(bus, received):
    written = []

    def outbox(event):
        # A transactional outbox: a row written with the change, rolled back with it.
        written.append(Group.objects.create(name=f"outbox-{event.pk}").pk)

    bus.subscribe_in_transaction(outbox)
    with pytest.raises(RuntimeError), transaction.atomic():
        group = Group.objects.create(name="doomed")
        bus.publish(_created(group))
        assert written and received == []
        raise RuntimeError("abort")
    assert not Group.objects.filter(pk__in=written).exists()
    with transaction.atomic():
        group = Group.objects.create(name="kept")
        bus.publish(_created(group))
    assert Group.objects.filter(name=f"outbox-{group.pk}").exists()
    assert [e.pk for e in received] == [group.pk]


def test_a_failing_in_transaction_handler_fails_the_write(bus):
    def broken(event):
        raise ValueError("outbox down")

    bus.subscribe_in_transaction(broken)
    with pytest.raises(ValueError), transaction.atomic():
        group = Group.objects.create(name="refused")
        bus.publish(_created(group))
    assert not Group.objects.filter(name="refused").exists()
