"""Who may call what. The HTTP layer refuses requests without a valid key with 401; this is the
second line, in case a resolver is ever reached without an owner."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from app.graphql.context import Info


class IsAuthenticated(BasePermission):
    message = "A valid API key is required (send it in the x-api-key header)."
    error_extensions = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.owner is not None
