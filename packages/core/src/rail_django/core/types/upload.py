"""The ``Upload`` scalar: a file sent in a GraphQL multipart request.

Only a multipart request (``operations`` + ``map`` + file parts, the convention of
graphql-multipart-request-spec and apollo-upload-client) can give an ``Upload`` variable a
value: :mod:`rail_django.core.http.multipart_request` puts each file part where ``map`` says.
A JSON value for an ``Upload`` (a string, an object) and an inline literal are refused while
the variables are coerced, so a file never comes from anywhere but a file part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext

from rail_django.core.types.scalars import InvalidScalarValue


@dataclass(frozen=True)
class OversizedFile:
    """A file part skipped while it streamed because it grew past ``limit`` bytes: nothing of
    it was kept. The field it was meant for answers ``RAIL_GQL_FILE_TOO_LARGE``."""

    name: str
    limit: int


class Upload(graphene.Scalar):
    """A file sent as a part of a multipart request (graphql-multipart-request-spec)."""

    @staticmethod
    def serialize(value: Any) -> Any:
        raise ValueError("Upload is an input type.")

    @staticmethod
    def parse_value(value: Any) -> Any:
        if isinstance(value, UploadedFile | OversizedFile):
            return value
        raise InvalidScalarValue(
            gettext("An Upload must be sent as a file part of a multipart request.")
        )

    @staticmethod
    def parse_literal(node: Any, _variables: Any = None) -> Any:
        raise InvalidScalarValue(
            gettext("An Upload must be sent as a file part of a multipart request.")
        )
