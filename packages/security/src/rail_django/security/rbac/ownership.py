"""Is a row the user's own, or assigned to them? As a per-object test and as a queryset filter.

The paths come from the model's ``GraphQLMeta.access`` (``owner_field`` / ``assigned_field``);
a path may cross relations (``project__owner``) and end on a foreign key or many-to-many to the
user model.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q


def relation_q(path: str, user: Any) -> Q:
    """Rows whose ``path`` reaches ``user``."""
    return Q(**{path: getattr(user, "pk", None)})


def object_reaches(obj: Model, path: str, user: Any) -> bool:
    """Does ``obj``'s ``path`` reach ``user``? A plain foreign key is read from the row; any
    other path costs one ``EXISTS`` query."""
    if getattr(user, "pk", None) is None or obj is None:
        return False
    if "__" not in path:
        field = obj._meta.get_field(path)
        if field.many_to_one or field.one_to_one:
            return getattr(obj, field.attname) == user.pk
    model = type(obj)
    return model._default_manager.filter(Q(pk=obj.pk) & relation_q(path, user)).exists()
