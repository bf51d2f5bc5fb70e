"""TOTP devices and backup codes. ``user.mfa_devices`` lists a user's devices."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TOTPDevice(models.Model):
    """An authenticator app. Inactive (``confirmed`` false) until a first code is verified.

    ``encrypted_secret`` holds the Fernet token of the base32 secret, never the secret itself;
    ``last_step`` is the RFC 6238 time step of the last accepted code (a code is never accepted
    twice, nor one of an earlier step)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mfa_devices"
    )
    name = models.CharField(max_length=64)
    encrypted_secret = models.TextField()
    confirmed = models.BooleanField(default=False)
    last_step = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "TOTP device"

    def __str__(self) -> str:
        return f"{self.name} ({'active' if self.confirmed else 'pending'})"


class BackupCode(models.Model):
    """A one-time backup code, stored as a Django password hash."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mfa_backup_codes"
    )
    code_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"backup code of user {self.user_id} ({'used' if self.used_at else 'unused'})"
