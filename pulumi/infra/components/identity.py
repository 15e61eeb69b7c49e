"""The people who use the pipeline: a Cognito user pool, and a public app client for the UI and one for
the CLI.

An owner is a person: the `sub` of an ID token this pool issued, which the REST API's Cognito
authorizer checks (api.py) before the API Lambda reads it from the authorizer's claims. Anyone may
sign up with an e-mail address, which is the user name and is verified by a code before the account
can sign in; the address is also the only way to recover an account. The clients are public (a
browser or a CLI cannot keep a secret), sign in with the password flows and refresh, hide whether an
account exists, and can revoke their refresh tokens.

The embedded stack builds the same pool in its emulator (app/local/identity.py): the password
policy and the auth flows there are these, and a contract test (tests/contract) keeps them equal.
Replacing a pool gives every person a new `sub` and so orphans all their media, so where the stack
protects its data the pool is protected too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from infra.naming import Naming

# As app/local/identity.py's PASSWORD_POLICY (Cognito's names there, the provider's here).
PASSWORD_POLICY: Mapping[str, Any] = {
    "minimum_length": 8,
    "require_uppercase": True,
    "require_lowercase": True,
    "require_numbers": True,
    "require_symbols": False,
}
# How long a password set by `admin-create-user` may wait for its first sign-in.
TEMPORARY_PASSWORD_DAYS = 7
# Public clients sign in with the password (over TLS) or SRP, and refresh; never the admin flow,
# which takes IAM credentials, and no OAuth (no hosted UI, no implicit tokens in URLs).
AUTH_FLOWS = ("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
CLIENTS = ("ui", "cli")
ID_TOKEN_HOURS = 1
ACCESS_TOKEN_HOURS = 1
REFRESH_TOKEN_DAYS = 30


def password_policy() -> dict[str, Any]:
    return {**PASSWORD_POLICY, "temporary_password_validity_days": TEMPORARY_PASSWORD_DAYS}


def mfa_settings(mode: str) -> dict[str, Any]:
    """OFF, or OPTIONAL: a user may add a TOTP app as a second factor (SMS would need an SNS role)."""
    if mode == "OPTIONAL":
        return {"mfa_configuration": "OPTIONAL", "software_token_mfa_configuration": {"enabled": True}}
    return {"mfa_configuration": "OFF"}


def client_settings() -> dict[str, Any]:
    """What both app clients share: public, password and SRP sign-in, short tokens, revocable."""
    return {
        "generate_secret": False,
        "explicit_auth_flows": list(AUTH_FLOWS),
        "prevent_user_existence_errors": "ENABLED",
        "enable_token_revocation": True,
        "allowed_oauth_flows_user_pool_client": False,
        "id_token_validity": ID_TOKEN_HOURS,
        "access_token_validity": ACCESS_TOKEN_HOURS,
        "refresh_token_validity": REFRESH_TOKEN_DAYS,
        "token_validity_units": {"id_token": "hours", "access_token": "hours", "refresh_token": "days"},
    }


def sign_in_config(region: str, pool_id: str, ui_client_id: str, cli_client_id: str) -> dict[str, str]:
    """The `auth` block of the UI's config.json: all a client needs to sign in with Cognito's API."""
    return {
        "region": region,
        "userPoolId": pool_id,
        "userPoolClientId": ui_client_id,
        "cliClientId": cli_client_id,
    }


@dataclass(frozen=True)
class UserAccountsArgs:
    naming: Naming
    deletion_protection: bool
    mfa: str


class UserAccounts(pulumi.ComponentResource):
    """A user pool with e-mail user names, and its public `ui` and `cli` app clients."""

    def __init__(self, name: str, args: UserAccountsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:identity:UserAccounts", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.pool = aws.cognito.UserPool(
            name,
            name=args.naming.name("users"),
            username_attributes=["email"],
            username_configuration={"case_sensitive": False},
            auto_verified_attributes=["email"],
            verification_message_template={"default_email_option": "CONFIRM_WITH_CODE"},
            # A new address counts only once its code is confirmed; until then the old one stays.
            user_attribute_update_settings={"attributes_require_verification_before_updates": ["email"]},
            admin_create_user_config={"allow_admin_create_user_only": False},
            account_recovery_setting={"recovery_mechanisms": [{"name": "verified_email", "priority": 1}]},
            password_policy=password_policy(),
            email_configuration={"email_sending_account": "COGNITO_DEFAULT"},
            deletion_protection="ACTIVE" if args.deletion_protection else "INACTIVE",
            **mfa_settings(args.mfa),
            opts=pulumi.ResourceOptions(parent=self, protect=args.deletion_protection),
        )
        self.clients = {
            client: aws.cognito.UserPoolClient(
                f"{name}-{client}",
                name=args.naming.name(client),
                user_pool_id=self.pool.id,
                **client_settings(),
                opts=child,
            )
            for client in CLIENTS
        }
        self.ui_client = self.clients["ui"]
        self.cli_client = self.clients["cli"]
        region = aws.get_region_output(opts=pulumi.InvokeOutputOptions(parent=self)).region
        self.public_config: pulumi.Output[dict[str, str]] = pulumi.Output.all(
            region, self.pool.id, self.ui_client.id, self.cli_client.id
        ).apply(lambda v: sign_in_config(*v))
        self.register_outputs(
            {
                "user_pool_id": self.pool.id,
                "user_pool_arn": self.pool.arn,
                "ui_client_id": self.ui_client.id,
                "cli_client_id": self.cli_client.id,
            }
        )
