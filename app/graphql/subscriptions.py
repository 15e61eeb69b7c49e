"""The Subscription type: `mediaUpdated(id: ID)` pushes the Media each time it changes.

Subscriptions are not served by Strawberry's own WebSocket transport: API Gateway holds the
sockets and every message is a separate Lambda event, so the realtime function stores each
subscription (app/graphql/transport_ws.py) and the notifier answers it for every change of the
media table by executing the stored document with the changed item as its root value
(app/graphql/live.py). That execution calls the field's resolver only as graphql-core does for
each event of a subscription: it hands back the root value. The generator below is never run.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from app.graphql.types import Media


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="The Media each time it changes: one item's, or every one of the caller's when "
        "`id` is omitted. Pushed over graphql-transport-ws at /config.json's realtimeUrl, "
        "only ever to the item's owner. A deletion is not pushed (the item is gone): a subscription "
        "to that one item completes."
    )
    async def media_updated(self, id: strawberry.ID | None = None) -> AsyncGenerator[Media, None]:
        raise NotImplementedError("served by the realtime function and the notifier")
        yield  # pragma: no cover  (makes this an async generator, as Strawberry requires)
