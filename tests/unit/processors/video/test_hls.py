"""HLS playlists: the master names bandwidth, resolution and codecs, and every playlist makes
the files it names carry the URL's signature (EXT-X-DEFINE QUERYPARAM)."""

from __future__ import annotations

from pathlib import Path

import pytest

from processors.video import hls

RUNG = """#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MAP:URI="360p-init.mp4"
#EXTINF:4.000000,
360p-000.m4s
#EXTINF:2.500000,
360p-001.m4s
#EXT-X-ENDLIST
"""
CARRIED = "?Policy={$Policy}&Signature={$Signature}&Key-Pair-Id={$Key-Pair-Id}"


def test_a_rung_playlist_carries_the_signature_to_its_init_and_segments() -> None:
    carried = hls.carrying_signature(RUNG)
    lines = carried.splitlines()
    assert lines[:2] == ["#EXTM3U", '#EXT-X-DEFINE:QUERYPARAM="Policy"']
    assert f"#EXT-X-VERSION:{hls.VERSION}" in lines
    assert f'#EXT-X-MAP:URI="360p-init.mp4{CARRIED}"' in lines
    assert [line for line in lines if line.startswith("360p-")] == [
        f"360p-000.m4s{CARRIED}",
        f"360p-001.m4s{CARRIED}",
    ]
    # every variable used is defined before its first use, as the specification requires
    first_use = next(i for i, line in enumerate(lines) if "{$" in line)
    assert all(f'QUERYPARAM="{name}"' in "".join(lines[:first_use]) for name in hls.SIGNATURE_PARAMETERS)


def test_anything_but_a_playlist_is_refused() -> None:
    with pytest.raises(ValueError, match="not an HLS playlist"):
        hls.carrying_signature("<html>")


def test_segments_and_their_rates_are_read(tmp_path: Path) -> None:
    segments = hls.read_segments(RUNG)
    assert segments == hls.Segments(("360p-000.m4s", "360p-001.m4s"), (4.0, 2.5), "360p-init.mp4")
    (tmp_path / "360p-000.m4s").write_bytes(b"x" * 50_000)
    (tmp_path / "360p-001.m4s").write_bytes(b"x" * 50_000)
    peak, average = hls.bitrates(segments, tmp_path)
    assert peak == 160_000  # the 2.5 s segment: 400,000 bits over 2.5 s
    assert average == 123_077  # 800,000 bits over 6.5 s


def test_the_master_lists_the_rungs_lowest_first_with_what_players_choose_by() -> None:
    variants = [
        hls.Variant("720p.m3u8", 1280, 720, 29.97, "avc1.64001f,mp4a.40.2", 2_900_000, 2_000_000),
        hls.Variant("360p.m3u8", 640, 360, 29.97, "avc1.64001e,mp4a.40.2", 900_000, 600_000),
    ]
    lines = hls.master_playlist(variants).splitlines()
    assert lines[:3] == ["#EXTM3U", f"#EXT-X-VERSION:{hls.VERSION}", "#EXT-X-INDEPENDENT-SEGMENTS"]
    infos = [line for line in lines if line.startswith("#EXT-X-STREAM-INF:")]
    assert infos[0] == (
        "#EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=600000,RESOLUTION=640x360,"
        'CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=29.970'
    )
    assert lines[lines.index(infos[0]) + 1] == f"360p.m3u8{CARRIED}"
    assert "RESOLUTION=1280x720" in infos[1]
