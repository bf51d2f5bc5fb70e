"""``manage.py check --deploy``: Rail Django settings unsafe in production
(ids ``rail_django_security.W301`` to ``W306``).

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
from rail_django.security.cross_origin.origin_list import ANY_ORIGIN

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
    middleware = resolved.sections.get("middleware_settings") or {}
    if (
        security.get("enable_cors")
        and middleware.get("enable_cors_middleware", True)
        and ANY_ORIGIN in (security.get("allowed_origins") or ())
    ):
        yield (
            "W303",
            "allowed_origins is ['*']: every site can read the answers to anonymous and "
            "bearer-token requests (never with cookies: '*' is not combined with credentials).",
            "List the exact origins of your front ends in security_settings.allowed_origins "
            "(they may then send cookies), or set enable_cors: False if no other site calls "
            "the API.",
        )
    if not security.get("enable_csrf_protection", True):
        yield (
            "W306",
            "enable_csrf_protection is False: requests authenticated by a session or a token "
            "cookie are served without a CSRF token.",
            "Remove enable_csrf_protection: False; browsers send the X-CSRFToken header "
            "(GraphiQL does), bearer-header clients need none.",
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
