"""``create<Type>(input:)``, ``update<Type>(id:, input:)`` and ``delete<Type>(id:)``.

Update and delete find their row through the queryset pipeline with the ``update`` / ``delete``
operation and lock it, so object-level scoping applies and a row the user may not reach reads
exactly like a missing one (``{field: "id", code: RAIL_GQL_NOT_FOUND}``). ``input.id`` is
accepted for compatibility and must equal ``id`` when both are given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import graphene
from django.db.models import Model
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.permissions import Operation
from rail_django.core.build_context import SchemaBuild
from rail_django.core.mutations.input_types import InputTypeFactory, Mode
from rail_django.core.mutations.mutation_options import MutationOptions
from rail_django.core.mutations.object_writes import create_object, delete_object, update_object
from rail_django.core.mutations.operation_access import ensure_allowed, refusal
from rail_django.core.mutations.payload_errors import FieldError
from rail_django.core.mutations.payload_types import PayloadTypes, object_key
from rail_django.core.mutations.row_lookup import parse_pk
from rail_django.core.mutations.transactions import payload, run_write
from rail_django.core.mutations.write_context import WriteContext
from rail_django.core.queries.access import request_user


class MutationKit:
    """What every generated mutation of one schema build shares."""

    def __init__(
        self,
        build: SchemaBuild,
        options: Mapping[type[Model], MutationOptions],
        factory: InputTypeFactory,
        payloads: PayloadTypes,
    ) -> None:
        self.build = build
        self.options = options
        self.factory = factory
        self.payloads = payloads

    def context(self, info: Any) -> WriteContext:
        return WriteContext(
            self.build, self.factory, self.options, request_user(info), info.context
        )

    def locked_row(
        self,
        ctx: WriteContext,
        model: type[Model],
        pk: Any,
        operation: str,
        codename: str | None = None,
    ) -> Any:
        """The row ``pk`` locked for ``operation``, or ``None`` (with a ``NOT_FOUND`` error at
        ``id``) when it is missing, malformed or out of the user's reach."""
        row = ctx.rows(model, [pk], operation, lock=True).get(0)
        options = self.options[model]
        if row is not None and refusal(
            options, model, operation, ctx.user, obj=row, codename=codename
        ):
            row = None  # refused on this object: same answer as a missing one
        if row is None:
            ctx.missing(model, "id")
        return row


def create_field(kit: MutationKit, model: type[Model]) -> graphene.Field:
    options = kit.options[model]
    plan = kit.factory.plan(model, Mode.CREATE)
    key = object_key(kit.build, model)

    def resolve(root: Any, info: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        ctx = kit.context(info)
        ensure_allowed(options, model, Operation.CREATE, ctx.user)
        obj, errors = run_write(ctx, model, lambda: create_object(ctx, plan, input, None))
        return payload(ctx, obj, errors, **{key: obj})

    return graphene.Field(
        kit.payloads.single(model),
        args={"input": graphene.Argument(graphene.NonNull(kit.factory.create_type(model)))},
        resolver=resolve,
        description=_("Create a new %(model)s.") % {"model": model._meta.verbose_name},
    )


def update_field(kit: MutationKit, model: type[Model]) -> graphene.Field:
    options = kit.options[model]
    plan = kit.factory.plan(model, Mode.UPDATE)
    key = object_key(kit.build, model)

    def resolve(root: Any, info: Any, id: Any, input: Mapping[str, Any]) -> dict[str, Any]:
        ctx = kit.context(info)
        ensure_allowed(options, model, Operation.UPDATE, ctx.user)
        data = dict(input)
        input_id = data.pop("id", None)
        if input_id is not None and parse_pk(model, input_id) != parse_pk(model, id):
            mismatch = FieldError("id", _("input.id must equal id."), ErrorCode.INVALID_ARGUMENT)
            return payload(ctx, None, [mismatch], **{key: None})

        def work() -> Any:
            row = kit.locked_row(ctx, model, id, Operation.UPDATE)
            return None if row is None else update_object(ctx, plan, row, data, None)

        obj, errors = run_write(ctx, model, work)
        return payload(ctx, obj, errors, **{key: obj})

    return graphene.Field(
        kit.payloads.single(model),
        args={
            "id": graphene.Argument(graphene.NonNull(graphene.ID)),
            "input": graphene.Argument(graphene.NonNull(kit.factory.update_type(model))),
        },
        resolver=resolve,
        description=_("Change an existing %(model)s; absent keys stay as they are.")
        % {"model": model._meta.verbose_name},
    )


def delete_field(kit: MutationKit, model: type[Model]) -> graphene.Field:
    options = kit.options[model]
    key = object_key(kit.build, model)

    def resolve(root: Any, info: Any, id: Any) -> dict[str, Any]:
        ctx = kit.context(info)
        ensure_allowed(options, model, Operation.DELETE, ctx.user)

        def work() -> Any:
            row = kit.locked_row(ctx, model, id, Operation.DELETE)
            return None if row is None else delete_object(ctx, row, None)

        obj, errors = run_write(ctx, model, work)
        return payload(ctx, obj, errors, **{key: obj})

    return graphene.Field(
        kit.payloads.single(model),
        args={"id": graphene.Argument(graphene.NonNull(graphene.ID))},
        resolver=resolve,
        description=_("Delete an existing %(model)s.") % {"model": model._meta.verbose_name},
    )
