from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.domain.delivery import MediaLinks, cache_control
from tests.fakes import FakeClock, FakeSigner, fake_links


def test_a_link_is_the_signed_url_of_the_key_under_the_cdn() -> None:
    clock = FakeClock()
    link = fake_links(clock).link("media/o/i/w1.webp")
    assert (
        link.url
        == f"https://cdn.example/media/o/i/w1.webp?Expires={int(link.expires_at.timestamp())}&Signature=fake"
    )


@pytest.mark.parametrize("seconds", [0, 1, 359, 360, 1234, 3599])
def test_expiry_is_at_most_the_ttl_away_and_at_least_nine_tenths_of_it(seconds: int) -> None:
    clock = FakeClock()
    clock.advance(seconds)
    expires = fake_links(clock, ttl_s=3600).expiry()
    assert timedelta(seconds=3240) <= expires - clock() <= timedelta(seconds=3600)


def test_links_signed_within_one_window_are_the_same_url() -> None:
    # Polling the API must not hand the browser new URLs every second: it would fetch every image again.
    clock = FakeClock()
    links = fake_links(clock, ttl_s=3600)
    first = links.link("media/o/i/w1.webp")
    clock.advance(359)
    assert links.link("media/o/i/w1.webp") == first
    clock.advance(1)
    assert links.link("media/o/i/w1.webp").expires_at == first.expires_at + timedelta(seconds=360)


def test_a_lifetime_too_short_to_round_is_refused() -> None:
    with pytest.raises(ValueError, match="too short"):
        MediaLinks("https://cdn.example", FakeSigner(), ttl_s=5, clock=FakeClock())


@pytest.mark.parametrize(
    ("left", "header"),
    [(3599.7, "private, max-age=3599"), (0.2, "private, max-age=0"), (-5, "private, max-age=0")],
)
def test_cache_control_never_outlives_the_url(left: float, header: str) -> None:
    assert cache_control(left) == header


def test_a_url_is_signed_once_per_expiry_window() -> None:
    # GIVEN a signer that counts its work
    calls: list[str] = []

    class CountingSigner(FakeSigner):
        def sign(self, url: str, expires_at: datetime, scope: str | None = None) -> str:
            calls.append(url)
            return super().sign(url, expires_at, scope)

    signer = CountingSigner()
    clock = FakeClock()
    links = MediaLinks("https://cdn.example", signer, ttl_s=3600, clock=clock)
    # WHEN the same variant is linked three times in one window, then once in the next
    first = [links.link("media/o/i/w.webp") for _ in range(3)]
    clock.advance(400)
    later = links.link("media/o/i/w.webp")
    # THEN it was signed once per window, and the same URL came back within one
    assert len({link.url for link in first}) == 1
    assert later.expires_at > first[0].expires_at
    assert len(calls) == 2


def test_a_folder_link_is_signed_for_everything_beside_the_key() -> None:
    links = fake_links()
    url = links.link("media/o/i/stream-ab12cd34/master.m3u8", folder=True).url
    assert "Scope=https%3A%2F%2Fcdn.example%2Fmedia%2Fo%2Fi%2Fstream-ab12cd34%2F%2A" in url
    assert "Scope" not in links.link("media/o/i/w640.webp").url
