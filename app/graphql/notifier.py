"""What the notifier does with one change of the media table: push it to the owner's live
subscriptions that follow the item, and hand it to the other listeners (webhooks).

A change arrives at least once and, per item, in order (a DynamoDB Stream keeps an item's changes
in order within its shard). Pushing one twice is harmless: each `next` carries the whole selection
with `updatedAt`, so a client keeps the newest it has seen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from app.domain.live import ConnectionStore, Push
from app.domain.models import MediaItem
from app.graphql.live import LiveDocuments

logger = logging.getLogger(__name__)


class ChangeListener(Protocol):
    def on_change(self, old: MediaItem | None, new: MediaItem | None, *, now: datetime) -> object:
        """Act on a change of a media item: `new` None is a removal, `old` None a creation."""


class Notifier:
    def __init__(
        self,
        store: ConnectionStore,
        push: Push,
        documents: LiveDocuments,
        *,
        listeners: Sequence[ChangeListener] = (),
        clock: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._push = push
        self._documents = documents
        self._listeners = listeners
        self._clock = clock

    def changed(self, old: MediaItem | None, new: MediaItem | None) -> int:
        """Push the change to its subscribers, then tell the listeners; the messages pushed."""
        pushed = self._push_live(old, new)
        for listener in self._listeners:
            listener.on_change(old, new, now=self._clock())
        return pushed

    def _push_live(self, old: MediaItem | None, new: MediaItem | None) -> int:
        item = new or old
        if item is None:
            return 0
        # An item being deleted is gone for its owner already (reads hide it): it is never pushed,
        # and a subscription that followed it alone is complete.
        gone = new is None or new.deleting_since is not None
        pushed = 0
        for subscription in self._store.following(item.owner):
            if not subscription.follows(item):
                continue
            if gone:
                if subscription.media_id is not None:
                    self._send(subscription.connection_id, {"id": subscription.id, "type": "complete"})
                    self._store.remove(subscription.connection_id, subscription.id)
                continue
            assert new is not None
            payload = self._documents.render(subscription, new)
            if self._send(
                subscription.connection_id, {"id": subscription.id, "type": "next", "payload": payload}
            ):
                pushed += 1
        return pushed

    def _send(self, connection_id: str, message: dict[str, object]) -> bool:
        if self._push.send(connection_id, message):
            return True
        logger.info("connection %s is gone: forgetting it", connection_id)
        self._store.close(connection_id)
        return False
