"""``where`` on JSON fields by key path (``{path: ["a", "b"], eq: 1}``), and the helpers every
part of the ``where`` compiler shares (the refusal, value checks).

:class:`JsonPathFilters` is a part of :class:`~rail_django.filtering.where_compiler.WhereCompiler`
kept in its own module: it needs the compiler's ``database``, ``plans``, ``_list`` and
``_count_condition``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connections
from django.db.models import ExpressionWrapper, F, Q
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.filtering.field_kinds import BadValue, without_nul
from rail_django.filtering.filter_plan import FieldFilter
from rail_django.filtering.operators import Operator


def invalid(message: str) -> RailError:
    """The refusal of a ``where`` input (``RAIL_GQL_INVALID_FILTER``, message naming the path)."""
    return RailError(message, ErrorCode.INVALID_FILTER)


def accepted_list(keys: Sequence[str]) -> str:
    """The accepted keys, for a refusal's message."""
    return ", ".join(keys) if keys else gettext("none")


class JsonPathFilters:
    """JSON key-path conditions of a ``where`` (a mixin of the compiler)."""

    def _require_json_containment(self, path: str) -> None:
        if not connections[self.database].features.supports_json_field_contains:
            vendor = connections[self.database].vendor
            raise invalid(
                gettext("%(path)s: JSON containment is not supported on %(vendor)s.")
                % {"path": path, "vendor": vendor}
            )

    # -- JSON key paths ----------------------------------------------------------------------
    def _json_keys(self, entry: FieldFilter, operand: Any, path: str, lhs: str) -> Q:
        condition = Q()
        for index, item in enumerate(self._list(operand, path)):
            here = f"{path}[{index}]"
            if not isinstance(item, Mapping):
                raise invalid(
                    gettext("%(path)s must be an object with a path and operators.")
                    % {"path": here}
                )
            key_path = item.get("path")
            try:
                keys = [as_text(part) for part in self._list(key_path, f"{here}.path")]
            except BadValue as exc:
                raise invalid(
                    gettext("Invalid value at %(path)s.path: %(reason)s.")
                    % {"path": here, "reason": exc}
                ) from None
            if not keys:
                raise invalid(gettext("%(path)s.path must name at least one key.") % {"path": here})
            # Keys are parameters of KeyTransform expressions, never parts of a lookup string.
            # The wrapper gives the column its JSON output field before the query resolves it,
            # so values are prepared (JSON-encoded) as the filter(**kwargs) form would do.
            target: Any = ExpressionWrapper(F(lhs), output_field=entry.field)
            for key in keys:
                target = KeyTransform(key, target)
            operators = self.plans.key_path_operators
            for op_key, value in item.items():
                if op_key == "path" or value is None:
                    continue
                op = operators.get(op_key)
                if op is None:
                    raise invalid(
                        gettext(
                            "Unknown operator %(key)r at %(path)s; accepted: path, %(accepted)s."
                        )
                        % {"key": op_key, "path": here, "accepted": accepted_list(list(operators))}
                    )
                condition &= self._key_condition(target, op, value, f"{here}.{op_key}")
        return condition

    def _key_condition(self, target: Any, op: Operator, value: Any, path: str) -> Q:
        self._count_condition()
        try:
            if op.id == "is_null":
                value = as_bool(value)
            elif op.id == "icontains":
                value = as_text(value)
            elif op.id == "in":
                value = [self.plans.json_coerce(v) for v in self._list(value, path)]
            elif op.id in ("gt", "gte", "lt", "lte"):
                if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                    raise BadValue(f"a number or a string, got {value!r}")
            else:
                value = self.plans.json_coerce(value)
        except BadValue as exc:
            raise invalid(
                gettext("Invalid value at %(path)s: %(reason)s.") % {"path": path, "reason": exc}
            ) from None
        lookup_class = target.get_lookup(op.lookup)
        condition = Q(lookup_class(target, value))
        if not op.negate:
            return condition
        # As for fields, "not equal" also matches rows without a value (here: without the key).
        return ~condition | Q(target.get_lookup("isnull")(target, True))


def as_bool(value: Any) -> bool:
    """``value`` when it is a boolean, else :class:`BadValue`."""
    if not isinstance(value, bool):
        raise BadValue(f"true or false, got {value!r}")
    return value


def as_text(value: Any) -> str:
    """``value`` when it is a string (NUL refused), else :class:`BadValue`."""
    if not isinstance(value, str):
        raise BadValue(f"a string, got {value!r}")
    return without_nul(value)
