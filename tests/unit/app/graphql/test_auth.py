from __future__ import annotations

import pytest

from app.graphql.auth import ApiGatewayKeys, StaticKeys, key_id


def scope_with(key: str | None) -> dict[str, object]:
    return {"headers": [] if key is None else [(b"x-api-key", key.encode())]}


def test_static_keys_map_each_key_to_its_own_stable_owner() -> None:
    auth = StaticKeys(["k1", "k2"])
    assert auth.owner_for(scope_with("k1")) == key_id("k1")
    assert auth.owner_for(scope_with("k2")) == key_id("k2") != key_id("k1")
    assert auth.owner_for(scope_with("k3")) is None
    assert auth.owner_for(scope_with(None)) is None
    assert "k1" not in key_id("k1")  # the owner id never reveals the key


def test_static_keys_need_at_least_one_key() -> None:
    with pytest.raises(ValueError, match="at least one"):
        StaticKeys(["", ""])


def test_api_gateway_identity() -> None:
    auth = ApiGatewayKeys()
    event = {"requestContext": {"identity": {"apiKeyId": "abc123"}}}
    assert auth.owner_for({"aws.event": event}) == "abc123"
    assert auth.owner_for({"aws.event": {"requestContext": {"identity": {"apiKeyId": None}}}}) is None
    assert auth.owner_for({"aws.event": {}}) is None
    assert auth.owner_for({"headers": [(b"x-api-key", b"spoofed")]}) is None  # headers are not trusted here
