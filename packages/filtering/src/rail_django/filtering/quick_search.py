"""``quick: "blue phone"``: one text searched over the model's ``GraphQLMeta.Filtering(quick=...)``.

On PostgreSQL (with ``filtering_settings.full_text_search`` on) the words become a prefix
full-text query (``blue:* & phone:*``) matched against a ``SearchVector`` of the quick fields, and
lists asked for without ``orderBy`` are ordered by ``SearchRank``. Elsewhere every word must appear
(case-insensitive ``LIKE``) in at least one quick field. Fields reached through a to-many relation
are searched in an ``EXISTS`` subquery, so a row is never repeated.

Only the quick fields the permission backend lets the user read in full are searched: a match on
a masked or hidden field would reveal what the mask hides.

The index that makes the PostgreSQL search fast is documented in the package README.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connections
from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.permissions import FieldVisibility, get_permission_backend
from rail_django.filtering.filter_plan import ModelFilterPlan, QuickPath

_WORD = re.compile(r"\w+")


def _invalid(message: str) -> RailError:
    return RailError(message, ErrorCode.INVALID_FILTER)


def uses_full_text(settings: Any, database: str) -> bool:
    """Is ``quick`` answered by PostgreSQL full-text search on ``database``?"""
    return (
        bool(settings["filtering_settings"]["full_text_search"])
        and connections[database].vendor == "postgresql"
    )


def _checked_text(text: Any, settings: Any) -> str:
    if not isinstance(text, str):
        raise _invalid("quick must be a string.")
    limit = settings["filtering_settings"]["quick_max_length"]
    if len(text) > limit:
        raise _invalid(f"quick is longer than {limit} characters.")
    return text


def _full_text_query(words: list[str], config: str) -> Any:
    from django.contrib.postgres.search import SearchQuery

    # Words hold only \w characters, so they cannot carry tsquery operators; ":*" makes each a
    # prefix match, which is what a search box typed letter by letter expects.
    raw = " & ".join(f"{word}:*" for word in words)
    return SearchQuery(raw, search_type="raw", config=config)


def _vector(paths: list[str], config: str) -> Any:
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*paths, config=config)


def _terminal_field(model: type[Model], path: str) -> tuple[type[Model], str]:
    """The model and field name a Django path such as ``category__name`` ends on."""
    *hops, name = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return model, name


def readable_quick_paths(
    plan: ModelFilterPlan, user: Any, runtime: Any = None
) -> tuple[QuickPath, ...]:
    """The quick paths whose field ``user`` may read unmasked (``runtime``: the schema's, whose
    field-access table decides)."""
    readable = []
    for quick in plan.quick:
        model, name = _terminal_field(plan.model, quick.path)
        if runtime is not None:
            allowed = runtime.field_access.filterable(user, model, name)
        else:
            decision = get_permission_backend().field_read(user, model, name)
            allowed = decision.visibility is FieldVisibility.VISIBLE
        if allowed:
            readable.append(quick)
    return tuple(readable)


def quick_condition(
    plan: ModelFilterPlan,
    text: Any,
    settings: Any,
    database: str,
    user: Any = None,
    runtime: Any = None,
) -> Q | None:
    """The condition of a quick search (``None`` when the text holds no word)."""
    if not plan.quick:
        raise _invalid(f"{plan.type_name} has no quick-search fields.")
    paths = readable_quick_paths(plan, user, runtime)
    if not paths:
        raise RailError(
            f"You may not search {plan.type_name}: none of its quick-search fields is readable.",
            ErrorCode.PERMISSION_DENIED,
        )
    text = _checked_text(text, settings)
    max_terms = settings["filtering_settings"]["quick_max_terms"]
    if uses_full_text(settings, database):
        words = _WORD.findall(text)[:max_terms]
        if not words:
            return None
        return _full_text_condition(plan.model, paths, words, settings)
    words = text.split()[:max_terms]
    if not words:
        return None
    condition = Q()
    for word in words:
        matches = Q()
        for quick in paths:
            if quick.many:
                matches |= Q(_exists(plan.model, Q(**{f"{quick.path}__icontains": word})))
            else:
                matches |= Q(**{f"{quick.path}__icontains": word})
        condition &= matches
    return condition


def _exists(model: type[Model], condition: Q) -> Exists:
    return Exists(model._default_manager.filter(condition, pk=OuterRef("pk")))


def _full_text_condition(
    model: type[Model], paths: tuple[QuickPath, ...], words: list[str], settings: Any
) -> Q:
    from django.contrib.postgres.search import SearchVectorExact

    config = settings["filtering_settings"]["full_text_config"]
    query = _full_text_query(words, config)
    own = [q.path for q in paths if not q.many]
    many = [q.path for q in paths if q.many]
    condition = Q()
    if own:
        condition |= Q(SearchVectorExact(_vector(own, config), query))
    if many:
        inner = Q(SearchVectorExact(_vector(many, config), query))
        condition |= Q(_exists(model, inner))
    return condition


def rank_by_relevance(
    queryset: QuerySet[Any],
    plan: ModelFilterPlan,
    text: str,
    settings: Any,
    user: Any = None,
    runtime: Any = None,
) -> QuerySet[Any]:
    """Put the best full-text matches first, keeping the current order as the tie-break."""
    from django.contrib.postgres.search import SearchRank

    own = [q.path for q in readable_quick_paths(plan, user, runtime) if not q.many]
    words = _WORD.findall(text)[: settings["filtering_settings"]["quick_max_terms"]]
    if not own or not words:
        return queryset
    config = settings["filtering_settings"]["full_text_config"]
    rank = SearchRank(_vector(own, config), _full_text_query(words, config))
    return queryset.order_by(rank.desc(), *queryset.query.order_by)
