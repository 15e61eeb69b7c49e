"""A webhook's `data` is the item with GraphQL's field names (app/domain/webhooks.py: snapshot): the
snapshot's names are held to the `Media` and `Variant` types of the schema, so the two cannot drift."""

from __future__ import annotations

import re

from app.domain.models import Variant
from app.domain.webhooks import snapshot
from app.graphql.export import sdl
from tests.factories import media_item

# Signed and expiring: a receiver asks media(id) for them (docs/api.md, "Webhooks").
LEFT_OUT = {"url", "urlExpiresAt"}


def fields(type_name: str) -> set[str]:
    body = sdl().split(f"type {type_name} {{", 1)[1].split("\n}", 1)[0]
    return set(re.findall(r"^  (\w+)[(:]", body, flags=re.MULTILINE))


def test_the_snapshot_names_media_fields_only() -> None:
    variant = Variant("w320", "webp", 320, 200, 1234, "media/o/i/w320.webp", "image/webp")
    data = snapshot(media_item(variants=(variant,)))
    assert set(data) <= fields("Media")
    assert set(data["variants"][0]) == fields("Variant") - LEFT_OUT
    assert set(data["error"] or {"code": 0, "message": 0}) == fields("MediaError")
