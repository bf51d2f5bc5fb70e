"""The state of one mutation call, and the one place where input fields are checked.

:func:`check_field_writes` is where every input key of every object (root, nested, bulk item)
is checked against the permission backend's ``field_write`` before anything is assigned. The
security package's field rules (and its ``field_permission_input_mode``) act through that
backend method, so no other code path can write a field the backend refuses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import ForeignObjectRel, Model, QuerySet

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.input_cleaning import TextCleaner, input_cleaner
from rail_django.contracts.model_events import EventKind, ModelEvent, model_events
from rail_django.contracts.permissions import FieldInputMode, FieldVisibility, Operation
from rail_django.core.build_context import SchemaBuild
from rail_django.core.model_fields import field_map
from rail_django.core.mutations.input_types import FieldKind, InputPlan, InputTypeFactory
from rail_django.core.mutations.mutation_options import MutationOptions
from rail_django.core.mutations.operation_access import refusal
from rail_django.core.mutations.payload_errors import ErrorNames, FieldError, join_path
from rail_django.core.mutations.row_lookup import parse_pk, rows_by_pk, scoped
from rail_django.core.mutations.write_budget import spend_writes, too_many_items
from rail_django.core.queries.access import ModelAccess


@dataclass
class WriteContext:
    """One mutation call: who writes, in which schema, and the errors found so far."""

    build: SchemaBuild
    factory: InputTypeFactory
    options: Mapping[type[Model], MutationOptions]
    user: Any
    request: Any
    errors: list[FieldError] = field(default_factory=list)
    #: Rows the user may view, found ahead by :meth:`preload`, by (model, primary key).
    known: dict[tuple[type[Model], Any], Model] = field(default_factory=dict)
    #: Whether the user may view each related model, asked once per model and call.
    viewable: dict[type[Model], bool] = field(default_factory=dict)
    #: The input cleaner's answer for this schema, asked on first use (a list, so "asked and
    #: got None" differs from "not asked yet").
    _text_cleaner: list[TextCleaner | None] = field(default_factory=list)

    def text_cleaner(self) -> TextCleaner | None:
        """The cleaner of text inputs for this call's schema, or ``None``: text is stored as
        given (no cleaner installed, or ``enable_validation_middleware`` off)."""
        if not self._text_cleaner:
            middleware = self.build.settings["middleware_settings"]
            cleaner = None
            if middleware["enable_validation_middleware"]:
                cleaner = input_cleaner.get().for_schema(self.build.runtime)
            self._text_cleaner.append(cleaner)
        return self._text_cleaner[0]

    def fail(self, path: str | None, message: str, code: ErrorCode) -> None:
        self.errors.append(FieldError(path, message, code))

    def may(self, model: type[Model], operation: str, path: str | None) -> bool:
        """Check a nested operation on ``model``; record a payload error when refused."""
        refused = refusal(self.options[model], model, operation, self.user)
        if refused is not None:
            self.fail(path, refused[0], ErrorCode(refused[1]))
            return False
        return True

    def scoped(self, model: type[Model], operation: str) -> QuerySet[Any]:
        """The rows of ``model`` the pipeline lets the user reach for ``operation``."""
        return scoped(model, self.user, operation, self.build.runtime, self.request)

    def rows(
        self, model: type[Model], ids: list[Any], operation: str, *, lock: bool = False
    ) -> dict[int, Model]:
        """Rows by position in ``ids`` the user reaches for ``operation`` (one query).

        Rows looked up to be linked to (``operation`` is view) need view permission on their
        model, the read side's own decision: without it no row is found, so a forbidden id
        answers exactly like a missing one and the ids that exist stay unknown.
        """
        if operation == Operation.VIEW and not self.may_view(model):
            return {}
        return rows_by_pk(
            model,
            ids,
            user=self.user,
            operation=operation,
            runtime=self.build.runtime,
            context=self.request,
            lock=lock,
        )

    def spend(self, rows: int) -> None:
        """Count ``rows`` about to be written against the request's ceiling (raises past it)."""
        ceiling = self.build.settings["mutation_settings"]["max_rows_written_per_request"]
        spend_writes(self.request, rows, ceiling)

    def within_item_limit(self, items: Any, path: str | None) -> bool:
        """Whether the nested list ``items`` is small enough; records the error when not."""
        ceiling = self.build.settings["mutation_settings"]["max_nested_items"]
        message = too_many_items(items, ceiling)
        if message is None:
            return True
        self.fail(path, message, ErrorCode.TOO_MANY_ITEMS)
        return False

    def may_view(self, model: type[Model]) -> bool:
        """Whether the user may read ``model`` in this schema (as its list fields decide)."""
        if model not in self.viewable:
            access = ModelAccess(model, self.build.settings, self.build.runtime)
            self.viewable[model] = access.refusal(self.user) is None
        return self.viewable[model]

    def preload(self, plan: InputPlan, items: Sequence[Mapping[str, Any]]) -> None:
        """Find the rows the foreign keys of ``items`` name, one query per relation, so a
        bulk call does not look each one up on its own."""
        for entry in plan.fields.values():
            if entry.kind is not FieldKind.FORWARD:
                continue
            ids = [item[entry.name] for item in items if item.get(entry.name) is not None]
            if ids:
                for row in self.rows(entry.related, ids, Operation.VIEW).values():
                    self.known[(entry.related, row.pk)] = row

    def connectable(self, model: type[Model], value: Any) -> Model | None:
        """The row of ``model`` with id ``value`` the user may view and link to, or ``None``."""
        pk = parse_pk(model, value)
        if pk is not None and (model, pk) in self.known:
            return self.known[(model, pk)]
        return self.rows(model, [value], Operation.VIEW).get(0)

    def missing(self, model: type[Model], path: str | None) -> None:
        # The same words for a missing, malformed and out-of-scope id: nothing leaks.
        self.fail(path, f"No {model._meta.verbose_name} with this id.", ErrorCode.NOT_FOUND)

    def error_names(self, model: type[Model], inputs: Mapping[str, str]) -> ErrorNames:
        """What the validation errors of a ``model`` row may name for this user: the ``inputs``
        it was sent (Django name -> input name) and the fields it may read; every other field
        is hidden (excluded from the schema, or hidden by the field-access table)."""
        table = self.build.runtime.field_access
        shown = {model._meta.pk.name: "id", "id": "id"}
        for name in self.build.exposed_fields(model):
            decision = table.read(self.user, model, name, context=self.request)
            if decision.visibility is not FieldVisibility.HIDDEN:
                shown[name] = self.build.field_name(name)
        shown.update(inputs)
        hidden: dict[str, tuple[str, ...]] = {}
        for name, candidate in field_map(model).items():
            if name in shown or isinstance(candidate, ForeignObjectRel):
                continue  # reverse relations are never validated with their row
            words = [name, self.build.field_name(name), getattr(candidate, "attname", "")]
            words.append(str(getattr(candidate, "verbose_name", "") or ""))
            hidden[name] = tuple(w for w in words if w)
            if getattr(candidate, "attname", name) != name:
                hidden[candidate.attname] = hidden[name]
        return ErrorNames(shown, hidden)

    def publish(self, obj: Model, kind: EventKind, changed: set[str] | frozenset[str]) -> None:
        """Publish the model event; the bus delivers it only after the transaction commits."""
        model_events.publish(
            ModelEvent(
                model=type(obj),
                pk=obj.pk,
                kind=kind,
                changed_fields=frozenset(changed),
                actor=self.user if getattr(self.user, "is_authenticated", False) else None,
            ),
            using=obj._state.db,
        )


def check_field_writes(
    ctx: WriteContext, plan: InputPlan, data: Mapping[str, Any], path: str | None
) -> Mapping[str, Any] | None:
    """Apply the backend's field write rules to one object's input keys.

    The single check point for field-level write rules (see the module docstring). A refused key
    is an error (``reject``: one payload error per key, and ``None`` is returned) or is dropped
    from the input (``strip``), as the backend's ``field_input_mode`` says for this schema.
    Returns the input to write.
    """
    table = ctx.build.runtime.field_access
    refused: list[str] = []
    for entry in plan.fields.values():
        keys = [entry.key(op) for op in ("", "create", "add", "remove")]
        given = [key for key in keys if key in data]
        if given and not table.writable(ctx.user, plan.model, entry.name):
            refused.extend(given)
    if not refused:
        return data
    if table.input_mode() == FieldInputMode.STRIP:
        return {key: value for key, value in data.items() if key not in refused}
    for key in refused:
        ctx.fail(
            join_path(path, plan.path_name(key)),
            "You do not have permission to write this field.",
            ErrorCode.PERMISSION_DENIED,
        )
    return None
