"""Why the guard refuses a request, and the answer AWS gives for it.

Each reason has one status and one error code per protocol family: S3's (and the other XML
services') `<Error>` document, or the JSON services' `{"__type": ..., "message": ...}`. boto3 and
the UI tell errors apart by these codes (the UI maps EntityTooLarge, EntityTooSmall and an expired
AccessDenied to its own), so they are AWS's own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from xml.sax.saxutils import escape


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    xml_code: str
    json_code: str
    message: str


class Reason(Enum):
    UNSIGNED = Answer(403, "AccessDenied", "MissingAuthenticationTokenException", "Access Denied")
    UNKNOWN_KEY = Answer(
        403,
        "InvalidAccessKeyId",
        "UnrecognizedClientException",
        "The AWS Access Key Id you provided does not exist in our records.",
    )
    BAD_SIGNATURE = Answer(
        403,
        "SignatureDoesNotMatch",
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. "
        "Check your key and signing method.",
    )
    MALFORMED = Answer(400, "AuthorizationHeaderMalformed", "IncompleteSignatureException", "")
    SKEWED = Answer(
        403,
        "RequestTimeTooSkewed",
        "InvalidSignatureException",
        "The difference between the request time and the current time is too large.",
    )
    EXPIRED = Answer(403, "AccessDenied", "AccessDeniedException", "Request has expired")
    BODY_MISMATCH = Answer(
        400,
        "XAmzContentSHA256Mismatch",
        "InvalidSignatureException",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
    )
    # Browser POST uploads (S3 only).
    BAD_FORM = Answer(400, "InvalidArgument", "InvalidArgument", "")
    BAD_POLICY = Answer(400, "InvalidPolicyDocument", "InvalidPolicyDocument", "")
    POLICY = Answer(403, "AccessDenied", "AccessDenied", "Invalid according to Policy")
    TOO_LARGE = Answer(
        400, "EntityTooLarge", "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"
    )
    TOO_SMALL = Answer(
        400,
        "EntityTooSmall",
        "EntityTooSmall",
        "Your proposed upload is smaller than the minimum allowed size",
    )
    # The stack's own rules, in AWS's words where AWS has some.
    FOREIGN_ORIGIN = Answer(
        403,
        "AccessDenied",
        "AccessDeniedException",
        "CORSResponse: This CORS request is not allowed. The embedded stack answers only its own origins.",
    )
    ADMIN_API = Answer(
        403,
        "AccessDenied",
        "AccessDeniedException",
        "The embedded stack does not serve the emulator's admin API.",
    )


class Refused(Exception):
    """A request the guard will not pass on; `detail` completes or replaces the reason's message."""

    def __init__(self, reason: Reason, detail: str = "") -> None:
        answer = reason.value
        message = f"{answer.message}: {detail}" if answer.message and detail else answer.message or detail
        super().__init__(message)
        self.reason = reason
        self.message = message

    def render(self, *, json_protocol: bool) -> tuple[int, str, bytes]:
        """(status, content type, body) in the protocol the client speaks."""
        answer = self.reason.value
        if json_protocol:
            body = json.dumps({"__type": answer.json_code, "message": self.message}).encode()
            return answer.status, "application/x-amz-json-1.1", body
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{answer.xml_code}</Code><Message>{escape(self.message)}</Message></Error>"
        )
        return answer.status, "application/xml", xml.encode()
