"""Messages to WebSocket clients through API Gateway's @connections management API (locally, the
dev server's, which answers the same calls: app/local/websockets.py)."""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any

from app.adapters.aws import management_client

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient

# API Gateway's DeleteConnection has no close code (it closes with 1000). The code the protocol
# names rides along in these headers, which API Gateway ignores and the local stack honours.
CLOSE_CODE_HEADER = "x-mediapipe-close-code"
CLOSE_REASON_HEADER = "x-mediapipe-close-reason"


class ConnectionsApi:
    def __init__(self, endpoint_url: str, client: ApiGatewayManagementApiClient | None = None) -> None:
        self._endpoint_url = endpoint_url
        self._client = client
        self._closing = threading.local()

    @property
    def _api(self) -> ApiGatewayManagementApiClient:
        if self._client is None:
            self._client = management_client(self._endpoint_url)
            self._client.meta.events.register(
                "before-sign.apigatewaymanagementapi.DeleteConnection", self._name_close_code
            )
        return self._client

    def send(self, connection_id: str, message: dict[str, Any]) -> bool:
        data = json.dumps(message, separators=(",", ":")).encode()
        try:
            self._api.post_to_connection(ConnectionId=connection_id, Data=data)
        except self._api.exceptions.GoneException:
            return False
        return True

    def disconnect(self, connection_id: str, code: int, reason: str) -> None:
        self._closing.close = (code, reason)
        try:
            self._api.delete_connection(ConnectionId=connection_id)
        except self._api.exceptions.GoneException:
            return  # closed already
        finally:
            self._closing.close = None

    def _name_close_code(self, request: Any, **_: Any) -> None:
        close = getattr(self._closing, "close", None)
        if close is not None:
            request.headers[CLOSE_CODE_HEADER] = str(close[0])
            request.headers[CLOSE_REASON_HEADER] = close[1].encode("ascii", "replace").decode()
