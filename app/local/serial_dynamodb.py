"""DynamoDB calls to the emulator one at a time, so each is atomic as it is in AWS.

moto applies an UpdateItem's actions to the stored item one after another, in place, and its server
answers requests on threads: a GetItem arriving meanwhile can see an item half updated (READY, but
not yet its dominant colour). DynamoDB never shows that, and our conditional writes and the UI's
polling rely on it. Serialising the emulator's DynamoDB requests restores the guarantee; S3, SQS
and Cognito stay concurrent. Local traffic is light, so one lock costs nothing noticeable.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

# X-Amz-Target of every DynamoDB call (DynamoDB_20120810.<Operation>) and of its streams' (a read
# of the stream between a transaction's writes and moto's rollback of it would see what never was).
DYNAMODB_TARGETS = ("DynamoDB_", "DynamoDBStreams_")


class SerialDynamoDB:
    def __init__(self, app: WSGIApplication) -> None:
        self._app = app
        self._lock = threading.Lock()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not environ.get("HTTP_X_AMZ_TARGET", "").startswith(DYNAMODB_TARGETS):
            return self._app(environ, start_response)
        with self._lock:
            # The whole answer is made under the lock: moto may build it lazily from the live item.
            return list(self._app(environ, start_response))
