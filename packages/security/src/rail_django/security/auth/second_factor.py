"""The seam between login and a second factor (``rail_django.extensions.mfa`` installs it).

A login whose user must pass a second factor gets a *limited* token pair: its tokens carry the
claim ``mfa: "pending"`` (kept when the refresh token is rotated). A request with such a token
runs as the anonymous user for everything but the MFA fields, which read the user with
:func:`pending_user`; completing the second factor issues a new, unlimited pair.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MFA_CLAIM = "mfa"
PENDING = "pending"
_PENDING_USER_ATTRIBUTE = "rail_mfa_pending_user"

#: ``user -> (due, setup_needed)``: must this login pass a second factor, and must a device be
#: set up first? ``None``: no MFA app installed, no login needs one.
_gate: Callable[[Any], tuple[bool, bool]] | None = None


def install_gate(gate: Callable[[Any], tuple[bool, bool]] | None) -> None:
    global _gate
    _gate = gate


def login_gate(user: Any) -> tuple[bool, bool]:
    return (False, False) if _gate is None else _gate(user)


def is_pending(claims: Any) -> bool:
    return claims.raw.get(MFA_CLAIM) == PENDING


def mark_pending(request: Any, user: Any) -> None:
    setattr(request, _PENDING_USER_ATTRIBUTE, user)


def pending_user(request: Any) -> Any:
    """The user of a limited (MFA pending) token on ``request``, or ``None``."""
    return getattr(request, _PENDING_USER_ATTRIBUTE, None)
