"""The tables of rail-django-tasks: one row per task run, and the webhook outbox.

The webhook tables are declared in :mod:`rail_django.webhooks.models` (under this app's label, so
one ``migrate`` creates them) and imported here so Django registers them with the app.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rail_django.webhooks.models import WebhookEndpointState, WebhookMessage  # noqa: F401


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


#: Statuses a task does not leave.
FINISHED = (TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.CANCELLED)


class TaskExecution(models.Model):
    """One job: what runs, for whom, how far it got and how it ended.

    ``error`` is the message shown to clients (never a stack trace: that goes to the log).
    ``arguments`` hold the JSON arguments so any worker process can run the job from its id.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("task"), max_length=255)
    queue = models.CharField(_("queue"), max_length=100, default="default")
    backend = models.CharField(_("backend"), max_length=30, default="")
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    progress_message = models.CharField(_("progress message"), max_length=255, blank=True)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    max_retries = models.PositiveIntegerField(_("max retries"), default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("task execution")
        verbose_name_plural = _("task executions")
        ordering = ("-created_at",)
        permissions = (("view_all_tasks", _("Can see every user's tasks")),)

    def __str__(self) -> str:
        return f"{self.name} [{self.status}]"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
