"""``manage.py check --deploy``: Rail Django settings unsafe in production
(ids ``rail_django_security.W301``, ``W302``, ``W304``, ``W305``; ``W303`` is kept for
``allowed_origins = ["*"]`` once CORS acts).

Run for the global level and each schema of ``RAIL_DJANGO_GRAPHQL_SCHEMAS``; a schema is named
only where it differs from the global level. The JWT key checks (``W103`` a key equal to
``SECRET_KEY``, ``W104`` a key shorter than 32 bytes) run with every check, deploy included.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

from rail_django.contracts.settings_registry import ResolvedSettings, settings_registry

__all__ = ["check_deploy_posture"]

#: Cache backends that count per process: limits multiply by the number of workers.
_PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def _problems(resolved: ResolvedSettings) -> Iterator[tuple[str, str, str]]:
    """(id, message, hint) for each unsafe setting of one level."""
    schema = resolved["schema_settings"]
    security = resolved.sections.get("security_settings") or {}
    if (
        schema.get("enable_graphiql")
        and resolved.is_explicit("schema_settings", "graphiql_superuser_only")
        and not schema.get("graphiql_superuser_only")
    ):
        yield (
            "W301",
            _("GraphiQL is open to every user it serves, not only superusers."),
            _("Remove graphiql_superuser_only: False, or set enable_graphiql: False."),
        )
    if schema.get("enable_introspection") and resolved.is_explicit(
        "schema_settings", "enable_introspection"
    ):
        yield (
            "W302",
            _("enable_introspection is set on: anonymous clients can read the whole schema."),
            _("Remove the key (signed-in users keep introspection) or set it to False."),
        )
    if not security.get("enable_rate_limiting"):
        yield (
            "W304",
            _("Rate limiting is off: sign-in attempts and operations are not limited."),
            _("Set security_settings.enable_rate_limiting: True with a shared cache (Redis)."),
        )
        return
    alias = security.get("rate_limit_cache_alias") or "default"
    backend = str((getattr(settings, "CACHES", {}) or {}).get(alias, {}).get("BACKEND", ""))
    if backend in _PER_PROCESS_CACHES or not backend:
        yield (
            "W305",
            _(
                "Rate limits are counted in cache %(alias)r (%(backend)s), which each process "
                "keeps for itself: every worker grants the whole budget."
            )
            % {"alias": alias, "backend": backend or _("not configured")},
            _("Point rate_limit_cache_alias at a shared cache (django.core.cache.backends.redis)."),
        )


def check_deploy_posture(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The production warnings of every settings level (see the module docstring)."""
    found: list[checks.CheckMessage] = []
    global_ids: set[str] = set()
    for name in (None, *settings_registry.schema_names()):
        resolved = settings_registry.resolve(name)
        if "schema_settings" not in resolved:
            return []
        for number, message, hint in _problems(resolved):
            if name is None:
                global_ids.add(number)
            elif number in global_ids:
                continue  # said once, for the global level every schema inherits
            where = "RAIL_DJANGO_GRAPHQL" if name is None else _("schema %(name)r") % {"name": name}
            found.append(
                checks.Warning(
                    f"{where}: {message}", hint=hint, id=f"rail_django_security.{number}"
                )
            )
    return found
