"""Signing and verifying access and refresh tokens with PyJWT.

Every token carries ``iss``, ``aud``, ``sub`` (the user's primary key), ``iat``, ``nbf``, ``exp``,
a fresh ``jti``, ``fam`` (the login session, or token family, it belongs to) and ``typ``
(``"access"`` or ``"refresh"``); a token issued before a due second factor also carries
``mfa: "pending"`` (:mod:`.second_factor`). Verification passes PyJWT an explicit one-algorithm
allow-list (so ``alg: none`` and HS256-signed-with-the-RSA-public-key are refused), requires
every claim above, checks ``iss``/``aud`` exactly and refuses any ``crit`` header: we understand
no extension, and a token that declares one critical must not be accepted by a verifier that
ignores it.

Only the signature and claims are checked here; whether a token was revoked is the token store's
business (:mod:`rail_django.security.auth.token_store`).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt
from django.utils.translation import gettext_noop as _noop

from rail_django.security.auth.token_settings import TokenConfig, token_config

ACCESS = "access"
REFRESH = "refresh"
REQUIRED_CLAIMS = ("iss", "aud", "sub", "iat", "nbf", "exp", "jti", "typ", "fam")


class TokenError(Exception):
    """A token that must not be accepted. ``reason`` is a stable machine-readable word;
    ``message`` is English, marked for translation (show it through ``gettext``)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


# PyJWT's exception classes -> (our message, reason). Order matters: subclasses first.
_REFUSALS: tuple[tuple[type[Exception], str, str], ...] = (
    (jwt.ExpiredSignatureError, _noop("Signature has expired"), "expired"),
    (jwt.ImmatureSignatureError, _noop("Token is not yet valid"), "not_yet_valid"),
    (jwt.InvalidSignatureError, _noop("Error decoding signature"), "invalid_signature"),
    (jwt.InvalidAlgorithmError, _noop("Token algorithm is not allowed"), "algorithm_not_allowed"),
    (jwt.InvalidIssuerError, _noop("Invalid token issuer"), "invalid_issuer"),
    (jwt.InvalidAudienceError, _noop("Invalid token audience"), "invalid_audience"),
    (jwt.MissingRequiredClaimError, _noop("Token is missing a required claim"), "missing_claim"),
    (jwt.InvalidIssuedAtError, _noop("Invalid token issue time"), "invalid_iat"),
)


@dataclass(frozen=True)
class TokenClaims:
    """The verified claims of a token."""

    subject: str
    jti: str
    family: str
    token_type: str
    issued_at: datetime
    expires_at: datetime
    raw: Mapping[str, Any]


@dataclass(frozen=True)
class IssuedToken:
    """A freshly signed token and the claims it carries."""

    token: str
    claims: TokenClaims


def issue_token(
    user_pk: Any,
    token_type: str,
    family: str,
    *,
    config: TokenConfig | None = None,
    now: datetime | None = None,
    extra_claims: Mapping[str, Any] | None = None,
) -> IssuedToken:
    """Sign a new ``token_type`` token for the user ``user_pk`` in ``family``; ``extra_claims``
    (such as ``mfa``) are added, never replacing a registered claim."""
    config = config or token_config()
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    lifetime = config.access_lifetime if token_type == ACCESS else config.refresh_lifetime
    expires = now + lifetime
    payload = {
        "iss": config.issuer,
        "aud": config.audience,
        "sub": str(user_pk),
        "iat": now,
        "nbf": now,
        "exp": expires,
        "jti": uuid.uuid4().hex,
        "typ": token_type,
        "fam": family,
        **{k: v for k, v in (extra_claims or {}).items() if k not in REQUIRED_CLAIMS},
    }
    token = jwt.encode(payload, config.signing_key, algorithm=config.algorithm)
    claims = TokenClaims(
        subject=str(user_pk),
        jti=payload["jti"],
        family=family,
        token_type=token_type,
        issued_at=now,
        expires_at=expires,
        raw=payload,
    )
    return IssuedToken(token, claims)


def decode_token(
    token: str, expected_type: str, *, config: TokenConfig | None = None
) -> TokenClaims:
    """Verify ``token`` and return its claims, or raise :class:`TokenError`.

    A token of another type than ``expected_type`` is refused: a refresh token is never an
    access token, and an access token cannot be rotated.
    """
    config = config or token_config()
    if not isinstance(token, str) or not token or len(token) > 8192:
        raise TokenError(_noop("Invalid token"), "malformed")
    header = _raw_header(token)
    if "crit" in header:
        raise TokenError(_noop("Token declares an unsupported critical extension"), "crit")
    if header.get("alg") != config.algorithm:
        # PyJWT refuses it too (the allow-list below); saying so here gives one stable reason
        # for 'none', algorithm confusion and a token from a differently configured issuer.
        raise TokenError(_noop("Token algorithm is not allowed"), "algorithm_not_allowed")
    try:
        payload = jwt.decode(
            token,
            config.verifying_key,
            algorithms=[config.algorithm],
            audience=config.audience,
            issuer=config.issuer,
            leeway=config.leeway,
            options={"require": list(REQUIRED_CLAIMS), "strict_aud": True},
        )
    except jwt.PyJWTError as exc:
        for exc_type, message, reason in _REFUSALS:
            if isinstance(exc, exc_type):
                raise TokenError(message, reason) from None
        raise TokenError(_noop("Invalid token"), "malformed") from None
    return _claims(payload, expected_type)


def _raw_header(token: str) -> dict[str, Any]:
    # Read by hand rather than with jwt.get_unverified_header, which already rejects some
    # 'crit' values with a generic error: we want one stable answer for any 'crit'.
    segment = token.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, TypeError):
        raise TokenError(_noop("Invalid token"), "malformed") from None
    if not isinstance(header, dict):
        raise TokenError(_noop("Invalid token"), "malformed")
    return header


def _claims(payload: Mapping[str, Any], expected_type: str) -> TokenClaims:
    token_type = payload.get("typ")
    if token_type != expected_type:
        message = (
            _noop("Wrong token type: expected an access token")
            if expected_type == ACCESS
            else _noop("Wrong token type: expected a refresh token")
        )
        raise TokenError(message, "wrong_type")
    for name in ("sub", "jti", "fam"):
        value = payload.get(name)
        if not isinstance(value, str) or not value or len(value) > 64:
            raise TokenError(_noop("Invalid token"), "malformed")
    return TokenClaims(
        subject=payload["sub"],
        jti=payload["jti"],
        family=payload["fam"],
        token_type=token_type,
        issued_at=datetime.fromtimestamp(payload["iat"], UTC),
        expires_at=datetime.fromtimestamp(payload["exp"], UTC),
        raw=payload,
    )
