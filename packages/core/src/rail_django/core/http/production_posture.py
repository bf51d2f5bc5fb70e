"""What ``DEBUG = False`` changes at the endpoint unless a setting explicitly says otherwise.

The guide's production note: GraphiQL is for superusers and anonymous clients cannot
introspect the schema. With ``DEBUG = False``

- ``schema_settings.graphiql_superuser_only`` acts as ``True`` unless some settings level sets
  it (``False`` written in a settings file opens GraphiQL to everyone it otherwise allows);
- an anonymous request is validated with introspection off (``__schema``/``__type`` refused with
  ``INTROSPECTION_DISABLED``, no "Did you mean ..." suggestions) unless
  ``schema_settings.enable_introspection`` is set at some level; signed-in users keep it.

With ``DEBUG = True`` the keys' own values act, as in development.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from rail_django.contracts.settings_registry import ResolvedSettings

__all__ = ["graphiql_settings", "introspection_closed_for", "may_introspect"]

# ``__schema`` or ``__type`` as a name; ``__typename`` is not introspection of the schema.
_INTROSPECTION = re.compile(r"__schema|__type(?!name)")


def _production(resolved: ResolvedSettings, key: str) -> bool:
    return not settings.DEBUG and not resolved.is_explicit("schema_settings", key)


def graphiql_settings(resolved: ResolvedSettings) -> Mapping[str, Any]:
    """The schema's ``schema_settings`` as GraphiQL's access check must read them."""
    schema_settings = resolved["schema_settings"]
    if _production(resolved, "graphiql_superuser_only"):
        return {**schema_settings, "graphiql_superuser_only": True}
    return schema_settings


def introspection_closed_for(request: Any, resolved: ResolvedSettings) -> bool:
    """Whether ``request`` must be validated with introspection off although the schema's
    ``enable_introspection`` (left at its default) allows it: production, and anonymous."""
    if not resolved["schema_settings"].get("enable_introspection", True):
        return False  # already off for everyone: the schema's ordinary rules refuse it
    if not _production(resolved, "enable_introspection"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def may_introspect(query: Any, errors: Any) -> bool:
    """Whether a document's validation can depend on introspection being closed: it names
    ``__schema``/``__type``, or it failed validation (whose messages may suggest field names)."""
    return bool(errors) or (isinstance(query, str) and _INTROSPECTION.search(query) is not None)
