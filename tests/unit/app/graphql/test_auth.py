"""The owner is the verified token's `sub`, as API Gateway's Cognito authorizer passes it."""

from __future__ import annotations

from app.graphql.auth import CognitoClaims


def test_the_owner_is_the_sub_of_the_authorizers_claims() -> None:
    auth = CognitoClaims()
    event = {"requestContext": {"authorizer": {"claims": {"sub": "0f9e-sub", "email": "a@example.com"}}}}
    assert auth.owner_for({"aws.event": event}) == "0f9e-sub"


def test_without_verified_claims_there_is_no_owner() -> None:
    auth = CognitoClaims()
    assert auth.owner_for({"aws.event": {}}) is None
    assert auth.owner_for({"aws.event": {"requestContext": {"authorizer": None}}}) is None
    assert auth.owner_for({"aws.event": {"requestContext": {"authorizer": {"claims": {"sub": ""}}}}}) is None
    # an API key's id is the app's meter, never an identity
    assert auth.owner_for({"aws.event": {"requestContext": {"identity": {"apiKeyId": "k1"}}}}) is None
    # headers are not trusted here: only what the authorizer verified
    assert auth.owner_for({"headers": [(b"authorization", b"Bearer x")]}) is None
