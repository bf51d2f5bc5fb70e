"""A ``where`` value (from GraphQL or from Python) to one Django ``Q``, checked key by key.

Every key is looked up in the model's :class:`~rail_django.filtering.filter_plan.ModelFilterPlan`;
the Django path a condition is written on comes from the plan, never from the input, so
``_connector``, ``__`` paths, annotation or FilteredRelation names cannot reach the ORM. A refused
input raises ``RailError(code=INVALID_FILTER)`` whose message names its path
(``where.OR[1].vendorRel.name.icontains``).

To-one relations (``vendorRel``) become joins; to-many relations (``reviewsRel: {some: ...}``) and
their counts become ``EXISTS`` / ``COUNT`` subqueries, so no row is ever repeated.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connections
from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    Subquery,
)
from django.utils.translation import gettext, ngettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.permissions import get_permission_backend
from rail_django.filtering.field_kinds import BadValue, display_value
from rail_django.filtering.filter_plan import (
    LOGICAL_KEYS,
    FieldFilter,
    ModelFilterPlan,
    RelationFilter,
    SchemaFilterPlans,
)
from rail_django.filtering.operators import Kind, Operator, Shape
from rail_django.filtering.regex_patterns import pattern_problem
from rail_django.filtering.where_json_paths import (
    JsonPathFilters,
    accepted_list,
    as_bool,
    as_text,
    invalid,
)

#: Keys of a to-many relation filter.
MANY_KEYS = ("some", "every", "none")

_MATCH_NOTHING = Q(pk__in=[])

#: Kinds whose values are checked against the column's integer range.
_INTEGER_KINDS = (Kind.INT, Kind.BIG_INT, Kind.ID)


class WhereCompiler(JsonPathFilters):
    """Compiles the ``where`` of one request against a schema's precompiled plans.

    Only the per-request state lives here (the user, the condition count); limits, operator maps
    and value checks come compiled from the plans. Whether a field may be filtered on is asked of
    the schema runtime's field-access table, and relation subqueries are scoped only for models
    the permission backend restricts (``runtime.scopes_rows``).
    """

    def __init__(
        self,
        plans: SchemaFilterPlans,
        *,
        user: Any = None,
        database: str = "default",
        context: Any = None,
        check_relations: bool = True,
    ) -> None:
        self.plans = plans
        self.runtime = plans.runtime
        self.user = user
        self.context = context
        self.database = database
        limits = plans.limits
        self.max_depth = limits.max_depth
        self.max_conditions = limits.max_conditions
        self.max_list_values = limits.max_list_values
        self.max_regex_length = limits.max_regex_length
        # Server code calling the pipeline without a user is trusted; a user's request may only
        # reach related models that user may read (same rule as the relation fields).
        self.check_relations = (
            check_relations and user is not None and limits.require_model_permissions
        )
        self.codename = limits.codename
        self.conditions = 0
        self._readable: dict[type[Model], bool] = {}

    # -- entry point -------------------------------------------------------------------------
    def compile(self, model: type[Model], where: Any, path: str = "where") -> Q:
        """The ``Q`` of ``where`` on ``model``."""
        return self._where(self._plan(model), where, path, prefix="", depth=1)

    def _plan(self, model: type[Model]) -> ModelFilterPlan:
        try:
            return self.plans.plan(model)
        except KeyError:
            raise invalid(
                gettext("%(model)s cannot be filtered in this schema.") % {"model": model.__name__}
            ) from None

    # -- where objects -----------------------------------------------------------------------
    def _where(self, plan: ModelFilterPlan, where: Any, path: str, prefix: str, depth: int) -> Q:
        if not isinstance(where, Mapping):
            raise invalid(
                gettext("%(path)s must be an object of %(type)s filters.")
                % {"path": path, "type": plan.type_name}
            )
        if depth > self.max_depth:
            raise invalid(
                ngettext(
                    "%(path)s nests deeper than the allowed %(limit)s level.",
                    "%(path)s nests deeper than the allowed %(limit)s levels.",
                    self.max_depth,
                )
                % {"path": path, "limit": self.max_depth}
            )
        condition = Q()
        for key, value in where.items():
            here = f"{path}.{key}"
            if value is None:
                continue  # an explicit null filter is no condition, as an absent one
            if key in plan.fields:
                condition &= self._field(plan.fields[key], value, here, prefix, depth)
            elif key in plan.relations:
                self._check_relation_visible(plan.model, plan.relations[key], here)
                condition &= self._relation(plan.relations[key], value, here, prefix, depth)
            elif key in plan.counts:
                self._check_relation_visible(plan.model, plan.counts[key], here)
                condition &= self._count(plan.counts[key], value, here, prefix)
            elif key in LOGICAL_KEYS:
                condition &= self._logical(plan, key, value, here, prefix, depth)
            else:
                raise invalid(
                    gettext(
                        "Unknown filter %(key)r at %(path)s on %(type)s; accepted: %(accepted)s."
                    )
                    % {
                        "key": key,
                        "path": path,
                        "type": plan.type_name,
                        "accepted": accepted_list(plan.keys()),
                    }
                )
        return condition

    def _logical(
        self, plan: ModelFilterPlan, key: str, value: Any, path: str, prefix: str, depth: int
    ) -> Q:
        if key == "NOT":
            negated = self._where(plan, value, path, prefix, depth + 1)
            # NOT of no condition (which matches everything) matches nothing.
            return ~negated if negated else _MATCH_NOTHING
        if isinstance(value, Mapping) or not isinstance(value, Sequence) or isinstance(value, str):
            raise invalid(
                gettext("%(path)s must be a list of %(type)s filters.")
                % {"path": path, "type": plan.type_name}
            )
        parts = [
            self._where(plan, item, f"{path}[{i}]", prefix, depth + 1)
            for i, item in enumerate(value)
        ]
        if key == "AND":
            combined = Q()
            for part in parts:
                combined &= part
            return combined
        if not parts:
            return _MATCH_NOTHING  # an empty OR matches nothing, an empty AND everything
        combined = parts[0]
        for part in parts[1:]:
            combined |= part
        return combined

    # -- fields ------------------------------------------------------------------------------
    def _field(self, entry: FieldFilter, value: Any, path: str, prefix: str, depth: int) -> Q:
        if not isinstance(value, Mapping):
            raise invalid(gettext("%(path)s must be an object of operators.") % {"path": path})
        self._check_field_visible(entry, path)
        if entry.field.is_relation and entry.field.related_model is not None:
            # A foreign key id filter tells which related ids exist: the same read permission
            # on the related model as ``<field>Rel`` needs.
            self._check_readable(entry.field.related_model, path)
        condition = Q()
        for key, operand in value.items():
            if operand is None:
                continue
            op = entry.operators.get(key)
            if op is None:
                raise invalid(
                    gettext("Unknown operator %(key)r at %(path)s; accepted: %(accepted)s.")
                    % {"key": key, "path": path, "accepted": accepted_list(list(entry.operators))}
                )
            condition &= self._operator(
                entry, op, operand, f"{path}.{key}", prefix + entry.path, depth
            )
        return condition

    def _check_field_visible(self, entry: FieldFilter, path: str) -> None:
        if entry.name in ("id", "pk"):
            return
        access = self.runtime.field_access
        if not access.filterable(self.user, entry.field.model, entry.name, context=self.context):
            # A masked or hidden value must not be learnt by filtering on it either.
            raise RailError(
                gettext("You may not filter on %(path)s.") % {"path": path},
                ErrorCode.PERMISSION_DENIED,
            )

    def _check_relation_visible(
        self, model: type[Model], relation: RelationFilter, path: str
    ) -> None:
        """A relation the user may not read (hidden or masked) may not be followed either: its
        rows' fields would tell what the relation holds."""
        access = self.runtime.field_access
        if not access.filterable(self.user, model, relation.name, context=self.context):
            raise RailError(
                gettext("You may not filter on %(path)s.") % {"path": path},
                ErrorCode.PERMISSION_DENIED,
            )

    def _count_condition(self) -> None:
        self.conditions += 1
        if self.conditions > self.max_conditions:
            raise invalid(
                ngettext(
                    "A where holds at most %(limit)s condition.",
                    "A where holds at most %(limit)s conditions.",
                    self.max_conditions,
                )
                % {"limit": self.max_conditions}
            )

    def _operator(
        self, entry: FieldFilter, op: Operator, operand: Any, path: str, lhs: str, depth: int
    ) -> Q:
        if op.shape is Shape.PART:
            return self._nested(Kind.PART, operand, path, f"{lhs}__{op.lookup}", depth, entry)
        if op.shape is Shape.DATE:
            return self._nested(Kind.DATE, operand, path, f"{lhs}__date", depth, entry)
        if op.shape is Shape.KEYS:
            return self._json_keys(entry, operand, path, lhs)
        self._count_condition()
        value = self._value(entry, op, operand, path)
        if op.id in ("has_keys", "has_any_keys") and not value:
            # Django writes an empty key list as invalid SQL: all of no keys is every row, any
            # of no keys is none (as ``in: []`` matches nothing).
            return Q() if op.id == "has_keys" else _MATCH_NOTHING
        if op.id == "json_contains" or op.id == "contained_by":
            self._require_json_containment(path)
        condition = Q(**{f"{lhs}__{op.lookup}": value})
        return ~condition if op.negate else condition

    def _nested(
        self, kind: Kind, operand: Any, path: str, lhs: str, depth: int, parent: FieldFilter
    ) -> Q:
        """Date parts (``year: {gte: 2020}``) and a datetime's ``date: {...}``."""
        if not isinstance(operand, Mapping):
            raise invalid(gettext("%(path)s must be an object of operators.") % {"path": path})
        # Years go through date bounds (year_lookup_bounds), which end at year 9999.
        nested = self.plans.year_part if lhs.endswith("__year") else self.plans.nested[kind]
        operators = nested.operators
        condition = Q()
        for key, value in operand.items():
            if value is None:
                continue
            op = operators.get(key)
            if op is None:
                raise invalid(
                    gettext("Unknown operator %(key)r at %(path)s; accepted: %(accepted)s.")
                    % {"key": key, "path": path, "accepted": accepted_list(list(operators))}
                )
            condition &= self._operator(nested, op, value, f"{path}.{key}", lhs, depth)
        return condition

    def _value(self, entry: FieldFilter, op: Operator, operand: Any, path: str) -> Any:
        shape = op.shape
        try:
            if shape is Shape.BOOL:
                return as_bool(operand)
            if shape is Shape.TEXT:
                return as_text(operand)
            if shape is Shape.TEXTS:
                return [as_text(item) for item in self._list(operand, path)]
            if shape in (Shape.LIST, Shape.PAIR):
                items = self._list(operand, path)
                if shape is Shape.PAIR and len(items) != 2:
                    raise invalid(
                        gettext("%(path)s takes exactly two values [from, to].") % {"path": path}
                    )
                return [self._checked(entry, op, item) for item in items]
            if op.id in ("regex", "iregex"):
                return self._regex(operand, path)
            return self._checked(entry, op, operand)
        except BadValue as exc:
            raise invalid(
                gettext("Invalid value at %(path)s: %(reason)s.") % {"path": path, "reason": exc}
            ) from None

    def _checked(self, entry: FieldFilter, op: Operator, item: Any) -> Any:
        value = entry.coerce(item)
        if entry.kind in _INTEGER_KINDS and isinstance(value, int):
            self._check_integer_range(entry, value)
        restricted = entry.choices is not None and op.id in ("eq", "neq", "in", "not_in")
        if restricted and value not in entry.choices:
            allowed = ", ".join(sorted(display_value(entry.field, v) for v in entry.choices))
            given = item.name if isinstance(item, enum.Enum) else item
            raise BadValue(f"expected one of {allowed}, got {given!r}")
        return value

    def _check_integer_range(self, entry: FieldFilter, value: int) -> None:
        """Refuse an integer the column cannot hold: ``IN`` and ``BETWEEN`` would pass it to
        the driver, which fails (SQLite: ``OverflowError``) instead of matching nothing."""
        field = entry.field
        while field is not None and field.is_relation:
            field = field.target_field
        if field is None:
            return
        try:
            low, high = connections[self.database].ops.integer_field_range(
                field.get_internal_type()
            )
        except KeyError:  # not an integer column (a UUID or text key)
            return
        if (low is not None and value < low) or (high is not None and value > high):
            raise BadValue(f"an integer between {low} and {high}, got {value!r}")

    def _list(self, operand: Any, path: str) -> list[Any]:
        if isinstance(operand, (str, bytes, Mapping)) or not isinstance(operand, Sequence):
            raise invalid(gettext("%(path)s must be a list.") % {"path": path})
        if len(operand) > self.max_list_values:
            raise invalid(
                ngettext(
                    "%(path)s holds more than %(limit)s value.",
                    "%(path)s holds more than %(limit)s values.",
                    self.max_list_values,
                )
                % {"path": path, "limit": self.max_list_values}
            )
        return list(operand)

    def _regex(self, operand: Any, path: str) -> str:
        pattern = as_text(operand)
        problem = pattern_problem(
            pattern, path, max_length=self.max_regex_length, database=self.database
        )
        if problem is not None:
            raise invalid(problem)
        return pattern

    # -- relations ---------------------------------------------------------------------------
    def _check_readable(self, related: type[Model], path: str) -> None:
        if not self.check_relations:
            return
        allowed = self._readable.get(related)
        if allowed is None:
            decision = get_permission_backend().check_operation(
                self.user, related, "view", codename=self.codename, runtime=self.runtime
            )
            allowed = self._readable[related] = bool(decision.allowed)
        if not allowed:
            raise RailError(
                gettext("You may not filter on %(path)s: you cannot view %(models)s.")
                % {"path": path, "models": related._meta.verbose_name_plural},
                ErrorCode.PERMISSION_DENIED,
            )

    def _scoped(self, rows: Any) -> Any:
        """``rows`` narrowed to what the user may see, when the backend restricts that model."""
        if not self.runtime.scopes_rows(rows.model):
            return rows
        return get_permission_backend().scope_queryset(
            self.user, rows, "view", runtime=self.runtime
        )

    def _relation(
        self, relation: RelationFilter, value: Any, path: str, prefix: str, depth: int
    ) -> Q:
        self._check_readable(relation.related, path)
        plan = self._plan(relation.related)
        if not relation.many:
            self._count_condition()
            inner_prefix = f"{prefix}{relation.query_name}__"
            condition = self._where(plan, value, path, inner_prefix, depth + 1)
            if self.runtime.scopes_rows(relation.related):
                visible = self._scoped(relation.related._default_manager.all()).values("pk")
                condition &= Q(**{f"{inner_prefix}pk__in": visible})
            return condition
        if not isinstance(value, Mapping):
            raise invalid(
                gettext("%(path)s must be an object with some, every or none.") % {"path": path}
            )
        condition = Q()
        for key, inner in value.items():
            if inner is None:
                continue
            if key not in MANY_KEYS:
                raise invalid(
                    gettext("Unknown filter %(key)r at %(path)s; accepted: some, every, none.")
                    % {"key": key, "path": path}
                )
            self._count_condition()
            inner_q = self._where(plan, inner, f"{path}.{key}", "", depth + 1)
            if key == "every" and not inner_q:
                continue  # every row satisfies no condition
            rows = self._rows_of(relation, prefix)
            if key == "some":
                condition &= Q(Exists(rows.filter(inner_q)))
            elif key == "none":
                condition &= ~Q(Exists(rows.filter(inner_q)))
            else:  # every: no related row fails the condition
                condition &= ~Q(Exists(rows.filter(~inner_q)))
        return condition

    def _rows_of(self, relation: RelationFilter, prefix: str) -> Any:
        """The related rows of the outer row, as a correlated subquery the user may see."""
        outer = OuterRef(f"{prefix}{relation.outer_field}")
        rows = relation.related._default_manager.filter(**{relation.back_path: outer})
        return self._scoped(rows)

    def _count(self, relation: RelationFilter, value: Any, path: str, prefix: str) -> Q:
        self._check_readable(relation.related, path)
        if not isinstance(value, Mapping):
            raise invalid(gettext("%(path)s must be an object of operators.") % {"path": path})
        counted = (
            self._rows_of(relation, prefix)
            .order_by()
            .annotate(_rail_count=Func(F("pk"), function="COUNT"))
            .values("_rail_count")
        )
        number = Subquery(counted, output_field=IntegerField())
        operators = self.plans.count_operators
        check = self.plans.count_coerce
        condition = Q()
        for key, operand in value.items():
            if operand is None:
                continue
            op = operators.get(key)
            if op is None:
                raise invalid(
                    gettext("Unknown operator %(key)r at %(path)s; accepted: %(accepted)s.")
                    % {"key": key, "path": path, "accepted": accepted_list(list(operators))}
                )
            here = f"{path}.{key}"
            self._count_condition()
            try:
                if op.shape in (Shape.LIST, Shape.PAIR):
                    operand = [check(v) for v in self._list(operand, here)]
                    if op.shape is Shape.PAIR and len(operand) != 2:
                        raise invalid(
                            gettext("%(path)s takes exactly two values [from, to].")
                            % {"path": here}
                        )
                else:
                    operand = check(operand)
            except BadValue as exc:
                raise invalid(
                    gettext("Invalid value at %(path)s: %(reason)s.")
                    % {"path": here, "reason": exc}
                ) from None
            lookup_class = IntegerField().get_lookup(op.lookup)
            part = Q(lookup_class(number, operand))
            condition &= ~part if op.negate else part
        return condition
