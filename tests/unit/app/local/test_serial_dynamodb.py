"""DynamoDB requests reach moto one at a time; everything else stays concurrent."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIEnvironment

from app.local.serial_dynamodb import SerialDynamoDB


class Overlaps:
    """A WSGI app that records how many requests were inside it at once."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self._count = threading.Lock()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        with self._count:
            self.inside += 1
            self.most = max(self.most, self.inside)
        time.sleep(0.05)
        with self._count:
            self.inside -= 1
        start_response("200 OK", [])
        return [b"{}"]


def _most_at_once(target: str) -> int:
    app = Overlaps()
    serial = SerialDynamoDB(app)
    environ = {"HTTP_X_AMZ_TARGET": target} if target else {}
    threads = [
        threading.Thread(target=lambda: list(serial(dict(environ), lambda *_: lambda _: None)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return app.most


def test_dynamodb_calls_never_overlap() -> None:
    assert _most_at_once("DynamoDB_20120810.UpdateItem") == 1


def test_other_services_stay_concurrent() -> None:
    assert _most_at_once("AmazonSQS.ReceiveMessage") > 1
    assert _most_at_once("") > 1  # S3: no target header
