"""To-many relations of a saved object: set, remove, add and create, in that order.

Many-to-many (either side): the plain key replaces the set, ``Add``/``Remove`` link and unlink,
``Create`` creates rows and links them; ids must be rows the user may view. Reverse foreign key:
``Add`` re-points existing children to this object, ``Remove`` and the plain key (the new set)
are offered only when the column is nullable and unlink by setting it to null, ``Create``
creates children under this object. Changing a child row needs the ``update`` permission on the
child's model and goes through its ``save()``, so its signals and events fire.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Model

from rail_django.contracts.model_events import EventKind, model_events
from rail_django.contracts.permissions import Operation
from rail_django.core.mutations.input_types import FieldKind, InputFieldPlan, InputPlan, Mode
from rail_django.core.mutations.payload_errors import join_path
from rail_django.core.mutations.row_lookup import locked
from rail_django.core.mutations.write_context import WriteContext


def write_to_many(
    ctx: WriteContext, plan: InputPlan, obj: Model, data: Mapping[str, Any], path: str | None
) -> set[str]:
    """Apply every to-many key of ``data``; answer the relation names that changed."""
    changed: set[str] = set()
    for entry in plan.fields.values():
        if entry.kind not in (FieldKind.MANY, FieldKind.REVERSE):
            continue
        keys = [entry.key(op) for op in ("", "remove", "add", "create")]
        if not any(data.get(key) is not None for key in keys):
            continue
        before = len(ctx.errors)
        if entry.kind is FieldKind.MANY:
            _many(ctx, plan, obj, entry, data, path)
        else:
            _reverse(ctx, plan, obj, entry, data, path)
        if len(ctx.errors) == before:
            changed.add(entry.name)
    return changed


def _found(
    ctx: WriteContext, entry: InputFieldPlan, ids: list[Any], operation: str, path: str | None
) -> list[Model] | None:
    """The rows of ``ids`` (``None`` and an error per unknown id when some are missing)."""
    if not ctx.within_item_limit(ids, path):
        return None
    rows = ctx.rows(entry.related, ids, operation, lock=operation == Operation.UPDATE)
    missing = [index for index in range(len(ids)) if index not in rows]
    for index in missing:
        ctx.missing(entry.related, join_path(path, index))
    return None if missing else [rows[index] for index in range(len(ids))]


def _created(
    ctx: WriteContext,
    entry: InputFieldPlan,
    items: list[Mapping[str, Any]],
    path: str | None,
    parent: Model | None,
) -> list[Model]:
    # Imported here: object writes call this module for to-many relations (a cycle).
    from rail_django.core.mutations.object_writes import create_object

    if not ctx.within_item_limit(items, path) or not ctx.may(entry.related, Operation.CREATE, path):
        return []
    parent_field = entry.field.field.name if parent is not None else None
    child_plan = ctx.factory.plan(entry.related, Mode.CREATE, parent_field)
    made = []
    for index, item in enumerate(items):
        row = create_object(ctx, child_plan, item, join_path(path, index), parent=parent)
        if row is not None:
            made.append(row)
    return made


def _many(
    ctx: WriteContext,
    plan: InputPlan,
    obj: Model,
    entry: InputFieldPlan,
    data: Mapping[str, Any],
    path: str | None,
) -> None:
    manager = getattr(obj, entry.name)
    if data.get(entry.name) is not None:
        rows = _found(
            ctx, entry, data[entry.name], Operation.VIEW, join_path(path, entry.graphql_name)
        )
        if rows is not None:
            # The new set replaces the links the user can see; links to rows outside their
            # scope are neither revealed nor dropped.
            visible = ctx.scoped(entry.related, Operation.VIEW).filter(pk__in=manager.values("pk"))
            wanted = {row.pk for row in rows}
            dropped = [pk for pk in visible.values_list("pk", flat=True) if pk not in wanted]
            ctx.spend(len(dropped) + len(rows))
            manager.remove(*dropped)
            manager.add(*rows)
    for operation, method in (("remove", manager.remove), ("add", manager.add)):
        key = entry.key(operation)
        if data.get(key) is not None:
            key_path = join_path(path, plan.path_name(key))
            rows = _found(ctx, entry, data[key], Operation.VIEW, key_path)
            if rows:
                ctx.spend(len(rows))
                method(*rows)
    key = entry.key("create")
    if data.get(key) is not None:
        made = _created(ctx, entry, data[key], join_path(path, plan.path_name(key)), None)
        if made:
            ctx.spend(len(made))
            manager.add(*made)


def _reverse(
    ctx: WriteContext,
    plan: InputPlan,
    obj: Model,
    entry: InputFieldPlan,
    data: Mapping[str, Any],
    path: str | None,
) -> None:
    link = entry.field.field  # the child's foreign key to ``obj``
    changing = any(data.get(entry.key(op)) is not None for op in ("", "remove", "add"))
    if changing and not ctx.may(
        entry.related, Operation.UPDATE, join_path(path, entry.graphql_name)
    ):
        return
    if data.get(entry.name) is not None:
        key_path = join_path(path, entry.graphql_name)
        wanted = _found(ctx, entry, data[entry.name], Operation.UPDATE, key_path)
        if wanted is not None:
            keep = {row.pk for row in wanted}
            # Only children the user may change are unlinked; others stay where they are.
            reachable = ctx.scoped(entry.related, Operation.UPDATE).filter(**{link.name: obj})
            current = locked(entry.related._default_manager.filter(pk__in=reachable.values("pk")))
            for child in current:
                if child.pk not in keep:
                    _relink(ctx, child, link.name, None)
            for child in wanted:
                if getattr(child, link.attname) != obj.pk:
                    _relink(ctx, child, link.name, obj)
    key = entry.key("remove")
    if data.get(key) is not None:
        key_path = join_path(path, plan.path_name(key))
        rows = _found(ctx, entry, data[key], Operation.UPDATE, key_path)
        for index, child in enumerate(rows or ()):
            if getattr(child, link.attname) != obj.pk:
                ctx.missing(entry.related, join_path(key_path, index))
            else:
                _relink(ctx, child, link.name, None)
    key = entry.key("add")
    if data.get(key) is not None:
        rows = _found(ctx, entry, data[key], Operation.UPDATE, join_path(path, plan.path_name(key)))
        for child in rows or ():
            _relink(ctx, child, link.name, obj)
    key = entry.key("create")
    if data.get(key) is not None:
        _created(ctx, entry, data[key], join_path(path, plan.path_name(key)), obj)


def _relink(ctx: WriteContext, child: Model, link: str, parent: Model | None) -> None:
    from rail_django.core.mutations.object_writes import database_errors

    setattr(child, link, parent)
    ctx.spend(1)
    with database_errors(ctx, None), model_events.claimed(child):
        child.save()
    ctx.publish(child, EventKind.UPDATED, {link})
