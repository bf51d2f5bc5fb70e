"""The authentication root fields, contributed to every schema through the plugin registry.

Query: ``me``. Mutation: ``login``, ``refreshToken``, ``logout``, ``changePassword`` and, where
``JWT_ALLOW_REGISTRATION`` allows it, ``register``. ``schema_settings.disable_security_mutations``
and ``security_settings.enable_authentication: False`` remove the mutations (``me`` stays: it
is a query and reveals only the caller). The payload types
are built per schema because their ``user`` field has that schema's user type.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import graphene

from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.core.types import DateTime
from rail_django.security.auth import auth_mutations
from rail_django.security.auth.auth_user_type import user_type_for
from rail_django.security.auth.token_settings import registration_allowed

PLUGIN = "rail_django.security.auth"


def _token_fields(user_type: Any) -> dict[str, Any]:
    return {
        "token": graphene.String(required=True, description="The access token (Bearer)."),
        "refresh_token": graphene.String(
            required=True, description="The refresh token: exchange it with refreshToken."
        ),
        "token_expires_at": graphene.Field(DateTime, description="When the access token expires."),
        "refresh_expires_at": graphene.Field(
            DateTime, description="When the refresh token expires."
        ),
        "user": graphene.Field(user_type, description="The authenticated user."),
    }


def _object_type(name: str, doc: str, fields: Mapping[str, Any]) -> type[graphene.ObjectType]:
    return type(name, (graphene.ObjectType,), {"__doc__": doc, **fields})


def query_fields(context: Any) -> dict[str, Any]:
    """``me``: the current user, or null when anonymous."""
    user_type = user_type_for(context)

    def resolve_me(root: Any, info: Any) -> Any:
        user = getattr(info.context, "user", None)
        return user if getattr(user, "is_authenticated", False) else None

    return {
        "me": graphene.Field(
            user_type,
            resolver=resolve_me,
            description="The authenticated user (session or JWT), or null.",
        )
    }


def mutation_fields(context: Any) -> dict[str, Any]:
    """The authentication mutations of ``context``'s schema."""
    if context.settings["schema_settings"]["disable_security_mutations"]:
        return {}
    if not context.settings["security_settings"]["enable_authentication"]:
        return {}  # the schema relies on Django's own sign-in: no token mutations
    user_type = user_type_for(context)
    login_payload = _object_type(
        "LoginPayload",
        "A new access/refresh token pair; when mfaRequired, limited to the MFA mutations.",
        {
            **_token_fields(user_type),
            "mfa_required": graphene.Boolean(
                required=True,
                description="A second factor is due: the tokens only allow the MFA mutations.",
            ),
            "mfa_next_step": graphene.String(
                description="SETUP_TOTP or VERIFY_TOTP when mfaRequired, else null."
            ),
            "message": graphene.String(description="What to do next, when mfaRequired."),
        },
    )
    refresh_payload = _object_type(
        "RefreshTokenPayload", "The rotated token pair.", _token_fields(user_type)
    )
    change_payload = _object_type(
        "ChangePasswordPayload",
        "The password was changed; every earlier token is revoked and a new pair issued.",
        {"success": graphene.Boolean(required=True), **_token_fields(user_type)},
    )
    logout_payload = _object_type(
        "LogoutPayload",
        "Whether a login was ended.",
        {"success": graphene.Boolean(required=True)},
    )
    fields: dict[str, Any] = {
        "login": graphene.Field(
            login_payload,
            username=graphene.String(required=True),
            password=graphene.String(required=True),
            resolver=lambda root, info, username, password: auth_mutations.login(
                info, username, password
            ),
            description="Log in with a username and password; answers a token pair.",
        ),
        "refresh_token": graphene.Field(
            refresh_payload,
            refresh_token=graphene.String(
                description="The refresh token (in cookie mode, the refresh cookie if omitted)."
            ),
            resolver=lambda root, info, refresh_token=None: auth_mutations.refresh(
                info, refresh_token
            ),
            description="Exchange a refresh token for a new pair; the old one is spent.",
        ),
        "logout": graphene.Field(
            logout_payload,
            refresh_token=graphene.String(description="Also revoke this refresh token's login."),
            resolver=lambda root, info, refresh_token=None: auth_mutations.logout_user(
                info, refresh_token
            ),
            description="Revoke the current access token and its login's refresh tokens.",
        ),
        "change_password": graphene.Field(
            change_payload,
            old_password=graphene.String(required=True),
            new_password=graphene.String(required=True),
            resolver=lambda root, info, old_password, new_password: auth_mutations.change_password(
                info, old_password, new_password
            ),
            description="Change your password; revokes every token you hold.",
        ),
    }
    if registration_allowed(context.schema_name):
        register_payload = _object_type(
            "RegisterPayload",
            "The same answer whether or not the username was taken.",
            {
                "success": graphene.Boolean(required=True),
                "message": graphene.String(required=True),
            },
        )
        fields["register"] = graphene.Field(
            register_payload,
            username=graphene.String(required=True),
            password=graphene.String(required=True),
            email=graphene.String(),
            resolver=lambda root, info, username, password, email=None: auth_mutations.register(
                info, username, password, email
            ),
            description="Create an account (then log in).",
        )
    return fields


def register_auth_fields() -> None:
    """Contribute ``me`` and the authentication mutations (from the app's ``ready()``)."""
    plugin_registry.register(ContributionKind.QUERY_FIELDS, query_fields, plugin=PLUGIN)
    plugin_registry.register(ContributionKind.MUTATION_FIELDS, mutation_fields, plugin=PLUGIN)
