"""Async exports: a job record, a task on the contracts' task backend, a file in storage.

:func:`start_job` records the job and enqueues :func:`run_export_job` by its dotted name, so a
worker process of any backend (thread, dramatiq) imports and runs it. The worker checks the
export again as the job's owner (permissions may have changed since it was asked for), writes the
file to Django's default storage under ``storage_prefix`` and reports progress as it goes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from rail_django.contracts.audit import AuditEvent, AuditOutcome, record_audit_event
from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.task_backend import InlineTaskBackend, get_task_backend, report_progress
from rail_django.extensions.exporting.export_request import ExportSpec
from rail_django.extensions.exporting.export_runner import PreparedExport, prepare_export
from rail_django.extensions.exporting.export_settings import export_settings
from rail_django.extensions.exporting.file_writers import csv_chunks, write_xlsx
from rail_django.extensions.exporting.models import ExportJob, ExportJobStatus

TASK_NAME = "rail_django.extensions.exporting.export_jobs.run_export_job"


def async_available(values: Any = None) -> bool:
    """Is a real task backend installed (rail-django-tasks)? The contracts' inline default
    would run a "background" job inside the request, which is no job at all."""
    values = values or export_settings()
    return bool(values["async_enabled"]) and not isinstance(get_task_backend(), InlineTaskBackend)


def ensure_async_available(values: Any = None) -> None:
    if not async_available(values):
        raise RailError(
            _('Async exports need a task backend: install rail-django-tasks (or drop "async").'),
            ErrorCode.ASYNC_EXPORT_UNAVAILABLE,
        )


def start_job(spec: ExportSpec, user: Any) -> ExportJob:
    """Record the job for ``user`` and enqueue it on the task backend."""
    job = ExportJob.objects.create(owner=user, payload=spec.as_payload())
    task_id = get_task_backend().enqueue(TASK_NAME, str(job.pk))
    ExportJob.objects.filter(pk=job.pk).update(task_id=task_id)
    job.task_id = task_id
    return job


def write_file(prepared: PreparedExport, target: Any, progress: Any = None) -> None:
    """Write the prepared export into the binary file ``target``."""
    escape = prepared.spec.neutralize_formulas
    if prepared.spec.file_extension == "csv":
        for chunk in csv_chunks(
            prepared.columns, prepared.rows(), escape=escape, progress=progress
        ):
            target.write(chunk)
        return
    write_xlsx(
        target,
        prepared.columns,
        prepared.rows(),
        escape=escape,
        sheet_title=str(prepared.model._meta.verbose_name_plural),
        progress=progress,
    )


def run_export_job(job_id: str) -> dict[str, Any]:
    """The task: run job ``job_id`` as its owner and store the file. Idempotent: a job that
    already succeeded (a redelivered message) is not run twice."""
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    if job.status == ExportJobStatus.SUCCEEDED:
        return {"job_id": str(job.pk), "rows": job.row_count}
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJobStatus.RUNNING)
    values = export_settings()
    owner = get_user_model().objects.get(pk=job.owner_id)
    try:
        prepared = prepare_export(ExportSpec.from_payload(job.payload), owner, values=values)
        total = max(prepared.row_count, 1)
        path = f"{values['storage_prefix']}{job.pk}.{prepared.spec.file_extension}"
        with tempfile.TemporaryFile() as scratch:
            write_file(prepared, scratch, progress=lambda done: report_progress(done, total))
            scratch.seek(0)
            if default_storage.exists(path):
                default_storage.delete(path)
            stored = default_storage.save(path, File(scratch, name=path))
    except RailError as error:
        # A refusal (the owner lost a permission, a field was removed) will not change on a
        # retry: the job fails with the reason, and the task ends normally.
        _finish(job, ExportJobStatus.FAILED, error=error.message)
        return {"job_id": str(job.pk), "error": error.message}
    except Exception:
        _finish(job, ExportJobStatus.FAILED, error=_("The export failed; it may be retried."))
        raise
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJobStatus.SUCCEEDED,
        storage_path=stored,
        file_name=prepared.filename(),
        row_count=prepared.row_count,
        finished_at=now,
        expires_at=now + dt.timedelta(seconds=values["file_ttl_seconds"]),
    )
    record_audit_event(
        AuditEvent(
            "export.job.finished",
            actor_id=owner.pk,
            target=prepared.model._meta.label,
            details={"job_id": str(job.pk), "rows": prepared.row_count},
        )
    )
    return {"job_id": str(job.pk), "rows": prepared.row_count}


def _finish(job: ExportJob, status: str, *, error: str = "") -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        status=status, error=error, finished_at=timezone.now()
    )
    record_audit_event(
        AuditEvent(
            "export.job.failed",
            outcome=AuditOutcome.FAILURE,
            actor_id=job.owner_id,
            details={"job_id": str(job.pk), "error": error},
        )
    )


def job_status(job: ExportJob) -> dict[str, Any]:
    """What the owner sees of a job (the REST status document and the mutation's answer)."""
    progress = 1.0 if job.status == ExportJobStatus.SUCCEEDED else 0.0
    if job.task_id and job.status in (ExportJobStatus.PENDING, ExportJobStatus.RUNNING):
        with contextlib.suppress(LookupError):  # a backend that forgot the task
            progress = get_task_backend().status(job.task_id).progress or 0.0
    ready = job.status == ExportJobStatus.SUCCEEDED and not job.expired
    return {
        "job_id": str(job.pk),
        "status": "expired"
        if job.status == ExportJobStatus.SUCCEEDED and job.expired
        else job.status,
        "progress": round(float(progress), 4),
        "rows": job.row_count,
        "file_name": job.file_name or None,
        "error": job.error or None,
        "status_url": status_url(job),
        "download_url": download_url(job) if ready else None,
        "expires_at": job.expires_at.isoformat() if job.expires_at else None,
    }


def status_url(job: ExportJob) -> str:
    from django.urls import reverse

    return reverse("rail_django_export_job", kwargs={"job_id": str(job.pk)})


def download_url(job: ExportJob) -> str:
    from django.urls import reverse

    return reverse("rail_django_export_download", kwargs={"job_id": str(job.pk)})


def delete_expired_file(job: ExportJob) -> None:
    """Remove an expired job's file from storage (its record stays, to say it expired)."""
    if job.storage_path and default_storage.exists(job.storage_path):
        default_storage.delete(job.storage_path)
    ExportJob.objects.filter(pk=job.pk).update(storage_path="")
