"""GET /graphql serves GraphiQL from the project's own build, never from a CDN (app/graphql/playground.py)."""

from __future__ import annotations

from starlette.testclient import TestClient

from app.domain.service import MediaService
from app.graphql.asgi import GraphQLApp, create_api
from app.graphql.auth import CognitoClaims
from app.graphql.playground import SCRIPT, STYLE, playground_page, unbuilt_page
from tests.fakes import fake_links
from tests.playground_page import is_same_origin, loaded_urls, playground_config


def test_the_page_loads_only_same_origin_files_with_the_headers_filled_in(client: TestClient) -> None:
    page = client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    urls = loaded_urls(page.text)
    assert set(urls) == {SCRIPT, STYLE}
    assert all(is_same_origin(url) for url in urls)
    assert "unpkg" not in page.text and "jsdelivr" not in page.text
    assert playground_config(page.text) == {"endpoint": "/graphql", "headers": {"x-api-key": "local-key"}}


def test_a_header_cannot_end_the_config_blob_early() -> None:
    hint = "Bearer <an ID token></script><script>alert(1)</script>"
    page = playground_page("/graphql", {"authorization": hint})
    assert "</script><script>alert" not in page
    assert playground_config(page)["headers"] == {"authorization": hint}


def test_unbuilt_the_page_says_how_to_build_it_and_loads_nothing(service: MediaService) -> None:
    unbuilt = GraphQLApp(
        service, links=fake_links(), introspection=True, playground=True, playground_built=False
    )
    client = TestClient(create_api(unbuilt, CognitoClaims()))
    page = client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert page.text == unbuilt_page()
    assert "make ui" in page.text
    assert loaded_urls(page.text) == []
