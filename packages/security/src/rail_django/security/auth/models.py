"""Server-side state of issued tokens: token families, refresh tokens and the access denylist.

A *family* is one login: the refresh tokens that replace each other by rotation and the access
tokens issued alongside them all carry its id (``fam``). Revoking a family (logout, password
change, reuse of a rotated refresh token) ends every token of that login at once, access tokens
included, because verifying an access token checks its family. Single access tokens are revoked
by ``jti`` (never by the token string: two encodings of the same signed token would differ).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class TokenFamily(models.Model):
    """One login session: its refresh-token chain and the access tokens issued with it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rail_token_families"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: When the newest refresh token of the family expires; past it the family is dead.
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    #: Why the family was revoked: "logout", "password_change", "reuse", "admin",
    #: "deactivated", "credential_changed".
    revoked_reason = models.CharField(max_length=32, blank=True, default="")
    #: Fingerprint of the user's password hash when the family was issued
    #: (:mod:`.credential_binding`); a family whose fingerprint no longer matches is dead.
    #: Families from before this column existed have "" and match nothing: they end.
    credential = models.CharField(max_length=128, blank=True, default="")

    class Meta:
        verbose_name = "token family"
        verbose_name_plural = "token families"

    def __str__(self) -> str:
        return f"token family {self.id} of user {self.user_id}"


class RefreshToken(models.Model):
    """One issued refresh token, known by its ``jti``. ``used_at`` is set when it is rotated;
    presenting it again after that is reuse, and revokes the family."""

    jti = models.CharField(max_length=64, unique=True)
    family = models.ForeignKey(TokenFamily, on_delete=models.CASCADE, related_name="tokens")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "refresh token"
        verbose_name_plural = "refresh tokens"

    def __str__(self) -> str:
        return f"refresh token {self.jti}"


class RevokedAccessToken(models.Model):
    """A single access token refused before it expires (by ``jti``). Rows past ``expires_at``
    are useless (the token is refused as expired anyway) and are purged."""

    jti = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "revoked access token"
        verbose_name_plural = "revoked access tokens"

    def __str__(self) -> str:
        return f"revoked access token {self.jti}"
