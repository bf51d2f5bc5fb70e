"""A multipart request is accepted only for files sent to ``Upload`` variables.

Once the document is parsed and its operation chosen, each path the request's ``map`` filled
(``variables.input.attachment``) is walked through the operation's variable types: it must end
at the ``Upload`` scalar (through input objects and lists). A multipart request with no such
path, or with a path ending anywhere else, is refused with 400 ``RAIL_GQL_UPLOAD_NOT_ACCEPTED``
before the operation runs: the multipart body is an exception to the JSON-only rule for file
uploads, not a second way to send any operation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext
from graphql import (
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    type_from_ast,
)

from rail_django.contracts.error_codes import ErrorCode
from rail_django.core.http.problem import HttpProblem

UPLOAD_TYPE_NAME = "Upload"


def check_upload_paths(
    schema: GraphQLSchema, operation: OperationDefinitionNode, paths: Sequence[str]
) -> None:
    """Raise :class:`HttpProblem` unless every path in ``paths`` (at least one) reaches an
    ``Upload`` of ``operation``'s variables."""
    if not paths:
        raise HttpProblem(
            400,
            ErrorCode.UPLOAD_NOT_ACCEPTED,
            gettext("A multipart request must send at least one file: send others as JSON."),
        )
    declared = {
        definition.variable.name.value: definition.type
        for definition in operation.variable_definitions or ()
    }
    for path in paths:
        segments = path.split(".")[1:]  # past "variables", checked when the map was read
        node = declared.get(segments[0]) if segments else None
        graphql_type = type_from_ast(schema, node) if node is not None else None
        if graphql_type is None or not _ends_at_upload(graphql_type, segments[1:]):
            raise HttpProblem(
                400,
                ErrorCode.UPLOAD_NOT_ACCEPTED,
                gettext("The map path %(path)r does not lead to an Upload variable.")
                % {"path": path},
            )


def _ends_at_upload(graphql_type: Any, segments: Sequence[str]) -> bool:
    for segment in segments:
        graphql_type = _nullable(graphql_type)
        if isinstance(graphql_type, GraphQLList) and segment.isdigit():
            graphql_type = graphql_type.of_type
        elif isinstance(graphql_type, GraphQLInputObjectType) and segment in graphql_type.fields:
            graphql_type = graphql_type.fields[segment].type
        else:
            return False
    graphql_type = _nullable(graphql_type)
    return isinstance(graphql_type, GraphQLScalarType) and graphql_type.name == UPLOAD_TYPE_NAME


def _nullable(graphql_type: Any) -> Any:
    return graphql_type.of_type if isinstance(graphql_type, GraphQLNonNull) else graphql_type
