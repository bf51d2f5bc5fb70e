"""The audit event model, swappable with the ``RAIL_DJANGO_AUDIT_EVENT_MODEL`` setting.

A replacement model (``"app_label.Model"``) must have the same fields as :class:`AuditEvent`.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SETTING = "RAIL_DJANGO_AUDIT_EVENT_MODEL"
DEFAULT_MODEL = "rail_django_audit.AuditEvent"
#: The custom permission that lets a user read the trail (admin and ``auditEvents``). The model
#: declares no add/change/delete permission: only superusers could write through generic
#: machinery, and the model refuses changes and deletes of single rows (append-only).
VIEW_PERMISSION = "rail_django_audit.view_auditevent"


class AbstractAuditEvent(models.Model):
    """One security-relevant event: who (actor, IP, user agent) did what (``event_type``,
    schema, operation name) to which row (target model and pk), how it ended, and when."""

    event_type = models.CharField(_("event type"), max_length=100, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=20, db_index=True)
    actor_id = models.CharField(_("actor id"), max_length=64, blank=True, default="", db_index=True)
    ip = models.CharField(_("IP address"), max_length=64, blank=True, default="", db_index=True)
    user_agent = models.CharField(_("user agent"), max_length=512, blank=True, default="")
    schema = models.CharField(_("schema"), max_length=100, blank=True, default="")
    operation_name = models.CharField(_("operation name"), max_length=200, blank=True, default="")
    target_model = models.CharField(_("target model"), max_length=200, blank=True, default="")
    target_pk = models.CharField(_("target pk"), max_length=64, blank=True, default="")
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class GraphQLMeta:
        # The generated ``auditEvents`` list: every non-superuser needs VIEW_PERMISSION, and no
        # non-superuser may create, update or delete rows.
        guards = {"*": ["rail_django.extensions.audit.models.audit_guard"]}

    class Meta:
        abstract = True
        ordering = ("-created_at", "-id")
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.event_type} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionDenied(_("Audit events cannot be changed"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionDenied(_("Audit events are removed only by rail_audit_purge"))


class AuditEvent(AbstractAuditEvent):
    class Meta(AbstractAuditEvent.Meta):
        swappable = SETTING
        default_permissions = ()
        permissions = [("view_auditevent", _("Can read the audit trail"))]


def audit_guard(user: Any, operation: str) -> bool:
    """Read for holders of :data:`VIEW_PERMISSION`; writes for nobody (superusers excepted)."""
    return operation == "view" and bool(user.has_perm(VIEW_PERMISSION))


def get_audit_event_model() -> type[AbstractAuditEvent]:
    """The active audit event model (``RAIL_DJANGO_AUDIT_EVENT_MODEL``, by default
    ``rail_django_audit.AuditEvent``)."""
    label = getattr(settings, SETTING, DEFAULT_MODEL)
    try:
        return apps.get_model(label, require_ready=False)
    except (ValueError, LookupError) as exc:
        raise ImproperlyConfigured(
            gettext("%(setting)s refers to model %(label)r, which is not installed")
            % {"setting": SETTING, "label": label}
        ) from exc
