"""What other packages add to a model's metadata (``modelSchema``): filters, templates.

Core's metadata extension (``rail_django.extensions.metadata``) describes a model's fields,
relations, mutations and permissions itself. What only another package knows comes through a
:class:`ModelMetadataProvider` registered under ``ContributionKind.MODEL_METADATA``: the
filtering package describes the filters it offers, templating the PDF templates of a model.
Each provider is called once per (schema, model) and answers with a :class:`ModelMetadataPart`;
with no provider installed, ``filters`` and ``templates`` are empty lists.

Per-user narrowing is core's job: a filter on a field the user may not read
(``FieldAccessTable.filterable``) is dropped before the answer is served, so providers describe
what the schema offers, never what one user sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from django.db.models import Model

    from rail_django.contracts.schema_runtime import SchemaRuntime


@dataclass(frozen=True)
class MetadataChoice:
    """One choice offered to a user: the stored ``value`` and its (translated) ``label``."""

    value: str
    label: str


@dataclass(frozen=True)
class FilterOption:
    """One operator of a filter: ``name`` as the client writes it, the ORM ``lookup`` behind
    it, a translatable ``help_text`` (a lazy string is fine) and its ``choices`` if any."""

    name: str
    lookup: str
    help_text: Any = ""
    choices: tuple[MetadataChoice, ...] = ()


@dataclass(frozen=True)
class FilterMetadata:
    """The filter offered on one field. ``field_name`` is the Django path (``category__name``
    for a nested filter); ``related_model`` is ``"app.Model"`` for a relation."""

    field_name: str
    field_label: Any
    options: tuple[FilterOption, ...] = ()
    is_nested: bool = False
    related_model: str | None = None


@dataclass(frozen=True)
class TemplateMetadata:
    """A document template of a model: ``key``, a (translatable) ``title`` and the URL that
    renders it (``endpoint``, with ``{pk}`` where the row's primary key goes)."""

    key: str
    title: Any
    endpoint: str


@dataclass(frozen=True)
class ModelMetadataPart:
    """What one provider adds to one model's metadata."""

    filters: tuple[FilterMetadata, ...] = ()
    templates: tuple[TemplateMetadata, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class ModelMetadataProvider(Protocol):
    """Called once per (schema, model) the first time the model's metadata is asked for."""

    def __call__(self, runtime: SchemaRuntime, model: type[Model]) -> ModelMetadataPart | None: ...
