"""Per-request context: who is calling, and the service that acts for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from strawberry.types import Info as _Info

if TYPE_CHECKING:
    from app.domain.delivery import MediaLinks
    from app.domain.service import MediaService


@dataclass(frozen=True, slots=True)
class Context:
    owner: str | None
    service: MediaService
    links: MediaLinks  # signed, expiring variant URLs

    @property
    def caller(self) -> str:
        """The owner id, for resolvers behind IsAuthenticated."""
        if self.owner is None:
            raise PermissionError("unauthenticated")
        return self.owner


Info = _Info[Context, None]
