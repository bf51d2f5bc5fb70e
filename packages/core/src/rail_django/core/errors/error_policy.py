"""How a schema shows its errors to clients, read once from ``error_handling``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rail_django.contracts.error_codes import DEFAULT_ERROR_CODE_PREFIX


@dataclass(frozen=True)
class ErrorPolicy:
    """The ``error_handling`` settings of one schema, as the error formatter uses them.

    - ``mask_internal_errors``: an exception that is not a client error (not a ``RailError``,
      ``GraphQLError``, or Django's ``PermissionDenied`` / ``ObjectDoesNotExist``) is shown as a
      generic message with an ``errorId``; the server logs that id with the traceback.
    - ``enable_detailed_errors``: adds ``extensions.exception`` (the exception's class name) to
      errors raised by code, except masked internal errors.
    - ``include_stack_trace``: adds ``extensions.stacktrace`` (a list of lines) to errors raised
      by code. Both act only with ``DEBUG = True``: in production they are off whatever the
      setting says, and a system check (``rail_django.E203``) refuses the setting.
    - ``enable_error_categorization``: adds ``extensions.category`` (see
      :mod:`rail_django.contracts.error_categories`).
    - ``enable_error_reporting`` + ``enable_sentry_integration``: internal errors are sent to
      Sentry when sentry-sdk is installed and initialised (:mod:`.error_reporting`).
    - ``max_error_message_length``: longer messages are cut and end with an ellipsis.
    - ``enable_error_logging`` / ``log_level``: internal errors are logged on the
      ``rail_django.core.errors`` logger at ``log_level``.
    - ``error_code_prefix``: prefixes every code (``RAIL_GQL_NOT_FOUND``).
    - ``middleware_settings.enable_error_handling_middleware: False`` (HTTP endpoint, ``DEBUG``
      only): an internal error is raised out of the view instead of answered, so Django's own
      handling (the debug page, the test client, a project's error middleware) sees it. Client
      errors (codes) are answered as always. In production it is off whatever the setting says,
      and ``rail_django.E203`` refuses the setting.
    """

    prefix: str = DEFAULT_ERROR_CODE_PREFIX
    mask_internal_errors: bool = True
    enable_detailed_errors: bool = False
    include_stack_trace: bool = False
    max_message_length: int = 500
    enable_logging: bool = True
    log_level: int = logging.ERROR
    categorize: bool = True
    report_to_sentry: bool = False
    raise_internal_errors: bool = False

    @classmethod
    def from_settings(
        cls,
        error_handling: Mapping[str, Any],
        middleware_settings: Mapping[str, Any] | None = None,
    ) -> ErrorPolicy:
        """Build the policy from a schema's merged ``error_handling`` section (and, for the HTTP
        endpoint, its ``middleware_settings``)."""
        from django.conf import settings

        level = logging.getLevelName(str(error_handling.get("log_level", "ERROR")).upper())
        debug = bool(settings.DEBUG)
        return cls(
            prefix=error_handling.get("error_code_prefix", DEFAULT_ERROR_CODE_PREFIX) or "",
            mask_internal_errors=bool(error_handling.get("mask_internal_errors", True)),
            enable_detailed_errors=debug
            and bool(error_handling.get("enable_detailed_errors", False)),
            include_stack_trace=debug and bool(error_handling.get("include_stack_trace", False)),
            max_message_length=int(error_handling.get("max_error_message_length", 500)),
            enable_logging=bool(error_handling.get("enable_error_logging", True)),
            log_level=level if isinstance(level, int) else logging.ERROR,
            categorize=bool(error_handling.get("enable_error_categorization", True)),
            report_to_sentry=bool(error_handling.get("enable_error_reporting", True))
            and bool(error_handling.get("enable_sentry_integration", False)),
            raise_internal_errors=debug
            and not (middleware_settings or {}).get("enable_error_handling_middleware", True),
        )

    @classmethod
    def for_schema(cls, schema_name: str | None) -> ErrorPolicy:
        """The policy of ``schema_name`` (``None``: the global settings)."""
        from rail_django.contracts.settings_registry import settings_registry

        resolved = settings_registry.resolve(schema_name)
        if "error_handling" not in resolved:
            return cls()
        return cls.from_settings(resolved["error_handling"])
