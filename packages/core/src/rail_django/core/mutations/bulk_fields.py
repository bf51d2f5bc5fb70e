"""``bulkCreate<Type>(inputs:)``, ``bulkUpdate<Type>(inputs:)`` and ``bulkDelete<Type>(ids:)``.

Generated with ``generate_bulk`` for the models ``bulk_include_models`` (empty: all) keeps and
``bulk_exclude_models`` does not drop; refused at run time when ``enable_bulk_operations`` is
off. All or nothing: every item is checked, and one bad item rolls the whole call back; the
errors say which item (``inputs.2.price``, ``ids.1``). A call holds at most
``bulk_batch_size`` items (``RAIL_GQL_INVALID_ARGUMENT`` above it). Rows to update or delete are
read and locked in one query; each row is still saved or deleted through its model, so signals
and model events fire per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import graphene
from django.db.models import Model
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.permissions import Operation
from rail_django.core.mutations.crud_fields import MutationKit
from rail_django.core.mutations.input_types import Mode
from rail_django.core.mutations.object_writes import create_object, delete_object, update_object
from rail_django.core.mutations.operation_access import ensure_allowed, refusal
from rail_django.core.mutations.payload_errors import join_path
from rail_django.core.mutations.payload_types import object_key
from rail_django.core.mutations.transactions import payload, run_write
from rail_django.core.mutations.write_context import WriteContext


def _check_size(kit: MutationKit, model: type[Model], items: Sequence[Any], argument: str) -> None:
    limit = kit.options[model].bulk_batch_size
    if len(items) > limit:
        raise RailError(
            gettext(
                "%(argument)s holds %(count)s items; at most %(limit)s per call (bulk_batch_size)."
            )
            % {"argument": argument, "count": len(items), "limit": limit},
            ErrorCode.INVALID_ARGUMENT,
        )


def _rows(
    kit: MutationKit,
    ctx: WriteContext,
    model: type[Model],
    ids: Sequence[Any],
    operation: str,
    paths: Sequence[str | None],
) -> dict[int, Model]:
    """Locked rows by position; a ``NOT_FOUND`` error at ``paths[i]`` for each missing one."""
    rows = ctx.rows(model, list(ids), operation, lock=True)
    for index in range(len(ids)):
        row = rows.get(index)
        if row is not None and refusal(kit.options[model], model, operation, ctx.user, obj=row):
            rows.pop(index)
        if index not in rows:
            ctx.missing(model, paths[index])
    return rows


def _field(kit: MutationKit, model: type[Model], args: dict[str, Any], resolve: Any, text: str):
    return graphene.Field(kit.payloads.bulk(model), args=args, resolver=resolve, description=text)


def bulk_create_field(kit: MutationKit, model: type[Model]) -> graphene.Field:
    options = kit.options[model]
    plan = kit.factory.plan(model, Mode.CREATE)
    key = object_key(kit.build, model, plural=True)
    input_type = kit.factory.create_type(model)

    def resolve(root: Any, info: Any, inputs: list[Mapping[str, Any]]) -> dict[str, Any]:
        ctx = kit.context(info)
        ensure_allowed(options, model, Operation.CREATE, ctx.user, bulk=True)
        _check_size(kit, model, inputs, "inputs")

        def work() -> list[Model]:
            ctx.preload(plan, inputs)
            made = [
                create_object(ctx, plan, item, join_path("inputs", i))
                for i, item in enumerate(inputs)
            ]
            return [row for row in made if row is not None]

        rows, errors = run_write(ctx, model, work)
        return payload(ctx, rows, errors, count=len(rows or ()), **{key: rows or []})

    args = {"inputs": graphene.NonNull(graphene.List(graphene.NonNull(input_type)))}
    return _field(kit, model, args, resolve, f"Create several {model._meta.verbose_name_plural}.")


def bulk_update_field(kit: MutationKit, model: type[Model]) -> graphene.Field:
    options = kit.options[model]
    plan = kit.factory.plan(model, Mode.UPDATE)
    key = object_key(kit.build, model, plural=True)
    input_type = kit.factory.update_type(model)

    def resolve(root: Any, info: Any, inputs: list[Mapping[str, Any]]) -> dict[str, Any]:
        ctx = kit.context(info)
        ensure_allowed(options, model, Operation.UPDATE, ctx.user, bulk=True)
        _check_size(kit, model, inputs, "inputs")

        def work() -> list[Model]:
            ids = [item.get("id") for item in inputs]
            paths = [join_path("inputs", i, "id") for i in range(len(inputs))]
            rows = _rows(kit, ctx, model, ids, Operation.UPDATE, paths)
            ctx.preload(plan, inputs)
            done = []
            for index, item in enumerate(inputs):
                if index in rows:
                    data = {k: v for k, v in item.items() if k != "id"}
                    row = update_object(ctx, plan, rows[index], data, join_path("inputs", index))
                    if row is not None:
                        done.append(row)
            return done

        rows, errors = run_write(ctx, model, work)
        return payload(ctx, rows, errors, count=len(rows or ()), **{key: rows or []})

    args = {"inputs": graphene.NonNull(graphene.List(graphene.NonNull(input_type)))}
    text = f"Update several {model._meta.verbose_name_plural}; each input names its row by id."
    return _field(kit, model, args, resolve, text)


def bulk_delete_field(kit: MutationKit, model: type[Model]) -> graphene.Field:
    options = kit.options[model]
    key = object_key(kit.build, model, plural=True)

    def resolve(root: Any, info: Any, ids: list[Any]) -> dict[str, Any]:
        ctx = kit.context(info)
        ensure_allowed(options, model, Operation.DELETE, ctx.user, bulk=True)
        _check_size(kit, model, ids, "ids")

        def work() -> list[Model]:
            paths = [join_path("ids", i) for i in range(len(ids))]
            rows = _rows(kit, ctx, model, ids, Operation.DELETE, paths)
            if ctx.errors:
                return []
            unique = {row.pk: row for row in rows.values()}
            return [delete_object(ctx, row, None) for row in unique.values()]

        rows, errors = run_write(ctx, model, work)
        return payload(ctx, rows, errors, count=len(rows or ()), **{key: rows or []})

    args = {"ids": graphene.NonNull(graphene.List(graphene.NonNull(graphene.ID)))}
    return _field(kit, model, args, resolve, f"Delete several {model._meta.verbose_name_plural}.")
