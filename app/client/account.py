"""`mediapipe login`, `logout`, `whoami` and `token`, and the signed-in endpoint every API command uses.

Automation needs no prompt: MEDIAPIPE_EMAIL and MEDIAPIPE_PASSWORD sign in on the spot when no
tokens are stored for the API, the same way `login` does.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from functools import cache
from typing import Any

import jwt
from rich.console import Console

from app.client.api import ApiError, Endpoint
from app.client.auth import Cognito, PoolConfig, Session, SignInError, Tokens, TokenStore, public_config
from app.client.failure import fail

console = Console(stderr=True)


@cache
def _config(api_url: str) -> dict[str, Any]:
    return public_config(api_url)


def _cognito(api_url: str) -> Cognito:
    return Cognito(PoolConfig.from_public_config(_config(api_url)))


def _api_key(args: argparse.Namespace) -> str:
    key = args.api_key or os.environ.get("MEDIAPIPE_API_KEY", "").split(",")[0].strip()
    key = key or str(_config(args.api_url).get("apiKey") or "")
    if not key:
        raise ApiError(f"No API key: pass --api-key or set MEDIAPIPE_API_KEY for {args.api_url}", "NO_KEY")
    return key


def _credentials_from_env() -> tuple[str, str] | None:
    email, password = os.environ.get("MEDIAPIPE_EMAIL", ""), os.environ.get("MEDIAPIPE_PASSWORD", "")
    return (email, password) if email and password else None


def signed_in_endpoint(args: argparse.Namespace, store: TokenStore | None = None) -> Endpoint:
    """The API as the signed-in user (stored tokens, else the env's credentials), or ApiError."""
    store = store or TokenStore()
    try:
        cognito = _cognito(args.api_url)
        tokens = store.load(args.api_url)
        if tokens is None and (credentials := _credentials_from_env()) is not None:
            tokens = cognito.sign_in(*credentials)
            store.save(args.api_url, tokens)
        key = _api_key(args)
    except SignInError as error:
        raise ApiError(error.message, error.code) from error
    if tokens is None:
        raise ApiError(
            f"Not signed in to {args.api_url}: run `mediapipe login --api-url {args.api_url}`.",
            "NOT_SIGNED_IN",
        )
    session = Session(args.api_url, cognito, store, tokens)

    def id_token() -> str:
        try:
            return session.id_token()
        except SignInError as error:
            raise ApiError(
                f"The session has ended ({error.message}); run `mediapipe login`.", error.code
            ) from error

    return Endpoint(graphql_url=args.api_url, api_key=key, id_token=id_token)


def run_account(args: argparse.Namespace, store: TokenStore | None = None) -> int:
    store = store or TokenStore()
    try:
        return {"login": _login, "logout": _logout, "whoami": _whoami, "token": _token}[args.command](
            args, store
        )
    except (SignInError, ApiError) as error:
        return fail(error)


def _login(args: argparse.Namespace, store: TokenStore) -> int:
    email, password = _ask(args)
    tokens = _cognito(args.api_url).sign_in(email, password)
    store.save(args.api_url, tokens)
    console.print(f"Signed in to {args.api_url} as [bold]{tokens.email}[/bold]; tokens kept in {store.path}")
    return 0


def _ask(args: argparse.Namespace) -> tuple[str, str]:
    from_env = _credentials_from_env()
    email = args.email or (from_env[0] if from_env else "")
    password = from_env[1] if from_env and (not args.email or args.email == from_env[0]) else ""
    if not email:
        if not sys.stdin.isatty():
            raise SignInError(
                "No email: pass --email or set MEDIAPIPE_EMAIL and MEDIAPIPE_PASSWORD.", "NO_CREDENTIALS"
            )
        email = input("Email: ").strip()
    if not password:
        if not sys.stdin.isatty():
            raise SignInError(
                "No password: set MEDIAPIPE_PASSWORD, or run this in a terminal.", "NO_CREDENTIALS"
            )
        password = getpass.getpass("Password: ")
    return email, password


def _logout(args: argparse.Namespace, store: TokenStore) -> int:
    tokens = store.load(args.api_url)
    if tokens is None:
        console.print(f"Not signed in to {args.api_url}.")
        return 0
    try:
        _cognito(args.api_url).revoke(tokens)  # the refresh token stops working everywhere
    except SignInError as error:
        console.print(f"[yellow]warning[/yellow] could not revoke the session: {error.message}")
    store.forget(args.api_url)
    console.print(f"Signed out of {args.api_url}.")
    return 0


def _claims(tokens: Tokens) -> dict[str, Any]:
    """What the ID token says, unverified: this shows the user their own token, it decides nothing."""
    claims: dict[str, Any] = jwt.decode(tokens.id_token, options={"verify_signature": False})
    return claims


def _whoami(args: argparse.Namespace, store: TokenStore) -> int:
    endpoint = signed_in_endpoint(args, store)
    assert endpoint.id_token is not None
    endpoint.id_token()  # refreshes when it must, so the expiry shown is current
    tokens = store.load(args.api_url)
    assert tokens is not None
    claims = _claims(tokens)
    facts = {"email": claims.get("email", tokens.email), "sub": claims.get("sub"), "apiUrl": args.api_url}
    facts["expiresAt"] = int(tokens.expires_at)
    if args.json:
        print(json.dumps(facts))
    else:
        print(f"{facts['email']}  (sub {facts['sub']})  on {args.api_url}")
    return 0


def _token(args: argparse.Namespace, store: TokenStore) -> int:
    endpoint = signed_in_endpoint(args, store)
    assert endpoint.id_token is not None
    token = endpoint.id_token()
    print(json.dumps({"idToken": token}) if args.json else token)
    return 0
