"""Delivering outbox rows: lease, sign, POST, log the attempt, schedule the retry.

A worker first takes a lease on the row (one UPDATE): a second worker given the same id, or
the housekeeping sweep, leaves it alone while the lease runs. A worker killed mid-delivery
leaves a leased ``pending`` row; once the lease has expired the sweep sends it again. So each
committed event is delivered at least once; receivers dedupe by ``webhook-id``.

Answers: 2xx delivered; 410 Gone disables the endpoint (its pending rows too); anything else,
a timeout or a refused connection schedules the next attempt from ``retry_schedule`` (with
+-10 % jitter) until the schedule is exhausted (``failed``).
"""

from __future__ import annotations

import json
import logging
import random
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from rail_django.webhooks import http_session
from rail_django.webhooks.auth import authorization_header
from rail_django.webhooks.models import DeliveryStatus, WebhookEndpointState, WebhookMessage
from rail_django.webhooks.network import TargetRefused, check_endpoint, opener_for
from rail_django.webhooks.signing import signing_headers
from rail_django.webhooks.webhook_settings import webhook_settings

logger = logging.getLogger("rail_django.webhooks")
USER_AGENT = "rail-django-webhooks/1"
MAX_LOGGED_ATTEMPTS = 20


def _endpoint(name: str) -> Mapping[str, Any] | None:
    for endpoint in webhook_settings()["endpoints"]:
        if endpoint.get("name") == name:
            return endpoint
    return None


def _lease(message_id: int, seconds: float) -> bool:
    now = timezone.now()
    return bool(
        WebhookMessage.objects.filter(
            Q(leased_until__isnull=True) | Q(leased_until__lt=now),
            pk=message_id,
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now,
        ).update(leased_until=now + timedelta(seconds=seconds))
    )


def deliver_message(message_id: int) -> str | None:
    """Try to deliver row ``message_id`` once; returns its status after the attempt (``None``
    when it was not due or another worker holds it)."""
    values = webhook_settings()
    if not _lease(message_id, values["lease_seconds"]):
        return None
    message = WebhookMessage.objects.get(pk=message_id)
    endpoint = _endpoint(message.endpoint)
    state = WebhookEndpointState.objects.filter(name=message.endpoint, disabled=True).first()
    if endpoint is None or state is not None or not endpoint.get("enabled", True):
        reason = "endpoint removed from settings" if endpoint is None else "endpoint disabled"
        _save(message, DeliveryStatus.DISABLED, None, reason, None)
        return message.status
    timeout = float(endpoint.get("timeout_seconds") or values["timeout_seconds"])
    code, error, latency = _post(message, endpoint, timeout, values["deny_private_targets"])
    if code is not None and 200 <= code < 300:
        _save(message, DeliveryStatus.DELIVERED, code, "", latency)
    elif code == 410:
        _disable(message.endpoint, "410 Gone")
        _save(message, DeliveryStatus.DISABLED, code, "410 Gone: endpoint disabled", latency)
    else:
        schedule = list(values["retry_schedule"])
        if message.attempts < len(schedule):  # attempts before this one
            delay = schedule[message.attempts] * random.uniform(0.9, 1.1)  # noqa: S311
            _save(message, DeliveryStatus.PENDING, code, error, latency, retry_in=delay)
        else:
            _save(message, DeliveryStatus.FAILED, code, error, latency)
    return message.status


def _post(
    message: WebhookMessage, endpoint: Mapping[str, Any], timeout: float, deny_private: bool
) -> tuple[int | None, str, int]:
    body = json.dumps(message.payload, separators=(",", ":"), sort_keys=True).encode()
    secrets = endpoint.get("secret") or []
    secrets = [secrets] if isinstance(secrets, str) else list(secrets)
    started = time.monotonic()
    try:
        check_endpoint(endpoint["url"], deny_private=deny_private)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            **signing_headers(secrets, message.event_id, int(time.time()), body),
            **authorization_header(endpoint, timeout),
        }
        code = http_session.post(endpoint["url"], body, headers, timeout)
        if code in http_session.REDIRECTS:
            code = _post_following_redirects(endpoint["url"], body, headers, timeout, deny_private)
        error = "" if 200 <= code < 300 else f"HTTP {code}"
    except urllib.error.HTTPError as exc:
        code, error = exc.code, f"HTTP {exc.code}"
    except TargetRefused as exc:
        code, error = None, str(exc)
    except Exception as exc:  # timeouts, refused connections, token errors
        code, error = None, f"{type(exc).__name__}: {exc}"[:300]
    latency = int((time.monotonic() - started) * 1000)
    if error and code != 410:
        # Never the headers: they hold the signature and the bearer token.
        logger.warning("webhook %s to %s failed: %s", message.event_id, message.endpoint, error)
    return code, error, latency


def _post_following_redirects(
    url: str, body: bytes, headers: dict[str, str], timeout: float, deny_private: bool
) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    opener = opener_for(url, deny_private=deny_private)
    try:
        with opener.open(request, timeout=timeout) as response:  # noqa: S310 (http(s) checked)
            response.read(65536)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _save(
    message: WebhookMessage,
    status: str,
    code: int | None,
    error: str,
    latency: int | None,
    *,
    retry_in: float | None = None,
) -> None:
    now = timezone.now()
    message.attempts += 1 if latency is not None else 0
    message.status = status
    message.last_status_code = code
    message.last_error = error[:500]
    message.last_latency_ms = latency
    message.leased_until = None
    if latency is not None:
        entry = {"at": now.isoformat(), "status": code, "latency_ms": latency, "error": error}
        message.attempt_log = [*message.attempt_log, entry][-MAX_LOGGED_ATTEMPTS:]
    if status == DeliveryStatus.DELIVERED:
        message.delivered_at = now
    if retry_in is not None:
        message.next_attempt_at = now + timedelta(seconds=retry_in)
    message.save()
    if retry_in is not None:
        from rail_django.extensions.tasks.backends.rail_backend import get_rail_backend

        get_rail_backend().send_job(
            "rail_webhook", str(message.pk), delay=retry_in, on_commit=False
        )


def _disable(name: str, reason: str) -> None:
    WebhookEndpointState.objects.update_or_create(
        name=name,
        defaults={"disabled": True, "disabled_reason": reason, "disabled_at": timezone.now()},
    )
    WebhookMessage.objects.filter(endpoint=name, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.DISABLED, last_error=reason
    )


def dispatch_due(limit: int = 500, *, grace_seconds: float | None = None) -> int:
    """Send again the pending rows nobody took: due for ``grace_seconds`` (default
    ``lease_seconds``) with no lease, or whose lease expired (their worker died). The worker's
    housekeeping calls this every ``poll_seconds``; rows sent on commit or by a delayed retry are
    normally taken well within the grace, so this costs one query when all is well."""
    from rail_django.extensions.tasks.backends.rail_backend import get_rail_backend

    now = timezone.now()
    grace = webhook_settings()["lease_seconds"] if grace_seconds is None else grace_seconds
    ids = list(
        WebhookMessage.objects.filter(
            Q(leased_until__isnull=True, next_attempt_at__lte=now - timedelta(seconds=grace))
            | Q(leased_until__lt=now, next_attempt_at__lte=now),
            status=DeliveryStatus.PENDING,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    backend = get_rail_backend()
    for message_id in ids:
        backend.send_job("rail_webhook", str(message_id), on_commit=False)
    return len(ids)


def replay(queryset: Any) -> int:
    """Make the rows of ``queryset`` pending and due now (the replay command and the admin)."""
    from rail_django.extensions.tasks.backends.rail_backend import get_rail_backend

    ids = list(queryset.values_list("pk", flat=True))
    WebhookMessage.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), leased_until=None
    )
    backend = get_rail_backend()
    for message_id in ids:
        backend.send_job("rail_webhook", str(message_id), on_commit=False)
    return len(ids)
