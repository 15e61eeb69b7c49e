"""The embedded stack is private to its user: its emulator answers only requests signed with the
stack's own credentials, the calls AWS serves unsigned, and browser uploads whose signed policy
holds, on its own Host and for its own origins. Everything here goes over real HTTP to a running
`mediapipe dev`, as a page on another local port or a tampering owner would send it."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from app.client.api import MediaPipeClient
from app.local.credentials import Credentials
from app.local.emulator import client as aws_client
from tests import media_factory as images
from tests.integration.conftest import Stack

FOREIGN_ORIGIN = "http://127.0.0.1:9"  # a page served from another local port
DYNAMODB_SCAN = "DynamoDB_20120810.Scan"


def _cors_granted(response: httpx.Response) -> bool:
    return any(name.lower().startswith("access-control-") for name in response.headers)


def _error_code(response: httpx.Response) -> str:
    text = response.text
    if "<Code>" in text:
        return text.split("<Code>", 1)[1].split("</Code>", 1)[0]
    return str(response.json().get("__type", ""))


def _post_file(
    upload: dict[str, Any], fields: dict[str, str], data: bytes, content_type: str
) -> httpx.Response:
    """A browser's presigned POST: the fields, then the file, last."""
    return httpx.post(upload["url"], data=fields, files={"file": ("photo.jpg", data, content_type)})


def _original_exists(stack: Stack, key: str) -> bool:
    try:
        stack.aws("s3").head_object(Bucket=stack.state["uploadsBucket"], Key=key)
    except ClientError:
        return False
    return True


def test_a_page_on_another_origin_can_neither_read_nor_reset_the_emulator(
    stack: Stack, alice: MediaPipeClient
) -> None:
    # GIVEN a stack holding someone's pending upload
    pending = alice.create_upload("kept.jpg", "image/jpeg", 1000)["media"]["id"]
    endpoint, bucket = stack.state["awsEndpoint"], stack.state["uploadsBucket"]
    foreign = {"Origin": FOREIGN_ORIGIN}

    # WHEN a foreign page lists the originals, scans the table, and resets the emulator
    listing = httpx.get(f"{endpoint}/{bucket}?list-type=2", headers=foreign)
    scan = httpx.post(
        endpoint,
        headers={**foreign, "X-Amz-Target": DYNAMODB_SCAN, "Content-Type": "application/x-amz-json-1.0"},
        content=b'{"TableName": "%s"}' % stack.state["tableName"].encode(),
    )
    preflight = httpx.options(
        endpoint,
        headers={
            **foreign,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-amz-target",
        },
    )
    resets = [httpx.post(f"{endpoint}/moto-api/reset", headers=headers) for headers in (foreign, {})]

    # THEN every one is refused, none with a CORS grant the browser would honour
    for response in (listing, scan, preflight, *resets):
        assert response.status_code in {400, 403}, response.text
        assert not _cors_granted(response)
    assert _error_code(listing) == "AccessDenied"
    assert _error_code(scan) == "AccessDeniedException"
    # AND the stack is whole: the table and the item are still there
    assert alice.media(pending) is not None


def test_unsigned_forged_and_well_known_credentials_are_refused(stack: Stack) -> None:
    endpoint, table, bucket = (
        stack.state["awsEndpoint"],
        stack.state["tableName"],
        stack.state["uploadsBucket"],
    )
    # Unsigned, even without an Origin (a script, a curl): AWS's answers for no credentials.
    unsigned_scan = httpx.post(
        endpoint,
        headers={"X-Amz-Target": DYNAMODB_SCAN, "Content-Type": "application/x-amz-json-1.0"},
        content=b'{"TableName": "%s"}' % table.encode(),
    )
    assert (unsigned_scan.status_code, _error_code(unsigned_scan)) == (
        403,
        "MissingAuthenticationTokenException",
    )
    assert _error_code(httpx.get(f"{endpoint}/{bucket}?list-type=2")) == "AccessDenied"

    # The old fixed pair every page knew, and the stack's key id with a guessed secret.
    stack_key = stack.credentials.access_key_id
    for credentials, s3_code, dynamodb_code in (
        (Credentials("testing", "testing"), "InvalidAccessKeyId", "UnrecognizedClientException"),
        (Credentials(stack_key, "guessed"), "SignatureDoesNotMatch", "InvalidSignatureException"),
    ):
        with pytest.raises(ClientError) as s3_refusal:
            aws_client("s3", endpoint, credentials).list_objects_v2(Bucket=bucket)
        assert s3_refusal.value.response["Error"]["Code"] == s3_code
        with pytest.raises(ClientError) as scan_refusal:
            aws_client("dynamodb", endpoint, credentials).scan(TableName=table)
        assert scan_refusal.value.response["Error"]["Code"] == dynamodb_code

    # The stack's own credentials still work, presigned URLs included.
    s3 = stack.aws("s3")
    s3.put_object(Bucket=bucket, Key="probe/readable", Body=b"ok")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "probe/readable"})
    assert httpx.get(url).content == b"ok"
    expired = s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": "probe/readable"}, ExpiresIn=1
    )
    time.sleep(2)
    assert _error_code(httpx.get(expired)) == "AccessDenied"


def test_the_stacks_own_origin_gets_cors_for_sign_in(stack: Stack) -> None:
    endpoint = stack.state["awsEndpoint"]
    own = {"Origin": stack.url}
    preflight = httpx.options(
        endpoint,
        headers={
            **own,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-amz-target",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == stack.url
    assert "POST" in preflight.headers["access-control-allow-methods"]
    # An unsigned public call (what the UI's sign-in sends), with the grant the browser needs.
    demo = stack.state["demoUser"]
    signed_in = httpx.post(
        endpoint,
        headers={
            **own,
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
        },
        json={
            "ClientId": stack.state["uiClientId"],
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": demo["email"], "PASSWORD": demo["password"]},
        },
    )
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["AuthenticationResult"]["IdToken"]
    assert signed_in.headers["access-control-allow-origin"] == stack.url
    # Admin calls are not public: they need IAM credentials in AWS, and the stack's here.
    listing = httpx.post(
        endpoint,
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUsers",
        },
        json={"UserPoolId": stack.state["userPoolId"]},
    )
    assert listing.status_code == 403


def test_tampered_presigned_posts_are_refused_and_the_other_owners_upload_is_untouched(
    stack: Stack, alice: MediaPipeClient, bob: MediaPipeClient
) -> None:
    # GIVEN alice's pending upload and bob's own presigned POST
    photo = images.jpeg(64, 48)
    victim = alice.create_upload("mine.jpg", "image/jpeg", len(photo))
    victim_key = victim["upload"]["fields"]["key"]
    own = bob.create_upload("small.jpg", "image/jpeg", 100)
    upload, fields = own["upload"], dict(own["upload"]["fields"])
    unsigned = {name: value for name, value in fields.items() if name in {"key", "Content-Type"}}
    tampered = {
        "re-keyed to alice's key": ({**fields, "key": victim_key}, photo[:100], "AccessDenied"),
        "re-keyed with unsigned fields": ({**unsigned, "key": victim_key}, photo[:100], "AccessDenied"),
        "forged signature": ({**fields, "x-amz-signature": "0" * 64}, photo[:100], "SignatureDoesNotMatch"),
        "oversize": (fields, photo, "EntityTooLarge"),
        "content type changed": ({**fields, "Content-Type": "text/html"}, photo[:100], "AccessDenied"),
        "extra field": (
            {**fields, "success_action_redirect": "http://evil.test/"},
            photo[:100],
            "AccessDenied",
        ),
    }
    # WHEN bob sends each
    for label, (form, data, code) in tampered.items():
        response = _post_file(upload, form, data, form.get("Content-Type", "image/jpeg"))
        # THEN S3's answer, and nothing stored
        assert response.status_code in {400, 403}, (label, response.text)
        assert _error_code(response) == code, (label, response.text)
    assert not _original_exists(stack, own["upload"]["fields"]["key"])
    assert not _original_exists(stack, victim_key)
    waiting = alice.media(victim["media"]["id"])
    assert waiting is not None and waiting["status"] == "AWAITING_UPLOAD"

    # AND an expired policy, properly signed, is refused too
    expired = stack.aws("s3").generate_presigned_post(
        Bucket=stack.state["uploadsBucket"], Key=victim_key, ExpiresIn=-1
    )
    response = _post_file(expired, dict(expired["fields"]), photo, "image/jpeg")
    assert (response.status_code, _error_code(response)) == (403, "AccessDenied")
    assert "expired" in response.text
    assert not _original_exists(stack, victim_key)

    # AND the honest upload still goes through and is processed as alice's picture
    honest = _post_file(victim["upload"], victim["upload"]["fields"], photo, "image/jpeg")
    assert honest.status_code == 204, honest.text
    done = alice.wait(victim["media"]["id"], timeout=60)
    assert done["status"] == "READY"
    assert done["metadata"]["width"] == 64


def test_a_foreign_host_header_is_refused_by_the_dev_server_and_the_emulator(stack: Stack) -> None:
    # GIVEN a page whose domain was re-pointed at 127.0.0.1 (DNS rebinding): its Host is its own
    endpoint, pool = stack.state["awsEndpoint"], stack.state["userPoolId"]
    dev_port, emulator_port = stack.url.rsplit(":", 1)[1], endpoint.rsplit(":", 1)[1]
    config = httpx.get(f"{stack.url}/config.json", headers={"Host": f"rebind.example:{dev_port}"})
    jwks = httpx.get(
        f"{endpoint}/{pool}/.well-known/jwks.json", headers={"Host": f"rebind.example:{emulator_port}"}
    )
    # THEN neither answers it
    assert config.status_code == 400
    assert jwks.status_code == 400
    assert "keys" not in jwks.text
    # AND both answer their own names
    assert httpx.get(f"{stack.url}/config.json").json()["auth"]["userPoolId"] == pool
    assert httpx.get(f"http://localhost:{dev_port}/healthz").status_code == 200
    assert "keys" in httpx.get(f"{endpoint}/{pool}/.well-known/jwks.json").json()
