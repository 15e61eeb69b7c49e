"""The embedded stack's sign-in: a Cognito user pool in moto, shaped like the one the Pulumi program
creates (email as the user name, verified email, the same password policy, a public app client for
the UI and one for the CLI), and a demo user who can sign in at once.

moto issues real RS256 JWTs and serves the pool's JWKS, so tokens are checked exactly as in AWS. It
does not send e-mail: a sign-up's or password reset's confirmation code is any code (the UI says so).
"""

from __future__ import annotations

import os
import secrets
import string
from dataclasses import dataclass

from app.adapters.cognito_tokens import UserPool
from app.local.credentials import Credentials
from app.local.emulator import REGION, client

DEMO_EMAIL = "demo@example.com"
# Cognito's password policy, as the deployed pool has it (pulumi/infra/components/identity.py).
PASSWORD_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": False,
}
# Public clients (no secret, as a browser or a CLI cannot keep one) signing in with the password
# flow over TLS, and refreshing.
AUTH_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


@dataclass(frozen=True, slots=True)
class LocalUserPool:
    endpoint_url: str
    pool_id: str
    ui_client_id: str
    cli_client_id: str

    @property
    def region(self) -> str:
        return REGION

    def user_pool(self) -> UserPool:
        """The pool as the token check sees it: both clients accepted, JWKS from the emulator."""
        return UserPool(
            pool_id=self.pool_id,
            client_ids=frozenset({self.ui_client_id, self.cli_client_id}),
            jwks_url_override=f"{self.endpoint_url}/{self.pool_id}/.well-known/jwks.json",
        )


@dataclass(frozen=True, slots=True)
class DemoUser:
    email: str
    password: str
    generated: bool


def create_user_pool(endpoint_url: str, credentials: Credentials, prefix: str = "mediapipe") -> LocalUserPool:
    idp = client("cognito-idp", endpoint_url, credentials)
    pool = idp.create_user_pool(
        PoolName=f"{prefix}-users",
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
        Policies={"PasswordPolicy": PASSWORD_POLICY},
    )["UserPool"]
    ids = [
        idp.create_user_pool_client(
            UserPoolId=pool["Id"], ClientName=f"{prefix}-{name}", ExplicitAuthFlows=AUTH_FLOWS
        )["UserPoolClient"]["ClientId"]
        for name in ("ui", "cli")
    ]
    return LocalUserPool(endpoint_url, pool["Id"], ui_client_id=ids[0], cli_client_id=ids[1])


def demo_user_from_env(kept: DemoUser | None = None) -> DemoUser:
    """MEDIAPIPE_DEMO_EMAIL and MEDIAPIPE_DEMO_PASSWORD, else the `kept` demo user of the last run
    (its generated password with its email), else demo@example.com and a fresh password."""
    email = os.environ.get("MEDIAPIPE_DEMO_EMAIL", "").strip() or (kept.email if kept else DEMO_EMAIL)
    password = os.environ.get("MEDIAPIPE_DEMO_PASSWORD", "")
    if password:
        return DemoUser(email, password, generated=False)
    if kept is not None and kept.generated and kept.email == email:
        return kept
    return DemoUser(email, generate_password(), generated=True)


def ensure_user(pool: LocalUserPool, email: str, password: str, credentials: Credentials) -> None:
    """`create_user`, or, for a user the pool has already (a restored stack's), the password set."""
    try:
        create_user(pool, email, password, credentials)
    except Exception as error:  # boto3's modelled error, told by name: an existing user is fine
        if type(error).__name__ != "UsernameExistsException":
            raise
        idp = client("cognito-idp", pool.endpoint_url, credentials)
        idp.admin_set_user_password(
            UserPoolId=pool.pool_id, Username=email, Password=password, Permanent=True
        )


def create_user(pool: LocalUserPool, email: str, password: str, credentials: Credentials) -> str:
    """A confirmed user with a verified email who can sign in now; returns the user's `sub`. The
    admin calls are signed, as in AWS (IAM credentials); sign-up and sign-in are not."""
    idp = client("cognito-idp", pool.endpoint_url, credentials)
    created = idp.admin_create_user(
        UserPoolId=pool.pool_id,
        Username=email,
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
        MessageAction="SUPPRESS",
    )
    idp.admin_set_user_password(UserPoolId=pool.pool_id, Username=email, Password=password, Permanent=True)
    attributes = {a["Name"]: a["Value"] for a in created["User"]["Attributes"]}
    return str(attributes.get("sub") or created["User"]["Username"])


def generate_password(length: int = 16) -> str:
    """Random, and always within PASSWORD_POLICY (one of each required class)."""
    alphabet = string.ascii_letters + string.digits
    required = [secrets.choice(string.ascii_uppercase), secrets.choice(string.ascii_lowercase)]
    required.append(secrets.choice(string.digits))
    rest = [secrets.choice(alphabet) for _ in range(length - len(required))]
    chars = required + rest
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)
