"""schema.graphql is the contract the UI and outside clients are built from: it must equal the code."""

from __future__ import annotations

from app.graphql.export import sdl
from tests.conftest import REPO

CONTRACT_FIELDS = {
    "type Query": [
        "media(id: ID!): Media",
        "mediaList(first: Int = 20, after: String = null, status: MediaStatus = null): MediaConnection!",
        "presets: [Preset!]!",
    ],
    "type Mutation": [
        "createUpload(input: CreateUploadInput!): CreateUploadPayload!",
        "retryProcessing(id: ID!): Media!",
        "deleteMedia(id: ID!): Boolean!",
    ],
    "type PresignedUpload": ["url: String!", "fields: JSON!", "expiresAt: DateTime!"],
    "type CreateUploadPayload": ["media: Media!", "upload: PresignedUpload!"],
}


def test_checked_in_schema_matches_the_code() -> None:
    checked_in = (REPO / "schema.graphql").read_text()
    assert checked_in == sdl(), "schema.graphql is stale: run `make schema` and commit it"


def _signature(field: str) -> tuple[str, str, str]:
    """(name, arguments, type) of an SDL field line such as `media(id: ID!): Media`."""
    name, _, rest = field.partition("(")
    if not rest:
        name, _, kind = field.partition(": ")
        return name, "", kind
    arguments, _, kind = rest.rpartition("): ")
    return name, arguments, kind


def test_the_design_contract_is_in_the_schema() -> None:
    """Each field the design names is there with its arguments first, as the design has them, and
    its type; arguments added after them (mediaList's filters) keep every old call valid."""
    schema = sdl()
    for block, fields in CONTRACT_FIELDS.items():
        body = schema.split(block + " {", 1)[1].split("\n}", 1)[0]
        found = {_signature(line.strip())[0]: _signature(line.strip()) for line in body.splitlines()}
        for field in fields:
            name, arguments, kind = _signature(field)
            assert name in found, f"{block} lacks {field}"
            _, actual_arguments, actual_kind = found[name]
            assert actual_kind == kind and actual_arguments.startswith(arguments), f"{block} lacks {field}"
    media = schema.split("type Media {", 1)[1].split("\n}", 1)[0]
    for field in (
        "id",
        "filename",
        "contentType",
        "kind",
        "size",
        "status",
        "error",
        "createdAt",
        "updatedAt",
        "variants",
        "metadata",
        "blurhash",
    ):
        assert f"\n  {field}:" in media
