"""What the schema compiler registers when core's app is ready."""

from __future__ import annotations

from django.core import checks


def register_schema_compiler() -> None:
    """Core's queryset pipeline steps, the ``GraphQLMeta`` system check and the check of
    create mutations that can never succeed."""
    from rail_django.core.meta.checks import check_graphql_meta
    from rail_django.core.mutations.create_checks import check_create_mutations
    from rail_django.core.queries.pipeline_steps import register_pipeline_steps

    register_pipeline_steps()
    checks.register(check_graphql_meta, "rail_django")
    checks.register(check_create_mutations, "rail_django")
