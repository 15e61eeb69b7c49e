"""`mediapipe dev`'s banner says what is really running."""

from __future__ import annotations

from app.local.identity import DemoUser
from app.local.stack import banner

DEMO = DemoUser(email="demo@example.com", password="Pw1-demo", generated=False)
URL = "http://127.0.0.1:8000"


def _graphql_line(playground: bool) -> str:
    text = banner(URL, ("mp_key",), "http://127.0.0.1:5000", DEMO, playground=playground)
    (line,) = [line for line in text.splitlines() if line.strip().startswith("GraphQL")]
    return line


def test_the_banner_offers_the_playground_only_when_it_is_on() -> None:
    assert "playground: API key filled in" in _graphql_line(playground=True)
    off = _graphql_line(playground=False)
    assert f"{URL}/graphql" in off
    assert "playground is off" in off
    assert "filled in" not in off


def test_the_landing_page_offers_the_playground_only_when_it_is_on() -> None:
    from app.local.server import landing_page

    assert 'href="/graphql"' in landing_page(playground=True)
    off = landing_page(playground=False)
    assert 'href="/graphql"' not in off
    assert "the playground is off" in off
