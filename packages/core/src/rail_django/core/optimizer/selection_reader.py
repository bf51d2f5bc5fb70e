"""Reading a GraphQL selection into a :class:`~.plans.QueryPlan`.

The reader follows GraphQL's own field collection: fragments and inline fragments are expanded
(once each per level, whose type condition applies), ``@skip``/``@include`` are evaluated with
the request's variables, aliases of one field are kept apart, and the nodes merged under one
response key are read together. It records which variables it looked at, so a cached plan is
reused only for requests where those variables hold the same values.

It never touches a queryset: turning the plan into ``select_related``/``Prefetch``/``only`` is
:mod:`.plan_applier`'s job.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from django.db.models import ForeignObjectRel, Model
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLSkipDirective,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
)
from graphql.execution.values import get_argument_values, get_directive_values

from rail_django.core.model_fields import field_map
from rail_django.core.optimizer.list_window import list_window
from rail_django.core.optimizer.model_index import FieldKind, ModelEntry, ModelIndex
from rail_django.core.optimizer.plans import QueryPlan, RelationPlan, prefetch_attribute


class PlanShape(Enum):
    """What a field returns: rows of the model (a list or one object) or a Relay connection."""

    ROWS = "rows"
    CONNECTION = "connection"


@dataclass
class _Draft:
    """A plan while it is being read (frozen into a QueryPlan at the end)."""

    model: type[Model]
    columns: set[str] = field(default_factory=set)
    all_columns: bool = False
    relations: dict[str, RelationPlan] = field(default_factory=dict)
    dependency_joins: dict[str, _Draft] = field(default_factory=dict)
    dependency_prefetches: set[str] = field(default_factory=set)
    batched: set[str] = field(default_factory=set)

    def freeze(self) -> QueryPlan:
        return QueryPlan(
            model=self.model,
            columns=frozenset(self.columns),
            all_columns=self.all_columns,
            relations=dict(self.relations),
            dependency_joins={k: v.freeze() for k, v in self.dependency_joins.items()},
            dependency_prefetches=frozenset(self.dependency_prefetches),
            batched=frozenset(self.batched),
        )


def _variables_in(value: Any, into: set[str]) -> None:
    if isinstance(value, VariableNode):
        into.add(value.name.value)
    elif isinstance(value, ListValueNode):
        for item in value.values:
            _variables_in(item, into)
    elif isinstance(value, ObjectValueNode):
        for item in value.fields:
            _variables_in(item.value, into)


class SelectionReader:
    """Reads the selections of one request against one schema's :class:`ModelIndex`."""

    def __init__(
        self,
        index: ModelIndex,
        schema: Any,
        fragments: Mapping[str, Any],
        variables: Mapping[str, Any],
        query_settings: Mapping[str, Any],
    ) -> None:
        self.index = index
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.query_settings = query_settings
        #: Names of the variables the plan depends on (directives, nested arguments).
        self.used_variables: set[str] = set()

    # -- entry point ---------------------------------------------------------------------------
    def read(
        self,
        model: type[Model],
        field_nodes: Iterable[FieldNode],
        shape: PlanShape,
        return_type: Any,
        required_columns: frozenset[str] = frozenset(),
    ) -> QueryPlan:
        """The plan of a field returning ``model`` rows (``shape``) selected by ``field_nodes``,
        loading ``required_columns`` too."""
        entry = self.index.by_model[model]
        sets = [node.selection_set for node in field_nodes if node.selection_set]
        if shape is PlanShape.CONNECTION:
            sets = self._connection_nodes(sets, get_named_type(return_type))
        draft = self._read_model(entry, sets)
        draft.columns.update(required_columns)
        return draft.freeze()

    def _connection_nodes(self, sets: list[SelectionSetNode], connection: Any) -> list[Any]:
        """The selection sets of ``edges { node { ... } }`` under every alias of both."""
        edge_type = get_named_type(connection.fields["edges"].type)
        edge_sets = [
            node.selection_set
            for nodes in self._collect(sets, connection.name).values()
            for node in nodes
            if node.name.value == "edges" and node.selection_set
        ]
        return [
            node.selection_set
            for nodes in self._collect(edge_sets, edge_type.name).values()
            for node in nodes
            if node.name.value == "node" and node.selection_set
        ]

    # -- field collection ----------------------------------------------------------------------
    def _included(self, node: Any) -> bool:
        if not node.directives:
            return True
        for directive in node.directives:
            for argument in directive.arguments or ():
                _variables_in(argument.value, self.used_variables)
        skip = get_directive_values(GraphQLSkipDirective, node, self.variables)
        if skip and skip.get("if") is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, self.variables)
        return not (include and include.get("if") is False)

    def _applies(self, condition: Any, type_name: str) -> bool:
        if condition is None or condition.name.value == type_name:
            return True
        conditional = self.schema.get_type(condition.name.value)
        concrete = self.schema.get_type(type_name)
        return bool(
            conditional is not None
            and is_abstract_type(conditional)
            and self.schema.is_sub_type(conditional, concrete)
        )

    def _collect(self, sets: Iterable[Any], type_name: str) -> dict[str, list[FieldNode]]:
        """Response key -> field nodes, as GraphQL collects them for ``type_name``."""
        fields: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()
        self._collect_into(sets, type_name, fields, visited)
        return fields

    def _collect_into(
        self,
        sets: Iterable[Any],
        type_name: str,
        fields: dict[str, list[FieldNode]],
        visited: set[str],
    ) -> None:
        for selection_set in sets:
            for selection in selection_set.selections:
                if not self._included(selection):
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    fields.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    if self._applies(selection.type_condition, type_name):
                        self._collect_into([selection.selection_set], type_name, fields, visited)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if name in visited or fragment is None:
                        continue
                    visited.add(name)
                    if self._applies(fragment.type_condition, type_name):
                        self._collect_into([fragment.selection_set], type_name, fields, visited)

    # -- models --------------------------------------------------------------------------------
    def _read_model(self, entry: ModelEntry, sets: list[Any]) -> _Draft:
        draft = _Draft(entry.model)
        graphql_type = None
        for key, nodes in self._collect(sets, entry.type_name).items():
            spec = entry.fields.get(nodes[0].name.value)
            if spec is None or spec.kind is FieldKind.PK:
                continue  # __typename, a plugin's field; the primary key is always loaded
            if spec.kind is FieldKind.COLUMN:
                draft.columns.add(spec.name)
            elif spec.kind is FieldKind.PROPERTY:
                self._read_property(draft, spec)
            else:
                if spec.kind is FieldKind.TO_ONE:
                    draft.columns.add(spec.name)  # the foreign key the join follows
                window = None
                if spec.kind is FieldKind.MANY:
                    graphql_type = graphql_type or self.schema.get_type(entry.type_name)
                    window = self._window(graphql_type.fields[nodes[0].name.value], nodes[0])
                child = self._read_model(
                    self.index.by_model[spec.related],
                    [node.selection_set for node in nodes if node.selection_set],
                )
                if spec.child_column:
                    child.columns.add(spec.child_column)  # how Django matches rows to parents
                attribute = prefetch_attribute(nodes[0])
                draft.relations[attribute] = RelationPlan(
                    response_key=key,
                    name=spec.name,
                    model=spec.related,
                    many=spec.kind is FieldKind.MANY,
                    plan=child.freeze(),
                    window=window,
                    attribute=attribute,
                )
        return draft

    def _window(self, field_def: Any, node: FieldNode) -> Any:
        for argument in node.arguments or ():
            _variables_in(argument.value, self.used_variables)
        arguments = get_argument_values(field_def, node, self.variables)
        return list_window(arguments, self.query_settings)

    # -- model_property dependencies -----------------------------------------------------------
    def _read_property(self, draft: _Draft, spec: Any) -> None:
        prop = spec.prop
        if prop.batch is not None:
            draft.batched.add(spec.name)
        if prop.depends_on is None:
            draft.all_columns = True
            return
        for path in prop.depends_on:
            _depend(draft, path)


def _depend(draft: _Draft, path: str) -> None:
    """Add one ``depends_on`` path: columns, joins along to-one hops, a prefetch for to-many."""
    segments = path.split("__")
    current = draft
    for position, segment in enumerate(segments):
        model_field = field_map(current.model).get(segment)
        if model_field is None:
            current.all_columns = True  # not a field (a property, a typo): load everything
            return
        if not model_field.is_relation:
            current.columns.add(model_field.attname if model_field.primary_key else segment)
            return
        if model_field.many_to_many or model_field.one_to_many:
            relation_path = [segment]
            model = model_field.related_model
            for rest in segments[position + 1 :]:
                nested = field_map(model).get(rest)
                if nested is None or not nested.is_relation:
                    break
                relation_path.append(rest)
                model = nested.related_model
            current.dependency_prefetches.add("__".join(relation_path))
            return
        if not isinstance(model_field, ForeignObjectRel):
            current.columns.add(segment)  # a forward hop needs its foreign key
        child = current.dependency_joins.get(segment)
        if child is None:
            child = current.dependency_joins[segment] = _Draft(model_field.related_model)
        if position == len(segments) - 1:
            child.all_columns = True
        current = child
