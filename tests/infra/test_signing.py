"""Private delivery as Pulumi resources: the signing key, its key group on /media/*, the secret, what
the API may do with them, and the cache rules for signed media."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from datetime import UTC, datetime
from typing import Any

import pytest
from pulumi.runtime import rpc

from app.domain.delivery import cache_control
from infra.components.cdn import MEDIA_CACHE_CONTROL
from tests.infra.stack_harness import Registered, StackRun


def _media_behaviour(run: StackRun) -> dict[str, Any]:
    distribution = run.one("aws:cloudfront/distribution:Distribution").inputs
    behaviour: dict[str, Any] = next(
        b for b in distribution["orderedCacheBehaviors"] if b["pathPattern"] == "/media/*"
    )
    return behaviour


def _policy(resource: Registered) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = json.loads(resource.inputs["policy"])["Statement"]
    return statements


def test_media_requires_urls_signed_by_the_stacks_own_key(run: StackRun) -> None:
    # GIVEN the stack WHEN it is built THEN /media/* trusts one key group, holding the stack's public
    # key, which is the public half of an RSA 2048 key Pulumi generated
    key = run.one("tls:index/privateKey:PrivateKey")
    assert (key.inputs["algorithm"], key.inputs["rsaBits"]) == ("RSA", 2048)
    public_key = run.one("aws:cloudfront/publicKey:PublicKey")
    assert public_key.inputs["encodedKey"] == key.state["publicKeyPem"]
    group = run.one("aws:cloudfront/keyGroup:KeyGroup")
    assert group.inputs["items"] == [f"{public_key.name}-id"]
    assert _media_behaviour(run)["trustedKeyGroups"] == [f"{group.name}-id"]
    # Nothing else is signed: the UI and the API stay public behaviours.
    distribution = run.one("aws:cloudfront/distribution:Distribution").inputs
    others = [b for b in distribution["orderedCacheBehaviors"] if b["pathPattern"] != "/media/*"]
    assert not any(b.get("trustedKeyGroups") for b in [*others, distribution["defaultCacheBehavior"]])


def test_the_private_key_lives_only_in_the_secret(run: StackRun) -> None:
    key = run.one("tls:index/privateKey:PrivateKey")
    secret = run.one("aws:secretsmanager/secret:Secret")
    version = run.one("aws:secretsmanager/secretVersion:SecretVersion")
    assert version.inputs["secretId"] == f"{secret.name}-id"
    # The PEM reaches the engine as a Pulumi secret: encrypted in the state, masked in every preview.
    assert version.inputs["secretString"] == {
        rpc._special_sig_key: rpc._special_secret_sig,
        "value": key.state["privateKeyPem"],
    }
    holders = [
        r.type
        for r in run.custom()
        if r.type != "tls:index/privateKey:PrivateKey" and "PRIVATE KEY" in json.dumps(r.inputs)
    ]
    assert holders == [
        "aws:secretsmanager/secretVersion:SecretVersion"
    ]  # not in an environment, not in a zip


def test_both_functions_name_the_secret_the_key_and_the_distribution(run: StackRun) -> None:
    secret = run.one("aws:secretsmanager/secret:Secret")
    public_key = run.one("aws:cloudfront/publicKey:PublicKey")
    for function in run.of_type("aws:lambda/function:Function"):
        variables = function.inputs["environment"]["variables"]
        assert variables["MEDIAPIPE_URL_SIGNING_SECRET_ID"] == secret.state["arn"]
        assert variables["MEDIAPIPE_URL_SIGNING_KEY_ID"] == f"{public_key.name}-id"
        assert variables["MEDIAPIPE_CDN_DISTRIBUTION_ID"] == run.outputs["distribution_id"]
        assert variables["MEDIAPIPE_MEDIA_URL_TTL_SECONDS"] == "3600"


def test_only_the_api_may_read_the_key_and_invalidate_and_only_these(run: StackRun) -> None:
    # (and the notifier may read the key: it pushes signed variant URLs, tests/infra/test_realtime.py)
    secret = run.one("aws:secretsmanager/secret:Secret")
    distribution = run.one("aws:cloudfront/distribution:Distribution")
    grants = run.one("aws:iam/rolePolicy:RolePolicy", "functions-api-grants")
    assert {(s["Sid"], tuple(s["Action"]), tuple(s["Resource"])) for s in _policy(grants)} == {
        ("ReadUrlSigningKey", ("secretsmanager:GetSecretValue",), (secret.state["arn"],)),
        ("InvalidateDeletedMedia", ("cloudfront:CreateInvalidation",), (distribution.state["arn"],)),
    }
    api_role = run.one("aws:iam/role:Role", "functions-api")
    assert grants.inputs["role"] == f"{api_role.name}-id"
    api = run.one("aws:lambda/function:Function", "functions-api")
    assert grants.urn in api.dependencies  # the first request can read the key
    everything_else = [
        s
        for p in run.of_type("aws:iam/rolePolicy:RolePolicy")
        if p.name not in {"functions-api-grants", "events-notifier"}
        for s in _policy(p)
    ]
    actions = {a for s in everything_else for a in s.get("Action", [])}
    assert not actions & {"secretsmanager:GetSecretValue", "cloudfront:CreateInvalidation"}


def test_signed_media_share_one_long_lived_edge_entry_per_object(run: StackRun) -> None:
    behaviour = _media_behaviour(run)
    policy = run.one("aws:cloudfront/cachePolicy:CachePolicy")
    assert behaviour["cachePolicyId"] == f"{policy.name}-id"
    keyed = policy.inputs["parametersInCacheKeyAndForwardedToOrigin"]
    assert keyed["queryStringsConfig"]["queryStringBehavior"] == "none"  # signatures stay out of the key
    assert keyed["cookiesConfig"]["cookieBehavior"] == "none"
    assert keyed["headersConfig"]["headerBehavior"] == "none"
    # Objects say `private` to browsers; the edge keeps them anyway (a delete invalidates them).
    assert policy.inputs["minTtl"] >= 86400
    function = run.one("aws:cloudfront/function:Function", "cdn-media-cache-control")
    assert behaviour["functionAssociations"] == [
        {"eventType": "viewer-response", "functionArn": function.state["arn"]}
    ]
    assert function.inputs["code"] == MEDIA_CACHE_CONTROL


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the CloudFront function")
@pytest.mark.parametrize("left", [3599, 1, 0, -30])
def test_the_viewer_response_function_says_what_the_local_media_route_says(left: int) -> None:
    # GIVEN a response to a URL that expires in `left` seconds WHEN the function runs THEN browsers
    # are told what app.domain.delivery.cache_control tells them locally
    expires = int(datetime.now(UTC).timestamp()) + left
    event = {"request": {"querystring": {"Expires": {"value": str(expires)}}}, "response": {"headers": {}}}
    script = f"{MEDIA_CACHE_CONTROL}\nconsole.log(JSON.stringify(handler({json.dumps(event)})));"
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
    header = json.loads(result.stdout)["headers"]["cache-control"]["value"]
    assert header in {cache_control(left), cache_control(left - 1)}  # a second may tick meanwhile


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the CloudFront function")
def test_the_viewer_response_function_without_an_expiry_allows_no_caching() -> None:
    event: dict[str, Any] = {"request": {"querystring": {}}, "response": {"headers": {}}}
    script = f"{MEDIA_CACHE_CONTROL}\nconsole.log(JSON.stringify(handler({json.dumps(event)})));"
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
    assert json.loads(result.stdout)["headers"]["cache-control"]["value"] == cache_control(0)


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the CloudFront function")
@pytest.mark.parametrize("policy_left", [3599, -30, None])
def test_a_folder_signature_is_cached_as_long_as_its_policy_lives(policy_left: int | None) -> None:
    # GIVEN a stream's URL, signed with a custom policy (no Expires), or a garbled policy
    expires = int(datetime.now(UTC).timestamp()) + (policy_left or 0)
    statement = {
        "Resource": "https://d/media/o/i/stream-x/*",
        "Condition": {"DateLessThan": {"AWS:EpochTime": expires}},
    }
    encoded = base64.b64encode(json.dumps({"Statement": [statement]}).encode()).decode()
    policy = encoded.translate(str.maketrans("+=/", "-_~")) if policy_left is not None else "not-base64-json"
    event = {"request": {"querystring": {"Policy": {"value": policy}}}, "response": {"headers": {}}}
    script = f"{MEDIA_CACHE_CONTROL}\nconsole.log(JSON.stringify(handler({json.dumps(event)})));"
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
    header = json.loads(result.stdout)["headers"]["cache-control"]["value"]
    left = policy_left or 0
    assert header in {cache_control(left), cache_control(left - 1)}
