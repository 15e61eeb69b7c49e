"""Private delivery: every media URL is signed and expires, and caches keep nothing past that.

The signature itself is an adapter's business (CloudFront's signed-URL format, see
app/adapters/cloudfront_signing.py); the domain decides which URL is signed, until when, and what a
response may tell caches about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from app.domain.ports import Clock, UrlSigner

# Expiries are rounded down to a tenth of the lifetime, so that polling the API within that window
# yields the very same URLs: a browser keeps its cached copy instead of fetching every variant again.
EXPIRY_STEPS = 10
# Within a window the same URL gets the same expiry, so its signature (deterministic, PKCS#1 v1.5)
# is the same too: a gallery polled every few seconds need not sign its pictures again each time.
SIGNED_URL_CACHE = 4096


@dataclass(frozen=True, slots=True)
class MediaLink:
    url: str
    expires_at: datetime


def cache_control(seconds_left: float) -> str:
    """The Cache-Control of a response to a signed URL that stays valid for `seconds_left`: only the
    viewer's own cache may keep it, and not past the URL's expiry."""
    return f"private, max-age={max(0, int(seconds_left))}"


class MediaLinks:
    """Signed URLs of stored objects under the CDN's base URL, valid for at most `ttl_s` seconds."""

    def __init__(self, base_url: str, signer: UrlSigner, *, ttl_s: int, clock: Clock) -> None:
        if ttl_s < EXPIRY_STEPS:
            raise ValueError(f"a URL lifetime of {ttl_s} s is too short to be useful")
        self._base = base_url.rstrip("/")
        self._sign = lru_cache(maxsize=SIGNED_URL_CACHE)(signer.sign)
        self._ttl_s = ttl_s
        self._clock = clock

    def expiry(self) -> datetime:
        """When URLs signed now expire: at most `ttl_s` from now, at least nine tenths of it."""
        step = self._ttl_s // EXPIRY_STEPS
        latest = int((self._clock() + timedelta(seconds=self._ttl_s)).timestamp())
        return datetime.fromtimestamp(latest - latest % step, UTC)

    def link(self, key: str, expires_at: datetime | None = None, *, folder: bool = False) -> MediaLink:
        """The signed URL of the object at `key` (a key of the processed bucket, e.g. a variant's);
        with `folder`, the signature opens every object beside it too (a stream's playlists and
        segments, which its playlist names relative to it)."""
        expires = expires_at or self.expiry()
        url = f"{self._base}/{key}"
        scope = f"{url.rsplit('/', 1)[0]}/*" if folder else None
        return MediaLink(url=self._sign(url, expires, scope), expires_at=expires)
