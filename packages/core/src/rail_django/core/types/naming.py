"""How models and fields are named in the schema: type names, list/retrieve field names, case."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Model
from graphene.utils.str_converters import to_camel_case, to_snake_case

__all__ = ["pluralize", "to_camel_case", "to_snake_case", "type_names"]

_VOWEL_Y = re.compile(r"[aeiou]y$")
_SIBILANT = re.compile(r"(s|x|z|ch|sh)$")


def pluralize(word: str) -> str:
    """English plural of a snake_case word (``category`` -> ``categories``, ``box`` -> ``boxes``).

    Model names are usually singular nouns; irregular plurals are not guessed.
    """
    if word.endswith("y") and not _VOWEL_Y.search(word):
        return word[:-1] + "ies"
    if _SIBILANT.search(word):
        return word + "es"
    return word + "s"


def type_names(models: Iterable[type[Model]]) -> dict[type[Model], str]:
    """The GraphQL type name of each model: its class name, or ``<AppLabel><Name>`` for models
    whose class name is shared with a model of another app (so no name depends on load order)."""
    models = list(models)
    counts: dict[str, int] = {}
    for model in models:
        counts[model.__name__] = counts.get(model.__name__, 0) + 1
    names = {}
    for model in models:
        name = model.__name__
        if counts[name] > 1:
            app = "".join(part.capitalize() for part in model._meta.app_label.split("_"))
            name = f"{app}{name}"
        names[model] = name
    return names


def root_field_names(type_name: str) -> tuple[str, str]:
    """(retrieve, list) root field names of a type, in snake_case: ``order_item``,
    ``order_items``; a type whose plural equals its singular lists as ``<name>_list``."""
    singular = to_snake_case(type_name)
    plural = pluralize(singular)
    if plural == singular:
        plural = f"{singular}_list"
    return singular, plural
