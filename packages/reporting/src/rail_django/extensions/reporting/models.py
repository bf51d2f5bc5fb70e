"""``ReportingDataset``: a BI dataset defined as data (admin or code), validated when saved."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError, ValidationError
from django.db import connections, models, router
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rail_django.extensions.reporting.definitions import (
    DefinitionError,
    Definitions,
    parse_definitions,
)


class ReportingDataset(models.Model):
    """A named grouping of a source model: its dimensions, metrics, filters and access rule.

    ``dimensions``: ``[{"field": "created_at", "transform": "trunc:month", "name": "month"}]``;
    ``metrics``: ``[{"field": "total_amount", "aggregation": "sum", "name": "revenue"}]``;
    ``filters``: Django lookups every run applies (``{"status": "paid"}``); ``ordering``: the
    default order of the rows (``["-revenue"]``); ``required_permission``: a permission
    (``"store.view_sales"``) a user needs, besides viewing the source model, to run it.
    Saving validates every definition against the source model and the database.
    """

    code = models.SlugField(gettext_lazy("code"), max_length=100, unique=True)
    title = models.CharField(gettext_lazy("title"), max_length=200)
    description = models.TextField(gettext_lazy("description"), blank=True)
    source_app_label = models.CharField(gettext_lazy("source app label"), max_length=100)
    source_model = models.CharField(gettext_lazy("source model"), max_length=100)
    dimensions = models.JSONField(gettext_lazy("dimensions"), default=list, blank=True)
    metrics = models.JSONField(gettext_lazy("metrics"), default=list, blank=True)
    filters = models.JSONField(gettext_lazy("filters"), default=dict, blank=True)
    ordering = models.JSONField(gettext_lazy("ordering"), default=list, blank=True)
    required_permission = models.CharField(
        gettext_lazy("required permission"), max_length=200, blank=True
    )
    is_active = models.BooleanField(gettext_lazy("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("reporting dataset")
        verbose_name_plural = gettext_lazy("reporting datasets")
        ordering = ("code",)

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Datasets created in code (the guide's objects.create) are validated like the admin's.
        self.clean()
        super().save(*args, **kwargs)

    # -- the source ---------------------------------------------------------------------------
    def source(self) -> type[models.Model]:
        """The source model; ``ValidationError`` when the app or model does not exist."""
        try:
            return apps.get_model(self.source_app_label, self.source_model)
        except (LookupError, ValueError):
            raise ValidationError(
                {
                    "source_model": _("No model %(label)s is installed.")
                    % {"label": f"{self.source_app_label}.{self.source_model}"}
                }
            ) from None

    def vendor(self) -> str:
        """The vendor of the database the source model is read from."""
        return connections[router.db_for_read(self.source())].vendor

    def definitions(self) -> Definitions:
        """The parsed dimensions and metrics; ``ValidationError`` listing every problem."""
        model = self.source()
        try:
            return parse_definitions(model, self.dimensions, self.metrics, self.vendor())
        except DefinitionError as error:
            grouped: dict[str, list[str]] = {}
            for problem in error.problems:
                grouped.setdefault(_field_of(problem), []).append(problem)
            raise ValidationError(grouped) from None

    def filtered(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """``queryset`` narrowed by the dataset's own filters."""
        return queryset.filter(**self.filters) if self.filters else queryset

    # -- validation ---------------------------------------------------------------------------
    def clean(self) -> None:
        super().clean()
        model = self.source()
        errors: dict[str, list[str]] = {}
        try:
            definitions = self.definitions()
        except ValidationError as error:
            errors.update(error.message_dict)
            definitions = None
        if not isinstance(self.filters, dict):
            errors["filters"] = [_("filters must be an object of Django lookups.")]
        elif self.filters:
            try:
                self.filtered(model._default_manager.all()).query  # noqa: B018 - builds, no SQL
            except (FieldError, ValueError, TypeError, ValidationError) as error:
                errors["filters"] = [_("filters: %(error)s") % {"error": error}]
        if not isinstance(self.ordering, list) or not all(
            isinstance(entry, str) for entry in self.ordering
        ):
            errors["ordering"] = [_("ordering must be a list of column names.")]
        elif definitions is not None:
            names = {column.name for column in definitions.columns}
            wrong = [e for e in self.ordering if e.lstrip("-") not in names]
            if wrong:
                errors["ordering"] = [
                    _("ordering names no column: %(names)s") % {"names": ", ".join(wrong)}
                ]
        if errors:
            raise ValidationError(errors)


def _field_of(problem: str) -> str:
    return "metrics" if problem.startswith("metrics") else "dimensions"
