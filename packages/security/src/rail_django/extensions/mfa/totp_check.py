"""RFC 6238 code checks: 30 s steps, at most one step of drift, no code accepted twice.

The device row is locked while it is checked, and the accepted step is stored: a code of that
step or an earlier one is refused afterwards (a replay, or a code overtaken by a newer one).
``clock`` is the one source of time, so tests may replace it.
"""

from __future__ import annotations

import hmac
import time

import pyotp
from django.db import transaction
from django.utils import timezone

from rail_django.extensions.mfa.models import TOTPDevice
from rail_django.extensions.mfa.secret_box import decrypt

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1


def clock() -> float:
    """Seconds since the epoch (replace in tests to move time)."""
    return time.time()


def new_secret() -> str:
    """A fresh base32 secret of 160 bits (RFC 4226 recommends at least 128)."""
    return pyotp.random_base32(32)


def totp_for(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)


def matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step within the drift window whose code is ``code``, or ``None``."""
    if len(code) != DIGITS or not code.isdigit():
        return None
    totp = totp_for(secret)
    current = int(now) // STEP_SECONDS
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        # Compare every candidate (constant time, no early exit).
        if hmac.compare_digest(totp.generate_otp(step), code) and found is None:
            found = step
    return found


def accept_code(device_id: int, code: str) -> bool:
    """Check ``code`` against the device and, if it is good and new, record its step."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device_id)
        step = matching_step(decrypt(device.encrypted_secret), code, clock())
        if step is None or (device.last_step is not None and step <= device.last_step):
            return False
        device.last_step = step
        device.last_used_at = timezone.now()
        device.save(update_fields=["last_step", "last_used_at"])
    return True
