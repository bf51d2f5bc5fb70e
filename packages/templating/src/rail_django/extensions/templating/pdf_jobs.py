"""``?async=true``: a render queued on the contracts' task backend, downloaded by its owner.

The job's record (owner, template, row, task id, creation time) is kept in Django's cache for
``async_jobs.ttl_seconds``; the PDF in the default storage under ``storage_prefix``. Status and
download answer 404 to anyone but the owner, and after the time-to-live (the file is deleted
then). Across processes (dramatiq workers) the cache must be shared (Redis).
The task re-checks access as the owner when it runs: a permission lost in between refuses it.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.task_backend import (
    UnknownTaskError,
    get_task_backend,
    report_progress,
    task_backend,
)
from rail_django.extensions.templating.template_settings import templating_settings

TASK_NAME = "rail_django.extensions.templating.pdf_jobs.run_pdf_job"


def _record_key(job_id: str) -> str:
    return f"rail_django_templating:job:{job_id}"


def _file_name(job_id: str) -> str:
    return f"{templating_settings()['async_jobs']['storage_prefix']}/{job_id}.pdf"


def start_job(key: str, pk: str, user: Any) -> dict[str, Any]:
    """Queue the render of template ``key`` for row ``pk`` as ``user``; the job's URLs."""
    jobs = templating_settings()["async_jobs"]
    if not jobs["enable"]:
        raise RailError(
            _("Asynchronous PDF jobs are off (async_jobs.enable)."), ErrorCode.OPERATION_DISABLED
        )
    if task_backend.owner is None:
        raise RailError(
            _("Asynchronous PDF jobs need the rail-django-tasks package installed."),
            ErrorCode.OPERATION_DISABLED,
        )
    job_id = uuid.uuid4().hex
    record = {"owner": user.pk, "key": key, "pk": str(pk), "created": time.time(), "task": None}
    cache.set(_record_key(job_id), record, jobs["ttl_seconds"])
    record["task"] = get_task_backend().enqueue(TASK_NAME, job_id, key, str(pk), user.pk)
    cache.set(_record_key(job_id), record, jobs["ttl_seconds"])
    return {
        "job_id": job_id,
        "status_url": f"/api/templates/jobs/{job_id}/",
        "download_url": f"/api/templates/jobs/{job_id}/download/",
    }


def run_pdf_job(job_id: str, key: str, pk: str, user_id: Any) -> dict[str, Any]:
    """The task: render as the owner (access re-checked) and store the PDF."""
    from rail_django.extensions.templating.template_rendering import render_template_pdf

    user = get_user_model()._default_manager.get(pk=user_id)
    report_progress(0, 2)
    pdf = render_template_pdf(key, pk, user, request=None)
    report_progress(1, 2)
    name = _file_name(job_id)
    if default_storage.exists(name):
        default_storage.delete(name)  # a retried task replaces its earlier output
    default_storage.save(name, ContentFile(pdf))
    report_progress(2, 2)
    return {"job_id": job_id, "bytes": len(pdf)}


def owned_job(job_id: str, user: Any) -> dict[str, Any]:
    """The job's record if ``user`` owns it and it has not expired; ``NOT_FOUND`` else."""
    record = cache.get(_record_key(str(job_id)))
    ttl = templating_settings()["async_jobs"]["ttl_seconds"]
    expired = record is not None and time.time() > record["created"] + ttl
    if expired:
        cache.delete(_record_key(job_id))
        if default_storage.exists(_file_name(job_id)):
            default_storage.delete(_file_name(job_id))
    mine = record is not None and getattr(user, "is_authenticated", False)
    if not mine or expired or record["owner"] != user.pk:
        raise RailError(_("No such PDF job."), ErrorCode.NOT_FOUND)
    return record


def job_status(job_id: str, user: Any) -> dict[str, Any]:
    record = owned_job(job_id, user)
    ready = default_storage.exists(_file_name(job_id))
    state, progress, error = ("succeeded", 1.0, None) if ready else ("pending", 0.0, None)
    if not ready and record["task"]:
        try:
            status = get_task_backend().status(record["task"])
        except UnknownTaskError:
            pass
        else:
            state, progress, error = str(status.state), status.progress, status.error
    return {
        "job_id": job_id,
        "status": state,
        "progress": progress,
        "error": error,
        "download_url": f"/api/templates/jobs/{job_id}/download/" if ready else None,
        "expires_at": record["created"] + templating_settings()["async_jobs"]["ttl_seconds"],
    }


def job_pdf(job_id: str, user: Any) -> bytes:
    owned_job(job_id, user)
    name = _file_name(job_id)
    if not default_storage.exists(name):
        raise RailError(_("The PDF is not ready yet."), ErrorCode.NOT_FOUND)
    with default_storage.open(name, "rb") as stored:
        return stored.read()
