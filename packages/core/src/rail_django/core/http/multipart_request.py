"""GraphQL multipart requests: files for ``Upload`` variables (graphql-multipart-request-spec).

A ``multipart/form-data`` POST holds an ``operations`` part (the JSON object a JSON request
would send, with ``null`` where each file goes), a ``map`` part (``{"0": ["variables.file"]}``:
which file part goes to which variable path) and the file parts. It is the one body besides
JSON the endpoint accepts, and only for an operation that takes an ``Upload`` where ``map``
points (:mod:`.upload_variables` checks that once the document is parsed).

Limits, checked before a file is kept:

- the whole body: its declared ``Content-Length`` may not pass the body cap
  (``DATA_UPLOAD_MAX_MEMORY_SIZE``) plus ``DATA_UPLOAD_MAX_NUMBER_FILES`` times the upload
  check's per-file limit (413 ``RAIL_GQL_PAYLOAD_TOO_LARGE``, nothing read); with no per-file
  limit (rail-django-security not installed) the body cap bounds the whole request;
- ``operations`` and ``map`` together: ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's parser);
- the number of files: ``DATA_UPLOAD_MAX_NUMBER_FILES`` (400 ``RAIL_GQL_TOO_MANY_FILES``);
- each file: a part that grows past the per-file limit is skipped as it streams (never written
  out) and its field answers ``RAIL_GQL_FILE_TOO_LARGE``. Kept parts stream to temporary files
  past ``FILE_UPLOAD_MAX_MEMORY_SIZE``, as Django's upload handlers do.

CSRF: a form can send ``multipart/form-data`` cross-site with no CORS preflight, and the browser
adds its cookies. So a multipart request that carries cookies and no ``Authorization`` header
must pass Django's CSRF check (the ``X-CSRFToken`` header with the ``csrftoken`` cookie), or is
refused with 403 ``RAIL_GQL_PERMISSION_DENIED`` before its body is parsed into files. A request
with an ``Authorization`` header (a Bearer token) was not sent by a cross-site form: no token
needed.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.upload_checks import upload_check
from rail_django.core.http.problem import HttpProblem
from rail_django.core.types.upload import OversizedFile

MULTIPART_MEDIA_TYPE = "multipart/form-data"
_GUARD_ATTRIBUTE = "_rail_upload_guard"
#: Django's default ``DATA_UPLOAD_MAX_NUMBER_FILES``, used when the setting is ``None``.
DEFAULT_MAX_FILES = 100


def is_multipart(request: HttpRequest) -> bool:
    """Whether ``request`` is a POST with a ``multipart/form-data`` body."""
    return request.method == "POST" and (request.content_type or "").lower() == (
        MULTIPART_MEDIA_TYPE
    )


class FileSizeGuard(FileUploadHandler):
    """The first upload handler of a multipart request: skips a file part as soon as it passes
    ``limit`` bytes, so the handlers after it (memory, temporary file) never keep more."""

    def __init__(self, request: HttpRequest, limit: int | None) -> None:
        super().__init__(request)
        self.limit = limit
        #: Part name -> the limit it passed, for each part skipped.
        self.oversized: dict[str, int] = {}

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        declared = self.content_length
        if self.limit is not None and declared is not None and declared > self.limit:
            self._skip()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if self.limit is not None and start + len(raw_data) > self.limit:
            self._skip()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file

    def _skip(self) -> None:
        self.oversized[self.field_name] = self.limit or 0
        raise SkipFile


def prepare_uploads(request: HttpRequest, schema_name: str) -> None:
    """Put the size guard in front of ``request``'s upload handlers (a multipart POST only).

    Called before anything reads the body (authentication may, for its CSRF check), since
    Django fixes the handlers when the body is parsed.
    """
    if not is_multipart(request) or hasattr(request, _GUARD_ATTRIBUTE):
        return
    guard = FileSizeGuard(request, upload_check.get().max_bytes(schema_name))
    request.upload_handlers = [guard, *request.upload_handlers]
    setattr(request, _GUARD_ATTRIBUTE, guard)


def read_multipart(request: HttpRequest, body_cap: int) -> tuple[dict[str, Any], list[str]]:
    """The ``operations`` object of a multipart request with its files in place, and the
    variable paths ``map`` filled (``["variables.input.file"]``); :class:`HttpProblem` when the
    request is refused."""
    guard = getattr(request, _GUARD_ATTRIBUTE, None)
    if guard is None:
        raise HttpProblem(
            415,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            gettext("Multipart requests are not accepted here: send application/json."),
        )
    _check_declared_length(request, body_cap, guard.limit)
    _check_csrf(request)
    try:
        fields, files = request.POST, request.FILES
    except RequestDataTooBig:
        raise HttpProblem(
            413,
            ErrorCode.PAYLOAD_TOO_LARGE,
            gettext("The operations and map parts are larger than %(limit)d bytes.")
            % {"limit": body_cap},
        ) from None
    except TooManyFilesSent:
        raise HttpProblem(
            400,
            ErrorCode.TOO_MANY_FILES,
            gettext("The request holds more than %(count)d files.") % {"count": _max_files()},
        ) from None
    except (TooManyFieldsSent, MultiPartParserError):
        raise HttpProblem(
            400, ErrorCode.INVALID_MULTIPART, gettext("The multipart body cannot be read.")
        ) from None
    if "operations" not in fields:
        # A form, not a GraphQL multipart request: the JSON-only rule answers it.
        raise HttpProblem(
            415,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            gettext(
                "Unsupported body: send application/json, or a GraphQL multipart request "
                "(operations, map and file parts) to upload files."
            ),
            {"Accept-Post": "application/json"},
        )
    operations = _json_part(fields, "operations")
    if isinstance(operations, list):
        raise HttpProblem(
            400,
            ErrorCode.BAD_REQUEST,
            gettext("Batched requests are not supported: send one operation per request."),
        )
    if not isinstance(operations, dict):
        raise _invalid(gettext("The 'operations' part must be a JSON object."))
    file_map = _json_part(fields, "map")
    if not isinstance(file_map, dict) or not all(
        isinstance(paths, list) and paths and all(isinstance(p, str) for p in paths)
        for paths in file_map.values()
    ):
        raise _invalid(
            gettext("The 'map' part must be a JSON object of file names to lists of paths.")
        )
    filled: list[str] = []
    for part, paths in file_map.items():
        if part in guard.oversized:
            value: Any = OversizedFile(part, guard.oversized[part])
        elif part in files:
            value = files[part]
        else:
            raise _invalid(
                gettext("'map' names the file part %(part)r, which the request does not hold.")
                % {"part": part}
            )
        for path in paths:
            _place(operations, path, value)
            filled.append(path)
    return operations, filled


def _check_declared_length(request: HttpRequest, body_cap: int, per_file: int | None) -> None:
    cap = body_cap + (_max_files() * per_file if per_file is not None else 0)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > cap:
        raise HttpProblem(
            413,
            ErrorCode.PAYLOAD_TOO_LARGE,
            gettext("The request body is larger than %(limit)d bytes.") % {"limit": cap},
        )


def _check_csrf(request: HttpRequest) -> None:
    # Cookies are what a cross-site form borrows; a request with none, or with an
    # Authorization header (which no form can send), has nothing to forge.
    if not request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return
    if getattr(request, "_dont_enforce_csrf_checks", False):
        return
    check = CsrfViewMiddleware(lambda _request: HttpResponse())
    if check.process_view(request, None, (), {}) is not None:
        raise HttpProblem(
            403,
            ErrorCode.PERMISSION_DENIED,
            gettext(
                "CSRF check failed: a multipart request with cookies needs the CSRF token in "
                "the X-CSRFToken header."
            ),
        )


def _max_files() -> int:
    configured = getattr(settings, "DATA_UPLOAD_MAX_NUMBER_FILES", None)
    return configured if isinstance(configured, int) else DEFAULT_MAX_FILES


def _json_part(fields: Any, name: str) -> Any:
    raw = fields.get(name)
    if raw is None:
        raise _invalid(gettext("The multipart request has no %(part)r part.") % {"part": name})
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise _invalid(gettext("The %(part)r part is not valid JSON.") % {"part": name}) from None


def _place(operations: dict[str, Any], path: str, value: Any) -> None:
    """Put ``value`` at ``path`` (``variables.input.files.0``) in ``operations``."""
    segments = path.split(".")
    if len(segments) < 2 or segments[0] != "variables":
        raise _invalid(
            gettext("The map path %(path)r must start with 'variables.'.") % {"path": path}
        )
    container: Any = operations.get("variables")
    if container is None:
        container = operations["variables"] = {}
    for segment in segments[1:-1]:
        container = _child(container, segment, path)
    last = segments[-1]
    if isinstance(container, dict):
        if container.get(last) is not None:
            raise _invalid(gettext("The map path %(path)r must hold null.") % {"path": path})
        container[last] = value
    elif isinstance(container, list) and last.isdigit() and int(last) < len(container):
        if container[int(last)] is not None:
            raise _invalid(gettext("The map path %(path)r must hold null.") % {"path": path})
        container[int(last)] = value
    else:
        raise _invalid(gettext("The map path %(path)r is not in the variables.") % {"path": path})


def _child(container: Any, segment: str, path: str) -> Any:
    if isinstance(container, dict) and isinstance(container.get(segment), dict | list):
        return container[segment]
    if isinstance(container, list) and segment.isdigit() and int(segment) < len(container):
        item = container[int(segment)]
        if isinstance(item, dict | list):
            return item
    raise _invalid(gettext("The map path %(path)r is not in the variables.") % {"path": path})


def _invalid(message: str) -> HttpProblem:
    return HttpProblem(400, ErrorCode.INVALID_MULTIPART, message)
