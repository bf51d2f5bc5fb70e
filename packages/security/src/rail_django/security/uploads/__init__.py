"""File upload limits (``security_settings.max_file_upload_size`` and ``allowed_file_types``).

:class:`UploadLimits` is installed into the contracts' ``upload_check`` slot by the security
app's ``ready()`` (:func:`install_upload_limits`). Core asks it before it stores any file a
mutation receives, and it reads each schema's settings per request.
"""

from __future__ import annotations

from rail_django.contracts.upload_checks import upload_check
from rail_django.security.uploads.file_content import content_matches
from rail_django.security.uploads.upload_limits import UploadLimits

__all__ = ["UploadLimits", "content_matches", "install_upload_limits"]

_OWNER = "rail_django.security"


def install_upload_limits() -> None:
    """Make :class:`UploadLimits` the upload check (once; a second call is a no-op)."""
    if upload_check.owner != _OWNER:
        upload_check.install(UploadLimits(), owner=_OWNER)
