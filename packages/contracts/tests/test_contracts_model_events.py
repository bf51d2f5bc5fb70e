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
