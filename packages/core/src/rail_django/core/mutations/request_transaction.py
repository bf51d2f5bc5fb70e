"""``transaction_scope: "request"``: the generated mutations of one request commit together.

GraphQL runs root mutation fields one after another, so the generated fields of an operation
are known before the first one runs (its selection, fragments and ``@skip``/``@include``
resolved). The first one opens a transaction on the default database; the last one closes it:
committed when every generated mutation answered ``ok: true``, rolled back otherwise. Once one
fails, the ones after it do not run and answer ``ok: false`` with ``RAIL_GQL_ROLLED_BACK``; the
ones before it answered ``ok: true`` but were rolled back too: in this mode a request's writes
are kept exactly when no generated mutation in it answered ``ok: false`` or an error. Root
fields contributed by other packages (``login``...) run inside the transaction when they come
between two generated ones, outside it otherwise.

With the default ``"mutation"`` scope each root field is its own transaction
(:mod:`rail_django.core.mutations.transactions`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from graphql.execution.collect_fields import collect_fields

from rail_django.contracts.error_codes import ErrorCode, format_error_code
from rail_django.core.mutations.file_writes import discard_stored_since, stored_count

_STATE = "_rail_django_request_transaction"

SKIPPED = (
    "Not run: an earlier mutation of this request failed, so none of the request's writes "
    "were kept."
)


@dataclass
class RequestTransaction:
    """The open transaction of one request and the generated fields still to run."""

    remaining: list[str]
    request: Any = None
    atomic: Any = None
    failed: bool = False
    done: set[str] = field(default_factory=set)
    #: How many files the request had stored when the transaction opened.
    stored_mark: int = 0

    def open(self) -> None:
        if self.atomic is None:
            self.stored_mark = stored_count(self.request)
            self.atomic = transaction.atomic(using=DEFAULT_DB_ALIAS)
            self.atomic.__enter__()

    def finish(self, key: str) -> None:
        """Mark ``key`` as run; after the last generated field, commit or roll back (and then
        delete the files stored inside)."""
        self.done.add(key)
        if self.atomic is None or any(k not in self.done for k in self.remaining):
            return
        atomic, self.atomic = self.atomic, None
        if self.failed:
            transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
        atomic.__exit__(None, None, None)
        if self.failed:
            discard_stored_since(self.request, self.stored_mark)


def _generated_keys(info: Any, names: frozenset[str]) -> list[str]:
    fields = collect_fields(
        info.schema,
        info.fragments,
        info.variable_values,
        info.parent_type,
        info.operation.selection_set,
    )
    return [key for key, nodes in fields.items() if nodes[0].name.value in names]


def _state(info: Any, names: frozenset[str]) -> RequestTransaction | None:
    """The request's transaction state (``None``: a context that cannot carry it, where each
    mutation keeps its own transaction)."""
    state = getattr(info.context, _STATE, None)
    if state is None:
        state = RequestTransaction(_generated_keys(info, names), info.context)
        try:
            setattr(info.context, _STATE, state)
        except AttributeError:
            return None
    return state


def request_scoped(
    resolve: Callable[..., Any], names: frozenset[str], prefix: str
) -> Callable[..., Any]:
    """Wrap a generated root resolver so it joins the request's transaction."""

    def resolve_in_request(root: Any, info: Any, **kwargs: Any) -> Any:
        state = _state(info, names)
        if state is None:
            return resolve(root, info, **kwargs)
        key = info.path.key
        try:
            if state.failed:
                error = {
                    "field": None,
                    "message": SKIPPED,
                    "code": format_error_code(ErrorCode.ROLLED_BACK, prefix),
                }
                return {"ok": False, "errors": [error], "count": 0}
            state.open()
            try:
                answer = resolve(root, info, **kwargs)
            except Exception:
                state.failed = True
                raise
            if not answer.get("ok", False):
                state.failed = True
            return answer
        finally:
            state.finish(key)

    return resolve_in_request
