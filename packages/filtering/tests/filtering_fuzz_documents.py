"""Random valid GraphQL documents for a built schema, and what an answer to one may never be.

hypothesis-graphql draws documents from the schema itself (every root field, random selections,
random arguments down to nested ``where`` inputs). It knows the built-in scalars only, so each
custom scalar here gets values a client could send: mostly well-formed, sometimes odd (out of
range, wrong shape, a NUL character), never invalid GraphQL. An ``ID`` is usually the id of a
seeded row, so lookups and mutations hit real rows, not only misses.

:func:`documents` is hypothesis-graphql's whole-schema strategy (several root fields, random
selections, many keys per input object). :func:`small_operations` draws one root field with
one or two keys per input object, so each value reaches the database instead of hiding behind a
refused sibling.

:func:`with_variables` turns a document's literal arguments into variables: the same values then
reach the server through variable coercion (``parse_value``), not literal parsing
(``parse_literal``), which is a second code path of every scalar.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import graphql
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes

INTERNAL_ERROR_CODE = "RAIL_GQL_INTERNAL_ERROR"
CODE_PREFIX = "RAIL_GQL_"

_INT64 = 2**63
T = TypeVar("T")


def _usually(
    common: st.SearchStrategy[T], rare: st.SearchStrategy[T], odds: int
) -> st.SearchStrategy[T]:
    """``common``, except once in ``odds + 1`` draws ``rare``.

    (``st.one_of`` does not weigh its branches by repetition, so the odds are drawn here.) A
    ``where`` input holds many values and one malformed value refuses the whole request, so
    malformed values stay rare enough for most requests to reach the database.
    """
    return st.sampled_from([True] * odds + [False]).flatmap(lambda c: common if c else rare)


def _mostly(values: st.SearchStrategy[str]) -> st.SearchStrategy[graphql.ValueNode]:
    """Well-formed values as strings, but one in ten is any text."""
    return _usually(values, st.text(), 9).map(nodes.String)


# Strings a client sends: field paths (orderBy, JSON key paths), words of the seeded rows (so
# string filters match), LIKE and regex metacharacters, SQL-looking text, then anything.
_WORDS = (
    "id", "pk", "title", "notes", "email", "quantity", "stock", "weight", "price", "released",
    "createdAt", "created_at", "opensAt", "leadTime", "isActive", "isFeatured", "status",
    "priority", "code", "data", "secret", "attachment", "vendor", "labels", "reviews", "detail",
    "name", "country", "rating", "verified", "internal_score", "internalScore", "parent",
    "children", "items", "color", "warehouse", "item", "stars", "body", "approved",
    "vendor__name", "vendor__parent__rating", "vendor__internal_score", "labels__name",
    "reviews__stars", "detail__warehouse", "data__color", "data__size__w", "parent__name",
    "item__title", "item__vendor__name", "__", "-", "?", "Phone", "phone", "Phone X", "Acme",
    "sale", "red", "black", "size", "w", "tags", "a", "%", "_", "\\", "%_%", "(", "[", "*",
    "^Phone", "a{1,", "(?P<x>", "' OR 1=1 --", "Please update -- thanks", "\x00", "",
)  # fmt: skip


def _strings() -> st.SearchStrategy[graphql.ValueNode]:
    words = st.sampled_from(_WORDS)
    known = st.one_of(words, words.map(lambda word: f"-{word}"))
    return _usually(known, st.text(max_size=12), 3).map(nodes.String)


def _ints() -> st.SearchStrategy[graphql.ValueNode]:
    """Small counts (pages, values near the seeded ones), but one in ten anything 32-bit."""
    wide = st.one_of(
        st.integers(min_value=-3, max_value=2024), st.sampled_from([-(2**31), 2**31 - 1])
    )
    return _usually(st.integers(min_value=0, max_value=12), wide, 9).map(nodes.Int)


def _big_ints() -> st.SearchStrategy[int]:
    """Integers around and past the 64-bit column range."""
    return st.one_of(
        st.integers(min_value=-(2**31), max_value=2**31),
        st.sampled_from([_INT64 - 1, _INT64, -_INT64, -_INT64 - 1, 10**30]),
        st.integers(),
    )


def _decimals() -> st.SearchStrategy[graphql.ValueNode]:
    """Prices like the seeded ones, but one in five anything a client might write."""
    odd = st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False).map(str).map(nodes.String),
        st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
        _big_ints().map(nodes.Int),
        st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "abc", ""]).map(nodes.String),
    )
    usual = st.decimals(min_value=-1000, max_value=1000, places=2).map(str).map(nodes.String)
    return _usually(usual, odd, 4)


def _json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=8),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=3),
            st.dictionaries(st.text(max_size=5), children, max_size=3),
        ),
        max_leaves=6,
    )


def json_node(value: Any) -> graphql.ValueNode:
    """The literal that writes ``value`` (a JSON value) in a document."""
    if value is None:
        return nodes.Null
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    if isinstance(value, str):
        return nodes.String(value)
    if isinstance(value, list):
        return nodes.List([json_node(item) for item in value])
    fields = {_name(key): json_node(item) for key, item in value.items()}
    return nodes.Object(
        [
            graphql.ObjectFieldNode(name=graphql.NameNode(value=key), value=item)
            for key, item in fields.items()
        ]
    )


def _name(key: str) -> str:
    # Object literal keys must be GraphQL names: keep the letters, digits and underscores.
    cleaned = "".join(ch for ch in key if ch.isascii() and (ch.isalnum() or ch == "_"))
    return cleaned if cleaned and not cleaned[0].isdigit() else f"k{cleaned}"


def _ids(pks: Sequence[int]) -> st.SearchStrategy[graphql.ValueNode]:
    """The id of a seeded row, but one in five any id."""
    known = st.sampled_from(list(pks) or [1])
    usual = st.one_of(known.map(nodes.String), known.map(nodes.Int))
    odd = st.one_of(
        st.integers(min_value=-5, max_value=10**4).map(nodes.Int),
        _big_ints().map(nodes.Int),
        _big_ints().map(nodes.String),
        st.text().map(nodes.String),
    )
    return _usually(usual, odd, 4)


def custom_scalars(pks: Sequence[int]) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """A strategy of value literals for each scalar of the generated schemas."""
    utc = st.just(dt.UTC)
    durations = st.timedeltas(
        min_value=dt.timedelta(days=-(10**6)), max_value=dt.timedelta(days=10**6)
    )
    return {
        "ID": _ids(pks),
        "Int": _ints(),
        "String": _strings(),
        "BigInt": _usually(
            _ints(), st.one_of(_big_ints().map(nodes.Int), _big_ints().map(nodes.String)), 4
        ),
        "Decimal": _decimals(),
        "Date": _mostly(st.dates().map(dt.date.isoformat)),
        "DateTime": _mostly(
            st.one_of(st.datetimes(timezones=utc), st.datetimes()).map(dt.datetime.isoformat)
        ),
        "Time": _mostly(st.times().map(dt.time.isoformat)),
        "Duration": _mostly(durations.map(_iso_duration)),
        "UUID": _mostly(st.uuids().map(str)),
        "JSON": _json_values().map(json_node),
        "Email": _mostly(st.emails()),
        "URL": _mostly(
            st.builds(
                "https://{}.test/{}".format,
                st.from_regex(r"[a-z]{1,8}", fullmatch=True),
                st.text(max_size=6),
            )
        ),
        "Binary": st.text().map(nodes.String),
        # A file comes only from a multipart file part: any literal is a client error.
        "Upload": st.text().map(nodes.String),
    }


def _iso_duration(delta: dt.timedelta) -> str:
    from django.utils.duration import duration_iso_string

    return duration_iso_string(delta)


def documents(
    schema: graphql.GraphQLSchema, pks: Sequence[int], fields: Iterable[str] | None = None
) -> st.SearchStrategy[str]:
    """Valid documents for ``schema`` (queries and mutations; only ``fields`` when given)."""
    return from_schema(
        schema,
        fields=list(fields) if fields is not None else None,
        custom_scalars=custom_scalars(pks),
        print_ast=lambda tree: graphql.print_ast(graphql.visit(tree, _Tidy())),
    )


class _Tidy(graphql.Visitor):
    """Drops ``first`` where ``limit`` is given and keeps two ``orderBy`` entries at most.

    The two page sizes disagreeing, or one of many random ordering paths being unknown, is
    refused before anything else runs: left as drawn, those two refusals take most examples.
    """

    def enter_field(self, node: graphql.FieldNode, *_: Any) -> graphql.FieldNode | None:
        arguments = list(node.arguments or ())
        names = {argument.name.value for argument in arguments}
        if {"limit", "first"} <= names:
            arguments = [argument for argument in arguments if argument.name.value != "first"]
        arguments = [_shortened(argument) for argument in arguments]
        return graphql.FieldNode(
            alias=node.alias,
            name=node.name,
            arguments=tuple(arguments),
            directives=node.directives,
            selection_set=node.selection_set,
        )


def _shortened(argument: graphql.ArgumentNode) -> graphql.ArgumentNode:
    value = argument.value
    if argument.name.value != "orderBy" or not isinstance(value, graphql.ListValueNode):
        return argument
    return graphql.ArgumentNode(name=argument.name, value=nodes.List(list(value.values[:2])))


def small_values(
    schema: graphql.GraphQLSchema,
    type_name: str,
    scalars: dict[str, st.SearchStrategy[graphql.ValueNode]],
    *,
    max_depth: int = 4,
) -> st.SearchStrategy[graphql.ValueNode]:
    """Literals of the input type ``type_name`` with one or two keys per object (plus the
    required ones) and short lists.

    hypothesis-graphql fills many keys of every input object, so one of them is nearly always
    refused and the rest never reach the database; these small values each reach it alone.
    """
    return _small(schema.get_type(type_name), scalars, max_depth, nullable=False)


def _small(
    type_: Any, scalars: dict[str, Any], depth: int, *, nullable: bool = True
) -> st.SearchStrategy[graphql.ValueNode]:
    if isinstance(type_, graphql.GraphQLNonNull):
        return _small(type_.of_type, scalars, depth, nullable=False)
    value: st.SearchStrategy[graphql.ValueNode]
    if isinstance(type_, graphql.GraphQLList):
        items = st.lists(_small(type_.of_type, scalars, depth - 1), max_size=3)
        value = items.map(nodes.List)
    elif isinstance(type_, graphql.GraphQLEnumType):
        value = st.sampled_from(sorted(type_.values)).map(nodes.Enum)
    elif isinstance(type_, graphql.GraphQLInputObjectType):
        value = _small_object(type_, scalars, depth)
    elif type_.name == "Boolean":
        value = st.booleans().map(nodes.Boolean)
    elif type_.name == "Float":
        value = st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float)
    else:
        value = scalars[type_.name]
    return _usually(value, st.just(nodes.Null), 9) if nullable else value


def _small_object(type_: Any, scalars: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    fields = type_.fields
    required = [name for name, field in fields.items() if graphql.is_required_input_field(field)]
    optional = sorted(
        name
        for name, field in fields.items()
        if name not in required
        and (depth > 0 or not isinstance(graphql.get_named_type(field.type), type(type_)))
    )
    max_size = min(2, len(optional))
    chosen = (
        st.lists(st.sampled_from(optional), max_size=max_size, unique=True)
        if optional
        else st.just([])
    )

    @st.composite
    def build(draw: st.DrawFn) -> graphql.ValueNode:
        names = [*required, *draw(chosen)]
        entries = [
            graphql.ObjectFieldNode(
                name=graphql.NameNode(value=name),
                value=draw(_small(fields[name].type, scalars, depth - 1)),
            )
            for name in names
        ]
        return nodes.Object(entries)

    return build()


def small_operations(
    schema: graphql.GraphQLSchema, pks: Sequence[int], fields: Iterable[str] | None = None
) -> st.SearchStrategy[str]:
    """One root field per document (query or mutation) with :func:`small_values` arguments:
    its required arguments and one or two others."""
    scalars = custom_scalars(pks)
    roots = [("query", schema.query_type), ("mutation", schema.mutation_type)]
    candidates = [
        (kind, name, field)
        for kind, root in roots
        if root is not None
        for name, field in sorted(root.fields.items())
        if fields is None or name in fields
    ]

    @st.composite
    def operation(draw: st.DrawFn) -> str:
        kind, name, field = draw(st.sampled_from(candidates))
        arguments = graphql.GraphQLInputObjectType(
            f"{name}Arguments",
            {arg: graphql.GraphQLInputField(spec.type) for arg, spec in field.args.items()},
        )
        node = draw(_small_object(arguments, scalars, 4))
        written = ", ".join(
            f"{entry.name.value}: {graphql.print_ast(entry.value)}" for entry in node.fields
        )
        call = f"{name}({written})" if written else name
        return f"{kind} {{ {call}{_selection(field.type)} }}"

    return operation()


def _selection(type_: Any) -> str:
    named = graphql.get_named_type(type_)
    if not isinstance(named, graphql.GraphQLObjectType):
        return ""
    wanted = [name for name in ("id", "ok", "errors") if name in named.fields]
    return " { " + " ".join(["__typename", *wanted]) + " }"


def with_variables(schema: graphql.GraphQLSchema, document: str) -> tuple[str, dict[str, Any]]:
    """``document`` with each argument value moved into a variable of the argument's type."""
    tree = graphql.parse(document)
    type_info = graphql.TypeInfo(schema)
    hoister = _ArgumentHoister(type_info)
    tree = graphql.visit(tree, graphql.TypeInfoVisitor(type_info, hoister))
    operation = tree.definitions[0]
    operation = graphql.OperationDefinitionNode(
        operation=operation.operation,
        name=operation.name,
        directives=operation.directives,
        selection_set=operation.selection_set,
        variable_definitions=tuple(hoister.definitions),
    )
    text = graphql.print_ast(graphql.DocumentNode(definitions=(operation,)))
    return text, hoister.variables


class _ArgumentHoister(graphql.Visitor):
    def __init__(self, type_info: graphql.TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.definitions: list[graphql.VariableDefinitionNode] = []
        self.variables: dict[str, Any] = {}

    def enter_argument(self, node: graphql.ArgumentNode, *_: Any) -> graphql.ArgumentNode:
        input_type = self.type_info.get_input_type()
        if input_type is None:
            return node
        name = f"v{len(self.definitions)}"
        self.definitions.append(
            graphql.VariableDefinitionNode(
                variable=graphql.VariableNode(name=graphql.NameNode(value=name)),
                type=graphql.parse_type(str(input_type)),
            )
        )
        self.variables[name] = graphql.value_from_ast_untyped(node.value)
        return graphql.ArgumentNode(
            name=node.name, value=graphql.VariableNode(name=graphql.NameNode(value=name))
        )


def send(client: Any, endpoint: str, document: str, variables: dict[str, Any] | None = None) -> Any:
    """POST a document as a client application does; the answer's problems are checked."""
    payload: dict[str, Any] = {"query": document}
    if variables is not None:
        payload["variables"] = variables
    body = json.dumps(payload, default=_json_default)
    response = client.post(endpoint, data=body, content_type="application/json")
    assert_answer_is_handled(response, document, variables)
    return response


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def assert_answer_is_handled(response: Any, document: str, variables: Any) -> None:
    """Never a 500, never an internal error, every error with a stable ``RAIL_GQL_*`` code."""
    context = f"\n{document}\nvariables: {variables!r}\n"
    assert response.status_code < 500, context + response.content.decode()[:2000]
    answer = response.json()
    for error in answer.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code != INTERNAL_ERROR_CODE, context + json.dumps(error)
        assert isinstance(code, str) and code.startswith(CODE_PREFIX), context + json.dumps(error)
    for error in _payload_errors(answer.get("data")):
        code = error.get("code")
        assert code != INTERNAL_ERROR_CODE, context + json.dumps(error)
        assert isinstance(code, str) and code.startswith(CODE_PREFIX), context + json.dumps(error)


def _payload_errors(data: Any) -> Iterator[dict[str, Any]]:
    """The ``{field, message, code}`` entries of every mutation payload's ``errors``."""
    if isinstance(data, list):
        for item in data:
            yield from _payload_errors(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key == "errors" and isinstance(value, list):
                yield from (error for error in value if isinstance(error, dict))
            else:
                yield from _payload_errors(value)
