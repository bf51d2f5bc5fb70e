"""Whether an uploaded file may be stored: the check every file input asks before it stores.

Core reads GraphQL multipart requests (``operations`` + ``map`` + file parts) and hands each
file a mutation is about to store in a ``FileField`` / ``ImageField`` to :data:`upload_check`:

- :meth:`UploadCheck.max_bytes` is asked once per multipart request, before its body is read:
  a file part longer than this is never written to disk (it is skipped while it streams, and
  the field it was meant for answers ``RAIL_GQL_FILE_TOO_LARGE``). ``None``: no per-file limit
  of the check's own; the request's body cap (Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``) then
  bounds the whole request;
- :meth:`UploadCheck.refusal` is asked per file and field, before the row is saved (which is
  when Django's storage writes the file). A refusal becomes that field's payload error and the
  mutation writes nothing.

The default (:class:`OpenUploadCheck`) refuses nothing beyond the body cap and the model field's
own validators. rail-django-security installs its check from its app's ``ready()``
(``security_settings.max_file_upload_size`` and ``allowed_file_types``, content sniffed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.service_slot import ServiceSlot

__all__ = ["OpenUploadCheck", "UploadCheck", "UploadRefusal", "upload_check"]


@dataclass(frozen=True)
class UploadRefusal:
    """Why a file is not stored: ``message`` is safe to show (translated by its builder)."""

    message: str
    code: ErrorCode = ErrorCode.FILE_TYPE_NOT_ALLOWED


@runtime_checkable
class UploadCheck(Protocol):
    """Decides which uploaded files may be stored (see the module docstring)."""

    def max_bytes(self, schema_name: str) -> int | None:
        """The largest file, in bytes, a request to ``schema_name`` may upload (``None``: no
        limit of the check's own)."""
        ...

    def refusal(
        self, upload: Any, *, schema_name: str, model: type, field: Any
    ) -> UploadRefusal | None:
        """Why ``upload`` (a Django ``UploadedFile``, positioned anywhere) may not be stored in
        ``field`` of ``model``, or ``None`` when it may. Reads the file but leaves it rewound.
        Must not raise for bad content: bad content is a refusal."""
        ...


class OpenUploadCheck:
    """The default: no limit beyond the request's body cap, every type accepted."""

    def max_bytes(self, schema_name: str) -> int | None:
        return None

    def refusal(
        self, upload: Any, *, schema_name: str, model: type, field: Any
    ) -> UploadRefusal | None:
        return None


#: The active upload check (``upload_check.get()``); security installs its own.
upload_check: ServiceSlot[UploadCheck] = ServiceSlot(
    "upload_check", OpenUploadCheck, protocol=UploadCheck
)
