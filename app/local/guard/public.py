"""What AWS serves without a signature, and so the emulator too: the user-pool calls a public app
client makes (sign-up, sign-in, refresh, password reset, sign-out) and the pool's public keys.

The Cognito operations come from botocore's own service model, where AWS marks them as taking no
SigV4 (`authtype: none`): the list is AWS's, not ours. Everything else unsigned is refused, except
a browser's POST upload, which carries its own signed policy (`post_policy.py`).
"""

from __future__ import annotations

import re
from functools import cache

COGNITO_IDP_TARGET = "AWSCognitoIdentityProviderService."
# GET /{userPoolId}/.well-known/jwks.json (and the OpenID configuration beside it), as
# cognito-idp.{region}.amazonaws.com serves them to anyone.
_POOL_DOCUMENT = re.compile(r"/[a-z0-9-]+_[0-9A-Za-z]+/\.well-known/(jwks\.json|openid-configuration)")


@cache
def public_cognito_operations() -> frozenset[str]:
    import botocore.session

    model = botocore.session.get_session().get_service_model("cognito-idp")
    return frozenset(
        name for name in model.operation_names if model.operation_model(name).auth_type == "none"
    )


def is_public(method: str, path: str, target: str) -> bool:
    """`target` is the X-Amz-Target header ("" when there is none)."""
    if method == "POST" and path == "/" and target.startswith(COGNITO_IDP_TARGET):
        return target.removeprefix(COGNITO_IDP_TARGET) in public_cognito_operations()
    return method in {"GET", "HEAD"} and not target and _POOL_DOCUMENT.fullmatch(path) is not None
