"""File and image fields as a ``StoredFile`` object: ``{ name url }``.

``url`` is the storage's URL for the file, or null when the storage cannot give one (a storage
with no ``base_url``); an empty file field is served as null.
"""

from __future__ import annotations

from typing import Any

import graphene


def _resolve_url(root: Any, info: Any) -> str | None:
    try:
        return root.url
    except (ValueError, NotImplementedError):
        return None


class StoredFile(graphene.ObjectType):
    """A file kept by a Django storage."""

    name = graphene.String(required=True, description="The file's name in its storage.")
    url = graphene.String(description="Where the file can be downloaded.", resolver=_resolve_url)


def file_resolver(attname: str) -> Any:
    """Resolver of a file field: the ``FieldFile``, or ``None`` when the field is empty."""

    def resolve(root: Any, info: Any) -> Any:
        value = getattr(root, attname)
        return value if value else None

    return resolve
