"""``quick: "blue phone"``: one text searched over the model's ``GraphQLMeta.Filtering(quick=...)``.

On PostgreSQL (with ``filtering_settings.full_text_search`` on) the words become a prefix
full-text query (``blue:* & phone:*``) matched against a ``SearchVector`` of the quick fields, and
lists asked for without ``orderBy`` are ordered by ``SearchRank``. Elsewhere every word must appear
(case-insensitive ``LIKE``) in at least one quick field. Fields reached through a to-many relation
are searched in an ``EXISTS`` subquery, so a row is never repeated.

Only the quick fields the user may filter on are searched (the schema runtime's field-access
table: read in full, not masked nor hidden): a match on a masked or hidden field would reveal
what the mask hides.

The index that makes the PostgreSQL search fast is documented in the package README.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connections
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.translation import gettext, ngettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.filtering.filter_plan import ModelFilterPlan, QuickPath, SchemaFilterPlans

_WORD = re.compile(r"\w+")


def _invalid(message: str) -> RailError:
    return RailError(message, ErrorCode.INVALID_FILTER)


def uses_full_text(plans: SchemaFilterPlans, database: str) -> bool:
    """Is ``quick`` answered by PostgreSQL full-text search on ``database``?"""
    return plans.limits.full_text_search and connections[database].vendor == "postgresql"


def _checked_text(text: Any, plans: SchemaFilterPlans) -> str:
    if not isinstance(text, str):
        raise _invalid(gettext("quick must be a string."))
    limit = plans.limits.quick_max_length
    if len(text) > limit:
        raise _invalid(
            ngettext(
                "quick is longer than %(limit)s character.",
                "quick is longer than %(limit)s characters.",
                limit,
            )
            % {"limit": limit}
        )
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


def readable_quick_paths(
    plans: SchemaFilterPlans, plan: ModelFilterPlan, user: Any, context: Any = None
) -> tuple[QuickPath, ...]:
    """The quick paths whose field ``user`` may filter on (the runtime's field-access table)."""
    access = plans.runtime.field_access
    return tuple(
        quick
        for quick in plan.quick
        if access.filterable(user, quick.model or plan.model, quick.field_name, context=context)
    )


def quick_condition(
    plans: SchemaFilterPlans,
    plan: ModelFilterPlan,
    text: Any,
    database: str,
    user: Any = None,
    context: Any = None,
) -> Q | None:
    """The condition of a quick search (``None`` when the text holds no word)."""
    if not plan.quick:
        raise _invalid(gettext("%(type)s has no quick-search fields.") % {"type": plan.type_name})
    paths = readable_quick_paths(plans, plan, user, context)
    if not paths:
        raise RailError(
            gettext("You may not search %(type)s: none of its quick-search fields is readable.")
            % {"type": plan.type_name},
            ErrorCode.PERMISSION_DENIED,
        )
    text = _checked_text(text, plans)
    max_terms = plans.limits.quick_max_terms
    if uses_full_text(plans, database):
        words = _WORD.findall(text)[:max_terms]
        if not words:
            return None
        return _full_text_condition(plan.model, paths, words, plans.limits.full_text_config)
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
    model: type[Model], paths: tuple[QuickPath, ...], words: list[str], config: str
) -> Q:
    from django.contrib.postgres.search import SearchVectorExact

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
    plans: SchemaFilterPlans,
    plan: ModelFilterPlan,
    text: str,
    user: Any = None,
    context: Any = None,
) -> QuerySet[Any]:
    """Put the best full-text matches first, keeping the current order as the tie-break."""
    from django.contrib.postgres.search import SearchRank

    own = [q.path for q in readable_quick_paths(plans, plan, user, context) if not q.many]
    words = _WORD.findall(text)[: plans.limits.quick_max_terms]
    if not own or not words:
        return queryset
    config = plans.limits.full_text_config
    rank = SearchRank(_vector(own, config), _full_text_query(words, config))
    return queryset.order_by(rank.desc(), *queryset.query.order_by)
