"""The user pool and its app clients, per stack, and how the UI learns to reach them (config.json)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.infra.stack_harness import Registered, StackRun, placeholder_artifacts, run_stack

POOL = "aws:cognito/userPool:UserPool"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
AUTH_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def _clients(run: StackRun) -> dict[str, Registered]:
    return {c.name.removeprefix("users-"): c for c in run.of_type(CLIENT)}


def test_people_sign_in_with_a_verified_email(run: StackRun) -> None:
    pool = run.one(POOL).inputs
    # GIVEN the stack's one user pool: the e-mail address is the user name (in any case) ...
    assert pool["usernameAttributes"] == ["email"]
    assert "aliasAttributes" not in pool
    assert pool["usernameConfiguration"] == {"caseSensitive": False}
    # ... anyone may sign up, and an address is verified by a code before it counts
    assert pool["adminCreateUserConfig"] == {"allowAdminCreateUserOnly": False}
    assert pool["autoVerifiedAttributes"] == ["email"]
    assert pool["verificationMessageTemplate"] == {"defaultEmailOption": "CONFIRM_WITH_CODE"}
    assert pool["userAttributeUpdateSettings"] == {"attributesRequireVerificationBeforeUpdates": ["email"]}
    # THEN a forgotten password is recovered through that verified address alone
    assert pool["accountRecoverySetting"] == {
        "recoveryMechanisms": [{"name": "verified_email", "priority": 1}]
    }
    assert pool["name"] == f"mediapipe-{run.stack}-users"


def test_the_password_policy(run: StackRun) -> None:
    assert run.one(POOL).inputs["passwordPolicy"] == {
        "minimumLength": 8,
        "requireUppercase": True,
        "requireLowercase": True,
        "requireNumbers": True,
        "requireSymbols": False,
        "temporaryPasswordValidityDays": 7,
    }


def test_the_pool_is_protected_where_the_stack_protects_its_data(
    dev: StackRun, prod: StackRun, hardened: StackRun
) -> None:
    # A replaced pool gives everyone a new sub, which orphans all their media: prod refuses both a
    # deletion in AWS and a replacement (or a destroy) in Pulumi.
    assert (dev.one(POOL).inputs["deletionProtection"], dev.one(POOL).protect) == ("INACTIVE", False)
    for run in (prod, hardened):
        assert (run.one(POOL).inputs["deletionProtection"], run.one(POOL).protect) == ("ACTIVE", True)


def test_mfa_is_off_in_both_stack_files(run: StackRun) -> None:
    pool = run.one(POOL).inputs
    assert pool["mfaConfiguration"] == "OFF"
    assert "softwareTokenMfaConfiguration" not in pool


def test_optional_mfa_offers_an_authenticator_app_and_no_sms(tmp_path: Path) -> None:
    # GIVEN a stack that lets users add a second factor
    run = run_stack("dev", placeholder_artifacts(tmp_path), {"identity": {"mfa": "OPTIONAL"}})
    pool = run.one(POOL).inputs
    # THEN it is a TOTP app (SMS would need an SNS role, and costs per message)
    assert pool["mfaConfiguration"] == "OPTIONAL"
    assert pool["softwareTokenMfaConfiguration"] == {"enabled": True}
    assert "smsConfiguration" not in pool


def test_two_public_clients_with_the_password_flows_and_short_tokens(run: StackRun) -> None:
    pool = run.one(POOL)
    clients = _clients(run)
    assert set(clients) == {"ui", "cli"}
    for name, client in clients.items():
        inputs = client.inputs
        assert inputs["name"] == f"mediapipe-{run.stack}-{name}"
        assert inputs["userPoolId"] == pool.id == run.outputs["user_pool_id"]
        assert pool.urn in client.property_dependencies["userPoolId"]
        # A browser and a CLI cannot keep a secret; they sign in with SRP or the password over TLS,
        # and refresh; the admin flow (IAM credentials) and OAuth's implicit tokens are not offered
        assert inputs["generateSecret"] is False
        assert inputs["explicitAuthFlows"] == AUTH_FLOWS
        assert inputs["allowedOauthFlowsUserPoolClient"] is False
        assert "allowedOauthFlows" not in inputs
        # Sign-in and sign-up do not say whether an address has an account
        assert inputs["preventUserExistenceErrors"] == "ENABLED"
        assert inputs["enableTokenRevocation"] is True
        validity = (inputs["idTokenValidity"], inputs["accessTokenValidity"], inputs["refreshTokenValidity"])
        assert validity == (1, 1, 30)
        assert inputs["tokenValidityUnits"] == {
            "idToken": "hours",
            "accessToken": "hours",
            "refreshToken": "days",
        }


def test_config_json_tells_the_ui_and_the_cli_how_to_sign_in(run: StackRun) -> None:
    config = json.loads(run.one("aws:s3/bucketObjectv2:BucketObjectv2", "site-config.json").inputs["content"])
    clients = _clients(run)
    assert config["auth"] == {
        "region": "eu-west-1",
        "userPoolId": run.one(POOL).id,
        "userPoolClientId": clients["ui"].id,
        "cliClientId": clients["cli"].id,
    }
    # A pool's id starts with its region, as the app's token check reads it
    assert config["auth"]["userPoolId"].startswith(config["auth"]["region"] + "_")
    # Only the emulator has an endpoint of its own
    assert "endpoint" not in config["auth"]


def test_the_stack_exports_the_pool_and_both_clients(run: StackRun) -> None:
    clients = _clients(run)
    assert run.outputs["user_pool_id"] == run.one(POOL).id
    assert run.outputs["ui_client_id"] == clients["ui"].id
    assert run.outputs["cli_client_id"] == clients["cli"].id
    assert run.outputs["ui_client_id"] != run.outputs["cli_client_id"]
