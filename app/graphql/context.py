"""Per-request context: who is calling, and the service that acts for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from strawberry.types import Info as _Info

from app.domain.errors import ServiceUnavailable

if TYPE_CHECKING:
    from app.domain.delivery import MediaLinks
    from app.domain.service import MediaService
    from app.domain.webhook_service import WebhookService


@dataclass(frozen=True, slots=True)
class Context:
    owner: str | None
    service: MediaService
    links: MediaLinks  # signed, expiring variant URLs
    webhooks: WebhookService | None = None

    @property
    def webhook_service(self) -> WebhookService:
        """The webhooks' service, for resolvers of app/graphql/webhooks.py."""
        if self.webhooks is None:
            raise ServiceUnavailable("Webhooks are not set up on this API.")
        return self.webhooks

    @property
    def caller(self) -> str:
        """The owner id, for resolvers behind IsAuthenticated."""
        if self.owner is None:
            raise PermissionError("unauthenticated")
        return self.owner


Info = _Info[Context, None]
