"""The API over ASGI (in process): authentication, limits, errors, and the operations end to end
against in-memory adapters."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from app.domain import keys
from app.domain.limits import Limits
from app.domain.models import MediaStatus, Variant
from app.domain.service import MediaService
from app.graphql.guards import MAX_BODY_BYTES
from tests.fakes import InMemoryRepository, in_memory_service
from tests.unit.app.graphql.conftest import APP_KEY, POOL, auth_headers, gql, make_api

CREATE = """mutation($input: CreateUploadInput!) {
  createUpload(input: $input) {
    media { id status filename contentType kind size preset }
    upload { url fields }
  }
}"""


def create(client: TestClient, user: str = "alice", **overrides: Any) -> Any:
    upload = {"filename": "cat.jpg", "contentType": "image/jpeg", "size": 1000, **overrides}
    return gql(client, CREATE, {"input": upload}, user)


def test_healthz_is_open(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Basic YWxpY2U6cHc=", "Bearer not-a-jwt"],
    ids=["none", "empty", "no-token", "basic", "garbage"],
)
def test_graphql_needs_a_signed_in_caller(client: TestClient, authorization: str | None) -> None:
    headers = {"x-api-key": APP_KEY} | ({"authorization": authorization} if authorization is not None else {})
    response = client.post("/graphql", json={"query": "{ presets { name } }"}, headers=headers)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("key", [None, "wrong", "", f"{APP_KEY} "])
def test_graphql_needs_the_apps_key_too(client: TestClient, key: str | None) -> None:
    headers = {"authorization": f"Bearer {POOL.token('alice')}"} | (
        {"x-api-key": key} if key is not None else {}
    )
    response = client.post("/graphql", json={"query": "{ presets { name } }"}, headers=headers)
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_identity_comes_only_from_the_verified_token(client: TestClient) -> None:
    # GIVEN alice's token, with headers claiming to be bob in other ways
    spoof = {**auth_headers("alice"), "x-amzn-oidc-identity": "bob", "x-owner": "bob"}
    variables = {"input": {"filename": "a.jpg", "contentType": "image/jpeg", "size": 10}}
    created = client.post("/graphql", json={"query": CREATE, "variables": variables}, headers=spoof).json()
    media_id = created["data"]["createUpload"]["media"]["id"]
    # THEN the item is alice's, and bob cannot see it
    one = "query($id: ID!) { media(id: $id) { id } }"
    assert gql(client, one, {"id": media_id}, user="bob").json()["data"]["media"] is None
    assert gql(client, one, {"id": media_id}).json()["data"]["media"]["id"] == media_id


def test_the_playground_is_served_with_the_local_key_filled_in(client: TestClient) -> None:
    page = client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert '"x-api-key": "local-key"' in page.text


def test_no_playground_and_no_queries_over_get_when_off(service: MediaService) -> None:
    client = TestClient(make_api(service, playground=False))
    assert client.get("/graphql", headers={"accept": "text/html"}).status_code != 200
    response = client.get("/graphql", params={"query": "{ presets { name } }"}, headers=auth_headers())
    assert "presets" not in response.text


def test_oversized_bodies_are_refused(client: TestClient) -> None:
    big = "{ presets { name } }" + " " * MAX_BODY_BYTES
    response = client.post("/graphql", json={"query": big}, headers=auth_headers())
    assert response.status_code == 413


def test_create_upload_then_read_it_back(client: TestClient) -> None:
    created = create(client).json()["data"]["createUpload"]
    assert created["media"]["status"] == "AWAITING_UPLOAD"
    assert created["media"]["kind"] == "IMAGE"
    assert created["media"]["preset"] == "default"
    assert created["upload"]["fields"]["key"].startswith("originals/alice/")
    media_id = created["media"]["id"]
    read = gql(
        client, "query($id: ID!) { media(id: $id) { id filename variants { url } } }", {"id": media_id}
    )
    assert read.json()["data"]["media"] == {"id": media_id, "filename": "cat.jpg", "variants": []}


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"contentType": "application/pdf"}, "UNSUPPORTED_TYPE"),
        ({"contentType": "image/svg+xml"}, "UNSUPPORTED_TYPE"),
        ({"size": 10_001}, "TOO_LARGE"),
        ({"size": 0}, "INVALID_INPUT"),
        ({"preset": "nope"}, "UNKNOWN_PRESET"),
    ],
)
def test_create_upload_errors_carry_stable_codes(
    client: TestClient, overrides: dict[str, Any], code: str
) -> None:
    body = create(client, **overrides).json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == code
    assert body["errors"][0]["message"]


def test_owners_cannot_see_each_other(client: TestClient) -> None:
    media_id = create(client).json()["data"]["createUpload"]["media"]["id"]
    as_bob = gql(client, "query($id: ID!) { media(id: $id) { id } }", {"id": media_id}, user="bob")
    assert as_bob.json()["data"]["media"] is None
    listed = gql(client, "{ mediaList { edges { node { id } } } }", user="bob")
    assert listed.json()["data"]["mediaList"]["edges"] == []
    retry = gql(
        client, "mutation($id: ID!) { retryProcessing(id: $id) { id } }", {"id": media_id}, user="bob"
    )
    assert retry.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    delete = gql(client, "mutation($id: ID!) { deleteMedia(id: $id) }", {"id": media_id}, user="bob")
    assert delete.json()["data"]["deleteMedia"] is False
    mine = gql(client, "{ mediaList { nodes { id } } }")
    assert mine.json()["data"]["mediaList"]["nodes"] == [{"id": media_id}]


def test_media_list_pages_with_cursors(client: TestClient) -> None:
    ids = [create(client).json()["data"]["createUpload"]["media"]["id"] for _ in range(3)]
    query = """query($after: String) {
      mediaList(first: 2, after: $after) {
        edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }"""
    first = gql(client, query).json()["data"]["mediaList"]
    assert [e["node"]["id"] for e in first["edges"]] == ids[::-1][:2]
    cursors = [e["cursor"] for e in first["edges"]]
    # Relay's PageInfo: the cursors are the first and last edges'.
    assert first["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": cursors[0],
        "endCursor": cursors[1],
    }
    second = gql(client, query, {"after": first["pageInfo"]["endCursor"]}).json()["data"]["mediaList"]
    assert [e["node"]["id"] for e in second["edges"]] == ids[:1]
    last = second["edges"][0]["cursor"]
    assert second["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": last,
        "endCursor": last,
    }
    bad = gql(client, query, {"after": "garbage"}).json()
    assert bad["errors"][0]["extensions"]["code"] == "BAD_CURSOR"


def test_page_size_is_capped(client: TestClient) -> None:
    body = gql(client, "{ mediaList(first: 1000) { nodes { id } } }").json()
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


def test_presets_and_upload_policy(client: TestClient) -> None:
    body = gql(
        client,
        "{ presets { name widths fingerprint formats { format quality } }"
        " uploadPolicy { acceptedTypes maxImageBytes maxVideoBytes defaultPreset } }",
    )
    data = body.json()["data"]
    assert [p["name"] for p in data["presets"]] == ["default", "thumbnail"]
    # The very policy createUpload enforces (tests/fakes.py: 10,000-byte images), not a copy of it.
    assert data["uploadPolicy"] == {
        "acceptedTypes": ["image/jpeg", "image/png"],
        "maxImageBytes": 10_000,
        "maxVideoBytes": Limits().max_video_bytes,
        "defaultPreset": "default",
    }


def test_retry_of_a_waiting_item_is_refused(client: TestClient) -> None:
    media_id = create(client).json()["data"]["createUpload"]["media"]["id"]
    body = gql(client, "mutation($id: ID!) { retryProcessing(id: $id) { id } }", {"id": media_id}).json()
    assert body["errors"][0]["extensions"]["code"] == "NOT_RETRYABLE"


def test_alias_floods_are_refused(client: TestClient) -> None:
    deepest = "{ mediaList { edges { node { variants { name } } } } }"
    assert "errors" not in gql(client, deepest).json()
    flood = "query { " + " ".join(f"a{n}: mediaList {{ nodes {{ id }} }}" for n in range(20)) + " }"
    body = gql(client, flood).json()
    assert "aliases" in body["errors"][0]["message"]


def test_introspection_can_be_switched_off(service: MediaService) -> None:
    client = TestClient(make_api(service, introspection=False))
    body = gql(client, "{ __schema { types { name } } }").json()
    assert "errors" in body
    assert gql(client, "{ presets { name } }").json()["data"]["presets"]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", '{"query": "{ presets { name } }"}'),
        ("application/x-www-form-urlencoded", "query=%7B+presets+%7B+name+%7D+%7D"),
        ("multipart/form-data; boundary=x", "--x--"),
        ("application/graphql", "{ presets { name } }"),
    ],
)
def test_only_json_posts_are_accepted(client: TestClient, content_type: str, body: str) -> None:
    response = client.post("/graphql", content=body, headers={**auth_headers(), "content-type": content_type})
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_streamed_bodies_without_a_length_are_capped_too(client: TestClient) -> None:
    def chunks() -> Any:
        yield b'{"query": "{ presets { name } }", "padding": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}'

    response = client.post(
        "/graphql", content=chunks(), headers={**auth_headers(), "content-type": "application/json"}
    )
    assert response.status_code == 413


def test_with_the_playground_off_get_needs_a_key_too(service: MediaService) -> None:
    client = TestClient(make_api(service, playground=False))
    assert client.get("/graphql", headers={"accept": "text/html"}).status_code == 401


def test_field_suggestions_are_hidden(client: TestClient) -> None:
    body = gql(client, "{ presetz { name } }").json()
    message = body["errors"][0]["message"]
    assert "presetz" in message
    assert "Did you mean" not in message
    assert "presets" not in message.replace("presetz", "")


def test_absurd_filenames_are_refused(client: TestClient) -> None:
    body = create(client, filename="x" * 5000).json()
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


def test_rate_limit_per_key(service: MediaService) -> None:
    from app.graphql.rate_limit import TokenBuckets

    client = TestClient(make_api(service, rate_limiter=TokenBuckets(per_minute=1, burst=3)))
    statuses = [gql(client, "{ presets { name } }").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = gql(client, "{ presets { name } }")
    assert limited.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert int(limited.headers["retry-after"]) >= 1
    assert gql(client, "{ presets { name } }", user="bob").status_code == 200  # each key has its own budget


def test_aliased_uploads_each_spend_from_the_work_budget(repository: InMemoryRepository) -> None:
    # GIVEN a work budget of 3 per owner, well within the request limit
    from app.graphql.rate_limit import TokenBuckets

    service = in_memory_service(repository, work=TokenBuckets(per_minute=1, burst=3))
    client = TestClient(make_api(service))
    # WHEN one request carries 5 aliased createUploads
    upload = '{filename: "a.jpg", contentType: "image/jpeg", size: 10}'
    fields = " ".join(f"u{n}: createUpload(input: {upload}) {{ media {{ id }} }}" for n in range(5))
    body = gql(client, f"mutation {{ {fields} }}").json()
    # THEN 3 are made; the fourth is refused with the rate-limit code and when to retry, and (the
    # payload being non-null, mutations running in order) the request stops there
    assert len(repository.items) == 3
    assert body["data"] is None
    assert [(e["path"], e["extensions"]) for e in body["errors"]] == [
        (["u3"], {"code": "RATE_LIMITED", "retryAfter": 60})
    ]


def test_mutations_never_run_over_get(client: TestClient, repository: Any) -> None:
    mutation = (
        'mutation { createUpload(input: {filename: "a.jpg", contentType: "image/jpeg", size: 10}) '
        "{ media { id } } }"
    )
    response = client.get("/graphql", params={"query": mutation}, headers=auth_headers())
    assert response.status_code != 200 or "createUpload" not in response.text
    assert repository.items == {}


def test_variant_urls_are_signed_and_say_when_they_expire(
    client: TestClient, repository: InMemoryRepository
) -> None:
    # GIVEN a READY item with one variant
    media_id = create(client).json()["data"]["createUpload"]["media"]["id"]
    (owner, _), item = next(iter(repository.items.items()))
    variant = Variant("w1", "webp", 10, 10, 5, keys.variant_key(owner, media_id, "w1", "webp"), "image/webp")
    repository.items[(owner, media_id)] = replace(item, status=MediaStatus.READY, variants=(variant,))
    # WHEN it is read
    query = "query($id: ID!) { media(id: $id) { variants { url urlExpiresAt } } }"
    read = gql(client, query, {"id": media_id}).json()["data"]["media"]["variants"][0]
    # THEN the URL is the CDN's, signed until the moment urlExpiresAt names
    expires = datetime.fromisoformat(read["urlExpiresAt"])
    assert read["url"] == (
        f"https://cdn.example/{variant.key}?Expires={int(expires.timestamp())}&Signature=fake"
    )
    assert expires.tzinfo is not None


def test_reprocess_of_a_waiting_item_is_refused_and_of_anothers_not_found(client: TestClient) -> None:
    media_id = create(client).json()["data"]["createUpload"]["media"]["id"]
    reprocess = "mutation($id: ID!, $preset: String) { reprocessMedia(id: $id, preset: $preset) { id } }"
    body = gql(client, reprocess, {"id": media_id}).json()
    assert body["errors"][0]["extensions"]["code"] == "NOT_REPROCESSABLE"
    unknown = gql(client, reprocess, {"id": media_id, "preset": "nope"}).json()
    assert unknown["errors"][0]["extensions"]["code"] == "UNKNOWN_PRESET"
    as_bob = gql(client, reprocess, {"id": media_id}, user="bob").json()
    assert as_bob["errors"][0]["extensions"]["code"] == "NOT_FOUND"
