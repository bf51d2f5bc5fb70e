"""graphql-core validation rules core adds to a schema, one rule per module, each named after
what it forbids."""

from rail_django.core.validation.no_schema_introspection import NoSchemaIntrospection

__all__ = ["NoSchemaIntrospection"]
