"""Interfaces, value types and registries through which Rail Django packages meet.

Core imports only this package; extensions import this package and core's public API, never
each other. Every contract has a safe default, so core runs with no extension installed.
"""

from rail_django.contracts.__about__ import __version__
from rail_django.contracts.audit import (
    AuditEvent,
    AuditOutcome,
    AuditSink,
    LoggingAuditSink,
    audit_sink,
    record_audit_event,
)
from rail_django.contracts.authentication import (
    AuthenticationRefusal,
    AuthenticationResult,
    RequestAuthenticator,
    SessionAuthenticator,
    request_authenticator,
)
from rail_django.contracts.build_context import SchemaBuildContext
from rail_django.contracts.error_categories import ErrorCategory, category_of
from rail_django.contracts.error_codes import (
    DEFAULT_ERROR_CODE_PREFIX,
    ErrorCode,
    RailError,
    format_error_code,
)
from rail_django.contracts.model_events import EventKind, ModelEvent, ModelEventBus, model_events
from rail_django.contracts.permissions import (
    DjangoModelPermissionBackend,
    FieldDecision,
    FieldInputMode,
    FieldRules,
    FieldVisibility,
    Operation,
    PermissionBackend,
    PermissionDecision,
    get_permission_backend,
    permission_backend,
)
from rail_django.contracts.plugins import (
    Contribution,
    ContributionKind,
    FieldGuardProvider,
    ListArgument,
    PluginRegistry,
    RootFieldsProvider,
    SchemaPlansProvider,
    UrlPatternsProvider,
    ValidationRulesProvider,
    plugin_registry,
)
from rail_django.contracts.queryset_pipeline import (
    Phase,
    QueryRequest,
    QuerysetPipeline,
    QuerysetStep,
    build_queryset,
    queryset_pipeline,
)
from rail_django.contracts.schema_runtime import (
    FieldAccessTable,
    SchemaRuntime,
    get_schema_runtime,
    runtime_of,
    runtime_provider,
)
from rail_django.contracts.service_slot import ServiceSlot, SlotConflictError
from rail_django.contracts.settings_registry import (
    ResolvedSettings,
    SchemaOption,
    SettingsRegistry,
    SettingsSection,
    settings_registry,
)
from rail_django.contracts.task_backend import (
    InlineTaskBackend,
    TaskBackend,
    TaskState,
    TaskStatus,
    UnknownTaskError,
    current_task_id,
    get_task_backend,
    report_progress,
    task_backend,
)

__all__ = [
    "DEFAULT_ERROR_CODE_PREFIX",
    "AuditEvent",
    "AuditOutcome",
    "AuditSink",
    "AuthenticationRefusal",
    "AuthenticationResult",
    "Contribution",
    "ContributionKind",
    "DjangoModelPermissionBackend",
    "ErrorCategory",
    "ErrorCode",
    "EventKind",
    "FieldAccessTable",
    "FieldDecision",
    "FieldGuardProvider",
    "FieldInputMode",
    "FieldRules",
    "FieldVisibility",
    "InlineTaskBackend",
    "ListArgument",
    "LoggingAuditSink",
    "ModelEvent",
    "ModelEventBus",
    "Operation",
    "PermissionBackend",
    "PermissionDecision",
    "Phase",
    "PluginRegistry",
    "QueryRequest",
    "QuerysetPipeline",
    "QuerysetStep",
    "RailError",
    "RequestAuthenticator",
    "ResolvedSettings",
    "RootFieldsProvider",
    "SchemaBuildContext",
    "SchemaOption",
    "SchemaPlansProvider",
    "SchemaRuntime",
    "ServiceSlot",
    "SettingsRegistry",
    "SessionAuthenticator",
    "SettingsSection",
    "SlotConflictError",
    "TaskBackend",
    "TaskState",
    "TaskStatus",
    "UnknownTaskError",
    "UrlPatternsProvider",
    "ValidationRulesProvider",
    "__version__",
    "audit_sink",
    "build_queryset",
    "category_of",
    "current_task_id",
    "format_error_code",
    "get_permission_backend",
    "get_schema_runtime",
    "get_task_backend",
    "model_events",
    "permission_backend",
    "plugin_registry",
    "queryset_pipeline",
    "record_audit_event",
    "request_authenticator",
    "report_progress",
    "runtime_of",
    "runtime_provider",
    "settings_registry",
    "task_backend",
]
