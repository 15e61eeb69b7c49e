"""The playground as `mediapipe dev` serves it, over real HTTP: GraphiQL from the built UI on the
stack's own origin, nothing from a CDN, the app's key and the ID token hint filled in. The browser
half (GraphiQL renders and runs a query with other origins cut off) is ui/e2e/playground.spec.ts."""

from __future__ import annotations

import httpx

from app.graphql.auth import API_KEY_HEADER, AUTHORIZATION_HEADER
from app.graphql.playground import is_built, unbuilt_page
from app.local.server import PLAYGROUND_TOKEN_HINT, UI_DIST
from tests.integration.conftest import API_KEY, Stack
from tests.playground_page import is_same_origin, loaded_urls, playground_config


def test_get_graphql_serves_the_built_playground_from_the_stack_itself(stack: Stack) -> None:
    page = httpx.get(stack.graphql_url, headers={"accept": "text/html"})
    assert page.status_code == 200
    if not is_built(UI_DIST):  # a Python-only checkout: the page says how to build it, no CDN
        assert page.text == unbuilt_page()
        return
    urls = loaded_urls(page.text)
    assert urls, "the page loads the playground's script and style"
    assert all(is_same_origin(url) for url in urls), urls
    for url in urls:
        asset = httpx.get(f"{stack.url}{url}")
        assert asset.status_code == 200, url
        assert asset.headers["content-type"].split(";")[0] in {
            "text/javascript",
            "application/javascript",
            "text/css",
        }
    config = playground_config(page.text)
    assert config["endpoint"] == "/graphql"
    assert config["headers"] == {API_KEY_HEADER: API_KEY, AUTHORIZATION_HEADER: PLAYGROUND_TOKEN_HINT}
