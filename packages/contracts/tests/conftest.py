"""Fixtures for the contracts' tests."""

from __future__ import annotations

import pytest

from rail_django.contracts.audit import audit_sink
from rail_django.contracts.permissions import permission_backend
from rail_django.contracts.task_backend import task_backend


@pytest.fixture
def fresh_slots():
    """Run a test with every slot at its default, then put back what installed extensions had
    installed (the whole suite runs in one process with every package installed)."""
    saved = [
        (slot, slot.owner, slot.get()) for slot in (permission_backend, task_backend, audit_sink)
    ]
    for slot, _, _ in saved:
        slot.reset()
    yield
    for slot, owner, implementation in saved:
        slot.reset()
        if owner is not None:
            slot.install(implementation, owner=owner)
