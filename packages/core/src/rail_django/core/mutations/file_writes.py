"""File and image fields in mutations: the check before a file is stored, and the clean-up after
a rollback.

An ``Upload`` given to a file field is handed to the contracts' :data:`upload_check` (security's
size and type limits when rail-django-security is installed) before anything is assigned; a
refusal is that field's payload error and the row is not saved. An accepted file is assigned to
the field and stored by Django's storage when the row is saved (``FileField.pre_save``), so a row
that fails validation stores nothing.

A stored file outlives a rolled-back transaction (storages are not transactional), so every file
stored during a request is noted on the request (:func:`note_stored`) and the write transaction
that rolls back deletes the ones stored inside it (:func:`discard_stored_since`): a failing bulk
item, a later field's validation error, a ``transaction_scope: "request"`` that fails at its last
mutation. A rollback of a transaction the project opened itself around the view
(``ATOMIC_REQUESTS``) is not seen and leaves its files; the docs say so.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.upload_checks import upload_check
from rail_django.core.mutations.input_types import InputFieldPlan
from rail_django.core.mutations.payload_errors import join_path
from rail_django.core.mutations.write_context import WriteContext
from rail_django.core.types.upload import OversizedFile

logger = logging.getLogger("rail_django.core.uploads")

_LEDGER = "_rail_stored_files"


def assign_file(
    ctx: WriteContext, obj: Model, entry: InputFieldPlan, value: Any, path: str | None
) -> bool:
    """Put ``value`` (an upload, or ``None`` to clear) into ``obj``'s file field, after the
    upload check; record a payload error and answer ``False`` when it is refused."""
    field_path = join_path(path, entry.graphql_name)
    if value is None:
        setattr(obj, entry.field.attname, "")  # full_clean says whether blank is allowed
        return True
    if isinstance(value, OversizedFile):
        ctx.fail(field_path, too_large_message(value.limit), ErrorCode.FILE_TOO_LARGE)
        return False
    if not isinstance(value, UploadedFile):  # the Upload scalar lets nothing else through
        ctx.fail(field_path, gettext("Send a file."), ErrorCode.INVALID_ARGUMENT)
        return False
    refusal = upload_check.get().refusal(
        value, schema_name=ctx.build.schema_name, model=type(obj), field=entry.field
    )
    if refusal is not None:
        ctx.fail(field_path, refusal.message, refusal.code)
        return False
    value.seek(0)
    setattr(obj, entry.field.attname, value)
    return True


def too_large_message(limit: int) -> str:
    """The refusal of a file over ``limit`` bytes, in the active language."""
    return gettext("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}


def note_stored(request: Any, obj: Model, names: set[str]) -> None:
    """Note the files ``obj`` has just stored in its fields ``names`` (after ``save()``)."""
    ledger = _ledger(request)
    if ledger is None:
        return
    for name in names:
        stored = getattr(obj, name)
        if stored and stored.name:
            ledger.append((stored.storage, stored.name))


def stored_count(request: Any) -> int:
    """How many files the request has stored so far (a mark for :func:`discard_stored_since`)."""
    ledger = _ledger(request)
    return 0 if ledger is None else len(ledger)


def discard_stored_since(request: Any, mark: int) -> None:
    """Delete the files stored since ``mark``: the transaction that held their rows rolled back."""
    ledger = _ledger(request)
    if ledger is None:
        return
    for storage, name in ledger[mark:]:
        try:
            storage.delete(name)
        except Exception:  # a storage outage must not turn the answer into a server error
            logger.exception("Could not delete %r after a rollback.", name)
    del ledger[mark:]


def _ledger(request: Any) -> list[tuple[Any, str]] | None:
    ledger = getattr(request, _LEDGER, None)
    if ledger is None:
        ledger = []
        try:
            setattr(request, _LEDGER, ledger)
        except AttributeError:
            return None
    return ledger
