"""Signing in from the command line (and the tests): Cognito's own API, stored tokens, refresh.

A stack says how to reach its user pool in its public `/config.json` (`auth`: region, pool, the app
client, and locally the emulator's endpoint), so `mediapipe login` needs only the API's URL. The
calls are Cognito's public, unsigned user-pool API (SignUp, InitiateAuth with USER_PASSWORD_AUTH or
REFRESH_TOKEN_AUTH, RevokeToken) through boto3, which needs no AWS credentials for them. Tokens are
kept per API URL in the user's config directory, readable by the user alone (0600).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

REFRESH_MARGIN_S = 60  # refresh an ID token this long before it expires


class SignInError(Exception):
    """Signing in or refreshing failed; `code` is Cognito's error name (e.g. NotAuthorizedException)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class PoolConfig:
    """The `auth` block of a stack's /config.json."""

    region: str
    user_pool_id: str
    client_id: str
    endpoint: str | None = None

    @classmethod
    def from_public_config(cls, config: dict[str, Any]) -> PoolConfig:
        """The CLI's own app client when the stack names one (`cliClientId`), else the UI's."""
        auth = config.get("auth") or {}
        try:
            client_id = auth.get("cliClientId") or auth["userPoolClientId"]
            return cls(auth["region"], auth["userPoolId"], client_id, auth.get("endpoint"))
        except KeyError as missing:
            raise SignInError(f"The stack's config.json has no auth.{missing.args[0]}", "NO_AUTH") from None


@dataclass(frozen=True, slots=True)
class Tokens:
    id_token: str
    access_token: str
    refresh_token: str
    expires_at: float  # epoch seconds
    email: str

    def fresh(self, now: float | None = None) -> bool:
        return (now if now is not None else time.time()) < self.expires_at - REFRESH_MARGIN_S


def public_config(graphql_url: str, *, timeout: float = 5.0) -> dict[str, Any]:
    """The stack's /config.json, next to its API (`.../graphql` -> `.../config.json`)."""
    config_url = graphql_url.rsplit("/graphql", 1)[0] + "/config.json"
    try:
        response = httpx.get(config_url, timeout=timeout)
        response.raise_for_status()
        config: dict[str, Any] = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise SignInError(f"Cannot read {config_url}: {error}", "UNREACHABLE") from error
    return config


class Cognito:
    """The user-pool calls a public client makes."""

    def __init__(self, pool: PoolConfig) -> None:
        import boto3
        from botocore import UNSIGNED
        from botocore.config import Config

        self.pool = pool
        self._idp = boto3.session.Session().client(
            "cognito-idp",
            region_name=pool.region,
            endpoint_url=pool.endpoint,
            config=Config(signature_version=UNSIGNED, retries={"mode": "standard"}),
        )

    def sign_up(self, email: str, password: str) -> str:
        """A new, unconfirmed user; returns its `sub`. Cognito mails a code to confirm with."""
        found = self._call(
            "sign_up",
            ClientId=self.pool.client_id,
            Username=email,
            Password=password,
            UserAttributes=[{"Name": "email", "Value": email}],
        )
        return str(found["UserSub"])

    def confirm_sign_up(self, email: str, code: str) -> None:
        self._call("confirm_sign_up", ClientId=self.pool.client_id, Username=email, ConfirmationCode=code)

    def sign_in(self, email: str, password: str) -> Tokens:
        found = self._call(
            "initiate_auth",
            ClientId=self.pool.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
        result = found.get("AuthenticationResult")
        if not result:  # a challenge (new password, MFA): not something a CLI sign-in can answer here
            raise SignInError(
                f"Cognito asks for {found.get('ChallengeName')}; finish it in the UI.", "CHALLENGE"
            )
        return _tokens(result, email, result["RefreshToken"])

    def refresh(self, tokens: Tokens) -> Tokens:
        found = self._call(
            "initiate_auth",
            ClientId=self.pool.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": tokens.refresh_token},
        )
        result = found["AuthenticationResult"]
        return _tokens(result, tokens.email, result.get("RefreshToken") or tokens.refresh_token)

    def revoke(self, tokens: Tokens) -> None:
        self._call("revoke_token", ClientId=self.pool.client_id, Token=tokens.refresh_token)

    def _call(self, operation: str, **params: Any) -> dict[str, Any]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer: dict[str, Any] = getattr(self._idp, operation)(**params)
        except ClientError as error:
            details = error.response.get("Error", {})
            raise SignInError(details.get("Message", str(error)), details.get("Code", "ERROR")) from error
        except BotoCoreError as error:
            raise SignInError(f"Cannot reach the user pool: {error}", "UNREACHABLE") from error
        return answer


def _tokens(result: dict[str, Any], email: str, refresh_token: str) -> Tokens:
    return Tokens(
        id_token=result["IdToken"],
        access_token=result["AccessToken"],
        refresh_token=refresh_token,
        expires_at=time.time() + int(result.get("ExpiresIn", 3600)),
        email=email,
    )


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "mediapipe"


class TokenStore:
    """Tokens per API URL in one JSON file that only its owner can read."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "tokens.json"

    def load(self, api_url: str) -> Tokens | None:
        entry = self._read().get(api_url)
        return Tokens(**entry) if isinstance(entry, dict) else None

    def save(self, api_url: str, tokens: Tokens) -> None:
        entries = self._read()
        entries[api_url] = asdict(tokens)
        self._write(entries)

    def forget(self, api_url: str) -> bool:
        entries = self._read()
        if entries.pop(api_url, None) is None:
            return False
        self._write(entries)
        return True

    def _read(self) -> dict[str, Any]:
        try:
            entries: dict[str, Any] = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}
        return entries

    def _write(self, entries: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never readable by others
        with os.fdopen(descriptor, "w") as handle:
            json.dump(entries, handle, indent=2)
        tmp.replace(self.path)


class Session:
    """A signed-in user's ID token for one API, refreshed (and stored again, given a store) before it
    expires."""

    def __init__(self, api_url: str, cognito: Cognito, store: TokenStore | None, tokens: Tokens) -> None:
        self.api_url = api_url
        self._cognito = cognito
        self._store = store
        self.tokens = tokens

    def id_token(self) -> str:
        if not self.tokens.fresh():
            self.tokens = self._cognito.refresh(self.tokens)
            if self._store is not None:
                self._store.save(self.api_url, self.tokens)
        return self.tokens.id_token
