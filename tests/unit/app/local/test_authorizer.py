"""The embedded stack's stand-in for API Gateway: failed authentications are throttled per address."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.testclient import TestClient

from app.graphql.asgi import create_api
from app.graphql.auth import CognitoClaims
from app.graphql.guards import ASGIApp
from app.graphql.rate_limit import TokenBuckets
from app.local.authorizer import LocalAuthorizer, StaticKeys
from tests.fakes import InMemoryRepository, in_memory_service
from tests.unit.app.graphql.conftest import APP_KEY, POOL, auth_headers, make_app

QUERY = {"query": "{ presets { name } }"}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def api(failures: TokenBuckets) -> Starlette:
    graphql = make_app(in_memory_service(InMemoryRepository()))

    def gateway(app: ASGIApp) -> ASGIApp:
        return LocalAuthorizer(app, StaticKeys([APP_KEY]), POOL.verifier(), open_get=True, failures=failures)

    return create_api(graphql, CognitoClaims(), gateway=gateway)


def test_an_address_that_keeps_failing_is_refused_429_whatever_it_sends() -> None:
    # GIVEN 3 failures allowed per address, one more each minute
    clock = Clock()
    app = api(TokenBuckets(per_minute=1, burst=3, clock=clock))
    guesser = TestClient(app, client=("192.0.2.7", 40000))
    bad = [
        {"x-api-key": APP_KEY, "authorization": "Bearer not-a-jwt"},  # a bad token
        {"x-api-key": APP_KEY},  # none
        {**auth_headers(), "x-api-key": "a-guessed-key"},  # a good token with a wrong key
    ]
    # WHEN it fails three times THEN each is answered as usual
    assert [guesser.post("/graphql", json=QUERY, headers=h).status_code for h in bad] == [401, 401, 403]
    # AND after that it gets 429 with Retry-After, even with good credentials (a right guess tells nothing)
    for headers in (bad[0], auth_headers()):
        refused = guesser.post("/graphql", json=QUERY, headers=headers)
        assert refused.status_code == 429
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert refused.headers["retry-after"] == "60"
    # AND another address is not held back by it
    assert (
        TestClient(app, client=("192.0.2.8", 40000))
        .post("/graphql", json=QUERY, headers=auth_headers())
        .status_code
        == 200
    )
    # WHEN its bucket has refilled one unit THEN it is heard again
    clock.now += 60
    assert guesser.post("/graphql", json=QUERY, headers=auth_headers()).status_code == 200


def test_successes_cost_nothing() -> None:
    client = TestClient(api(TokenBuckets(per_minute=1, burst=1)))
    assert all(
        client.post("/graphql", json=QUERY, headers=auth_headers()).status_code == 200 for _ in range(5)
    )
    assert client.post("/graphql", json=QUERY).status_code == 401
    assert client.post("/graphql", json=QUERY, headers=auth_headers()).status_code == 429
