"""Model methods exposed as mutations with :func:`mutation_method`.

::

    from rail_django.generators.mutations import mutation_method

    class Product(models.Model):
        @mutation_method(codename="change")
        def apply_discount(self, percentage: Decimal) -> "Product":
            self.price = self.price * (1 - percentage / 100)
            self.save()
            return self

becomes ``applyDiscountProduct(id: ID!, percentage: Decimal!): ProductPayload`` (the method's
name, then the type's name, like ``createProduct``; ``name=`` overrides it). Arguments are typed
from the annotations (``int``, ``float``, ``str``, ``bool``, ``Decimal``, ``date``, ``datetime``,
``time``, ``UUID``, ``dict``/``list`` as JSON, ``list[X]``; ``X | None`` or a default makes the
argument optional). The row is found through the queryset pipeline and locked, the method runs
in a transaction, and a ``ValidationError`` it raises is reported in ``errors`` and rolls
everything back. Permission: the permission backend's ``operation`` (default ``update``) with
``codename`` (default: ``model_permission_codenames[operation]``), under
``require_model_permissions``; fields exist only with ``enable_method_mutations``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import inspect
import types
import typing
import uuid
from collections.abc import Callable
from typing import Any

import graphene
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.db.models import Model

from rail_django.contracts.error_codes import RailError
from rail_django.contracts.model_events import EventKind, model_events
from rail_django.core.mutations.crud_fields import MutationKit
from rail_django.core.mutations.method_marker import MARKER, MethodMutation
from rail_django.core.mutations.operation_access import refusal
from rail_django.core.mutations.payload_errors import validation_errors
from rail_django.core.mutations.payload_types import object_key
from rail_django.core.mutations.text_inputs import clean_text_arguments
from rail_django.core.mutations.transactions import payload, run_write
from rail_django.core.types import scalars
from rail_django.core.types.naming import to_snake_case

_SCALARS: dict[Any, Any] = {
    int: graphene.Int,
    float: graphene.Float,
    str: graphene.String,
    bool: graphene.Boolean,
    decimal.Decimal: scalars.Decimal,
    dt.datetime: scalars.DateTime,
    dt.date: scalars.Date,
    dt.time: scalars.Time,
    dt.timedelta: scalars.Duration,
    uuid.UUID: scalars.UUID,
    dict: scalars.JSON,
    list: scalars.JSON,
}


def marked_methods(model: type[Model]) -> list[tuple[str, Callable, MethodMutation]]:
    """The decorated methods of ``model`` and its bases, nearest definition first."""
    found: dict[str, tuple[str, Callable, MethodMutation]] = {}
    for klass in model.__mro__:
        for attr, value in vars(klass).items():
            marker = getattr(value, MARKER, None)
            if marker is not None and attr not in found:
                found[attr] = (attr, value, marker)
    return sorted(found.values(), key=lambda item: item[0])


def _graphql_type(annotation: Any, where: str) -> tuple[Any, bool]:
    """(graphene type, nullable) of an annotation."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _graphql_type(members[0], where)[0], True
    if origin is list:
        (item,) = typing.get_args(annotation) or (str,)
        inner, _ = _graphql_type(item, where)
        return graphene.List(graphene.NonNull(inner)), False
    if annotation in _SCALARS:
        return _SCALARS[annotation], False
    raise ImproperlyConfigured(
        f"{where}: cannot expose an argument annotated {annotation!r} "
        f"(use int, float, str, bool, Decimal, date, datetime, time, UUID, dict or list[...])."
    )


def _is_text(annotation: Any) -> bool:
    """``str``, ``list[str]``, or either ``| None``: what the input cleaner sees."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return len(members) == 1 and _is_text(members[0])
    if origin is list:
        return (typing.get_args(annotation) or (str,))[0] is str
    return annotation is str


def _text_arguments(method: Callable, arguments: dict[str, Any]) -> tuple[str, ...]:
    hints = typing.get_type_hints(method)
    return tuple(name for name in arguments if _is_text(hints[name]))


def _arguments(model: type[Model], attr: str, method: Callable) -> dict[str, graphene.Argument]:
    where = f"{model._meta.label}.{attr}"
    try:
        hints = typing.get_type_hints(method)
    except Exception as exc:
        raise ImproperlyConfigured(f"{where}: unresolvable annotations ({exc}).") from exc
    arguments: dict[str, graphene.Argument] = {}
    for param in list(inspect.signature(method).parameters.values())[1:]:
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if param.name not in hints:
            raise ImproperlyConfigured(f"{where}: argument {param.name!r} needs an annotation.")
        graphql_type, nullable = _graphql_type(hints[param.name], where)
        required = not nullable and param.default is inspect.Parameter.empty
        arguments[param.name] = graphene.Argument(graphql_type, required=required)
    if "id" in arguments:
        raise ImproperlyConfigured(f"{where}: 'id' names the row; rename the argument.")
    return arguments


def method_field(
    kit: MutationKit, model: type[Model], attr: str, method: Callable, marker: MethodMutation
) -> tuple[str, graphene.Field]:
    """The root field name (snake_case) and field of one decorated method."""
    options = kit.options[model]
    key = object_key(kit.build, model)
    arguments = _arguments(model, attr, method)
    text_names = _text_arguments(method, arguments)
    field_name = marker.name or f"{attr}_{to_snake_case(kit.build.type_name(model))}"
    operation = marker.operation

    def resolve(root: Any, info: Any, id: Any, **kwargs: Any) -> dict[str, Any]:
        ctx = kit.context(info)
        # Not ensure_allowed: enable_update & co. govern generated CRUD, not declared methods.
        refused = refusal(options, model, operation, ctx.user, codename=marker.codename)
        if refused is not None:
            raise RailError(*refused)

        def work() -> Any:
            if not clean_text_arguments(ctx, kwargs, text_names, kit.build.field_name):
                return None
            row = kit.locked_row(ctx, model, id, operation, marker.codename)
            if row is None:
                return None
            try:
                with model_events.claimed(row):
                    returned = getattr(row, attr)(**kwargs)
            except ValidationError as exc:
                names = {name: kit.build.field_name(name) for name in arguments}
                ctx.errors.extend(validation_errors(exc, None, ctx.error_names(model, names)))
                return None
            obj = returned if isinstance(returned, model) else row
            ctx.publish(obj, EventKind.UPDATED, frozenset())
            return obj

        obj, errors = run_write(ctx, model, work)
        if obj is not None:
            # Stored values (rounded decimals, database defaults); a method may delete its row.
            with contextlib.suppress(ObjectDoesNotExist):
                obj.refresh_from_db()
        return payload(ctx, obj, errors, **{key: obj})

    description = marker.description or inspect.getdoc(method) or f"Run {model.__name__}.{attr}."
    field = graphene.Field(
        kit.payloads.single(model),
        args={"id": graphene.Argument(graphene.NonNull(graphene.ID)), **arguments},
        resolver=resolve,
        description=description,
    )
    return field_name, field
