"""Persisted operations on the GraphQL endpoint: Apollo's automatic persisted queries (APQ) and
the allow-list mode of ``persisted_operations.allowlist_only``.

APQ follows Apollo's protocol, so Apollo Client's ``createPersistedQueryLink`` works unchanged:
the client sends ``extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}`` without
the document; an unknown hash answers an error whose message is ``PersistedQueryNotFound`` (the
link matches that message: it is a protocol token, never translated), and the client sends the
document with its hash once, which stores it in Django's cache for the next requests.

In allow-list mode only documents of the schema's manifest run, whether sent by hash or as text
(then matched by its SHA-256); anything else is refused with ``OPERATION_NOT_REGISTERED``, and
nothing is stored from requests.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from django.core.cache import caches
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.settings_registry import ResolvedSettings
from rail_django.core.http.operation_manifest import ManifestError, manifest_at, sha256_of
from rail_django.core.http.problem import HttpProblem
from rail_django.core.http.request_parsing import GraphQLParams

logger = logging.getLogger("rail_django.core.http")

#: Apollo's messages, matched by its persisted query link.
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
NOT_SUPPORTED_MESSAGE = "PersistedQueryNotSupported"

_HASH = re.compile(r"^[0-9a-f]{64}$")
CACHE_KEY_PREFIX = "rail:apq"


def resolve_document(
    params: GraphQLParams, schema_name: str, resolved: ResolvedSettings
) -> GraphQLParams:
    """``params`` with the document to run: found from its hash, checked against the
    allow-list, or stored for later hashes. Raises :class:`HttpProblem` when it cannot run."""
    section = resolved["persisted_operations"]
    persisted = params.extensions.get("persistedQuery")
    digest = _requested_hash(persisted) if persisted is not None else None
    if section["allowlist_only"]:
        return _registered(params, digest, section)
    if digest is None:
        return params
    if not section["enable_automatic_persisted_queries"]:
        if params.query:
            return params  # the document came too: run it, as Apollo's servers do
        raise HttpProblem(200, ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, NOT_SUPPORTED_MESSAGE)
    key = f"{CACHE_KEY_PREFIX}:{schema_name}:{digest}"
    cache = caches[section["cache_alias"]]
    if params.query:
        if sha256_of(params.query) != digest:
            raise HttpProblem(
                400,
                ErrorCode.PERSISTED_QUERY_MISMATCH,
                _("persistedQuery.sha256Hash is not the SHA-256 of the query."),
            )
        try:
            cache.set(key, params.query, timeout=section["cache_timeout"])
        except Exception:  # a cache outage costs the next request a round trip, nothing more
            logger.warning("Could not store a persisted query in the cache.", exc_info=True)
        return params
    try:
        document = cache.get(key)
    except Exception:
        logger.warning("Could not read a persisted query from the cache.", exc_info=True)
        document = None
    if not isinstance(document, str):
        raise HttpProblem(200, ErrorCode.PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_MESSAGE)
    return replace(params, query=document)


def _requested_hash(persisted: Any) -> str:
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise HttpProblem(
            400,
            ErrorCode.BAD_REQUEST,
            _('extensions.persistedQuery must be {"version": 1, "sha256Hash": "<hex>"}.'),
        )
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _HASH.match(digest):
        raise HttpProblem(
            400,
            ErrorCode.BAD_REQUEST,
            _("persistedQuery.sha256Hash must be 64 lowercase hexadecimal characters."),
        )
    return digest


def _registered(params: GraphQLParams, digest: str | None, section: Any) -> GraphQLParams:
    try:
        manifest = manifest_at(section["allowlist_path"])
    except ManifestError:
        # A deploy mistake, not the client's: logged for the operator, answered as internal.
        logger.exception("The registered operations manifest cannot be read.")
        raise HttpProblem(
            500,
            ErrorCode.INTERNAL_ERROR,
            _("The registered operations cannot be read; the server's log says why."),
        ) from None
    if params.query:
        digest_of_text = sha256_of(params.query)
        if digest is not None and digest != digest_of_text:
            raise HttpProblem(
                400,
                ErrorCode.PERSISTED_QUERY_MISMATCH,
                _("persistedQuery.sha256Hash is not the SHA-256 of the query."),
            )
        digest = digest_of_text
    operation = manifest.get(digest) if digest else None
    if operation is None:
        raise HttpProblem(
            400,
            ErrorCode.OPERATION_NOT_REGISTERED,
            _("This schema runs only registered operations, and this one is not registered."),
        )
    return replace(params, query=operation.body)
