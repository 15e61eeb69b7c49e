"""CORS for the stack's own origins only, whatever moto would have granted."""

from __future__ import annotations

import pytest

from app.local.guard.cors import CorsPolicy
from app.local.guard.refusals import Refused

UI = "http://127.0.0.1:8000"
POLICY = CorsPolicy.of([UI + "/", "http://localhost:5173"])
MOTO_ECHO = [("Content-Type", "application/xml"), ("Access-Control-Allow-Origin", "http://evil.test")]


def test_an_own_origin_gets_its_grant_and_moto_s_echo_is_dropped() -> None:
    headers = POLICY.response_headers(UI, MOTO_ECHO)
    assert ("Access-Control-Allow-Origin", UI) in headers
    assert ("Access-Control-Allow-Origin", "http://evil.test") not in headers


def test_another_origin_gets_no_cors_header_at_all() -> None:
    for origin in ("http://evil.test", "null", None):
        headers = POLICY.response_headers(origin, MOTO_ECHO)
        assert not [name for name, _ in headers if name.lower().startswith("access-control-")]


def test_preflights_are_answered_for_own_origins_and_posts_only() -> None:
    granted = dict(POLICY.preflight("http://localhost:5173", "POST", "content-type,x-amz-target"))
    assert granted["Access-Control-Allow-Headers"] == "content-type,x-amz-target"
    for origin, method in (("http://evil.test", "POST"), (UI, "DELETE")):
        with pytest.raises(Refused):
            POLICY.preflight(origin, method, "")
