from __future__ import annotations

import io

import av

from processors.budget import unlimited
from processors.video.poster import choose_poster
from tests import media_factory as m


def test_black_opening_frames_are_skipped() -> None:
    data = m.video(seconds=3.0, black_start_s=1.5)

    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        poster = choose_poster(container, stream, 3.0, unlimited())

    assert poster is not None
    assert poster.time_s >= 1.5
    assert m.is_upright(poster.frame.to_image())


def test_an_all_black_clip_still_gets_its_best_frame() -> None:
    data = m.video(seconds=1.0, black_start_s=5.0)

    with av.open(io.BytesIO(data)) as container:
        poster = choose_poster(container, container.streams.video[0], 1.0, unlimited())

    assert poster is not None
    assert poster.time_s == 0.0
