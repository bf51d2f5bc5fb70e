"""The upload check rail-django-security installs: size, extension, content, image validity.

For each file a mutation is about to store, in this order:

1. larger than ``max_file_upload_size`` bytes (default 10 MB): ``RAIL_GQL_FILE_TOO_LARGE``. Core
   also skips such a file while it streams, so it never reaches the disk;
2. its extension (lower-cased) not in ``allowed_file_types`` (default
   ``[".jpg", ".jpeg", ".png", ".pdf", ".txt"]``): ``RAIL_GQL_FILE_TYPE_NOT_ALLOWED``;
3. its content not of the type its extension names (magic bytes, :mod:`.file_content`):
   ``RAIL_GQL_FILE_TYPE_NOT_ALLOWED``. The media type the client claims is never trusted;
4. for an ``ImageField``, an image Pillow cannot verify: ``RAIL_GQL_FILE_TYPE_NOT_ALLOWED``.

The model field's own validators (``FileExtensionValidator``...) still apply after this.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.settings_registry import settings_registry
from rail_django.contracts.upload_checks import UploadRefusal
from rail_django.security.uploads.file_content import HEAD_BYTES, content_matches


def _section(schema_name: str) -> Any:
    return settings_registry.resolve(schema_name)["security_settings"]


class UploadLimits:
    """``security_settings.max_file_upload_size`` and ``allowed_file_types``, per schema."""

    def max_bytes(self, schema_name: str) -> int | None:
        return int(_section(schema_name)["max_file_upload_size"])

    def refusal(
        self, upload: Any, *, schema_name: str, model: type, field: Any
    ) -> UploadRefusal | None:
        section = _section(schema_name)
        limit = int(section["max_file_upload_size"])
        if upload.size is not None and upload.size > limit:
            return UploadRefusal(
                gettext("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)},
                ErrorCode.FILE_TOO_LARGE,
            )
        allowed = [str(kind).lower() for kind in section["allowed_file_types"]]
        extension = PurePath(upload.name or "").suffix.lower()
        if extension not in allowed:
            return UploadRefusal(
                gettext("Files of type %(type)s are not accepted: send one of %(allowed)s.")
                % {"type": extension or gettext("(none)"), "allowed": ", ".join(allowed)}
            )
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        upload.seek(0)
        if not content_matches(head, extension):
            return UploadRefusal(
                gettext("The file's content is not %(type)s content.") % {"type": extension}
            )
        if isinstance(field, models.ImageField) and not _verified_image(upload):
            return UploadRefusal(gettext("The file is not an image that can be read."))
        return None


def _verified_image(upload: Any) -> bool:
    try:
        from PIL import Image
    except ImportError:  # Django's ImageField needs Pillow (check fields.E210): never here
        return True
    try:
        with Image.open(upload) as image:
            image.verify()
    except Exception:  # Pillow raises many types for bad data; each is a refusal
        return False
    finally:
        upload.seek(0)
    return True
