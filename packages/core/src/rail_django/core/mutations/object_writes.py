"""Write one object from its parsed input: assign, validate through the model, save.

Validation is the model's own ``full_clean()`` (required fields, choices, max length, decimal
digits, unique and unique-together checks, constraints). An object with errors is not saved and
its nested relations are not written; sibling objects are still checked so one answer lists
every problem, and the caller rolls the whole transaction back. ``save()`` and ``delete()`` are
the model's, so ``pre_save``/``post_save``/``pre_delete``/``post_delete`` fire once per row.
A database integrity error (a unique value taken by a concurrent transaction, a protected
relation) stops the call at once with a ``RAIL_GQL_CONFLICT`` error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import enum
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models
from django.db.models import Model, ProtectedError, RestrictedError
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.model_events import EventKind, model_events
from rail_django.contracts.permissions import Operation
from rail_django.core.mutations.file_writes import assign_file, note_stored
from rail_django.core.mutations.input_types import FieldKind, InputPlan, Mode
from rail_django.core.mutations.payload_errors import (
    FieldError,
    MutationFailed,
    join_path,
    validation_errors,
)
from rail_django.core.mutations.text_inputs import clean_text_fields
from rail_django.core.mutations.write_context import WriteContext, check_field_writes


@contextlib.contextmanager
def database_errors(ctx: WriteContext, path: str | None) -> Iterator[None]:
    """Turn an integrity error into a ``CONFLICT`` payload error that rolls the call back."""
    try:
        yield
    except (ProtectedError, RestrictedError) as exc:
        names = sorted({str(type(o)._meta.verbose_name_plural) for o in exc.args[1]})
        message = f"Cannot delete: still referenced by {', '.join(names)}."
        raise MutationFailed([*ctx.errors, FieldError(path, message, ErrorCode.CONFLICT)]) from None
    except IntegrityError:
        message = "This change conflicts with existing data (a unique value or a relation)."
        raise MutationFailed([*ctx.errors, FieldError(path, message, ErrorCode.CONFLICT)]) from None


def create_object(
    ctx: WriteContext,
    plan: InputPlan,
    data: Mapping[str, Any],
    path: str | None,
    *,
    parent: Model | None = None,
) -> Model | None:
    """Create a ``plan.model`` row from ``data`` (``parent``: the row a nested create hangs on)."""
    obj = plan.model()
    if parent is not None and plan.parent_field:
        setattr(obj, plan.parent_field, parent)
    return _write(ctx, plan, obj, data, path, created=True)


def update_object(
    ctx: WriteContext, plan: InputPlan, obj: Model, data: Mapping[str, Any], path: str | None
) -> Model | None:
    """Apply the keys present in ``data`` to ``obj`` (absent keys are left untouched)."""
    return _write(ctx, plan, obj, data, path, created=False)


def delete_object(ctx: WriteContext, obj: Model, path: str | None) -> Model:
    """Delete ``obj`` with its model's ``delete()``; the returned row keeps its id."""
    pk = obj.pk
    ctx.spend(1)
    with database_errors(ctx, path), model_events.claimed(obj):
        obj.delete()
    obj.pk = pk  # Django clears it; the payload still says which row went.
    ctx.publish(obj, EventKind.DELETED, frozenset())
    return obj


def _write(
    ctx: WriteContext,
    plan: InputPlan,
    obj: Model,
    data: Mapping[str, Any],
    path: str | None,
    *,
    created: bool,
) -> Model | None:
    # Imported here: relation writes create nested objects through this module (a cycle).
    from rail_django.core.mutations.relation_writes import write_to_many

    checked = check_field_writes(ctx, plan, data, path)
    if checked is None:
        return None
    cleaned = clean_text_fields(ctx, plan, checked, path)
    if cleaned is None:
        return None
    data = cleaned
    before = len(ctx.errors)
    changed: set[str] = set()
    linked: set[str] = set()
    uploaded: set[str] = set()
    for entry in plan.fields.values():
        if entry.kind is FieldKind.FILE and entry.name in data:
            if assign_file(ctx, obj, entry, data[entry.name], path):
                changed.add(entry.name)
                if data[entry.name] is not None:
                    uploaded.add(entry.name)
        elif entry.kind is FieldKind.SCALAR and entry.name in data:
            value = data[entry.name]
            if isinstance(value, enum.Enum):
                value = value.value
            setattr(obj, entry.field.attname, value)
            changed.add(entry.name)
        elif entry.kind is FieldKind.FORWARD and _write_forward(ctx, plan, obj, entry, data, path):
            changed.add(entry.name)
            if getattr(obj, entry.field.attname) is not None:
                linked.add(entry.name)
    if len(ctx.errors) > before:
        return None
    try:
        full_clean(obj, linked)
    except ValidationError as exc:
        names = ctx.error_names(plan.model, plan.names)
        ctx.errors.extend(validation_errors(exc, path, names))
        return None
    _as_stored(obj, plan, changed)
    ctx.spend(1)
    with database_errors(ctx, path), model_events.claimed(obj):
        obj.save()
    note_stored(ctx.request, obj, uploaded)
    changed |= write_to_many(ctx, plan, obj, data, path)
    if len(ctx.errors) > before:
        return None
    ctx.publish(obj, EventKind.CREATED if created else EventKind.UPDATED, changed)
    return obj


def _as_stored(obj: Model, plan: InputPlan, changed: set[str]) -> None:
    """Give written decimals the scale the column stores (``12.5`` -> ``12.50``), so the
    payload shows what a later query reads, without reading the row back."""
    for name in changed:
        column = plan.fields[name].field
        if isinstance(column, models.DecimalField):
            value = getattr(obj, column.attname)
            if isinstance(value, decimal.Decimal) and value.is_finite():
                setattr(
                    obj,
                    column.attname,
                    value.quantize(decimal.Decimal(1).scaleb(-column.decimal_places)),
                )


def full_clean(obj: Model, linked: set[str]) -> None:
    """``obj.full_clean()``, minus the existence query of foreign keys in ``linked``: those
    point at rows this call has just found through the pipeline or created."""
    errors: dict[str, Any] = {
        field.name: [ValidationError(message, code="unstorable")]
        for field in obj._meta.concrete_fields
        if (message := unstorable(field, getattr(obj, field.attname))) is not None
    }
    skipped = linked | set(errors)
    for step in (lambda: obj.clean_fields(exclude=skipped), obj.clean):
        try:
            step()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    # Like Django's full_clean: no uniqueness checks on fields that are already invalid.
    invalid = set(errors)
    for check in (obj.validate_unique, obj.validate_constraints):
        try:
            check(exclude=invalid)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def unstorable(field: models.Field, value: Any) -> str | None:
    """Why the database cannot store ``value`` in ``field`` though the model accepts it, or
    ``None``. Each case was a server error: a NUL character in text or JSON (PostgreSQL refuses
    it), a date and time outside years 1-9999 once in UTC, a duration past 64-bit microseconds
    (how SQLite stores it)."""
    if isinstance(value, str) and "\x00" in value:
        return "Null characters are not allowed."
    if isinstance(field, models.JSONField) and _json_has_nul(value):
        return "Null characters are not allowed."
    if _has_lone_surrogate(value):
        # JSON may spell "\ud800" but no UTF-8 database can store it (the driver fails).
        return gettext("Text must not contain unpaired surrogate characters.")
    if isinstance(value, dt.datetime) and isinstance(field, models.DateTimeField):
        from django.utils import timezone

        try:
            aware = value if timezone.is_aware(value) else timezone.make_aware(value)
            aware.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            return "Enter a date and time within years 1-9999 in UTC."
    if isinstance(value, dt.timedelta) and isinstance(field, models.DurationField):
        from django.utils.duration import duration_microseconds

        if abs(duration_microseconds(value)) >= 2**63:
            return "Enter a shorter duration."
    return None


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    return False


def _json_has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_json_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_json_has_nul(k) or _json_has_nul(v) for k, v in value.items())
    return False


def _write_forward(
    ctx: WriteContext,
    plan: InputPlan,
    obj: Model,
    entry: Any,
    data: Mapping[str, Any],
    path: str | None,
) -> bool:
    """Connect (id) or create (nested input) the row a foreign key points to."""
    create_key = entry.key("create")
    nested = data.get(create_key) if create_key in data else None
    if nested is not None:
        if data.get(entry.name) is not None:
            ctx.fail(
                join_path(path, plan.path_name(create_key)),
                f"Give either {entry.graphql_name} or {plan.path_name(create_key)}, not both.",
                ErrorCode.INVALID_ARGUMENT,
            )
            return False
        nested_path = join_path(path, plan.path_name(create_key))
        if not ctx.may(entry.related, Operation.CREATE, nested_path):
            return False
        child_plan = ctx.factory.plan(entry.related, Mode.CREATE)
        related = create_object(ctx, child_plan, nested, nested_path)
        if related is None:
            return False
        setattr(obj, entry.name, related)
        return True
    if entry.name not in data:
        return False
    value = data[entry.name]
    if value is None:
        setattr(obj, entry.field.attname, None)  # full_clean says whether null is allowed
        return True
    related = ctx.connectable(entry.related, value)
    if related is None:
        ctx.missing(entry.related, join_path(path, entry.graphql_name))
        return False
    setattr(obj, entry.name, related)
    return True
