"""Cross-origin access to the emulator: the stack's own origins, and only for what browsers do.

moto grants every origin (flask-cors on every service), so a page anywhere could read the answers.
Here CORS is answered once, for the stack's origins (the dev server's, and Vite's while developing
the UI), as the uploads bucket's CORS rule says in AWS: POST and PUT, any request header, ETag
exposed, cached an hour. Browsers only POST (Cognito's JSON API and the presigned upload) and PUT (a
multipart upload's parts) to the emulator; media comes from the dev server itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.local.guard.refusals import Reason, Refused

Headers = list[tuple[str, str]]
ALLOWED_METHODS = ("POST", "PUT")
# A multipart upload's client reads each part's ETag from the PUT's answer to complete the upload.
EXPOSED_HEADERS = ("ETag",)
MAX_AGE_S = 3600


@dataclass(frozen=True, slots=True)
class CorsPolicy:
    origins: frozenset[str]

    @classmethod
    def of(cls, origins: Iterable[str]) -> CorsPolicy:
        return cls(frozenset(origin.rstrip("/").lower() for origin in origins))

    def allows(self, origin: str) -> bool:
        return origin.lower() in self.origins

    def preflight(self, origin: str, method: str, requested_headers: str) -> Headers:
        """The answer to an allowed origin's preflight, or Refused as S3 refuses one."""
        if not self.allows(origin) or method not in ALLOWED_METHODS:
            raise Refused(Reason.FOREIGN_ORIGIN)
        headers = [
            *self._grant(origin),
            ("Access-Control-Allow-Methods", ", ".join(ALLOWED_METHODS)),
            ("Access-Control-Max-Age", str(MAX_AGE_S)),
        ]
        if requested_headers:
            headers.append(("Access-Control-Allow-Headers", requested_headers))
        return headers

    def response_headers(self, origin: str | None, headers: Headers) -> Headers:
        """The emulator's answer with its own CORS headers replaced by ours (none for other origins)."""
        kept = [(name, value) for name, value in headers if not name.lower().startswith("access-control-")]
        if origin is not None and self.allows(origin):
            kept += self._grant(origin)
        return kept

    @staticmethod
    def _grant(origin: str) -> Headers:
        return [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Expose-Headers", ", ".join(EXPOSED_HEADERS)),
            ("Vary", "Origin"),
        ]
