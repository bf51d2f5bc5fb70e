"""Django app configuration for rail_django.extensions.audit."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RailDjangoAuditConfig(AppConfig):
    """Stores the audit trail in the database: installs the database sink into the contracts'
    ``audit_sink`` slot and turns committed model events of generated mutations into
    ``model.created|updated|deleted`` events."""

    name = "rail_django.extensions.audit"
    label = "rail_django_audit"
    verbose_name = _("Audit log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks
        from django.core.signals import request_finished, request_started

        from rail_django.contracts.audit import audit_sink
        from rail_django.contracts.model_events import model_events
        from rail_django.extensions.audit import request_context
        from rail_django.extensions.audit.checks import check_audit_settings
        from rail_django.extensions.audit.sink import (
            DatabaseAuditSink,
            flush_pending,
            record_model_event,
        )

        checks.register(check_audit_settings)
        request_started.connect(request_context.started, dispatch_uid="rail_django_audit")
        request_finished.connect(flush_pending, dispatch_uid="rail_django_audit_flush")
        request_finished.connect(request_context.finished, dispatch_uid="rail_django_audit")

        audit_sink.install(DatabaseAuditSink(), owner="rail_django.extensions.audit", replace=True)
        from rail_django.extensions.audit.models import get_audit_event_model

        # The trail itself is never an event: recording it would record itself forever.
        model_events.ignore_saves_of(get_audit_event_model())
        model_events.subscribe(record_model_event)
