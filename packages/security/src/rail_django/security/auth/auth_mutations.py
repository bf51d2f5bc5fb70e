"""Resolvers of ``login``, ``refreshToken``, ``logout``, ``register`` and ``changePassword``.

Each raises ``RailError`` with a stable code on refusal, records an audit event, and in cookie
mode stages the cookie changes the endpoint writes on its response. The GraphQL fields that call
them are assembled per schema in :mod:`rail_django.security.auth.auth_fields`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, get_user_model, logout, update_session_auth_hash
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from rail_django.contracts.audit import AuditOutcome
from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.schema_runtime import runtime_of
from rail_django.security.auth import idle_timeout, login_throttle, second_factor
from rail_django.security.auth.auth_audit import audit
from rail_django.security.auth.auth_cookies import (
    refresh_cookie,
    stage_cookie_removal,
    stage_token_cookies,
)
from rail_django.security.auth.jwt_tokens import REFRESH, TokenError, decode_token
from rail_django.security.auth.request_authenticator import request_token
from rail_django.security.auth.token_store import (
    RefreshReuseError,
    TokenPair,
    issue_pair,
    revoke_access,
    revoke_family,
    revoke_user_tokens,
    rotate,
)

INVALID_CREDENTIALS = "Please enter valid credentials"
THROTTLED = "Too many failed login attempts: try again later"
REGISTERED = "If the username was available, the account has been created: log in to continue."
MAX_CREDENTIAL_LENGTH = 4096


def token_payload(pair: TokenPair, user: Any) -> dict[str, Any]:
    """The fields ``login``, ``refreshToken`` and ``changePassword`` answer with."""
    return {
        "token": pair.access.token,
        "refresh_token": pair.refresh.token,
        "token_expires_at": pair.access.claims.expires_at,
        "refresh_expires_at": pair.refresh.claims.expires_at,
        "user": user,
        "mfa_required": False,
        "mfa_next_step": None,
        "message": None,
    }


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def login(info: Any, username: str, password: str) -> dict[str, Any]:
    """Check credentials (throttled per username and IP) and start a token family."""
    request = info.context
    ip = login_throttle.client_ip(request)
    if len(username) > MAX_CREDENTIAL_LENGTH or len(password) > MAX_CREDENTIAL_LENGTH:
        raise RailError(INVALID_CREDENTIALS, ErrorCode.UNAUTHENTICATED)
    if "\x00" in username or not _encodable(username) or not _encodable(password):
        # No stored user name holds a NUL or an unpaired surrogate ("\ud800" in JSON), and the
        # database (lookup, audit row) or the password hasher fails on them: a server error
        # before this check.
        raise RailError(INVALID_CREDENTIALS, ErrorCode.UNAUTHENTICATED)
    if login_throttle.is_locked(username, ip):
        audit("auth.login.throttled", info, outcome=AuditOutcome.DENIED, username=username)
        raise RailError(THROTTLED, ErrorCode.RATE_LIMITED)
    user = authenticate(request, username=username, password=password)
    if user is None:
        attempts = login_throttle.record_failure(username, ip)
        audit(
            "auth.login.failure",
            info,
            outcome=AuditOutcome.FAILURE,
            username=username,
            attempts=attempts,
        )
        for scope in login_throttle.bruteforce_suspected(username, ip):
            audit(
                "auth.bruteforce.suspected",
                info,
                outcome=AuditOutcome.DENIED,
                scope=scope,
                username=username,
            )
        raise RailError(INVALID_CREDENTIALS, ErrorCode.UNAUTHENTICATED)
    login_throttle.clear_failures(username, ip)
    mfa_due, setup_needed = second_factor.login_gate(user)
    if mfa_due:
        return _limited_login(request, user, setup_needed)
    pair = issue_pair(user)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    # The rest of this request (the payload's user fields) runs as the user who just logged in.
    request.user = user
    stage_token_cookies(request, pair.access, pair.refresh)
    audit("auth.login.success", info, user=user, family=str(pair.access.claims.family))
    return token_payload(pair, user)


def _limited_login(request: Any, user: Any, setup_needed: bool) -> dict[str, Any]:
    """The password was right but a second factor is due: a token pair limited to the MFA
    fields, and what to do next."""
    pair = issue_pair(user, {second_factor.MFA_CLAIM: second_factor.PENDING})
    stage_token_cookies(request, pair.access, pair.refresh)
    audit("auth.login.mfa_required", request, user=user, family=str(pair.access.claims.family))
    if setup_needed:
        message = gettext(
            "MFA required: this token only allows setting up a device. Call setupTotp, scan "
            "the code, then verifyTotp with a current code to get a full token."
        )
    else:
        message = gettext(
            "MFA required: this token only allows the second factor. Call verifyTotp with a "
            "code from your device (or redeemBackupCode) to get a full token."
        )
    return {
        **token_payload(pair, user),
        "mfa_required": True,
        "mfa_next_step": "SETUP_TOTP" if setup_needed else "VERIFY_TOTP",
        "message": message,
    }


def refresh(info: Any, refresh_token: str | None) -> dict[str, Any]:
    """Rotate a refresh token (argument, or the refresh cookie in cookie mode)."""
    request = info.context
    token = refresh_token or refresh_cookie(request)
    if not token:
        raise RailError(gettext("A refresh token is required"), ErrorCode.INVALID_ARGUMENT)
    if refresh_token is None:
        _refuse_idle_cookie_login(info, token)
    try:
        user, pair = rotate(token)
    except RefreshReuseError as exc:
        stage_cookie_removal(request)
        audit(
            "auth.token.reuse_detected",
            info,
            user=exc.family.user,
            outcome=AuditOutcome.DENIED,
            family=str(exc.family.pk),
        )
        raise _token_refusal(exc) from None
    except TokenError as exc:
        raise _token_refusal(exc) from None
    request.user = user
    stage_token_cookies(request, pair.access, pair.refresh)
    audit("auth.token.refresh", info, user=user, family=pair.access.claims.family)
    return token_payload(pair, user)


def _refuse_idle_cookie_login(info: Any, token: str) -> None:
    """A cookie login idle past ``session_timeout_minutes`` is not revived by refreshing."""
    try:
        family = decode_token(token, REFRESH).family
    except TokenError:
        return  # rotate() answers the precise reason
    runtime = runtime_of(info)
    schema_name = runtime.name if runtime is not None else None
    if idle_timeout.family_expired(family, schema_name):
        revoke_family(family, "idle")
        stage_cookie_removal(info.context)
        refusal = idle_timeout.expired_refusal(schema_name)
        raise RailError(refusal.message, refusal.code, extensions={"reason": refusal.reason})


def logout_user(info: Any, refresh_token: str | None) -> dict[str, Any]:
    """End the current login: revoke the access token and its family (and the family of a
    refresh token passed or held in the cookie), end a Django session, clear the cookies."""
    request = info.context
    user = getattr(request, "user", None)
    revoked = False
    state = request_token(request)
    if state is not None:
        revoke_access(state.claims)
        revoke_family(state.claims.family, "logout")
        revoked = True
    token = refresh_token or refresh_cookie(request)
    if token:
        try:
            claims = decode_token(token, REFRESH)
        except TokenError:
            claims = None
        if claims is not None and (state is None or claims.subject == state.claims.subject):
            revoked = bool(revoke_family(claims.family, "logout")) or revoked
    if getattr(user, "is_authenticated", False) and state is None and hasattr(request, "session"):
        logout(request)
        revoked = True
    stage_cookie_removal(request)
    if revoked:
        audit("auth.logout", info, user=user if getattr(user, "pk", None) else None)
    return {"success": revoked}


def register(info: Any, username: str, password: str, email: str | None) -> dict[str, Any]:
    """Create an account. The answer is the same whether or not the username was taken."""
    user_model = get_user_model()
    username_field = user_model.USERNAME_FIELD
    values: dict[str, Any] = {username_field: username}
    if email and username_field != "email" and _has_field(user_model, "email"):
        values["email"] = email
    candidate = user_model(**values)
    _validate_username(user_model, username)
    _validate_new_password(password, candidate, "password")
    exists = user_model._default_manager.filter(**{f"{username_field}__iexact": username}).exists()
    if exists:
        # Hash anyway: a taken username must not answer measurably faster than a new one.
        make_password(password)
        audit("auth.register", info, outcome=AuditOutcome.FAILURE, reason="exists")
        return {"success": True, "message": REGISTERED}
    try:
        with transaction.atomic():
            user = user_model._default_manager.create_user(**values, password=password)
    except IntegrityError:
        audit("auth.register", info, outcome=AuditOutcome.FAILURE, reason="exists")
        return {"success": True, "message": REGISTERED}
    audit("auth.register", info, user=user)
    return {"success": True, "message": REGISTERED}


def change_password(info: Any, old_password: str, new_password: str) -> dict[str, Any]:
    """Change the current user's password and revoke every token they hold; answers with a
    fresh token pair (a new family) so the client that asked stays logged in."""
    request = info.context
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        raise RailError(gettext("Authentication required."), ErrorCode.UNAUTHENTICATED)
    ip = login_throttle.client_ip(request)
    name = user.get_username()
    if login_throttle.is_locked(name, ip):
        raise RailError(THROTTLED, ErrorCode.RATE_LIMITED)
    if len(old_password) > MAX_CREDENTIAL_LENGTH or not user.check_password(old_password):
        login_throttle.record_failure(name, ip)
        audit("auth.password.change", info, user=user, outcome=AuditOutcome.FAILURE)
        raise RailError(
            gettext("Your old password was entered incorrectly"),
            ErrorCode.INVALID_ARGUMENT,
            extensions={"field": "oldPassword"},
        )
    _validate_new_password(new_password, user, "newPassword")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    revoke_user_tokens(user, "password_change")
    state = request_token(request)
    if state is not None:
        revoke_access(state.claims)
    elif hasattr(request, "session"):
        update_session_auth_hash(request, user)
    login_throttle.clear_failures(name, ip)
    pair = issue_pair(user)
    stage_token_cookies(request, pair.access, pair.refresh)
    audit("auth.password.change", info, user=user)
    return {"success": True, **token_payload(pair, user)}


def _token_refusal(exc: TokenError) -> RailError:
    return RailError(
        gettext(exc.message), ErrorCode.UNAUTHENTICATED, extensions={"reason": exc.reason}
    )


def _validate_new_password(password: str, user: Any, field: str) -> None:
    if len(password) > MAX_CREDENTIAL_LENGTH:
        raise RailError(gettext("This password is too long."), ErrorCode.INVALID_ARGUMENT)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise RailError(
            " ".join(exc.messages), ErrorCode.INVALID_ARGUMENT, extensions={"field": field}
        ) from None


def _validate_username(user_model: Any, username: str) -> None:
    field = user_model._meta.get_field(user_model.USERNAME_FIELD)
    try:
        field.clean(username, None)
    except ValidationError as exc:
        raise RailError(
            " ".join(exc.messages), ErrorCode.INVALID_ARGUMENT, extensions={"field": "username"}
        ) from None


def _has_field(model: Any, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True
