"""Per-model API configuration: the ``GraphQLMeta`` inner class and ``meta.yaml`` files.

``from rail_django.core.meta import GraphQLMeta`` is the base class users subclass;
:func:`get_model_meta` returns a model's resolved, immutable configuration;
:func:`register_meta_file_key` lets an extension own a top-level ``meta.yaml`` key and
:func:`meta_file_for` reads an app's ``meta.yaml``.
"""

from rail_django.core.meta.declarations import (
    Classification,
    Fields,
    FilterField,
    Filtering,
    GraphQLMeta,
    Ordering,
)
from rail_django.core.meta.meta_files import MetaFile, meta_file_for, register_meta_file_key
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
    "MetaFile",
    "MetaProblem",
    "Ordering",
    "ResolvedMeta",
    "clear_meta_cache",
    "get_model_meta",
    "meta_file_for",
    "register_meta_file_key",
]
