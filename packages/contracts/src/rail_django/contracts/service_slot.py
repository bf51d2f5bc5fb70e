"""A named place for one active implementation of a contract, with a safe default.

Core asks a slot for "the" permission backend, task backend or audit sink; an extension installs
its implementation from ``AppConfig.ready()``. Two extensions installing into the same slot is a
configuration mistake and fails loudly instead of letting app order decide silently.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


class SlotConflictError(RuntimeError):
    """Raised when a second owner installs into a slot without ``replace=True``."""


class ServiceSlot(Generic[T]):
    """Holds the active implementation of one contract.

    ``default_factory`` builds the fallback lazily, on first use, so a default that reads Django
    settings is built only once settings are ready. ``protocol`` (a ``runtime_checkable``
    Protocol) is checked when an implementation is installed: a missing method is a
    ``TypeError`` at start-up, not an ``AttributeError`` in some request.
    """

    def __init__(
        self, name: str, default_factory: Callable[[], T], *, protocol: type | None = None
    ) -> None:
        self.name = name
        self._protocol = protocol
        self._default_factory = default_factory
        self._default: T | None = None
        self._installed: T | None = None
        self._owner: str | None = None
        self._lock = threading.Lock()

    @property
    def owner(self) -> str | None:
        """Who installed the active implementation (``None`` while the default is active)."""
        return self._owner

    def install(self, implementation: T, *, owner: str, replace: bool = False) -> None:
        """Make ``implementation`` the active one. ``owner`` names the installing package."""
        self._check(implementation)
        with self._lock:
            if self._owner is not None and self._owner != owner and not replace:
                raise SlotConflictError(
                    f"{self.name}: {owner!r} tried to install an implementation, but "
                    f"{self._owner!r} already did; pass replace=True to override it on purpose"
                )
            self._installed = implementation
            self._owner = owner

    def _check(self, implementation: T) -> None:
        # hasattr, not isinstance: Python 3.12 made runtime protocol checks static, which would
        # refuse an implementation that delegates through __getattr__.
        if self._protocol is None:
            return
        missing = [
            name
            for name in vars(self._protocol)
            if not name.startswith("_") and not hasattr(implementation, name)
        ]
        if missing:
            raise TypeError(
                f"{self.name}: {type(implementation).__name__} does not implement "
                f"{self._protocol.__name__} (missing: {', '.join(sorted(missing))})"
            )

    def get(self) -> T:
        """The installed implementation, or the default."""
        installed = self._installed
        if installed is not None:
            return installed
        with self._lock:
            if self._default is None:
                self._default = self._default_factory()
            return self._default

    def reset(self) -> None:
        """Go back to the default (tests, and uninstalling an extension)."""
        with self._lock:
            self._installed = None
            self._owner = None

    @contextmanager
    def swapped(self, implementation: T, *, owner: str = "swapped") -> Iterator[T]:
        """Make ``implementation`` active inside a ``with`` block, then restore exactly what was
        active before (an extension's implementation, or the default). Meant for tests, which
        share one process with every installed extension."""
        self._check(implementation)
        with self._lock:
            previous, previous_owner = self._installed, self._owner
            self._installed, self._owner = implementation, owner
        try:
            yield implementation
        finally:
            with self._lock:
                self._installed, self._owner = previous, previous_owner
