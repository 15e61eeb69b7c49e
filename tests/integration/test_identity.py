"""Sign-in on the embedded stack, through real HTTP: people sign up and in with the plain Cognito
API (moto's user pool, real RS256 JWTs), and every forged or misplaced token is refused with 401
and a sentence saying why."""

from __future__ import annotations

import base64
import gzip
import json
import time
from pathlib import Path
from typing import Any

import httpx
import jwt
import moto.cognitoidp
import pytest

from app.client.api import Endpoint, MediaPipeClient
from app.client.auth import Cognito, PoolConfig, SignInError, public_config
from app.client.launcher import password_for
from app.local.identity import AUTH_FLOWS
from tests import media_factory as images
from tests.integration.conftest import Stack, upload_bytes

QUERY = {"query": "{ presets { name } }"}


def _pool(stack: Stack) -> PoolConfig:
    return PoolConfig.from_public_config(public_config(stack.graphql_url))


def _post(stack: Stack, token: str | None, *, key: bool = True) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if key:
        headers["x-api-key"] = stack.state["apiKeys"][0]
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return httpx.post(stack.graphql_url, json=QUERY, headers=headers)


def _refused(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 401, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert reason in error["message"]


def _moto_signing_key() -> dict[str, Any]:
    """moto signs every pool's tokens with the key it ships: forging with it makes a token whose
    signature is genuine, so only the claims can be at fault."""
    path = Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz"
    key: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return key


def _signed_like_moto(claims: dict[str, Any]) -> str:
    key = jwt.PyJWK(_moto_signing_key())
    return jwt.encode(claims, key.key, algorithm="RS256", headers={"kid": "dummy"})


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def signed_up(stack: Stack) -> tuple[Cognito, str]:
    """A person who signed up through the UI's own app client, confirmed (any code, locally)."""
    cognito = Cognito(_pool(stack))
    email = "signed-up@example.com"
    cognito.sign_up(email, "Signed-up-2026")
    cognito.confirm_sign_up(email, "000000")
    return cognito, cognito.sign_in(email, "Signed-up-2026").id_token


def test_config_json_says_how_to_reach_the_user_pool(stack: Stack) -> None:
    auth = public_config(stack.graphql_url)["auth"]
    assert auth["userPoolId"] == stack.state["userPoolId"]
    assert auth["userPoolClientId"] == stack.state["uiClientId"]
    assert auth["endpoint"] == stack.state["awsEndpoint"]
    assert auth["region"] == auth["userPoolId"].split("_")[0]


def test_a_person_who_signed_up_uses_the_api_as_themselves(
    stack: Stack, signed_up: tuple[Cognito, str]
) -> None:
    _, token = signed_up
    assert _post(stack, token).status_code == 200
    sub = jwt.decode(token, options={"verify_signature": False})["sub"]
    with MediaPipeClient(Endpoint(stack.graphql_url, stack.state["apiKeys"][0], lambda: token)) as me:
        item = upload_bytes(me, images.jpeg(64, 48), "mine.jpg", "image/jpeg")
        assert me.wait(item["id"])["status"] == "READY"
    keys = stack.aws("s3").list_objects_v2(Bucket=stack.state["uploadsBucket"], Prefix=f"originals/{sub}/")
    assert [o["Key"] for o in keys["Contents"]] == [f"originals/{sub}/{item['id']}"]


def test_an_unconfirmed_sign_up_cannot_sign_in(stack: Stack) -> None:
    cognito = Cognito(_pool(stack))
    cognito.sign_up("unconfirmed@example.com", "Unconfirmed-2026")
    with pytest.raises(SignInError) as refused:
        cognito.sign_in("unconfirmed@example.com", "Unconfirmed-2026")
    assert refused.value.code == "UserNotConfirmedException"


def test_a_weak_password_is_refused_at_sign_up(stack: Stack) -> None:
    with pytest.raises(SignInError) as refused:
        Cognito(_pool(stack)).sign_up("weak@example.com", "password")
    assert refused.value.code == "InvalidPasswordException"


def test_no_token_is_401(stack: Stack) -> None:
    _refused(_post(stack, None), "Sign in first")
    _refused(_post(stack, "not-a-token"), "not a well-formed JWT")


def test_a_broken_signature_is_401(stack: Stack, signed_up: tuple[Cognito, str]) -> None:
    header, payload, signature = signed_up[1].split(".")
    other = {**jwt.decode(signed_up[1], options={"verify_signature": False}), "sub": "someone-else"}
    _refused(_post(stack, f"{header}.{_b64(other)}.{signature}"), "signature is not valid")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    _refused(_post(stack, f"{header}.{payload}.{flipped}"), "signature is not valid")


def test_alg_none_is_401(stack: Stack, signed_up: tuple[Cognito, str]) -> None:
    claims = jwt.decode(signed_up[1], options={"verify_signature": False})
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': 'dummy'})}.{_b64(claims)}."
    _refused(_post(stack, unsigned), "must be signed with RS256")


def test_another_pools_token_is_401(stack: Stack) -> None:
    # GIVEN a second user pool in the same emulator (same signing key in moto!) with a real user
    idp = stack.aws("cognito-idp")
    pool_id = idp.create_user_pool(PoolName="elsewhere", UsernameAttributes=["email"])["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="x", ExplicitAuthFlows=AUTH_FLOWS)[
        "UserPoolClient"
    ]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="e@example.com", MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username="e@example.com", Password="Elsewhere-1", Permanent=True
    )
    other = Cognito(PoolConfig(_pool(stack).region, pool_id, client_id, stack.state["awsEndpoint"]))
    # WHEN its token is used here THEN it is refused by issuer, though its signature is genuine
    _refused(_post(stack, other.sign_in("e@example.com", "Elsewhere-1").id_token), "another user pool")


def test_a_token_for_another_app_client_is_401(stack: Stack) -> None:
    idp = stack.aws("cognito-idp")
    client_id = idp.create_user_pool_client(
        UserPoolId=stack.state["userPoolId"], ClientName="someone-elses-app", ExplicitAuthFlows=AUTH_FLOWS
    )["UserPoolClient"]["ClientId"]
    stack.endpoint("audience@example.com")  # a real user of this pool
    pool = _pool(stack)
    foreign = Cognito(PoolConfig(pool.region, pool.user_pool_id, client_id, pool.endpoint))
    token = foreign.sign_in("audience@example.com", password_for("audience@example.com")).id_token
    _refused(_post(stack, token), "app client this API does not accept")


def test_an_expired_token_is_401(stack: Stack, signed_up: tuple[Cognito, str]) -> None:
    claims = jwt.decode(signed_up[1], options={"verify_signature": False})
    expired = _signed_like_moto({**claims, "iat": int(time.time()) - 7200, "exp": int(time.time()) - 60})
    _refused(_post(stack, expired), "expired")
    # the same claims, still valid, pass: only the expiry was wrong
    assert _post(stack, _signed_like_moto({**claims, "exp": int(time.time()) + 600})).status_code == 200


def test_an_access_token_is_not_an_id_token(stack: Stack, signed_up: tuple[Cognito, str]) -> None:
    cognito, _ = signed_up
    access = cognito.sign_in("signed-up@example.com", "Signed-up-2026").access_token
    _refused(_post(stack, access), "id token is required")


def test_a_good_token_without_the_apps_key_is_403(stack: Stack, signed_up: tuple[Cognito, str]) -> None:
    response = _post(stack, signed_up[1], key=False)
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
