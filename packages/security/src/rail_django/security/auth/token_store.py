"""Issuing, rotating, verifying and revoking tokens against their server-side state.

Verifying an access token costs one query: the token's family, joined with its user, filtered to
a family that is not revoked and a ``jti`` that is not on the denylist. A token found live is
remembered for a few seconds (:mod:`.verified_tokens`), so a client's next requests with it cost
no query; every revocation below also forgets what it revokes.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists
from django.utils.translation import gettext_noop as _noop

from rail_django.security.auth import verified_tokens
from rail_django.security.auth.credential_binding import credential_of, matches_credential
from rail_django.security.auth.jwt_tokens import (
    ACCESS,
    REFRESH,
    IssuedToken,
    TokenClaims,
    TokenError,
    decode_token,
    issue_token,
)
from rail_django.security.auth.models import RefreshToken, RevokedAccessToken, TokenFamily
from rail_django.security.auth.token_settings import token_config

REVOKED = _noop("Token has been revoked")


@dataclass(frozen=True)
class TokenPair:
    """An access token and the refresh token issued with it."""

    access: IssuedToken
    refresh: IssuedToken


class RefreshReuseError(TokenError):
    """A rotated refresh token was presented again; its family has been revoked."""

    def __init__(self, family: TokenFamily) -> None:
        super().__init__(REVOKED, "reused")
        self.family = family


def _now() -> datetime:
    return datetime.now(UTC)


def issue_pair(user: Any, extra_claims: Mapping[str, Any] | None = None) -> TokenPair:
    """Start a new family (a login) for ``user`` and return its first access/refresh pair.
    ``extra_claims`` go into both tokens and into every pair rotated from them."""
    config = token_config()
    now = _now()
    family = TokenFamily.objects.create(
        user=user,
        expires_at=now + min(config.refresh_lifetime, config.family_max_lifetime),
        credential=credential_of(user),
    )
    return _pair_in(family, config, now, extra_claims)


#: Claims a rotated pair inherits from the refresh token it replaces.
INHERITED_CLAIMS = ("mfa",)


def _pair_in(
    family: TokenFamily, config: Any, now: datetime, extra: Mapping[str, Any] | None = None
) -> TokenPair:
    fam = str(family.pk)
    access = issue_token(family.user_id, ACCESS, fam, config=config, now=now, extra_claims=extra)
    refresh = issue_token(family.user_id, REFRESH, fam, config=config, now=now, extra_claims=extra)
    RefreshToken.objects.create(
        jti=refresh.claims.jti, family=family, expires_at=refresh.claims.expires_at
    )
    return TokenPair(access, refresh)


def rotate(refresh_token: str) -> tuple[Any, TokenPair]:
    """Exchange a refresh token for a new pair in the same family; the old one is spent.

    Raises :class:`TokenError` for an invalid, expired or revoked token and
    :class:`RefreshReuseError` (after revoking the family) for a token already rotated: either
    the client or a thief holds a copy, and there is no telling which, so the login ends.
    """
    claims = decode_token(refresh_token, REFRESH)
    config = token_config()
    now = _now()
    with transaction.atomic():
        row = (
            RefreshToken.objects.select_for_update()
            .select_related("family__user")
            .filter(jti=claims.jti, family_id=_uuid(claims.family))
            .first()
        )
        if row is None:
            raise TokenError(_noop("Invalid refresh token"), "unknown")
        family = row.family
        if family.revoked_at is not None:
            raise TokenError(REVOKED, "revoked")
        user = family.user
        if not matches_credential(family.credential, user):
            raise TokenError(REVOKED, "revoked")
        # The family's absolute end: its login time plus the maximum lifetime.
        ends_at = family.created_at + config.family_max_lifetime
        if now >= min(ends_at, family.expires_at):
            raise TokenError(_noop("Refresh token has expired"), "expired")
        reused = row.used_at is not None
        if not reused:
            if not getattr(user, "is_active", True):
                raise TokenError(_noop("User is inactive"), "inactive")
            row.used_at = now
            row.save(update_fields=["used_at"])
            family.expires_at = min(now + config.refresh_lifetime, ends_at)
            family.save(update_fields=["expires_at"])
            inherited = {k: claims.raw[k] for k in INHERITED_CLAIMS if k in claims.raw}
            pair = _pair_in(family, config, now, inherited)
    if reused:
        # Outside the atomic block: raising inside it would roll the revocation back.
        revoke_family(family, "reuse")
        raise RefreshReuseError(family)
    return user, pair


def authenticate_access(token: str) -> tuple[Any, TokenClaims]:
    """The active user an access token speaks for, and its claims; :class:`TokenError` if the
    token is invalid, of the wrong type, revoked, or its user is gone or inactive."""
    claims = decode_token(token, ACCESS)
    remembered = verified_tokens.recall(claims.jti, claims.family, claims.subject)
    if remembered is not None:
        return remembered, claims
    seen = verified_tokens.generation()
    family_id = _uuid(claims.family)
    denied = RevokedAccessToken.objects.filter(jti=claims.jti)
    family = (
        TokenFamily.objects.select_related("user")
        .filter(pk=family_id)
        .annotate(denied=Exists(denied))
        .first()
    )
    if family is None:
        raise TokenError(REVOKED, "revoked")
    user = family.user
    if str(user.pk) != claims.subject:
        raise TokenError(_noop("Invalid token"), "malformed")
    if not getattr(user, "is_active", True):
        # Checked before revocation: deactivation also revokes, and this says why.
        raise TokenError(_noop("User is inactive"), "inactive")
    if family.revoked_at is not None or family.denied:
        raise TokenError(REVOKED, "revoked")
    if not matches_credential(family.credential, user):
        # The password changed since this login (by whatever path): the token is dead.
        raise TokenError(REVOKED, "revoked")
    if _now() >= family.created_at + token_config().family_max_lifetime:
        raise TokenError(_noop("Token has expired"), "expired")
    verified_tokens.remember(claims.jti, claims.family, claims.subject, user, seen=seen)
    return user, claims


def revoke_access(claims: TokenClaims) -> None:
    """Put one access token on the denylist until it expires."""
    RevokedAccessToken.objects.get_or_create(
        jti=claims.jti, defaults={"expires_at": claims.expires_at}
    )
    verified_tokens.forget_token(claims.jti)


def revoke_family(family: TokenFamily | str, reason: str) -> int:
    """Revoke a family (and so every token it issued); returns how many families changed."""
    family_id = family.pk if isinstance(family, TokenFamily) else _uuid(family)
    changed = TokenFamily.objects.filter(pk=family_id, revoked_at__isnull=True).update(
        revoked_at=_now(), revoked_reason=reason
    )
    verified_tokens.forget_family(family_id)
    return changed


def revoke_user_tokens(user: Any, reason: str) -> int:
    """Revoke every live family of ``user`` (password change, deactivation)."""
    changed = TokenFamily.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=_now(), revoked_reason=reason
    )
    verified_tokens.forget_user(user.pk)
    return changed


def revoke_stale_families(user: Any, credential: str, reason: str) -> int:
    """Revoke ``user``'s live families issued for another credential than ``credential``."""
    changed = (
        TokenFamily.objects.filter(user=user, revoked_at__isnull=True)
        .exclude(credential=credential)
        .update(revoked_at=_now(), revoked_reason=reason)
    )
    if changed:
        verified_tokens.forget_user(user.pk)
    return changed


def purge_expired_tokens(now: datetime | None = None) -> dict[str, int]:
    """Delete families past their expiry (with their refresh tokens) and denylist rows of
    access tokens that have expired anyway. Returns counts by model."""
    now = now or _now()
    _, families = TokenFamily.objects.filter(expires_at__lt=now).delete()
    _, denied = RevokedAccessToken.objects.filter(expires_at__lt=now).delete()
    return {
        "token_families": families.get(TokenFamily._meta.label, 0),
        "refresh_tokens": families.get(RefreshToken._meta.label, 0),
        "revoked_access_tokens": denied.get(RevokedAccessToken._meta.label, 0),
    }


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise TokenError(_noop("Invalid token"), "malformed") from None
