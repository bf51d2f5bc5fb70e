"""``ExportJob``: one async export, its owner, its file and when that file expires.

The task backend (through the contracts) runs the job and reports its progress; this record is
what only the owner may read and download, whichever task backend ran it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportJobStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rail_export_jobs"
    )
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=16, choices=ExportJobStatus.choices, default=ExportJobStatus.PENDING
    )
    task_id = models.CharField(_("task id"), max_length=64, blank=True, default="")
    file_name = models.CharField(_("file name"), max_length=200, blank=True, default="")
    storage_path = models.CharField(_("storage path"), max_length=300, blank=True, default="")
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error = models.TextField(_("error"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.file_name or self.pk} ({self.status})"

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
