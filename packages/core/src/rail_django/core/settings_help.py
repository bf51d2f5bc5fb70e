"""What each key of core's settings sections does: the text of the docs' settings reference.

Kept apart from the declarations (``settings_sections``) so a default and its explanation can
each change without the other; :func:`describe_sections` hands them to the registry, which
refuses a description of a key that does not exist.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rail_django.contracts.settings_registry import settings_registry
from rail_django.core.settings_sections import SCALAR_NAMES

DESCRIPTIONS = {
    "schema_settings": {
        "excluded_apps": _("App labels whose models are left out of the schema."),
        "excluded_models": _("Model names or `app.Model` labels left out of the schema."),
        "enable_introspection": _("Answer `__schema` / `__type` queries."),
        "enable_graphiql": _("Serve the GraphiQL page to browsers at the endpoint's URL."),
        "graphiql_superuser_only": _("GraphiQL only for signed-in active superusers."),
        "graphiql_allowed_hosts": _("Hosts GraphiQL is served on (empty: any host)."),
        "auto_refresh_on_model_change": _("Rebuild the schema when a model is saved (dev)."),
        "auto_refresh_on_migration": _("Rebuild the schema after `migrate`."),
        "prebuild_on_startup": _("Build the schema when the app starts, not on first request."),
        "authentication_required": _("Refuse anonymous requests on the generated fields."),
        "enable_pagination": _("Master switch for the pagination arguments of lists."),
        "auto_camelcase": _("Expose camelCase names (`createdAt`) instead of snake_case."),
        "disable_security_mutations": _("Leave out the login, logout and token mutations."),
        "enable_extension_mutations": _(
            "Expose the mutations the extensions contribute (MFA, tasks, ...); sign-in mutations "
            "follow disable_security_mutations."
        ),
        "show_metadata": _("Expose the model metadata queries for UI builders."),
        "query_extensions": _("Dotted paths of extra graphene Query classes to merge in."),
        "mutation_extensions": _("Dotted paths of extra graphene Mutation classes to merge in."),
        "query_field_allowlist": _("Root query fields kept (None: all of them)."),
        "mutation_field_allowlist": _("Root mutation fields kept (None: all of them)."),
        "subscription_field_allowlist": _("Root subscription fields kept (None: all of them)."),
    },
    "type_generation_settings": {
        "exclude_fields": _("Fields left out of a model's type: `{'app.Model': ['field']}`."),
        "excluded_fields": _("Older spelling of `exclude_fields` (both are honoured)."),
        "include_fields": _("Only these fields per model (None: every field not excluded)."),
        "custom_field_mappings": _("Django field class to GraphQL scalar overrides."),
        "generate_filters": _("Build `where` inputs for the generated types."),
        "enable_filtering": _("Alias of `generate_filters`; both must be on for filters."),
        "auto_camelcase": _("camelCase the fields of generated types."),
        "generate_descriptions": _("Use verbose names and help texts as descriptions."),
    },
    "query_settings": {
        "generate_filters": _("Add the `where` argument to list fields."),
        "generate_ordering": _("Add the `orderBy` argument to list fields."),
        "generate_pagination": _("Add `limit` / `offset` (or Relay arguments) to lists."),
        "enable_pagination": _("Apply the pagination arguments when resolving."),
        "enable_ordering": _("Apply the ordering arguments when resolving."),
        "use_relay": _("Serve lists as Relay connections (cursors) instead of plain lists."),
        "default_page_size": _("Rows a list returns when the client asks for no page size."),
        "max_page_size": _("Largest page a client may ask for."),
        "max_grouping_buckets": _("Most buckets a grouping query may return."),
        "max_property_ordering_results": _("Most rows sorted in Python by a property."),
        "additional_lookup_fields": _("Extra unique fields a retrieve may look rows up by."),
        "require_model_permissions": _("Ask for the Django view permission on lists."),
        "model_permission_codename": _("Codename checked for reads (`view`)."),
    },
    "mutation_settings": {
        "generate_create": _("Generate `create<Model>` mutations."),
        "generate_update": _("Generate `update<Model>` mutations."),
        "generate_delete": _("Generate `delete<Model>` mutations."),
        "generate_bulk": _("Generate `bulkCreate/Update/Delete<Model>` mutations."),
        "enable_create": _("Run create mutations (off: they answer OPERATION_DISABLED)."),
        "enable_update": _("Run update mutations (off: they answer OPERATION_DISABLED)."),
        "enable_delete": _("Run delete mutations (off: they answer OPERATION_DISABLED)."),
        "enable_bulk_operations": _("Run bulk mutations."),
        "enable_method_mutations": _("Expose model methods marked as mutations."),
        "require_model_permissions": _("Ask for the Django add/change/delete permissions."),
        "model_permission_codenames": _("Codename checked per operation."),
        "bulk_batch_size": _("Most items one bulk mutation accepts."),
        "max_nested_items": _("Most items one nested list input holds (None: no limit)."),
        "max_rows_written_per_request": _(
            "Most rows one request writes, to-many links included (None: no limit)."
        ),
        "max_mutation_fields": _("Most root mutation fields one operation runs (None: no limit)."),
        "bulk_include_models": _("Only these models get bulk mutations (empty: all)."),
        "bulk_exclude_models": _("Models that get no bulk mutations."),
        "required_update_fields": _("Fields an update must always send, per model."),
        "enable_nested_relations": _("Allow writing related rows inside a create or update."),
        "nested_relations_config": _("Nested writes on or off per model."),
        "nested_field_config": _("Nested operations allowed per relation field."),
        "transaction_scope": _(
            "`mutation`: each root mutation commits alone; `request`: all or nothing."
        ),
    },
    "performance_settings": {
        "enable_query_optimization": _("Plan select_related / prefetch_related from the query."),
        "enable_select_related": _("Join forward relations in one query."),
        "enable_prefetch_related": _("Fetch to-many relations in one query per relation."),
        "enable_only_fields": _("Select only the columns the query asks for."),
        "enable_defer_fields": _("Defer large columns the query does not ask for."),
        "enable_dataloader": _("Batch relation loads that the planner cannot join."),
        "dataloader_batch_size": _("Most keys one batched load asks for."),
        "max_query_depth": _("Deepest field nesting a document may have."),
        "max_query_complexity": _("Highest price a document may have (the cost model)."),
        "enable_query_cost_analysis": _("Report the document's price in `extensions.cost`."),
        "query_timeout": _("Seconds of SQL a request may spend (None: no limit)."),
        "max_query_aliases": _("Most aliases an operation may hold (through fragments)."),
        "max_query_tokens": _("Most lexical tokens a document may hold."),
        "max_query_directives": _("Most directives an operation may hold."),
        "max_rows_per_request": _("Most rows the lists of one request may return."),
    },
    "middleware_settings": {
        "enable_authentication_middleware": _("Read JWTs on Rail Django's endpoints."),
        "enable_logging_middleware": _("Log one line per operation."),
        "enable_performance_middleware": _("Measure each operation's time and SQL."),
        "enable_error_handling_middleware": _(
            "Answer internal errors as GraphQL errors. Off (DEBUG only): they are raised to "
            "Django's own error handling."
        ),
        "enable_rate_limiting_middleware": _("Count requests against the rate limits."),
        "enable_validation_middleware": _(
            "Hand mutations' text inputs to the input cleaner (security's sanitiser)."
        ),
        "enable_field_permission_middleware": _("Enforce field-level permissions."),
        "enable_cors_middleware": _(
            "Apply CORS on this schema's endpoints (False: no CORS header at all)."
        ),
        "log_queries": _("Log query operations."),
        "log_mutations": _("Log mutation operations."),
        "log_field_level": _("Log nested field resolutions (very verbose)."),
        "log_introspection": _("Log introspection operations."),
        "log_errors": _("Log operations that answered errors."),
        "log_performance": _("Log the time and SQL count of operations."),
        "performance_threshold_ms": _("Operations slower than this are logged as slow."),
        "enable_query_complexity_middleware": _("Enforce `max_query_complexity`."),
    },
    "error_handling": {
        "enable_detailed_errors": _(
            "Add the exception's class to errors raised by code (only with DEBUG on)."
        ),
        "enable_error_logging": _("Log errors with their error id."),
        "enable_error_reporting": _(
            "Report internal errors to an external service (master switch for Sentry)."
        ),
        "enable_sentry_integration": _(
            "Report internal errors to Sentry, with their errorId, schema, operation and user "
            "id (needs sentry-sdk: the `sentry` extra)."
        ),
        "mask_internal_errors": _("Replace internal error messages with a generic one."),
        "include_stack_trace": _("Add the stack trace to error extensions (only with DEBUG on)."),
        "error_code_prefix": _("Prefix of every error code (`RAIL_GQL`)."),
        "max_error_message_length": _("Longer error messages are cut to this length."),
        "enable_error_categorization": _(
            "Add the error's category (`validation`, `permission`, ...) to its extensions."
        ),
        "enable_error_metrics": _("Count errors by code and category."),
        "log_level": _("Logging level of error events."),
    },
    "custom_scalars": {
        name: _("Serve this scalar (off: the field falls back to String).") for name in SCALAR_NAMES
    },
    "monitoring_settings": {
        "enable_metrics": _("Collect request and error metrics."),
        "metrics_backend": _("Where metrics go (`prometheus`)."),
        "metrics_token": _(
            "Bearer token that may scrape `/metrics/` (besides users holding "
            "`metrics_permission`); `None`: users only."
        ),
        "metrics_permission": _("Permission a signed-in user needs to scrape `/metrics/`."),
        "health_check_timeout": _("Seconds one readiness check may take before it fails."),
        "health_check_budget": _("Seconds the whole readiness probe may take."),
    },
    "persisted_operations": {
        "enable_automatic_persisted_queries": _(
            "Accept Apollo's automatic persisted queries (a sha256 hash instead of the document)."
        ),
        "cache_alias": _("Django cache that holds the automatically persisted documents."),
        "cache_timeout": _("Seconds a persisted document is kept (`None`: the cache's default)."),
        "allowlist_only": _(
            "Run only the operations registered in `allowlist_path`; refuse every other document."
        ),
        "allowlist_path": _(
            "Manifest of registered operations, written by `manage.py rail_persisted_operations`."
        ),
    },
    "schema_registry": {
        "enable_registry": _("Discover schemas declared in packages."),
        "auto_discover_packages": _("Python packages scanned for schema declarations."),
    },
}


def describe_sections() -> None:
    """Hand the descriptions to the settings registry (after the sections are registered)."""
    for section, descriptions in DESCRIPTIONS.items():
        settings_registry.describe(section, descriptions)
