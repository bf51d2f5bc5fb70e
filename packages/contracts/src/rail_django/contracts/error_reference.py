"""What each stable error code means, and the HTTP status it comes with.

The documentation's error-code reference is generated from :data:`ERROR_REFERENCE`
(``tools/docs_reference.py``), and a test fails when a code of :class:`ErrorCode` has no entry,
so a new code is documented the day it is added.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.utils.translation import gettext_lazy as _

from rail_django.contracts.error_codes import ErrorCode


@dataclass(frozen=True)
class ErrorCodeDoc:
    """``status``: the HTTP status of a response this error ends (``200`` when it is reported
    next to data: a field error, a mutation payload error). ``meaning``: when it happens and what
    the client can do about it."""

    status: str
    meaning: str  # a lazy translation: rendered in the active language


#: Every code, in the order of :class:`ErrorCode`.
ERROR_REFERENCE: Mapping[ErrorCode, ErrorCodeDoc] = MappingProxyType(
    {
        ErrorCode.BAD_REQUEST: ErrorCodeDoc(
            "400",
            _("The request itself is malformed: not JSON, no `query`, a wrong parameter type."),
        ),
        ErrorCode.UNSUPPORTED_MEDIA_TYPE: ErrorCodeDoc(
            "415", _("The body is not `application/json` (CSRF-safe: forms cannot send it).")
        ),
        ErrorCode.METHOD_NOT_ALLOWED: ErrorCodeDoc(
            "405", _("A mutation sent with GET, or a method the endpoint does not serve.")
        ),
        ErrorCode.PAYLOAD_TOO_LARGE: ErrorCodeDoc(
            "413", _("The body is larger than Django's `DATA_UPLOAD_MAX_MEMORY_SIZE`.")
        ),
        ErrorCode.SYNTAX_ERROR: ErrorCodeDoc("400", _("The document does not parse as GraphQL.")),
        ErrorCode.VALIDATION_FAILED: ErrorCodeDoc(
            "400 / 200",
            _(
                "The document is not valid against the schema (400), or a mutation's input "
                "failed the model's validation (200, in the payload's `errors`)."
            ),
        ),
        ErrorCode.INVALID_ARGUMENT: ErrorCodeDoc(
            "200", _("A scalar argument's value is not of its type (a bad date, decimal or id).")
        ),
        ErrorCode.INVALID_ORDERING: ErrorCodeDoc(
            "200", _("`orderBy` names a field that is unknown or not allowed for ordering.")
        ),
        ErrorCode.INVALID_PAGINATION: ErrorCodeDoc(
            "200", _("A negative `offset`, a `limit` over `max_page_size`, or mixed page styles.")
        ),
        ErrorCode.PAGE_REQUIRED: ErrorCodeDoc(
            "200",
            _("An unpaged nested list holds more rows than it may return: ask for a page."),
        ),
        ErrorCode.INVALID_FILTER: ErrorCodeDoc(
            "200", _("A `where` filter is not allowed, refers to a hidden field, or is malformed.")
        ),
        ErrorCode.STRING_TOO_LONG: ErrorCodeDoc(
            "200", _("A text input is longer than `input_max_string_length` (mutation payload).")
        ),
        ErrorCode.MARKUP_REFUSED: ErrorCodeDoc(
            "200",
            _(
                "A text input holds markup the HTML sanitiser would remove, and "
                "`input_failure_severity` refuses it instead of cleaning it."
            ),
        ),
        ErrorCode.UNAUTHENTICATED: ErrorCodeDoc(
            "200 / 401",
            _(
                "No valid session or token where sign-in is required, or a bad login "
                "(GraphQL: an error on the field; REST endpoints: 401)."
            ),
        ),
        ErrorCode.PERMISSION_DENIED: ErrorCodeDoc(
            "200 / 403",
            _(
                "Signed in, but the user's permissions or roles do not allow this "
                "(GraphQL: an error on the field; REST endpoints: 403)."
            ),
        ),
        ErrorCode.MFA_REQUIRED: ErrorCodeDoc(
            "200", _("The token was issued before a required second factor: verify it first.")
        ),
        ErrorCode.NOT_FOUND: ErrorCodeDoc(
            "200",
            _("No such row, or one outside the user's scope (the two are never told apart)."),
        ),
        ErrorCode.SCHEMA_NOT_FOUND: ErrorCodeDoc(
            "404", _("`/graphql/<name>/` names a schema that does not exist or is disabled.")
        ),
        ErrorCode.INTROSPECTION_DISABLED: ErrorCodeDoc(
            "400", _("Introspection is off for this schema (`enable_introspection`).")
        ),
        ErrorCode.QUERY_TOO_DEEP: ErrorCodeDoc("400", _("Deeper than `max_query_depth`.")),
        ErrorCode.QUERY_TOO_COMPLEX: ErrorCodeDoc(
            "400", _("The cost model's price is over `max_query_complexity`.")
        ),
        ErrorCode.TOO_MANY_ALIASES: ErrorCodeDoc(
            "400", _("More aliases than `max_query_aliases`.")
        ),
        ErrorCode.TOO_MANY_TOKENS: ErrorCodeDoc(
            "400", _("The document has more lexical tokens than `max_query_tokens`.")
        ),
        ErrorCode.TOO_MANY_DIRECTIVES: ErrorCodeDoc(
            "400", _("More directives than `max_query_directives`.")
        ),
        ErrorCode.TOO_MANY_ROWS: ErrorCodeDoc(
            "200", _("The request's lists fetched more rows than `max_rows_per_request`.")
        ),
        ErrorCode.TOO_MANY_BUCKETS: ErrorCodeDoc(
            "200",
            _(
                "A grouping query or reporting dataset has more buckets than "
                "`max_grouping_buckets`: narrow it with `where`, a coarser transform or `limit`."
            ),
        ),
        ErrorCode.TOO_MANY_ITEMS: ErrorCodeDoc(
            "200", _("A nested list input holds more items than `max_nested_items`.")
        ),
        ErrorCode.TOO_MANY_WRITES: ErrorCodeDoc(
            "200", _("The request writes more rows than `max_rows_written_per_request`.")
        ),
        ErrorCode.TOO_MANY_MUTATIONS: ErrorCodeDoc(
            "400", _("A mutation operation has more root fields than `max_mutation_fields`.")
        ),
        ErrorCode.QUERY_TIMEOUT: ErrorCodeDoc(
            "200", _("SQL ran longer than `query_timeout`; the statement was cancelled.")
        ),
        ErrorCode.RATE_LIMITED: ErrorCodeDoc(
            "429", _("Over a rate limit: wait for `Retry-After` seconds.")
        ),
        ErrorCode.OPERATION_DISABLED: ErrorCodeDoc(
            "200", _("The operation exists but is turned off by the schema's settings.")
        ),
        ErrorCode.CONFLICT: ErrorCodeDoc(
            "200", _("A unique value is taken, or a protected row is still referenced.")
        ),
        ErrorCode.ROLLED_BACK: ErrorCodeDoc(
            "200", _("Not applied: another write of the same transaction failed.")
        ),
        ErrorCode.TOO_MANY_SUBSCRIPTIONS: ErrorCodeDoc(
            "websocket",
            _("The connection already holds `max_subscriptions_per_connection` subscriptions."),
        ),
        ErrorCode.INVALID_TASK_ID: ErrorCodeDoc(
            "400 / 200",
            _("`task(id:)` or `/api/v1/tasks/<id>/` was given an id that is not a UUID."),
        ),
        ErrorCode.TASK_QUEUE_FULL: ErrorCodeDoc(
            "200", _("The `thread` task backend's queue is full: the task was not queued; retry.")
        ),
        ErrorCode.PERSISTED_QUERY_NOT_FOUND: ErrorCodeDoc(
            "200",
            _(
                "An automatic persisted query's hash is not known (message "
                "`PersistedQueryNotFound`): send the document with its hash once."
            ),
        ),
        ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED: ErrorCodeDoc(
            "200",
            _(
                "Automatic persisted queries are off for this schema (message "
                "`PersistedQueryNotSupported`): send the document."
            ),
        ),
        ErrorCode.PERSISTED_QUERY_MISMATCH: ErrorCodeDoc(
            "400", _("`extensions.persistedQuery.sha256Hash` is not the document's SHA-256.")
        ),
        ErrorCode.OPERATION_NOT_REGISTERED: ErrorCodeDoc(
            "400",
            _(
                "The schema runs only registered operations (`allowlist_only`) and this one is "
                "not in its manifest."
            ),
        ),
        ErrorCode.PDF_RESOURCE_REFUSED: ErrorCodeDoc(
            "422",
            _(
                "A PDF template asked for a resource the URL fetcher refuses (a file outside "
                "the static/media folders, a host not allow-listed, a private address, too large)."
            ),
        ),
        ErrorCode.PDF_RENDER_LIMIT: ErrorCodeDoc(
            "422", _("A PDF render ran past `render_limits` (time or memory) and was stopped.")
        ),
        ErrorCode.PDF_RENDERER_UNAVAILABLE: ErrorCodeDoc(
            "503", _("The configured PDF renderer is not installed (the `wkhtmltopdf` binary).")
        ),
        ErrorCode.PDF_RENDER_FAILED: ErrorCodeDoc(
            "500", _("A PDF template or the renderer failed; details are in the server log.")
        ),
        ErrorCode.INVALID_EXPORT_FIELD: ErrorCodeDoc(
            "400", _("An export column names a path the model's GraphQL type does not expose.")
        ),
        ErrorCode.EXPORT_NOT_ALLOWED: ErrorCodeDoc(
            "403", _('The model is not in `RAIL_DJANGO_EXPORT["models"]` (export is default-deny).')
        ),
        ErrorCode.UNSUPPORTED_EXPORT_FORMAT: ErrorCodeDoc(
            "400", _("`file_extension` is neither `csv` nor `xlsx`.")
        ),
        ErrorCode.ASYNC_EXPORT_UNAVAILABLE: ErrorCodeDoc(
            "400",
            _("An async export was asked for but no task backend (rail-django-tasks) runs jobs."),
        ),
        ErrorCode.EXPORT_EXPIRED: ErrorCodeDoc(
            "410",
            _("The export job's file is past its expiry (`file_ttl_seconds`) and was deleted."),
        ),
        ErrorCode.INVALID_MULTIPART: ErrorCodeDoc(
            "400",
            _(
                "A multipart request is malformed: `operations` or `map` is not valid JSON, or "
                "`map` names a file part the request does not hold."
            ),
        ),
        ErrorCode.UPLOAD_NOT_ACCEPTED: ErrorCodeDoc(
            "400",
            _(
                "A multipart request maps a file to a variable that is not an `Upload`, or its "
                "operation takes no `Upload` at all (send other requests as JSON)."
            ),
        ),
        ErrorCode.TOO_MANY_FILES: ErrorCodeDoc(
            "400", _("A multipart request holds more files than `DATA_UPLOAD_MAX_NUMBER_FILES`.")
        ),
        ErrorCode.FILE_TOO_LARGE: ErrorCodeDoc(
            "200 / 413",
            _(
                "A file is larger than `max_file_upload_size` (a payload error on its field; "
                "413 when the whole request is over its body cap)."
            ),
        ),
        ErrorCode.FILE_TYPE_NOT_ALLOWED: ErrorCodeDoc(
            "200",
            _(
                "A file's type, read from its content, is not in `allowed_file_types`, or does "
                "not match its extension."
            ),
        ),
        ErrorCode.INTERNAL_ERROR: ErrorCodeDoc(
            "500 / 200",
            _("An unexpected error; its details are logged under the error id the client sees."),
        ),
    }
)


def undocumented_codes() -> list[ErrorCode]:
    """Codes of :class:`ErrorCode` with no entry in :data:`ERROR_REFERENCE`."""
    return [code for code in ErrorCode if code not in ERROR_REFERENCE]
