"""Send GraphQL to a Rail Django project over HTTP in tests, the way a client application does.

:class:`GraphQLTestClient` wraps Django's test client: it POSTs a JSON GraphQL request to the URL
that ``rail_django.core.urls`` serves for a schema, logs a user in when asked, and returns the
parsed JSON answer as a :class:`GraphQLResponse` (a ``dict``, with the HTTP status kept beside it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from rail_django.testing.multipart_body import FilePart, multipart_body

__all__ = [
    "GraphQLResponse",
    "GraphQLTestClient",
    "assert_no_errors",
    "error_codes",
    "graphql_url",
]

#: The URL names of ``rail_django.core.urls``: the default schema, and one schema by name.
DEFAULT_URL_NAME = "rail_django_graphql"
SCHEMA_URL_NAME = "rail_django_graphql_schema"


def graphql_url(schema: str | None = None) -> str:
    """The URL serving ``schema`` (the default schema when ``None``), wherever it is mounted."""
    if schema is None:
        return reverse(DEFAULT_URL_NAME)
    return reverse(SCHEMA_URL_NAME, kwargs={"schema_name": schema})


def error_codes(answer: Mapping[str, Any]) -> list[str | None]:
    """The ``extensions.code`` of each error of a GraphQL answer, in order (``[]`` when none).

    >>> error_codes({"errors": [{"message": "No.", "extensions": {"code": "RAIL_GQL_FORBIDDEN"}}]})
    ['RAIL_GQL_FORBIDDEN']
    >>> error_codes({"data": {"hello": "Hello world"}})
    []
    """
    return [(error.get("extensions") or {}).get("code") for error in answer.get("errors") or []]


def assert_no_errors(answer: Mapping[str, Any]) -> Any:
    """Fail with the errors shown when ``answer`` holds any; otherwise return its ``data``.

    >>> assert_no_errors({"data": {"hello": "Hello world"}})
    {'hello': 'Hello world'}
    """
    errors = answer.get("errors")
    assert not errors, f"the GraphQL answer has errors: {json.dumps(errors, indent=2)}"
    return answer.get("data")


class GraphQLResponse(dict):
    """The parsed JSON answer of one request, plus what HTTP said about it.

    A plain ``dict`` (``response["data"]``, ``"errors" in response``) with:

    - ``status_code`` and ``http`` (Django's test response: headers, cookies, raw content);
    - ``data`` and ``errors`` (``[]`` when the answer has none);
    - ``error_codes`` (each error's ``extensions.code``);
    - :meth:`assert_no_errors`, which returns the data of a ``200`` answer without errors.
    """

    def __init__(self, http: HttpResponse, body: Mapping[str, Any]) -> None:
        super().__init__(body)
        self.http = http
        self.status_code: int = http.status_code

    @property
    def data(self) -> Any:
        return self.get("data")

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.get("errors") or [])

    @property
    def error_codes(self) -> list[str | None]:
        return error_codes(self)

    def assert_no_errors(self) -> Any:
        """The ``data`` of the answer; fails unless the status is 200 and there is no error."""
        assert self.status_code == 200, f"HTTP {self.status_code}: {dict(self)}"
        return assert_no_errors(self)


class GraphQLTestClient:
    """GraphQL over HTTP with Django's test client.

    ``client`` is a ``django.test.Client`` to reuse (pytest-django's ``client`` fixture, say; a
    new one otherwise). ``user``, when given, is logged in with ``force_login`` and stays logged
    in on this client. ``schema`` is the default schema name of :meth:`execute` (``None``: the
    schema served at ``graphql/``). ``url`` replaces the reversed URL entirely (a view mounted
    by hand).

    Example, in a pytest-django test::

        from rail_django.testing import GraphQLTestClient

        def test_staff_lists_products(db, admin_user):
            gql = GraphQLTestClient(user=admin_user)
            data = gql.execute("{ products { name } }").assert_no_errors()
            assert data == {"products": []}

        def test_anonymous_writes_are_refused(db):
            answer = GraphQLTestClient().execute(
                "mutation($input: TagCreateInput!) { createTag(input: $input) { ok } }",
                {"input": {"name": "new"}},
            )
            assert answer.error_codes == ["RAIL_GQL_UNAUTHENTICATED"]
    """

    def __init__(
        self,
        client: Client | None = None,
        *,
        user: Any = None,
        schema: str | None = None,
        url: str | None = None,
    ) -> None:
        self.client = client if client is not None else Client()
        self.schema = schema
        self.url = url
        if user is not None:
            self.login(user)

    def login(self, user: Any) -> None:
        """Log ``user`` in on this client (no password check, no login SQL later on)."""
        self.client.force_login(user)

    def logout(self) -> None:
        """Log out: the following requests are anonymous."""
        self.client.logout()

    def execute(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        user: Any = None,
        schema: str | None = None,
        headers: Mapping[str, str] | None = None,
        operation_name: str | None = None,
        **extra: Any,
    ) -> GraphQLResponse:
        """POST ``query`` (with ``variables``) as ``application/json``; the parsed answer.

        ``user`` logs that user in first (see :meth:`login`). ``schema`` overrides the client's
        schema for this request. ``headers`` are HTTP headers by their usual names
        (``{"Authorization": "Bearer ..."}``); ``extra`` goes to ``Client.post`` unchanged
        (``secure=True``, a WSGI key such as ``REMOTE_ADDR``). Any status is returned; a body that
        is not JSON fails the test with the status and the start of the body.
        """
        if user is not None:
            self.login(user)
        payload: dict[str, Any] = {"query": query, "variables": dict(variables or {})}
        if operation_name is not None:
            payload["operationName"] = operation_name
        http = self.client.post(
            self.url_for(schema),
            data=json.dumps(payload),
            content_type="application/json",
            headers=dict(headers or {}),
            **extra,
        )
        return _parsed(http)

    def upload(
        self,
        query: str,
        variables: Mapping[str, Any],
        files: Mapping[str, FilePart],
        *,
        schema: str | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> GraphQLResponse:
        """POST ``query`` as a GraphQL multipart request: ``files`` maps each variable path
        (``"variables.input.file"``) to ``(file name, bytes, media type)``; the parsed answer.
        Each path gets its own file part, and ``null`` in ``operations``."""
        names = {path: str(index) for index, path in enumerate(files)}
        body, content_type = multipart_body(
            {"query": query, "variables": dict(variables)},
            {names[path]: [path] for path in files},
            {names[path]: part for path, part in files.items()},
        )
        http = self.client.post(
            self.url_for(schema),
            data=body,
            content_type=content_type,
            headers=dict(headers or {}),
            **extra,
        )
        return _parsed(http)

    def url_for(self, schema: str | None = None) -> str:
        """The URL requests go to: ``url`` when set, else that of ``schema`` (or the default)."""
        if self.url is not None:
            return self.url
        return graphql_url(schema if schema is not None else self.schema)


def _parsed(http: HttpResponse) -> GraphQLResponse:
    try:
        body = json.loads(http.content)
    except ValueError:
        raise AssertionError(
            f"HTTP {http.status_code} with a body that is not JSON: {http.content[:500]!r}"
        ) from None
    if not isinstance(body, dict):
        raise AssertionError(f"HTTP {http.status_code}: a JSON answer that is not an object")
    return GraphQLResponse(http, body)
