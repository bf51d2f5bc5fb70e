"""The MFA root fields, contributed to every schema through the plugin registry.

Query: ``mfaDevices``. Mutation: ``setupTotp``, ``verifyTotp``, ``redeemBackupCode``,
``removeMfaDevice``. They answer for the signed-in user, and also for a limited (MFA pending)
token, which no other field accepts.
"""

from __future__ import annotations

from typing import Any

import graphene

from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.core.types import DateTime
from rail_django.extensions.mfa import mfa_mutations

PLUGIN = "rail_django.extensions.mfa"


class MfaDevice(graphene.ObjectType):
    """One of your TOTP devices (its secret is never readable)."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    confirmed = graphene.Boolean(required=True, description="Active: a first code was verified.")
    created_at = graphene.Field(DateTime)
    last_used_at = graphene.Field(DateTime)


def _payload(name: str, doc: str, **fields: Any) -> type[graphene.ObjectType]:
    return type(name, (graphene.ObjectType,), {"__doc__": doc, **fields})


def _token_fields() -> dict[str, Any]:
    return {
        "token": graphene.String(description="A full access token, when a login was completed."),
        "refresh_token": graphene.String(description="Its refresh token."),
        "token_expires_at": graphene.Field(DateTime),
        "refresh_expires_at": graphene.Field(DateTime),
    }


SetupTotpPayload = _payload(
    "SetupTotpPayload",
    "An inactive device: scan the code, then verifyTotp.",
    device=graphene.Field(MfaDevice, required=True),
    provisioning_uri=graphene.String(required=True, description="otpauth:// URI (shown once)."),
    qr_code=graphene.String(required=True, description="The URI as an SVG QR code data URI."),
)
VerifyTotpPayload = _payload(
    "VerifyTotpPayload",
    "The code was accepted.",
    success=graphene.Boolean(required=True),
    device=graphene.Field(MfaDevice),
    backup_codes=graphene.List(
        graphene.NonNull(graphene.String),
        description="Backup codes, on the first activation only: shown this once.",
    ),
    **_token_fields(),
)
RedeemBackupCodePayload = _payload(
    "RedeemBackupCodePayload",
    "The backup code was accepted (and is spent).",
    success=graphene.Boolean(required=True),
    remaining_backup_codes=graphene.Int(required=True),
    **_token_fields(),
)
RemoveMfaDevicePayload = _payload(
    "RemoveMfaDevicePayload", "The device was removed.", success=graphene.Boolean(required=True)
)


def query_fields(context: Any) -> dict[str, Any]:
    return {
        "mfa_devices": graphene.List(
            graphene.NonNull(MfaDevice),
            required=True,
            resolver=lambda root, info: mfa_mutations.list_devices(info),
            description="Your TOTP devices.",
        )
    }


def mutation_fields(context: Any) -> dict[str, Any]:
    if context.settings["schema_settings"]["disable_security_mutations"]:
        return {}
    return {
        "setup_totp": graphene.Field(
            SetupTotpPayload,
            device_name=graphene.String(required=True),
            resolver=lambda root, info, device_name: mfa_mutations.setup_totp(info, device_name),
            description="Start setting up an authenticator app (inactive until verifyTotp).",
        ),
        "verify_totp": graphene.Field(
            VerifyTotpPayload,
            device_id=graphene.ID(required=True),
            token=graphene.String(required=True),
            resolver=lambda root, info, device_id, token: mfa_mutations.verify_totp(
                info, device_id, token
            ),
            description="Check a TOTP code: activates a device, completes an MFA-pending login.",
        ),
        "redeem_backup_code": graphene.Field(
            RedeemBackupCodePayload,
            code=graphene.String(required=True),
            resolver=lambda root, info, code: mfa_mutations.redeem_backup_code(info, code),
            description="Complete an MFA-pending login with a one-time backup code.",
        ),
        "remove_mfa_device": graphene.Field(
            RemoveMfaDevicePayload,
            device_id=graphene.ID(required=True),
            resolver=lambda root, info, device_id: mfa_mutations.remove_device(info, device_id),
            description="Remove one of your devices (not the last one when MFA is required).",
        ),
    }


def register_mfa_fields() -> None:
    plugin_registry.register(ContributionKind.QUERY_FIELDS, query_fields, plugin=PLUGIN)
    plugin_registry.register(ContributionKind.MUTATION_FIELDS, mutation_fields, plugin=PLUGIN)
