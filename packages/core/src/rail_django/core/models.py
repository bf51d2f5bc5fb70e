"""Core's one model: a table-less holder of the ``rail_django.manage_schema`` and
``rail_django.view_metrics`` permissions.

Django stores permissions against a model's content type, so a grantable
``rail_django.manage_schema`` (the guide's ``GRAPHQL_SCHEMA_API_REQUIRED_PERMISSIONS`` default)
or ``rail_django.view_metrics`` (``health_settings.metrics_permission``'s default) needs a model
under the ``rail_django`` label. This one is unmanaged: ``migrate`` creates its
permission and content type, never a table. Core's app is ``rail_django_internal``, so the
model is never part of a GraphQL schema.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemaManagement(models.Model):
    """Holds the permissions of core's operator endpoints: the schema management REST API
    (``/api/v1/``) and the Prometheus metrics (``/metrics/``)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("manage_schema", _("Can manage GraphQL schemas (REST API /api/v1/)")),
            ("view_metrics", _("Can scrape the metrics endpoint (/metrics/)")),
        ]
        verbose_name = _("schema management")
        verbose_name_plural = _("schema management")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
