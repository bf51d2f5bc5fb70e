"""The user type of ``login``, ``refreshToken`` and ``me``.

When the schema exposes the user model, its generated type is used (with its field rules, so a
client sees the same ``User`` everywhere). Otherwise a small ``AuthUser`` type is built that reads
common attributes defensively, so custom user models without ``email`` or ``first_name`` work.
"""

from __future__ import annotations

import weakref
from typing import Any

import graphene
from django.contrib.auth import get_user_model

from rail_django.core.types import DateTime


def _attribute(name: str):
    def resolve(user: Any, info: Any) -> Any:
        return getattr(user, name, None)

    return resolve


def _auth_user_type() -> type[graphene.ObjectType]:
    def resolve_username(user: Any, info: Any) -> str:
        return user.get_username()

    attrs: dict[str, Any] = {
        "__doc__": "The authenticated user (the schema does not expose the user model).",
        "id": graphene.ID(required=True, resolver=_attribute("pk")),
        "username": graphene.String(required=True, resolver=resolve_username),
        "email": graphene.String(resolver=_attribute("email")),
        "first_name": graphene.String(resolver=_attribute("first_name")),
        "last_name": graphene.String(resolver=_attribute("last_name")),
        "is_staff": graphene.Boolean(resolver=_attribute("is_staff")),
        "is_superuser": graphene.Boolean(resolver=_attribute("is_superuser")),
        "last_login": graphene.Field(DateTime, resolver=_attribute("last_login")),
    }
    return type("AuthUser", (graphene.ObjectType,), attrs)


# One AuthUser type per schema build: the query and the mutation providers must share it (two
# types named AuthUser in one schema is an error).
_fallback_types: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def user_type_for(context: Any) -> Any:
    """The schema's type for the user model, or this build's ``AuthUser`` type."""
    user_model = get_user_model()
    if user_model in tuple(context.models):
        try:
            return context.object_type(user_model)
        except KeyError:
            pass
    fallback = _fallback_types.get(context)
    if fallback is None:
        fallback = _fallback_types[context] = _auth_user_type()
    return fallback
