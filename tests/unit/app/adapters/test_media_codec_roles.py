"""Each variant's role is stored with it; one stored before roles existed is known by its name."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.adapters.media_codec import deserialize, from_record, serialize, to_record
from app.domain.models import MediaStatus, Variant, VariantRole
from tests.factories import media_item


def variant(name: str, role: VariantRole = VariantRole.IMAGE, *, animated: bool = False) -> Variant:
    return Variant(name, "webp", 64, 48, 100, f"media/o/i/{name}.webp", "image/webp", role, animated)


def test_roles_survive_a_round_trip() -> None:
    variants = (
        variant("w640"),
        variant("animated", animated=True),
        variant("poster-w640", VariantRole.POSTER),
        variant("preview", VariantRole.PREVIEW, animated=True),
        variant("waveform", VariantRole.WAVEFORM),
    )
    item = media_item(status=MediaStatus.READY, attempt=1, variants=variants)
    assert from_record(to_record(item)).variants == variants


@pytest.mark.parametrize(
    ("name", "role", "animated"),
    [
        ("w640", VariantRole.IMAGE, False),
        ("animated", VariantRole.IMAGE, True),
        ("poster-w320", VariantRole.POSTER, False),
        ("preview", VariantRole.PREVIEW, True),
        ("waveform", VariantRole.WAVEFORM, False),
    ],
)
def test_a_variant_stored_before_roles_is_known_by_its_name(
    name: str, role: VariantRole, animated: bool
) -> None:
    record = to_record(media_item(status=MediaStatus.READY, attempt=1, variants=(variant(name),)))
    stored = deserialize(record["variants"])
    for entry in stored:
        entry.pop("role")
        entry.pop("animated")
    record["variants"] = serialize(stored)
    (read,) = from_record(record).variants
    assert (read.role, read.animated) == (role, animated)


def test_what_plays_keeps_its_length_bitrate_and_codecs_through_dynamodbs_numbers() -> None:
    # GIVEN a video's MP4 and stream, with the facts players ask for (a float DynamoDB refuses as is)
    video = Variant(
        "video", "mp4", 1280, 720, 9_000_000, "media/o/i/video-x.mp4", "video/mp4", VariantRole.VIDEO
    )
    played = (
        replace(video, duration_s=12.345, bitrate=2_500_123, codecs="avc1.64001f,mp4a.40.2"),
        replace(video, name="stream", role=VariantRole.STREAM, duration_s=0.1, codecs="avc1.64001f"),
    )
    item = media_item(status=MediaStatus.READY, attempt=1, variants=played)
    # WHEN stored and read back THEN every fact is as it was, to the digit
    assert from_record(to_record(item)).variants == played
    # and a picture stores none of them
    (stored,) = deserialize(to_record(media_item(variants=(variant("w640"),)))["variants"])
    assert not {"durationS", "bitrate", "codecs"} & set(stored)
