"""Does a file's content match its extension? Read from the bytes, not from the name.

Binary types are recognised by their signature (magic bytes) with ``puremagic``, a maintained,
pure-Python signature database: a PNG renamed ``.pdf`` starts with PNG's signature, not
``%PDF``, and a Windows executable renamed ``.png`` starts with ``MZ``. Text types
(``text/*`` by Python's ``mimetypes``: ``.txt``, ``.csv``...) have no signature: they match when
the bytes are UTF-8 with no NUL byte, so a binary renamed ``.txt`` does not.
"""

from __future__ import annotations

import mimetypes

import puremagic

#: How much of a file is read to recognise it: signatures sit in the first bytes.
HEAD_BYTES = 8192


def expected_media_type(extension: str) -> str | None:
    """The media type an extension (``".png"``) stands for, or ``None`` when unknown."""
    return mimetypes.guess_type(f"file{extension}", strict=False)[0]


def content_matches(head: bytes, extension: str) -> bool:
    """Whether ``head`` (the first :data:`HEAD_BYTES` of a file) is content of the type that
    ``extension`` (lower case, with its dot) names."""
    expected = expected_media_type(extension)
    if expected is not None and expected.startswith("text/"):
        return _is_text(head)
    try:
        found = puremagic.magic_string(head) if head else []
    except puremagic.PureError:
        found = []
    return any(
        match.extension.lower() == extension or (expected and match.mime_type == expected)
        for match in found
    )


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The head may end inside a multi-byte character: only an earlier error counts.
        return len(head) == HEAD_BYTES and error.start >= len(head) - 3
    return True
