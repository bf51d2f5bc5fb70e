"""``orderBy: ["-price", "name", "category__name"]``: validated paths, default order, stable pages.

A path is a Django path (``category__name``) whose segments may also be written as the schema's
camelCase field names (``createdAt``, ``category__createdAt``). Each segment must be a field the
schema exposes; to-many relations are refused (they would repeat rows). When the model's
``GraphQLMeta.Ordering.allowed`` is set, only the paths it lists are accepted. Python
properties may be ordered by only when ``allowed`` lists them; that order is computed in Python
over at most ``max_property_ordering_results`` rows.

Every order ends with the primary key, so pages never overlap or skip rows.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Model, QuerySet, Value, When
from django.utils.translation import gettext, ngettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.queryset_pipeline import QueryRequest
from rail_django.contracts.settings_registry import ResolvedSettings
from rail_django.core.meta import get_model_meta
from rail_django.core.model_fields import field_map, is_python_property
from rail_django.core.model_selection import exposed_field_names, schema_models
from rail_django.core.types.naming import to_camel_case


@dataclass(frozen=True)
class OrderKey:
    """One validated ordering term."""

    path: str
    descending: bool
    is_property: bool = False

    @property
    def expression(self) -> str:
        return f"-{self.path}" if self.descending else self.path


class _Exposure:
    """Exposed field names per model for one settings object (cached per settings object)."""

    def __init__(self, settings: ResolvedSettings) -> None:
        self.settings = settings
        self.models = schema_models(settings)
        self._names: dict[type[Model], dict[str, str]] = {}

    def lookup(self, model: type[Model]) -> dict[str, str]:
        """API name or camelCase name -> Django name, for the fields exposed on ``model``."""
        names = self._names.get(model)
        if names is None:
            names = {}
            exposed = (*exposed_field_names(model, self.settings, self.models), "id", "pk")
            for name in exposed:
                names[name] = name
                names.setdefault(to_camel_case(name), name)
            self._names[model] = names
        return names


_exposures: dict[int, _Exposure] = {}
_lock = threading.Lock()


def _exposure(settings: ResolvedSettings) -> _Exposure:
    cached = _exposures.get(id(settings))
    if cached is not None and cached.settings is settings:
        return cached
    with _lock:
        exposure = _Exposure(settings)
        _exposures[id(settings)] = exposure  # the entry keeps `settings` alive: ids stay unique
        return exposure


def clear_ordering_cache() -> None:
    _exposures.clear()


def _invalid(message: str) -> RailError:
    return RailError(message, ErrorCode.INVALID_ORDERING)


def parse_order_key(
    model: type[Model], raw: str, settings: ResolvedSettings, *, trusted: bool = False
) -> OrderKey:
    """Validate one ``orderBy`` entry of ``model``. ``trusted`` skips the ``allowed`` list (for
    the model's own default ordering)."""
    if not isinstance(raw, str) or not raw.lstrip("-"):
        raise _invalid(gettext("Invalid ordering entry %(entry)r.") % {"entry": raw})
    descending = raw.startswith("-")
    body = raw[1:] if descending else raw
    allowed = get_model_meta(model).ordering.allowed
    allowed_paths = None if allowed is None else {entry.lstrip("-") for entry in allowed}
    exposure = _exposure(settings)
    current = model
    segments = body.split("__")
    path: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        name = exposure.lookup(current).get(segment)
        if name is None:
            prop_path = "__".join([*path, segment])
            if (
                last
                and allowed_paths is not None
                and prop_path in allowed_paths
                and is_python_property(current, segment)
            ):
                return OrderKey(prop_path, descending, is_property=True)
            raise _invalid(
                gettext("Cannot order %(model)s by %(path)r: unknown field %(name)r.")
                % {"model": model.__name__, "path": body, "name": segment}
            )
        path.append(name)
        if name in ("id", "pk"):
            if not last:
                raise _invalid(
                    gettext("Cannot order %(model)s by %(path)r.")
                    % {"model": model.__name__, "path": body}
                )
            path[-1] = "pk"
            continue
        field = field_map(current)[name]
        if field.many_to_many or field.one_to_many:
            raise _invalid(
                gettext("Cannot order %(model)s by %(path)r: %(name)r holds many rows.")
                % {"model": model.__name__, "path": body, "name": name}
            )
        if field.is_relation:
            current = field.related_model
            if last:
                path.append("pk")
        elif not last:
            raise _invalid(
                gettext("Cannot order %(model)s by %(path)r: %(name)r is not a relation.")
                % {"model": model.__name__, "path": body, "name": name}
            )
    django_path = "__".join(path)
    if not trusted and allowed_paths is not None:
        plain = django_path.removesuffix("__pk")
        if django_path not in allowed_paths and plain not in allowed_paths:
            accepted = ", ".join(sorted(allowed_paths)) or gettext("none")
            raise _invalid(
                gettext("Cannot order %(model)s by %(path)r; accepted orderings: %(accepted)s.")
                % {"model": model.__name__, "path": body, "accepted": accepted}
            )
    return OrderKey(django_path, descending)


def _default_keys(model: type[Model], settings: ResolvedSettings) -> list[Any]:
    default = get_model_meta(model).ordering.default
    if default:
        return [parse_order_key(model, entry, settings, trusted=True) for entry in default]
    return list(model._meta.ordering or ())


def _with_tiebreak(terms: list[Any], model: type[Model]) -> list[Any]:
    pk_names = {"pk", "id", model._meta.pk.name}
    for term in terms:
        if isinstance(term, str) and term.lstrip("-") in pk_names:
            return terms
    return [*terms, "pk"]


def _property_value(row: Any, path: str) -> Any:
    value = row
    for part in path.split("__"):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def _order_in_python(queryset: QuerySet[Any], keys: Sequence[OrderKey], cap: int) -> QuerySet[Any]:
    rows = list(queryset[: cap + 1])
    if len(rows) > cap:
        names = ", ".join(k.path for k in keys if k.is_property)
        raise _invalid(
            ngettext(
                "Ordering by %(names)s is computed in Python over at most %(limit)s row; "
                "narrow the list with a filter first.",
                "Ordering by %(names)s is computed in Python over at most %(limit)s rows; "
                "narrow the list with a filter first.",
                cap,
            )
            % {"names": names, "limit": cap}
        )
    rows.sort(key=lambda row: row.pk)
    for key in reversed(keys):  # stable sorts, last key first
        present = [r for r in rows if _property_value(r, key.path) is not None]
        missing = [r for r in rows if _property_value(r, key.path) is None]
        present.sort(key=lambda row, k=key: _property_value(row, k.path), reverse=key.descending)
        rows = present + missing
    if not rows:
        return queryset.none()
    positions = [When(pk=row.pk, then=Value(index)) for index, row in enumerate(rows)]
    return queryset.filter(pk__in=[row.pk for row in rows]).order_by(
        Case(*positions, output_field=IntegerField())
    )


class OrderingStep:
    """Pipeline step (``Phase.ORDER``): the requested order, else the default, plus the pk."""

    name = "core_ordering"

    def apply(self, queryset: QuerySet[Any], request: QueryRequest) -> QuerySet[Any]:
        settings = request.runtime.settings
        query_settings = settings["query_settings"]
        model = request.model
        if not query_settings["enable_ordering"]:
            if request.order_by:
                raise RailError(
                    gettext("Ordering is disabled for this schema."), ErrorCode.OPERATION_DISABLED
                )
            return queryset.order_by(*_with_tiebreak(list(model._meta.ordering or ()), model))
        if request.order_by:
            keys: list[Any] = [parse_order_key(model, raw, settings) for raw in request.order_by]
        else:
            keys = _default_keys(model, settings)
        if any(isinstance(k, OrderKey) and k.is_property for k in keys):
            cap = query_settings["max_property_ordering_results"]
            return _order_in_python(queryset, [k for k in keys if isinstance(k, OrderKey)], cap)
        terms = [k.expression if isinstance(k, OrderKey) else k for k in keys]
        return queryset.order_by(*_with_tiebreak(terms, model))
