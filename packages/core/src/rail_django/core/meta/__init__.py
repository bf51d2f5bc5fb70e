"""Per-model API configuration: the ``GraphQLMeta`` inner class and ``meta.yaml`` files.

``from rail_django.core.meta import GraphQLMeta`` is the base class users subclass;
:func:`get_model_meta` returns a model's resolved, immutable configuration.
"""

from rail_django.core.meta.declarations import (
    Classification,
    Fields,
    FilterField,
    Filtering,
    GraphQLMeta,
    Ordering,
)
from rail_django.core.meta.resolved import (
    MetaProblem,
    ResolvedMeta,
    clear_meta_cache,
    get_model_meta,
)

__all__ = [
    "Classification",
    "FilterField",
    "Fields",
    "Filtering",
    "GraphQLMeta",
    "MetaProblem",
    "Ordering",
    "ResolvedMeta",
    "clear_meta_cache",
    "get_model_meta",
]
