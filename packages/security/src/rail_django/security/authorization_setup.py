"""Turning authorization on: called once from the security app's ``AppConfig.ready()``."""

from __future__ import annotations

PLUGIN = "rail_django.security.authorization"


def install_authorization() -> None:
    """Load meta.yaml roles, install the RBAC permission backend and register the field
    guards, the ordering check, the explain and role GraphQL fields and the system check."""
    from django.core import checks

    from rail_django.contracts.permissions import permission_backend
    from rail_django.contracts.plugins import ContributionKind, plugin_registry
    from rail_django.contracts.queryset_pipeline import Phase, queryset_pipeline
    from rail_django.core.meta import register_meta_file_key
    from rail_django.security.authorization_checks import check_authorization
    from rail_django.security.field_permissions.field_guards import field_guard_provider
    from rail_django.security.field_permissions.ordering_checks import HiddenFieldOrderingStep
    from rail_django.security.permission_backend import RbacPermissionBackend
    from rail_django.security.policies.explain_query import explain_query_fields
    from rail_django.security.rbac.permission_cache import connect_invalidation_signals
    from rail_django.security.rbac.role_api import role_mutation_fields, role_query_fields
    from rail_django.security.rbac.role_manager import role_manager

    register_meta_file_key("roles")
    role_manager.load_meta_roles()
    connect_invalidation_signals()
    permission_backend.install(RbacPermissionBackend(), owner="rail_django.security")
    plugin_registry.register(ContributionKind.FIELD_GUARDS, field_guard_provider, plugin=PLUGIN)
    plugin_registry.register(ContributionKind.QUERY_FIELDS, explain_query_fields, plugin=PLUGIN)
    plugin_registry.register(ContributionKind.QUERY_FIELDS, role_query_fields, plugin=PLUGIN)
    plugin_registry.register(ContributionKind.MUTATION_FIELDS, role_mutation_fields, plugin=PLUGIN)
    queryset_pipeline.register(HiddenFieldOrderingStep(), Phase.FILTER)
    checks.register(check_authorization, "rail_django")
