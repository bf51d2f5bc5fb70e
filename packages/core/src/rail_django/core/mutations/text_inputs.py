"""Hand the text of mutation inputs to the contracts' input cleaner before it is written.

One place for every generated write: :func:`clean_text_fields` runs on each object's input
(root, nested, bulk item) right after the field write rules, and :func:`clean_text_arguments`
on a method mutation's ``str`` arguments. What is text: the value of a ``CharField`` /
``TextField`` (and subclasses: slug, email, URL), and ``str`` / ``list[str]`` method arguments.
JSON fields, ids and choice enums are never handed over. A refusal is a payload error at the
field's path (``inputs.1.title``) and the caller's transaction rolls everything back.

The cleaner is asked once per mutation call (:meth:`WriteContext.text_cleaner`), and not at all
when ``middleware_settings.enable_validation_middleware`` is off for the schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from rail_django.contracts.input_cleaning import TextCleaner, TextRefusal
from rail_django.core.mutations.input_types import FieldKind, InputPlan
from rail_django.core.mutations.payload_errors import join_path

_TEXT_FIELDS = (models.CharField, models.TextField)


def is_text_field(field: Any) -> bool:
    """Whether a model field stores free text (the cleaner sees its values)."""
    return isinstance(field, _TEXT_FIELDS)


def clean_text_fields(
    ctx: Any, plan: InputPlan, data: Mapping[str, Any], path: str | None
) -> Mapping[str, Any] | None:
    """``data`` with each text value as the cleaner answers it, or ``None`` (errors recorded
    on ``ctx``) when the cleaner refuses any of them."""
    cleaner: TextCleaner | None = ctx.text_cleaner()
    if cleaner is None:
        return data
    cleaned: dict[str, Any] | None = None
    refused = False
    for entry in plan.fields.values():
        if entry.kind is not FieldKind.SCALAR or not is_text_field(entry.field):
            continue
        value = data.get(entry.name)
        if not isinstance(value, str):
            continue
        answer = cleaner.clean(value, name=entry.name)
        if isinstance(answer, TextRefusal):
            ctx.fail(join_path(path, plan.path_name(entry.name)), answer.message, answer.code)
            refused = True
        elif answer != value:
            cleaned = dict(data) if cleaned is None else cleaned
            cleaned[entry.name] = answer
    if refused:
        return None
    return data if cleaned is None else cleaned


def clean_text_arguments(
    ctx: Any, arguments: dict[str, Any], text_names: Iterable[str], graphql_name: Any
) -> bool:
    """Clean the ``text_names`` arguments (``str`` or ``list[str]``) in place; ``False`` (errors
    recorded, at ``argumentName`` or ``argumentName.2``) when the cleaner refuses one."""
    cleaner: TextCleaner | None = ctx.text_cleaner()
    if cleaner is None:
        return True
    ok = True
    for name in text_names:
        value = arguments.get(name)
        if isinstance(value, str):
            answer = cleaner.clean(value, name=name)
            if isinstance(answer, TextRefusal):
                ctx.fail(graphql_name(name), answer.message, answer.code)
                ok = False
            else:
                arguments[name] = answer
        elif isinstance(value, list):
            items = list(value)
            for index, item in enumerate(items):
                if not isinstance(item, str):
                    continue
                answer = cleaner.clean(item, name=name)
                if isinstance(answer, TextRefusal):
                    ctx.fail(join_path(graphql_name(name), index), answer.message, answer.code)
                    ok = False
                else:
                    items[index] = answer
            arguments[name] = items
    return ok
