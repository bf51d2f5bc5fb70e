"""GraphQL: the ``task(id:)`` query, ``cancelTask``, and asynchronous custom mutations.

An asynchronous mutation answers ``{ taskId status }`` at once and runs its task in the
backend::

    from rail_django.extensions.tasks import async_mutation

    async_mutation(
        "generate_report",
        "reports.tasks.generate_report",
        arguments={"dataset_id": graphene.ID(required=True)},
        permission="reports.add_report",
    )

gives ``mutation { generateReport(datasetId: "123") { taskId status } }``; the task is called
with the arguments as keyword arguments (snake_case) and the caller as its owner.
"""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.core.types import JSON, DateTime
from rail_django.extensions.tasks.task_access import visible_task
from rail_django.extensions.tasks.task_api import cancel, enqueue
from rail_django.extensions.tasks.task_settings import task_settings

PLUGIN = "rail_django.extensions.tasks"


class BackgroundTask(graphene.ObjectType):
    """(Named apart from the models' types: a project may well have a ``Task`` model.)

    A background task you started (or any task, with the task-admin permission)."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    status = graphene.String(
        required=True, description="pending, running, succeeded, failed or cancelled."
    )
    progress = graphene.Int(required=True, description="0 to 100.")
    progress_message = graphene.String()
    result = graphene.Field(JSON, description="What the task returned (JSON).")
    error = graphene.String(description="Why it failed, when it did.")
    attempts = graphene.Int(required=True)
    created_at = graphene.Field(DateTime)
    started_at = graphene.Field(DateTime)
    finished_at = graphene.Field(DateTime)

    @staticmethod
    def resolve_error(root: Any, info: Any) -> str | None:
        return root.error or None


class BackgroundTaskPayload(graphene.ObjectType):
    """A task was queued: poll ``task(id: taskId)`` for its outcome."""

    task_id = graphene.ID(required=True)
    status = graphene.String(required=True)


def _user(info: Any) -> Any:
    return getattr(info.context, "user", None)


def _resolve_task(root: Any, info: Any, id: str) -> Any:
    record = visible_task(_user(info), id)
    record.id = str(record.pk)
    return record


def _resolve_cancel(root: Any, info: Any, id: str) -> BackgroundTaskPayload:
    record = visible_task(_user(info), id)
    cancel(record.pk)
    record.refresh_from_db()
    return BackgroundTaskPayload(task_id=str(record.pk), status=record.status)


def query_fields(context: Any) -> dict[str, Any]:
    if not task_settings()["enabled"]:
        return {}
    return {
        "task": graphene.Field(
            BackgroundTask,
            id=graphene.ID(required=True),
            resolver=_resolve_task,
            description="A background task's status, progress and result.",
        )
    }


_ASYNC_MUTATIONS: dict[str, dict[str, Any]] = {}


def async_mutation(
    name: str,
    task: Any,
    *,
    arguments: dict[str, Any] | None = None,
    description: str = "",
    permission: str | None = None,
) -> None:
    """Add a root mutation ``name`` that queues ``task`` (a function or dotted path) with its
    arguments and answers ``{ taskId status }``. Signed-in users only; with ``permission``
    (``"app.codename"``), only users who have it."""
    _ASYNC_MUTATIONS[name] = {
        "task": task,
        "arguments": dict(arguments or {}),
        "description": description,
        "permission": permission,
    }


def _async_resolver(spec: dict[str, Any]) -> Any:
    def resolve(root: Any, info: Any, **kwargs: Any) -> BackgroundTaskPayload:
        user = _user(info)
        if user is None or not user.is_authenticated:
            raise RailError(_("Sign in to start this task."), ErrorCode.UNAUTHENTICATED)
        if spec["permission"] and not user.has_perm(spec["permission"]):
            raise RailError(
                _("You are not allowed to start this task."), ErrorCode.PERMISSION_DENIED
            )
        record = enqueue(spec["task"], owner=user, **kwargs)
        return BackgroundTaskPayload(task_id=str(record.pk), status=record.status)

    return resolve


def mutation_fields(context: Any) -> dict[str, Any]:
    if not task_settings()["enabled"]:
        return {}
    fields: dict[str, Any] = {
        "cancel_task": graphene.Field(
            BackgroundTaskPayload,
            id=graphene.ID(required=True),
            resolver=_resolve_cancel,
            description="Cancel a pending or running task of yours.",
        )
    }
    for name, spec in _ASYNC_MUTATIONS.items():
        fields[name] = graphene.Field(
            BackgroundTaskPayload,
            resolver=_async_resolver(spec),
            description=spec["description"] or None,
            **spec["arguments"],
        )
    return fields


def register_task_fields() -> None:
    plugin_registry.register(ContributionKind.QUERY_FIELDS, query_fields, plugin=PLUGIN)
    plugin_registry.register(ContributionKind.MUTATION_FIELDS, mutation_fields, plugin=PLUGIN)
