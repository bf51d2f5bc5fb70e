"""GraphQL multipart request bodies (graphql-multipart-request-spec), built byte by byte.

What apollo-upload-client sends: an ``operations`` part, a ``map`` part, then one part per file.
:func:`multipart_body` takes the parts as given (``operations``/``map`` may be raw text, to test
a malformed request) and returns the body with its ``Content-Type``::

    body, content_type = multipart_body(
        {"query": "mutation($f: Upload!) { upload(file: $f) }", "variables": {"f": None}},
        {"0": ["variables.f"]},
        {"0": ("a.txt", b"hello", "text/plain")},
    )
    client.post("/graphql/", data=body, content_type=content_type)
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

__all__ = ["FilePart", "multipart_body"]

#: A file part: its file name, its bytes and the media type the client claims.
FilePart = tuple[str, bytes, str]


def multipart_body(
    operations: Mapping[str, Any] | str,
    file_map: Mapping[str, list[str]] | str,
    files: Mapping[str, FilePart],
    *,
    boundary: str | None = None,
) -> tuple[bytes, str]:
    """The body of a multipart GraphQL request and its ``Content-Type`` header value."""
    boundary = boundary or f"rail-{uuid.uuid4().hex}"
    chunks: list[bytes] = []
    for name, value in (("operations", operations), ("map", file_map)):
        text = value if isinstance(value, str) else json.dumps(value)
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + text.encode()
            + b"\r\n"
        )
    for name, (filename, content, media_type) in files.items():
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {media_type}\r\n\r\n"
        )
        chunks.append(head.encode() + content + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"
