"""Backup codes: generated once, shown once, stored as password hashes, each redeemable once."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from rail_django.extensions.mfa.mfa_settings import mfa_setting
from rail_django.extensions.mfa.models import BackupCode

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _normal(code: str) -> str:
    return code.strip().lower().replace("-", "").replace(" ", "")


def issue_codes(user: Any) -> list[str]:
    """Replace the user's backup codes; returns the new codes (the only time they are seen)."""
    codes = [_new_code() for _ in range(mfa_setting("MFA_BACKUP_CODE_COUNT"))]
    with transaction.atomic():
        BackupCode.objects.filter(user=user).delete()
        BackupCode.objects.bulk_create(
            BackupCode(user=user, code_hash=make_password(_normal(code))) for code in codes
        )
    return codes


def redeem(user: Any, code: str) -> bool:
    """Spend one unused backup code of ``user`` matching ``code``."""
    normal = _normal(code)
    if not normal or len(normal) > 64:
        return False
    with transaction.atomic():
        for row in BackupCode.objects.select_for_update().filter(user=user, used_at__isnull=True):
            if check_password(normal, row.code_hash):
                row.used_at = timezone.now()
                row.save(update_fields=["used_at"])
                return True
    return False
