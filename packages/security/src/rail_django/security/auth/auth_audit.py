"""Audit events of authentication, sent through the contracts' audit sink.

Actions (the audit log's stable vocabulary): ``auth.login.success``, ``auth.login.failure``,
``auth.login.throttled``, ``auth.login.mfa_required`` (a limited token was issued: the second
factor is due), ``auth.logout``, ``auth.token.refresh``, ``auth.token.reuse_detected`` (a rotated
refresh token presented
again; its family is revoked), ``auth.password.change``, ``auth.register``. Details never hold
passwords or tokens; a failed login records the username tried (hashed usernames would make the
brute-force report the guide describes useless) and the client IP.
"""

from __future__ import annotations

from typing import Any

from rail_django.contracts.audit import AuditEvent, AuditOutcome, record_audit_event
from rail_django.security.auth.login_throttle import client_ip


def audit(
    action: str,
    source: Any,
    *,
    user: Any = None,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    **details: Any,
) -> None:
    """Record ``action`` about ``user`` (the actor). ``source`` is the resolver's ``info`` (the
    request and the GraphQL operation name are read from it) or a request."""
    request = getattr(source, "context", source)
    operation = getattr(source, "operation", None)
    operation_name = getattr(getattr(operation, "name", None), "value", None)
    actor_id = getattr(user, "pk", None)
    meta = getattr(request, "META", {}) or {}
    facts = {
        "ip": client_ip(request),
        "user_agent": meta.get("HTTP_USER_AGENT"),
        "operation_name": operation_name,
        **details,
    }
    facts = {k: v for k, v in facts.items() if v is not None}
    record_audit_event(
        AuditEvent(
            action=action,
            outcome=outcome,
            actor_id=actor_id,
            target=None if user is None else user._meta.label,
            target_id=actor_id,
            details=facts,
        )
    )
