"""Model events: what changed, published only once the change is committed.

Subscriptions, webhooks and audit subscribe here instead of to Django signals, because a signal
fires inside the transaction: a subscriber told about a row that is then rolled back has
announced something that never happened. :meth:`ModelEventBus.publish` defers delivery with
``transaction.on_commit``; on rollback nothing is delivered.

Two kinds of handler:

- :meth:`ModelEventBus.subscribe`: called after the commit (subscriptions, audit). A failing
  handler is logged; it cannot undo the change.
- :meth:`ModelEventBus.subscribe_in_transaction`: called at once, inside the writer's
  transaction (a transactional outbox: webhook rows are written with the change, so a rollback
  sends nothing and a commit cannot lose them). Its exception propagates to the writer.

Who publishes: generated mutations publish with the actor and the changed field names; every
other ``save()`` / ``delete()`` of a model instance (the admin, the shell, plain ORM code) is
published by :func:`connect_orm_signals` from Django's ``post_save`` / ``post_delete``, with no
actor and, for updates, the ``update_fields`` given (else no field names). ``QuerySet.update()``
and ``bulk_create()`` send no signals and publish nothing, as in Django. A writer that publishes
an instance itself wraps the save in :meth:`ModelEventBus.claimed` so the signal does not publish
it a second time. Bookkeeping models (sessions, migrations, the audit trail, outbox rows) are
left out with :meth:`ModelEventBus.ignore_saves_of`.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Model

logger = logging.getLogger("rail_django.contracts.model_events")


class EventKind(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


@dataclass(frozen=True)
class ModelEvent:
    """One committed change to one row.

    ``model`` is the model class; ``pk`` the row's primary key; ``changed_fields`` the field
    names written (empty when unknown); ``actor`` the user who made the change, when known.
    """

    model: type[Model]
    pk: Any
    kind: EventKind
    changed_fields: frozenset[str] = frozenset()
    actor: Any = None
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def model_label(self) -> str:
        """``"app_label.ModelName"``."""
        return self.model._meta.label


Handler = Callable[[ModelEvent], None]


class ModelEventBus:
    """Subscribers and the after-commit publisher."""

    def __init__(self) -> None:
        self._handlers: list[tuple[Handler, frozenset[str] | None]] = []
        self._in_transaction: list[tuple[Handler, frozenset[str] | None]] = []
        self._ignored: set[str] = set(_FRAMEWORK_BOOKKEEPING)
        self._lock = threading.Lock()

    def subscribe(
        self, handler: Handler, *, models: Iterable[type[Model] | str] | None = None
    ) -> Callable[[], None]:
        """Call ``handler(event)`` for every committed event (of ``models`` only, when given:
        classes or ``"app_label.Model"`` labels). Returns a function that unsubscribes."""
        return self._add(self._handlers, handler, models)

    def subscribe_in_transaction(
        self, handler: Handler, *, models: Iterable[type[Model] | str] | None = None
    ) -> Callable[[], None]:
        """Call ``handler(event)`` inside the writer's transaction, as soon as the event is
        published (before the commit). What it writes commits or rolls back with the change;
        an exception it raises propagates to the writer. Returns a function that unsubscribes."""
        return self._add(self._in_transaction, handler, models)

    def _add(
        self,
        handlers: list[tuple[Handler, frozenset[str] | None]],
        handler: Handler,
        models: Iterable[type[Model] | str] | None,
    ) -> Callable[[], None]:
        labels = None if models is None else frozenset(_label(m) for m in models)
        entry = (handler, labels)
        with self._lock:
            handlers.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in handlers:
                    handlers.remove(entry)

        return unsubscribe

    def ignore_saves_of(self, *models: type[Model] | str) -> None:
        """Do not publish the ORM saves and deletes of ``models`` (bookkeeping rows whose
        changes are nobody's business event: outbox rows, task records, audit events)."""
        with self._lock:
            self._ignored.update(_label(m) for m in models)

    def ignores(self, model: type[Model]) -> bool:
        """Whether the ORM saves of ``model`` are left unpublished."""
        return model._meta.label in self._ignored

    @contextlib.contextmanager
    def claimed(self, instance: Model) -> Iterator[None]:
        """While inside, the ORM signals of ``instance`` publish nothing: the caller publishes
        that instance's event itself, with its actor and changed fields."""
        token = _claimed.set((*_claimed.get(), instance))
        try:
            yield
        finally:
            _claimed.reset(token)

    def is_claimed(self, instance: Model) -> bool:
        return any(other is instance for other in _claimed.get())

    def publish(self, event: ModelEvent, *, using: str | None = None) -> None:
        """Run the in-transaction handlers now, then deliver ``event`` to the others after the
        current transaction on ``using`` commits (at once when there is none). Nothing is
        delivered if it rolls back."""
        with self._lock:
            in_transaction = list(self._in_transaction)
            wanted = bool(self._handlers)
        for handler, labels in in_transaction:
            if labels is None or event.model_label in labels:
                handler(event)
        if wanted:
            transaction.on_commit(lambda: self.deliver(event), using=using)

    def deliver(self, event: ModelEvent) -> None:
        """Call the matching handlers now. A failing handler is logged and does not stop the
        others: one broken webhook must not silence the audit log."""
        with self._lock:
            handlers = list(self._handlers)
        for handler, labels in handlers:
            if labels is not None and event.model_label not in labels:
                continue
            try:
                handler(event)
            except Exception:
                logger.exception(
                    "model event handler %r failed for %s %s pk=%r",
                    handler,
                    event.kind,
                    event.model_label,
                    event.pk,
                )


def _label(model: type[Model] | str) -> str:
    return model if isinstance(model, str) else model._meta.label


#: Framework models whose rows change as a side effect of using Django, not of the business.
_FRAMEWORK_BOOKKEEPING = (
    "sessions.Session",
    "contenttypes.ContentType",
    "auth.Permission",
    "admin.LogEntry",
    "migrations.Migration",
)

_claimed: contextvars.ContextVar[tuple[Model, ...]] = contextvars.ContextVar(
    "rail_django_claimed_instances", default=()
)


def _saved(
    sender: type[Model], instance: Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or model_events.ignores(sender) or model_events.is_claimed(instance):
        return  # raw: a fixture being loaded, not a change anyone made
    update_fields = kwargs.get("update_fields")
    model_events.publish(
        ModelEvent(
            model=sender,
            pk=instance.pk,
            kind=EventKind.CREATED if created else EventKind.UPDATED,
            changed_fields=frozenset(update_fields or ()),
        ),
        using=kwargs.get("using"),
    )


def _deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if model_events.ignores(sender) or model_events.is_claimed(instance):
        return
    model_events.publish(
        ModelEvent(model=sender, pk=instance.pk, kind=EventKind.DELETED),
        using=kwargs.get("using"),
    )


def connect_orm_signals() -> None:
    """Publish every model instance's ``save()`` and ``delete()`` (called once at start-up by
    :mod:`rail_django.contracts.startup`)."""
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_saved, dispatch_uid="rail_django_model_events_saved", weak=False)
    post_delete.connect(_deleted, dispatch_uid="rail_django_model_events_deleted", weak=False)


#: The process-wide bus.
model_events = ModelEventBus()
