"""Drive the MFA API over HTTP with real pyotp codes and a server clock the test sets."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from security_auth_client import LOGIN, PASSWORD, ok, post

NOW = 1_800_000_015.0  # a fixed server time, 15 s into a 30 s step

LOGIN_MFA = """
mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    token refreshToken mfaRequired mfaNextStep message user { username }
  }
}
"""
SETUP = """
mutation Setup($name: String!) {
  setupTotp(deviceName: $name) { device { id name confirmed } provisioningUri qrCode }
}
"""
VERIFY = """
mutation Verify($id: ID!, $code: String!) {
  verifyTotp(deviceId: $id, token: $code) {
    success backupCodes token refreshToken device { id confirmed }
  }
}
"""
REDEEM = """
mutation Redeem($code: String!) {
  redeemBackupCode(code: $code) { success remainingBackupCodes token }
}
"""
DEVICES = "{ mfaDevices { id name confirmed } }"
REMOVE = "mutation Remove($id: ID!) { removeMfaDevice(deviceId: $id) { success } }"

__all__ = ["LOGIN", "PASSWORD"]


@pytest.fixture
def server_clock(monkeypatch):
    """The server's TOTP clock, set to :data:`NOW`; move it with ``server_clock.now = ...``."""
    from rail_django.extensions.mfa import totp_check

    class Clock:
        now = NOW

    clock = Clock()
    monkeypatch.setattr(totp_check, "clock", lambda: clock.now)
    return clock


def secret_of(uri: str) -> str:
    return parse_qs(urlparse(uri).query)["secret"][0]


def code_at(secret: str, when: float) -> str:
    return pyotp.TOTP(secret).at(when)


def login_mfa(client: Any, username: str) -> dict[str, Any]:
    return ok(post(client, LOGIN_MFA, {"username": username, "password": PASSWORD}))["login"]


def setup(client: Any, token: str, name: str = "phone") -> tuple[str, str]:
    """Set up a device; answers (device id, secret)."""
    payload = ok(post(client, SETUP, {"name": name}, token=token))["setupTotp"]
    return payload["device"]["id"], secret_of(payload["provisioningUri"])


def verify(client: Any, token: str, device_id: str, code: str) -> Any:
    return post(client, VERIFY, {"id": device_id, "code": code}, token=token)


def enrolled(client: Any, token: str, when: float = NOW) -> tuple[str, str, list[str]]:
    """Set up and activate a device; answers (device id, secret, backup codes)."""
    device_id, secret = setup(client, token)
    payload = ok(verify(client, token, device_id, code_at(secret, when)))["verifyTotp"]
    return device_id, secret, payload["backupCodes"]
