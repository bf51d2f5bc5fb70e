"""Every token the middleware and refreshToken must refuse, each with its stable answer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from security_auth_client import (
    ME,
    PASSWORD,
    REFRESH,
    answer,
    auth_wiring,  # noqa: F401 - fixture
    codes,
    login,
    ok,
    post,
    refused,
)

from rail_django.security.auth.token_settings import token_config

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("auth_wiring")]


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@x.test", PASSWORD)


@pytest.fixture
def pair(client, alice):
    return login(client, "alice")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def _resign(token: str, **changes) -> str:
    """The token's claims with ``changes``, signed properly with the server's key."""
    claims = {**_claims(token), **changes}
    config = token_config()
    return jwt.encode(claims, config.signing_key, algorithm=config.algorithm)


def _hs256(claims: dict, key: bytes, header: dict | None = None) -> str:
    head = _b64(json.dumps(header or {"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(json.dumps(claims).encode())
    signature = hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(signature)}"


def _reason(response) -> str:
    return refused(response)["extensions"]["reason"]


def test_a_valid_token_is_accepted(client, pair):
    assert ok(post(client, ME, token=pair["token"])) == {"me": {"username": "alice"}}


def test_tampered_payload_is_refused(client, pair):
    head, body, signature = pair["token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["sub"] = "999"
    forged = f"{head}.{_b64(json.dumps(claims).encode())}.{signature}"
    error = refused(post(client, ME, token=forged))
    assert error["message"] == "Error decoding signature"
    assert error["extensions"]["reason"] == "invalid_signature"


def test_token_signed_with_another_key_is_refused(client, pair):
    forged = jwt.encode(_claims(pair["token"]), "x" * 64, algorithm="HS256")
    assert _reason(post(client, ME, token=forged)) == "invalid_signature"


def test_alg_none_is_refused(client, pair):
    head = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    body = _b64(json.dumps(_claims(pair["token"])).encode())
    for unsigned in (f"{head}.{body}.", f"{head}.{body}"):
        response = post(client, ME, token=unsigned)
        assert response.status_code == 401
        assert codes(answer(response)) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_another_allowed_looking_algorithm_is_refused(client, pair):
    config = token_config()
    forged = jwt.encode(_claims(pair["token"]), config.signing_key, algorithm="HS512")
    error = refused(post(client, ME, token=forged))
    assert error["message"] == "Token algorithm is not allowed"


def test_expired_token_says_signature_has_expired(client, pair):
    past = datetime.now(UTC) - timedelta(hours=2)
    expired = _resign(
        pair["token"],
        iat=int(past.timestamp()),
        nbf=int(past.timestamp()),
        exp=int((past + timedelta(minutes=5)).timestamp()),
    )
    response = post(client, ME, token=expired)
    error = refused(response)
    assert error["message"] == "Signature has expired"
    assert error["extensions"]["reason"] == "expired"
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_lifetimes_come_from_settings(client, alice, settings):
    settings.JWT_ACCESS_TOKEN_LIFETIME = 1  # seconds
    token = login(client, "alice")["token"]
    claims = _claims(token)
    assert claims["exp"] - claims["iat"] == 1
    settings.JWT_ACCESS_TOKEN_LIFETIME = timedelta(hours=1)
    claims = _claims(login(client, "alice")["token"])
    assert claims["exp"] - claims["iat"] == 3600


def test_token_not_yet_valid_is_refused(client, pair):
    future = int((datetime.now(UTC) + timedelta(hours=1)).timestamp())
    early = _resign(pair["token"], nbf=future)
    assert _reason(post(client, ME, token=early)) == "not_yet_valid"


def test_wrong_issuer_and_audience_are_refused(client, pair):
    assert _reason(post(client, ME, token=_resign(pair["token"], iss="evil"))) == "invalid_issuer"
    assert _reason(post(client, ME, token=_resign(pair["token"], aud="other"))) == (
        "invalid_audience"
    )
    listed = _resign(pair["token"], aud=["other", "rail-django"])
    assert _reason(post(client, ME, token=listed)) == "invalid_audience"


def test_issuer_and_audience_come_from_settings(client, alice, settings):
    settings.JWT_ISSUER = "https://auth.example.test"
    settings.JWT_AUDIENCE = "store-api"
    token = login(client, "alice")["token"]
    claims = _claims(token)
    assert (claims["iss"], claims["aud"]) == ("https://auth.example.test", "store-api")
    assert ok(post(client, ME, token=token))["me"]
    settings.JWT_AUDIENCE = "another-api"
    assert _reason(post(client, ME, token=token)) == "invalid_audience"


def test_missing_jti_is_refused(client, pair):
    claims = _claims(pair["token"])
    del claims["jti"]
    config = token_config()
    forged = jwt.encode(claims, config.signing_key, algorithm=config.algorithm)
    assert _reason(post(client, ME, token=forged)) == "missing_claim"


def test_critical_header_extensions_are_refused(client, pair):
    config = token_config()
    claims = _claims(pair["token"])
    for header in ({"crit": ["exp"], "exp": 1}, {"crit": ["b64"], "b64": True}):
        forged = jwt.encode(claims, config.signing_key, algorithm="HS256", headers=header)
        assert _reason(post(client, ME, token=forged)) == "crit"


def test_refresh_token_is_never_an_access_token(client, pair):
    error = refused(post(client, ME, token=pair["refreshToken"]))
    assert error["message"] == "Wrong token type: expected an access token"
    assert error["extensions"]["reason"] == "wrong_type"


def test_access_token_cannot_be_rotated(client, pair):
    data = answer(post(client, REFRESH, {"refreshToken": pair["token"]}))
    assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"]
    assert data["errors"][0]["extensions"]["reason"] == "wrong_type"


def test_garbage_and_empty_bearer_values_are_refused(client, alice):
    for value in ("garbage", "a.b.c", "", "x" * 10000):
        response = post(client, ME, HTTP_AUTHORIZATION=f"Bearer {value}")
        assert response.status_code == 401, value
        assert codes(answer(response)) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_other_authorization_schemes_are_left_alone(client, alice):
    response = post(client, ME, HTTP_AUTHORIZATION="Basic YWxpY2U6cHc=")
    assert ok(response) == {"me": None}


def test_token_of_a_deleted_or_deactivated_user_is_refused(client, alice, pair):
    alice.is_active = False
    alice.save()
    assert _reason(post(client, ME, token=pair["token"])) == "inactive"
    alice.delete()
    assert _reason(post(client, ME, token=pair["token"])) == "revoked"


def test_token_with_a_forged_subject_is_refused_even_if_signed(client, pair, django_user_model):
    mallory = django_user_model.objects.create_user("mallory", "m@x.test", PASSWORD)
    forged = _resign(pair["token"], sub=str(mallory.pk))
    assert _reason(post(client, ME, token=forged)) == "malformed"


def test_signing_key_is_derived_from_secret_key_not_equal_to_it(settings, alice, client):
    assert token_config().signing_key != settings.SECRET_KEY
    token = login(client, "alice")["token"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"], audience="rail-django")
    settings.JWT_SIGNING_KEY = "another-signing-key-of-at-least-32-bytes!"
    assert _reason(post(client, ME, token=token)) == "invalid_signature"
    assert ok(post(client, ME, token=login(client, "alice")["token"]))["me"]


def _rsa_keys(tmp_path):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (tmp_path / "private.pem").write_bytes(private_pem)
    (tmp_path / "public.pem").write_bytes(public_pem)
    return private_pem, public_pem


def test_rs256_with_key_files_and_algorithm_confusion_refused(client, alice, settings, tmp_path):
    _, public_pem = _rsa_keys(tmp_path)
    settings.JWT_ALGORITHM = "RS256"
    settings.JWT_PRIVATE_KEY_FILE = str(tmp_path / "private.pem")
    settings.JWT_PUBLIC_KEY_FILE = str(tmp_path / "public.pem")
    token = login(client, "alice")["token"]
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    assert ok(post(client, ME, token=token)) == {"me": {"username": "alice"}}
    # The classic confusion: HS256 "signed" with the (public!) RSA key as the HMAC secret.
    confused = _hs256(_claims(token), public_pem)
    error = refused(post(client, ME, token=confused))
    assert error["message"] == "Token algorithm is not allowed"


def test_es256_tokens(client, alice, settings):
    private = ec.generate_private_key(ec.SECP256R1())
    settings.JWT_ALGORITHM = "ES256"
    settings.JWT_PRIVATE_KEY = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    settings.JWT_PUBLIC_KEY = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    token = login(client, "alice")["token"]
    assert jwt.get_unverified_header(token)["alg"] == "ES256"
    assert ok(post(client, ME, token=token)) == {"me": {"username": "alice"}}
    settings.JWT_ALGORITHM = "HS256"
    assert _reason(post(client, ME, token=token)) == "algorithm_not_allowed"


def test_refresh_token_refusals(client, pair):
    tampered = pair["refreshToken"][:-4] + "AAAA"
    for token, reason in (
        (tampered, "invalid_signature"),
        (_resign(pair["refreshToken"], jti="f" * 32), "unknown"),
        ("nonsense", "malformed"),
    ):
        data = answer(post(client, REFRESH, {"refreshToken": token}))
        assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"], token
        assert data["errors"][0]["extensions"]["reason"] == reason
    missing = answer(post(client, REFRESH, {}))
    assert codes(missing) == ["RAIL_GQL_INVALID_ARGUMENT"]
