"""Model events: what changed, published only once the change is committed.

Subscriptions, webhooks and audit subscribe here instead of to Django signals, because a signal
fires inside the transaction: a subscriber told about a row that is then rolled back has
announced something that never happened. :meth:`ModelEventBus.publish` defers delivery with
``transaction.on_commit``; on rollback nothing is delivered.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
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
        self._lock = threading.Lock()

    def subscribe(
        self, handler: Handler, *, models: Iterable[type[Model] | str] | None = None
    ) -> Callable[[], None]:
        """Call ``handler(event)`` for every committed event (of ``models`` only, when given:
        classes or ``"app_label.Model"`` labels). Returns a function that unsubscribes."""
        labels = None if models is None else frozenset(_label(m) for m in models)
        entry = (handler, labels)
        with self._lock:
            self._handlers.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._handlers:
                    self._handlers.remove(entry)

        return unsubscribe

    def publish(self, event: ModelEvent, *, using: str | None = None) -> None:
        """Deliver ``event`` after the current transaction on ``using`` commits (at once when
        there is none). Nothing is delivered if it rolls back."""
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


#: The process-wide bus.
model_events = ModelEventBus()
