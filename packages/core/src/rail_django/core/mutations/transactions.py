"""The transaction around one mutation field.

Each root mutation field runs in its own ``transaction.atomic()`` on the model's write
database: the whole tree it writes (nested objects, every bulk item) commits together or not at
all. When it finds errors it raises :class:`MutationFailed` inside the block, so everything it
wrote is rolled back and the client gets ``ok: false`` with the errors. Model events published
inside are delivered only after the commit.

Several mutation fields in one request run one after another (GraphQL runs mutation fields
serially), each in its own transaction: a later field failing does not undo an earlier one
(see the core README for the choice).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import router, transaction
from django.db.models import Model

from rail_django.core.mutations.file_writes import discard_stored_since, stored_count
from rail_django.core.mutations.payload_errors import FieldError, MutationFailed
from rail_django.core.mutations.write_context import WriteContext

T = TypeVar("T")


def run_write(
    ctx: WriteContext, model: type[Model], work: Callable[[], T]
) -> tuple[T | None, list[FieldError]]:
    """Run ``work`` in one transaction; roll back and answer its errors when it records any.
    Files stored inside a transaction that rolls back are deleted (:mod:`.file_writes`)."""
    mark = stored_count(ctx.request)
    try:
        with transaction.atomic(using=router.db_for_write(model)):
            result = work()
            if ctx.errors:
                raise MutationFailed(ctx.errors)
    except MutationFailed as failed:
        discard_stored_since(ctx.request, mark)
        return None, failed.errors
    except BaseException:
        discard_stored_since(ctx.request, mark)
        raise
    return result, []


def payload(
    ctx: WriteContext, result: Any, errors: list[FieldError], **values: Any
) -> dict[str, Any]:
    """The payload dict: ``ok``, ``errors`` as ``{field, message, code}`` and ``values``."""
    prefix = ctx.build.settings["error_handling"]["error_code_prefix"]
    return {
        "ok": not errors,
        "errors": [error.as_dict(prefix) for error in errors],
        **values,
    }
