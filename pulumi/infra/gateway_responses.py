"""What API Gateway answers when it refuses a request itself, before the API Lambda runs, in the API's
own error shape: `{"errors": [{"message": ..., "extensions": {"code": ...}}]}`.

The embedded stack refuses the same requests in app/local/authorizer.py: a missing, broken or expired
token with 401 `UNAUTHENTICATED` (and `WWW-Authenticate: Bearer realm="mediapipe"`), a missing or
wrong API key with 403 `FORBIDDEN`, so a client reads one answer wherever it runs. Where API
Gateway's own message says something (the authorizer's "Unauthorized" or "The incoming token has
expired"), the body carries it: `$context.error.messageString` is that message already quoted as a
JSON string. Where it does not ("Forbidden" for a bad key, "Missing Authentication Token" for a route
that does not exist), the body says what is wrong instead.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

# As app/local/authorizer.py sends with every 401.
WWW_AUTHENTICATE = 'Bearer realm="mediapipe"'
API_KEY_HEADER = "x-api-key"


@dataclass(frozen=True)
class Refusal:
    response_type: str
    status: int
    code: str  # UNAUTHENTICATED (sign in again) or FORBIDDEN (this request will not pass as it is)
    message: str | None = None  # None: API Gateway's own message

    def template(self) -> str:
        """The body. A fixed message is JSON-encoded here; API Gateway's arrives quoted."""
        message = json.dumps(self.message) if self.message else "$context.error.messageString"
        return f'{{"errors":[{{"message":{message},"extensions":{{"code":"{self.code}"}}}}]}}'

    def parameters(self) -> dict[str, str]:
        """Headers of the answer: static values are single-quoted."""
        if self.status == 401:
            return {"gatewayresponse.header.WWW-Authenticate": f"'{WWW_AUTHENTICATE}'"}
        return {}


REFUSALS = (
    # The Cognito authorizer: no token, a token it cannot verify, or an expired one.
    Refusal("UNAUTHORIZED", 401, "UNAUTHENTICATED"),
    # An expired credential: for this API (no IAM authorization) the answer to any expired token,
    # as locally: sign in again or refresh.
    Refusal("EXPIRED_TOKEN", 401, "UNAUTHENTICATED"),
    # The token is good but not for this method (an authorizer or resource policy says no).
    Refusal("ACCESS_DENIED", 403, "FORBIDDEN"),
    Refusal(
        "INVALID_API_KEY",
        403,
        "FORBIDDEN",
        f"A valid API key is required in the {API_KEY_HEADER} header.",
    ),
    # What API Gateway answers for a path or method the API does not have (it keeps 403, so a caller
    # cannot tell which routes exist).
    Refusal(
        "MISSING_AUTHENTICATION_TOKEN",
        403,
        "FORBIDDEN",
        "This API has no such route: GraphQL answers POST /graphql.",
    ),
)


def fingerprint() -> str:
    """Changes with any refusal, so the stage gets a new deployment (gateway responses need one)."""
    shape = json.dumps([r.__dict__ for r in REFUSALS], sort_keys=True)
    return hashlib.sha256(shape.encode()).hexdigest()[:16]
