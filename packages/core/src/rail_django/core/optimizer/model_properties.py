"""``model_property``: a computed model attribute served as a GraphQL field, with what it reads.

The planner cannot look inside Python code, so a property says what it needs::

    from rail_django.core.optimizer import model_property

    class Product(models.Model):
        @model_property(graphene.String, depends_on=["name", "category__name"])
        def label(self) -> str:
            return f"{self.name} ({self.category.name})"

        @model_property(graphene.Int, depends_on=["order_items__quantity"])
        def units_sold(self) -> int:
            return sum(item.quantity for item in self.order_items.all())

``depends_on`` lists Django paths: a column (``name``), a column across to-one hops
(``category__name``: joined with ``select_related``) or a to-many relation
(``order_items__quantity``: loaded with ``prefetch_related``). The optimizer loads them with the
rows, so reading the property costs no query per row. A property without ``depends_on`` loads
the model's every column.

When the value comes from somewhere the ORM cannot join (another model found by a computed key,
an aggregate, a remote service), give ``batch``: a function taking a list of rows and returning
their values in the same order. Every row of one list is answered by ``batch`` calls of at most
``dataloader_batch_size`` rows (``performance_settings.enable_dataloader``), instead of one call
per row. Reading the attribute in Python still runs the decorated function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Model

#: ``batch(rows) -> values`` in the order of ``rows``.
BatchFunction = Callable[[list[Any]], Sequence[Any]]


class ModelProperty(property):
    """A ``property`` carrying its GraphQL type, dependencies and optional batch loader."""

    graphql_type: Any
    depends_on: tuple[str, ...] | None
    batch: BatchFunction | None
    description: str | None
    name: str

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name


def model_property(
    graphql_type: Any,
    *,
    depends_on: Sequence[str] | None = None,
    batch: BatchFunction | None = None,
    description: str | None = None,
) -> Callable[[Callable[[Any], Any]], ModelProperty]:
    """Declare a read-only property served as a field of the model's GraphQL type.

    ``graphql_type`` is a graphene type (``graphene.String``, ``graphene.Int``, a scalar from
    ``rail_django.core.types``). ``depends_on`` and ``batch`` are explained in the module
    docstring. The field is exposed unless ``GraphQLMeta.Fields`` excludes it (or an
    ``include`` list leaves it out).
    """
    if isinstance(depends_on, str):
        raise TypeError("depends_on takes a list of paths, not a string.")

    def decorate(function: Callable[[Any], Any]) -> ModelProperty:
        prop = ModelProperty(function, doc=function.__doc__)
        prop.graphql_type = graphql_type
        prop.depends_on = None if depends_on is None else tuple(depends_on)
        prop.batch = batch
        prop.description = description or (function.__doc__ or "").strip() or None
        prop.name = function.__name__
        return prop

    return decorate


def model_properties(model: type[Model]) -> dict[str, ModelProperty]:
    """The ``model_property`` attributes of ``model`` (inherited ones too), by name."""
    found: dict[str, ModelProperty] = {}
    for klass in reversed(model.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, ModelProperty):
                found[name] = value
    return found
