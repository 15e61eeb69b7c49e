"""The deployed user pool and the embedded stack's are one design: the same password policy and auth
flows (app/local/identity.py builds its pool from them), a config.json the app's sign-in reads, and
the same refusals for a request without a good token or key (app/local/authorizer.py answers what
the REST API's gateway responses answer). Infra never imports the app; this test imports both.

The app side lives on the `identity` branch until it is merged; until then these tests skip.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from types import ModuleType
from typing import Any

import pytest

from infra import gateway_responses
from infra.components import identity
from tests.infra.stack_harness import REPO, StackRun

APP_SIDE = REPO / "app" / "local" / "identity.py"
pytestmark = pytest.mark.skipif(
    not APP_SIDE.exists(), reason="the app side of identity (app/local/identity.py) is not merged yet"
)


def _app(module: str) -> ModuleType:
    """Imported once the app side is present; then an import error is a failure, not a skip."""
    return importlib.import_module(module)


def _snake(name: str) -> str:
    """Cognito's `RequireUppercase` is the provider's `require_uppercase`."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def test_the_password_policy_is_the_embedded_stacks(run: StackRun) -> None:
    local: Mapping[str, Any] = _app("app.local.identity").PASSWORD_POLICY
    assert {_snake(k): v for k, v in local.items()} == dict(identity.PASSWORD_POLICY)
    # AND the recorded pool has exactly that policy (plus how long a temporary password lasts)
    recorded = run.one("aws:cognito/userPool:UserPool").inputs["passwordPolicy"]
    assert {k: v for k, v in recorded.items() if k != "temporaryPasswordValidityDays"} == {
        k[0].lower() + k[1:]: v for k, v in local.items()
    }


def test_the_auth_flows_are_the_embedded_stacks(run: StackRun) -> None:
    local = list(_app("app.local.identity").AUTH_FLOWS)
    assert local == list(identity.AUTH_FLOWS)
    for client in run.of_type("aws:cognito/userPoolClient:UserPoolClient"):
        assert client.inputs["explicitAuthFlows"] == local


def test_the_apps_sign_in_reads_the_deployed_config_json(run: StackRun) -> None:
    config = json.loads(run.one("aws:s3/bucketObjectv2:BucketObjectv2", "site-config.json").inputs["content"])
    pool = _app("app.client.auth").PoolConfig.from_public_config(config)
    assert (pool.region, pool.user_pool_id) == ("eu-west-1", run.outputs["user_pool_id"])
    assert pool.client_id == run.outputs["cli_client_id"]  # the CLI signs in with its own client
    assert pool.endpoint is None  # Cognito's own endpoint in AWS
    # AND the app's token check derives the pool's region, and so its issuer, from that id
    user_pool = _app("app.adapters.cognito_tokens").UserPool(pool.user_pool_id, frozenset({pool.client_id}))
    assert user_pool.region == "eu-west-1"


class _Verifier:
    """Accepts the token "good", refuses anything else as the real check would."""

    def verify(self, token: str) -> dict[str, Any]:
        if token != "good":
            raise _app("app.adapters.cognito_tokens").TokenRejected("The token's signature is not valid.")
        return {"sub": "user-1", "token_use": "id"}


def _local_answer(headers: dict[str, str]) -> Any:
    from starlette.responses import PlainTextResponse
    from starlette.testclient import TestClient

    authorizer = _app("app.local.authorizer")
    app = authorizer.LocalAuthorizer(
        PlainTextResponse("reached"), authorizer.StaticKeys(["the-key"]), _Verifier(), open_get=True
    )
    return TestClient(app).post("/graphql", headers=headers, json={"query": "{ presets { name } }"})


def _refusal(response_type: str) -> gateway_responses.Refusal:
    return next(r for r in gateway_responses.REFUSALS if r.response_type == response_type)


@pytest.mark.parametrize(
    ("headers", "response_type"),
    [
        ({"x-api-key": "the-key"}, "UNAUTHORIZED"),  # no token
        ({"x-api-key": "the-key", "authorization": "Bearer forged"}, "UNAUTHORIZED"),
        ({"authorization": "Bearer good"}, "INVALID_API_KEY"),  # no key
        ({"authorization": "Bearer good", "x-api-key": "another"}, "INVALID_API_KEY"),
    ],
)
def test_the_embedded_stack_refuses_as_the_gateway_does(headers: dict[str, str], response_type: str) -> None:
    # GIVEN a request the REST API would refuse before the Lambda runs, with this gateway response
    refusal = _refusal(response_type)
    # WHEN the embedded stack's authorizer gets it
    answer = _local_answer(headers)
    # THEN the status, the code, the 401's challenge and a fixed message are the same
    assert answer.status_code == refusal.status
    error = answer.json()["errors"][0]
    assert error["extensions"] == {"code": refusal.code}
    assert {k: f"'{v}'" for k, v in answer.headers.items() if k == "www-authenticate"} == {
        k.removeprefix("gatewayresponse.header.").lower(): v for k, v in refusal.parameters().items()
    }
    if refusal.message:
        assert error["message"] == refusal.message


def test_a_good_token_and_key_pass_to_the_app() -> None:
    answer = _local_answer({"authorization": "Bearer good", "x-api-key": "the-key"})
    assert (answer.status_code, answer.text) == (200, "reached")
