"""The seam between login and a second factor (``rail_django.extensions.mfa`` installs it).

A login whose user must pass a second factor gets a *limited* token pair: its tokens carry the
claim ``mfa: "pending"`` (kept when the refresh token is rotated). A request with such a token
is refused on a Rail endpoint (``RAIL_GQL_MFA_REQUIRED``, HTTP 403) when its document asks for a
root field outside :data:`LIMITED_TOKEN_FIELDS`; otherwise, and on any other view, it runs as the
anonymous user, and the MFA fields read the user with :func:`pending_user`. Completing the second
factor issues a new, unlimited pair.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    parse,
)

MFA_CLAIM = "mfa"
PENDING = "pending"
_PENDING_USER_ATTRIBUTE = "rail_mfa_pending_user"

#: ``user -> (due, setup_needed)``: must this login pass a second factor, and must a device be
#: set up first? ``None``: no MFA app installed, no login needs one.
_gate: Callable[[Any], tuple[bool, bool]] | None = None
#: ``user -> bool``: must this user pass a second factor at all (settings only, no query)?
_required: Callable[[Any], bool] | None = None
#: ``() -> bool``: must anyone use MFA (settings only)? Lets most requests skip the session.
_configured: Callable[[], bool] | None = None
#: The session key that holds the pk of the user who passed the second factor in this session.
SESSION_VERIFIED_KEY = "_rail_mfa_verified"


def install_gate(
    gate: Callable[[Any], tuple[bool, bool]] | None,
    required: Callable[[Any], bool] | None = None,
    configured: Callable[[], bool] | None = None,
) -> None:
    global _gate, _required, _configured
    _gate, _required, _configured = gate, required, configured


def enforcement_configured() -> bool:
    """Whether some users must use MFA at all (settings only: no query, no session load)."""
    if _required is None:
        return False
    return True if _configured is None else _configured()


def session_due(request: Any, user: Any) -> bool:
    """Whether a Django *session* user must still pass the second factor in this session."""
    if _required is None or not _required(user):
        return False
    session = getattr(request, "session", None)
    return session is None or session.get(SESSION_VERIFIED_KEY) != str(user.pk)


def mark_session_verified(request: Any, user: Any) -> None:
    request.session[SESSION_VERIFIED_KEY] = str(user.pk)


def login_gate(user: Any) -> tuple[bool, bool]:
    return (False, False) if _gate is None else _gate(user)


def is_pending(claims: Any) -> bool:
    return claims.raw.get(MFA_CLAIM) == PENDING


def mark_pending(request: Any, user: Any) -> None:
    setattr(request, _PENDING_USER_ATTRIBUTE, user)


def pending_user(request: Any) -> Any:
    """The user of a limited (MFA pending) token on ``request``, or ``None``."""
    return getattr(request, _PENDING_USER_ATTRIBUTE, None)


#: The root fields a limited token may ask for (the MFA fields, rotating and ending the login).
LIMITED_TOKEN_FIELDS = frozenset(
    {
        "setupTotp",
        "verifyTotp",
        "redeemBackupCode",
        "mfaDevices",
        "removeMfaDevice",
        "refreshToken",
        "logout",
        "__typename",
    }
)


def _document_text(request: Any) -> str | None:
    if request.method == "GET":
        return request.GET.get("query")
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    query = body.get("query") if isinstance(body, dict) else None
    return query if isinstance(query, str) else None


def _root_fields(document: Any) -> set[str]:
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    names: set[str] = set()
    seen: set[str] = set()
    stack = [
        d.selection_set for d in document.definitions if isinstance(d, OperationDefinitionNode)
    ]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                stack.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    stack.append(fragments[name].selection_set)
    return names


def fields_refused_to_limited_token(request: Any) -> list[str]:
    """The root fields of the request's document a limited token may not use (sorted).

    A body that is not a readable GraphQL document answers ``[]``: the endpoint refuses it
    anyway, and the request runs as anonymous."""
    text = _document_text(request)
    if not text:
        return []
    try:
        document = parse(text, max_tokens=20_000)
    except GraphQLError:
        return []
    return sorted(_root_fields(document) - LIMITED_TOKEN_FIELDS)
