"""The schema runtime: one object per built schema, handed to every contract that acts for it.

Core builds a :class:`SchemaRuntime` once, when it builds a schema. It holds what every consumer
of that schema (list fields, nested relations, mutations, export, reporting, subscriptions,
metadata) would otherwise recompute or guess: the schema's merged settings, the queryset
pipeline's steps in running order, the list arguments plugins contributed, each plugin's
per-schema plans, and the :class:`FieldAccessTable` that answers "may this user read, write,
filter or order by this field?" in one place.

Code that has a schema name but no runtime asks :func:`get_schema_runtime`; core installs the
provider that answers from its schema registry. With core absent, a runtime made from the
settings alone is returned, so the contracts stay usable on their own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from rail_django.contracts.permissions import (
    VISIBLE,
    FieldDecision,
    FieldInputMode,
    FieldRules,
    FieldVisibility,
    get_permission_backend,
)
from rail_django.contracts.service_slot import ServiceSlot
from rail_django.contracts.settings_registry import ResolvedSettings, settings_registry

if TYPE_CHECKING:
    from rail_django.contracts.plugins import ListArgument
    from rail_django.contracts.queryset_pipeline import QuerysetStep

_MEMO_ATTRIBUTE = "_rail_django_field_access"
_NO_RULES = FieldRules()


class FieldAccessTable:
    """Who may read, write, filter and order by each field of a schema's models.

    What can be decided without a user is compiled once per (model, field): whether the active
    permission backend rules on the field at all (:meth:`PermissionBackend.field_rules`). A field
    nothing rules on costs a dict lookup; only ruled fields ask the backend per user, and that
    answer is memoised on the request when one is given.

    Masked and hidden fields may not be filtered or ordered by: each comparison would reveal a
    little of the value.
    """

    def __init__(self, runtime: SchemaRuntime) -> None:
        self._runtime = runtime
        #: (backend, its compiled rules), replaced as one tuple: a thread still holding an
        #: older backend writes into that backend's dict, never into the new one's.
        self._compiled: tuple[Any, dict[tuple[type[Model], str], FieldRules]] = (None, {})

    # -- compiled, user-independent -------------------------------------------------------------
    def rules(self, model: type[Model], field_name: str) -> FieldRules:
        """What the active backend may rule on ``model.field_name`` (compiled once)."""
        backend = get_permission_backend()
        owner, compiled = self._compiled
        if owner is not backend:
            # A backend installed (or swapped by a test) after the build: compile anew for it.
            compiled = {}
            self._compiled = (backend, compiled)
        key = (model, field_name)
        rules = compiled.get(key)
        if rules is None:
            rules = backend.field_rules(model, field_name, runtime=self._runtime) or _NO_RULES
            compiled[key] = rules
        return rules

    # -- per user -------------------------------------------------------------------------------
    def read(
        self, user: Any, model: type[Model], field_name: str, *, context: Any = None
    ) -> FieldDecision:
        """How ``user`` reads ``model.field_name``; ``context`` (the request) memoises it."""
        if not self.rules(model, field_name).read:
            return VISIBLE
        memo = _memo(context, self)
        key = (model, field_name)
        if memo is not None:
            decision = memo.get(key)
            if decision is not None:
                return decision
        decision = get_permission_backend().field_read(
            user, model, field_name, runtime=self._runtime
        )
        if memo is not None:
            memo[key] = decision
        return decision

    def readable(
        self, user: Any, model: type[Model], field_name: str, *, context: Any = None
    ) -> bool:
        """Does ``user`` read the real value (not masked, not hidden)?"""
        decision = self.read(user, model, field_name, context=context)
        return decision.visibility is FieldVisibility.VISIBLE

    #: Filtering (``where``, ``quick``) on a field needs its real value to be readable.
    filterable = readable
    #: Ordering by a field needs its real value to be readable.
    orderable = readable

    def writable(self, user: Any, model: type[Model], field_name: str) -> bool:
        """May ``user`` write ``model.field_name``?"""
        if not self.rules(model, field_name).write:
            return True
        return bool(
            get_permission_backend().field_write(user, model, field_name, runtime=self._runtime)
        )

    def input_mode(self) -> FieldInputMode:
        """What a write does with an input field :meth:`writable` refuses, in this schema."""
        return FieldInputMode(get_permission_backend().field_input_mode(runtime=self._runtime))


class SchemaRuntime:
    """What one built schema hands every contract acting for it. Built once, by core.

    ``steps`` and ``list_arguments`` are read from the pipeline and the plugin registry when
    first asked and again only when either changes (a step registered after the build).
    ``plans`` holds what each plugin's ``SCHEMA_PLANS`` provider built, by plugin name.
    """

    def __init__(
        self,
        name: str | None,
        settings: ResolvedSettings,
        *,
        models: tuple[type[Model], ...] = (),
    ) -> None:
        self.name = name
        self.settings = settings
        self.models = models
        self.field_access = FieldAccessTable(self)
        self._plans: dict[str, Any] = {}
        self._steps: tuple[int, tuple[QuerysetStep, ...]] | None = None
        self._arguments: tuple[int, Mapping[str, ListArgument]] | None = None
        self._scopes: tuple[Any, dict[type[Model], bool]] = (None, {})

    def __repr__(self) -> str:
        return f"<SchemaRuntime {self.name!r}>"

    # -- settings -------------------------------------------------------------------------------
    def section(self, name: str) -> Mapping[str, Any]:
        """One merged settings section of this schema (empty when no package declares it)."""
        return self.settings.sections.get(name, MappingProxyType({}))

    # -- pipeline and plugins -------------------------------------------------------------------
    @property
    def steps(self) -> tuple[QuerysetStep, ...]:
        """The queryset pipeline's steps in the order they run."""
        from rail_django.contracts.queryset_pipeline import queryset_pipeline

        cached = self._steps
        if cached is None or cached[0] != queryset_pipeline.version:
            cached = (queryset_pipeline.version, queryset_pipeline.steps())
            self._steps = cached
        return cached[1]

    @property
    def list_arguments(self) -> Mapping[str, ListArgument]:
        """Plugin list arguments by name (``where``, ``quick``...)."""
        from rail_django.contracts.plugins import ContributionKind, plugin_registry

        cached = self._arguments
        if cached is None or cached[0] != plugin_registry.version:
            values = plugin_registry.values(ContributionKind.LIST_ARGUMENTS)
            cached = (plugin_registry.version, MappingProxyType({a.name: a for a in values}))
            self._arguments = cached
        return cached[1]

    def set_plan(self, plugin: str, plan: Any) -> None:
        """Store ``plugin``'s per-schema plans (core does this while building)."""
        self._plans[plugin] = plan

    def plan(self, plugin: str) -> Any:
        """``plugin``'s per-schema plans; ``KeyError`` when it contributed none."""
        return self._plans[plugin]

    # -- rows -----------------------------------------------------------------------------------
    def scopes_rows(self, model: type[Model]) -> bool:
        """Does the active permission backend ever narrow ``model``'s rows in this schema?

        Decided once per model (and again only when another backend is installed), so a relation
        hop or filter to a model the backend never restricts adds no scoping query or subquery.
        """
        backend = get_permission_backend()
        owner, answers = self._scopes
        if owner is not backend:
            answers = {}
            self._scopes = (backend, answers)
        answer = answers.get(model)
        if answer is None:
            answer = bool(backend.scopes_rows(model, runtime=self))
            answers[model] = answer
        return answer


RuntimeProvider = Callable[[str | None], SchemaRuntime]


@dataclass(frozen=True)
class _SettingsOnlyProvider:
    """The default provider: a runtime made from the merged settings, with no models."""

    def __call__(self, schema_name: str | None) -> SchemaRuntime:
        return SchemaRuntime(schema_name, settings_registry.resolve(schema_name))


#: The provider of runtimes by schema name; core installs its schema registry's.
runtime_provider: ServiceSlot[RuntimeProvider] = ServiceSlot(
    "schema runtime provider", _SettingsOnlyProvider
)


#: Key of a built ``GraphQLSchema``'s ``extensions`` holding its runtime (set by core).
RUNTIME_EXTENSION = "rail_django_runtime"


def runtime_of(info: Any) -> SchemaRuntime | None:
    """The runtime of the schema executing a resolver (``info`` is graphql-core's resolve
    info), so code outside the generated fields (``require_role``, custom resolvers) decides
    with the same per-schema settings. ``None`` for a schema Rail Django did not build."""
    extensions = getattr(getattr(info, "schema", None), "extensions", None) or {}
    return extensions.get(RUNTIME_EXTENSION)


def get_schema_runtime(schema_name: str | None = None) -> SchemaRuntime:
    """The runtime of the schema ``schema_name`` (built on first use when core is installed)."""
    return runtime_provider.get()(schema_name)


def _memo(context: Any, table: FieldAccessTable) -> dict[Any, Any] | None:
    if context is None:
        return None
    memos = getattr(context, _MEMO_ATTRIBUTE, None)
    if memos is None:
        memos = {}
        with contextlib.suppress(AttributeError):
            setattr(context, _MEMO_ATTRIBUTE, memos)
    memo = memos.get(id(table))
    if memo is None:
        memo = memos[id(table)] = {}
    return memo
