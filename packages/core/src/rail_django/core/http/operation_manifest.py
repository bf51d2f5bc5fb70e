"""Registered operations: the manifest a schema runs from in ``allowlist_only`` mode.

The manifest is a file committed with the project (like Hasura's allow-list in its metadata, or a
Relay persisted-documents file), so the registered set is versioned and deployed with the code
that uses it, and every server of a deployment reads the same one. It is Apollo's persisted query
manifest format, which Apollo's ``generate-persisted-query-manifest`` writes directly::

    {"format": "apollo-persisted-query-manifest", "version": 1,
     "operations": [{"id": "<sha256 of body>", "name": "Products", "type": "query",
                     "body": "query Products { products { name } }"}]}

``manage.py rail_persisted_operations`` also reads a plain ``{"<sha256>": "<document>"}`` map
(Relay's ``persisted_queries.json``) or a folder of ``.graphql`` files, checks every document
against the schema and writes this format.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from graphql import OperationDefinitionNode, parse
from graphql.error import GraphQLSyntaxError

MANIFEST_FORMAT = "apollo-persisted-query-manifest"


class ManifestError(ValueError):
    """A manifest (or an operations file) that cannot be read; the message says where."""


@dataclass(frozen=True)
class RegisteredOperation:
    """One registered document: ``id`` is the SHA-256 of ``body`` (hex), as clients send it."""

    id: str
    name: str | None
    type: str
    body: str

    def as_dict(self) -> dict[str, str | None]:
        return {"id": self.id, "name": self.name, "type": self.type, "body": self.body}


def sha256_of(document: str) -> str:
    """The hex SHA-256 of ``document``'s UTF-8 text (Apollo's persisted query hash)."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def operation_of(body: str, origin: str) -> RegisteredOperation:
    """``body`` as a registered operation (its first operation names it)."""
    try:
        document = parse(body)
    except GraphQLSyntaxError as exc:
        raise ManifestError(
            _("%(origin)s: not a GraphQL document: %(error)s")
            % {"origin": origin, "error": exc.message}
        ) from None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if not operations:
        raise ManifestError(_("%(origin)s: the document has no operation.") % {"origin": origin})
    first = operations[0]
    return RegisteredOperation(
        id=sha256_of(body),
        name=first.name.value if first.name else None,
        type=first.operation.value,
        body=body,
    )


def read_operations(path: str | os.PathLike[str]) -> list[RegisteredOperation]:
    """The operations of a manifest, a ``{hash: document}`` map or a folder of ``.graphql``
    files. A hash that is not its document's SHA-256 is refused: it could never match."""
    source = Path(path)
    if source.is_dir():
        files = sorted(source.rglob("*.graphql"))
        return [operation_of(file.read_text(encoding="utf-8"), str(file)) for file in files]
    try:
        payload = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(_("%(path)s does not exist.") % {"path": source}) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ManifestError(
            _("%(path)s is not a JSON file: %(error)s") % {"path": source, "error": exc}
        ) from None
    if isinstance(payload, Mapping) and payload.get("format") == MANIFEST_FORMAT:
        entries = payload.get("operations")
        if not isinstance(entries, list):
            raise ManifestError(_("%(path)s: 'operations' must be a list.") % {"path": source})
        pairs = [(_entry_field(e, "id", source), _entry_field(e, "body", source)) for e in entries]
    elif isinstance(payload, Mapping) and all(isinstance(v, str) for v in payload.values()):
        pairs = [(str(key), value) for key, value in payload.items()]
    else:
        raise ManifestError(
            _(
                "%(path)s: expected an Apollo persisted query manifest or a "
                '{"<sha256>": "<document>"} map.'
            )
            % {"path": source}
        )
    operations = []
    for given, body in pairs:
        operation = operation_of(body, f"{source} ({given})")
        if given != operation.id:
            raise ManifestError(
                _("%(path)s: %(id)s is not the SHA-256 of its document (%(actual)s).")
                % {"path": source, "id": given, "actual": operation.id}
            )
        operations.append(operation)
    return operations


def _entry_field(entry: object, key: str, source: Path) -> str:
    value = entry.get(key) if isinstance(entry, Mapping) else None
    if not isinstance(value, str) or not value:
        raise ManifestError(
            _("%(path)s: every operation needs a string %(key)r.") % {"path": source, "key": key}
        )
    return value


def write_manifest(operations: Iterable[RegisteredOperation], path: str | os.PathLike[str]) -> None:
    """Write ``operations`` as an Apollo persisted query manifest (sorted by id, so the file
    diffs well under version control)."""
    unique = {operation.id: operation for operation in operations}
    payload = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "operations": [unique[key].as_dict() for key in sorted(unique)],
    }
    Path(path).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")


class OperationManifest:
    """The registered operations of one manifest file, by id."""

    def __init__(self, operations: Iterable[RegisteredOperation]) -> None:
        self.by_id: dict[str, RegisteredOperation] = {op.id: op for op in operations}

    def get(self, operation_id: str) -> RegisteredOperation | None:
        return self.by_id.get(operation_id)

    def __len__(self) -> int:
        return len(self.by_id)


_loaded: dict[str, tuple[int, OperationManifest]] = {}
_lock = threading.Lock()


def manifest_at(path: str) -> OperationManifest:
    """The manifest at ``path``, read once and again only when the file changes (a deploy that
    replaces it needs no restart)."""
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        raise ManifestError(_("%(path)s does not exist.") % {"path": path}) from None
    cached = _loaded.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        manifest = OperationManifest(read_operations(path))
        _loaded[path] = (stamp, manifest)
    return manifest
