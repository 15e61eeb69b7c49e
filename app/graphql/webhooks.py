"""Webhooks (app/domain/webhooks.py): an owner's endpoints, their deliveries, and redelivery. The
names are a contract outside clients rely on (docs/api.md, "Webhooks"). A signing secret is in an
answer twice only: when the endpoint is created, and when its secret is rotated."""

from __future__ import annotations

import asyncio
from datetime import datetime
from enum import Enum

import strawberry

from app.domain import webhooks as domain
from app.domain.webhook_service import MAX_DELIVERIES_PAGE
from app.graphql.context import Info
from app.graphql.permissions import IsAuthenticated

DeliveryStatus = strawberry.enum(
    domain.DeliveryStatus, name="WebhookDeliveryStatus", description="Where a webhook delivery is."
)


@strawberry.enum(description="How an endpoint is doing.")
class WebhookState(Enum):
    ENABLED = "ENABLED"  # deliveries get through
    FAILING = "FAILING"  # its latest deliveries failed every attempt; more and it is disabled
    DISABLED = "DISABLED"  # nothing is sent to it: see `disabledReason`


@strawberry.type(description="An endpoint that is sent your media events, signed (Standard Webhooks).")
class Webhook:
    id: strawberry.ID
    url: str
    events: list[str] = strawberry.field(
        description="media.ready, media.rejected, media.failed, media.deleted"
    )
    description: str
    enabled: bool
    state: WebhookState
    disabled_reason: str | None = strawberry.field(description="Why nothing is sent to it, when disabled.")
    consecutive_failures: int = strawberry.field(
        description="Deliveries in a row that failed every attempt (0 after one gets through)."
    )
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_webhook(cls, webhook: domain.Webhook) -> Webhook:
        state = (
            WebhookState.DISABLED
            if not webhook.enabled
            else WebhookState.FAILING
            if webhook.consecutive_failures
            else WebhookState.ENABLED
        )
        return cls(
            id=strawberry.ID(webhook.id),
            url=webhook.url,
            events=sorted(event.value for event in webhook.events),
            description=webhook.description,
            enabled=webhook.enabled,
            state=state,
            disabled_reason=webhook.disabled_reason,
            consecutive_failures=webhook.consecutive_failures,
            created_at=webhook.created_at,
            updated_at=webhook.updated_at,
        )


@strawberry.type(description="An endpoint and its signing secret: shown this once, keep it now.")
class WebhookWithSecret:
    webhook: Webhook
    secret: str = strawberry.field(
        description="whsec_ and the key in base64, as Standard Webhooks libraries take it."
    )

    @classmethod
    def from_webhook(cls, webhook: domain.Webhook) -> WebhookWithSecret:
        return cls(webhook=Webhook.from_webhook(webhook), secret=webhook.secret)


@strawberry.type(description="One event sent to one endpoint, and how its attempts went.")
class WebhookDelivery:
    id: strawberry.ID = strawberry.field(description="The webhook-id header of every attempt of it.")
    webhook_id: strawberry.ID
    event: str
    media_id: strawberry.ID
    status: DeliveryStatus  # type: ignore[valid-type]
    attempts: int
    response_status: int | None = strawberry.field(description="The last attempt's HTTP status, if any.")
    error: str | None = strawberry.field(description="Why the last attempt failed.")
    duration_ms: int | None = strawberry.field(description="How long the last attempt took.")
    created_at: datetime
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None = strawberry.field(description="When it is tried again, if it will be.")
    payload: str = strawberry.field(description="The exact body every attempt sends.")

    @classmethod
    def from_delivery(cls, delivery: domain.Delivery) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(delivery.id),
            webhook_id=strawberry.ID(delivery.webhook_id),
            event=delivery.event.value,
            media_id=strawberry.ID(delivery.media_id),
            status=delivery.status,
            attempts=delivery.attempts,
            response_status=delivery.response_status,
            error=delivery.error,
            duration_ms=delivery.duration_ms,
            created_at=delivery.created_at,
            last_attempt_at=delivery.last_attempt_at,
            next_attempt_at=delivery.next_attempt_at,
            payload=delivery.payload,
        )


@strawberry.input
class CreateWebhookInput:
    url: str
    events: list[str]
    description: str = ""


@strawberry.input(description="Only what is given changes; `enabled: true` also clears a disabling.")
class UpdateWebhookInput:
    url: str | None = None
    events: list[str] | None = None
    description: str | None = None
    enabled: bool | None = None


@strawberry.type
class WebhookQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated], description="Your webhook endpoints, oldest first."
    )
    async def webhooks(self, info: Info) -> list[Webhook]:
        ctx = info.context
        found = await asyncio.to_thread(ctx.webhook_service.list_webhooks, ctx.caller)
        return [Webhook.from_webhook(webhook) for webhook in found]

    @strawberry.field(description="The events a webhook can subscribe to.")
    def webhook_events(self) -> list[str]:
        return [event.value for event in domain.WebhookEvent]

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description=f"An endpoint's deliveries, newest first (at most {MAX_DELIVERIES_PAGE}; kept 30 days).",
    )
    async def webhook_deliveries(
        self, info: Info, webhook_id: strawberry.ID, first: int = 20
    ) -> list[WebhookDelivery]:
        ctx = info.context
        found = await asyncio.to_thread(
            ctx.webhook_service.deliveries, ctx.caller, str(webhook_id), first=first
        )
        return [WebhookDelivery.from_delivery(delivery) for delivery in found]


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Register an endpoint (https; at most 10). Its signing secret is in this answer only.",
    )
    async def create_webhook(self, info: Info, input: CreateWebhookInput) -> WebhookWithSecret:
        ctx = info.context
        created = await asyncio.to_thread(
            ctx.webhook_service.create, ctx.caller, input.url, input.events, input.description
        )
        return WebhookWithSecret.from_webhook(created)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def update_webhook(self, info: Info, id: strawberry.ID, input: UpdateWebhookInput) -> Webhook:
        ctx = info.context

        def update() -> domain.Webhook:
            return ctx.webhook_service.update(
                ctx.caller,
                str(id),
                url=input.url,
                events=input.events,
                description=input.description,
                enabled=input.enabled,
            )

        return Webhook.from_webhook(await asyncio.to_thread(update))

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Delete an endpoint: nothing more is sent to it. False if there was no such endpoint.",
    )
    async def delete_webhook(self, info: Info, id: strawberry.ID) -> bool:
        ctx = info.context
        return await asyncio.to_thread(ctx.webhook_service.delete, ctx.caller, str(id))

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="A new signing secret, in this answer only; the old one also signs for 24 hours.",
    )
    async def rotate_webhook_secret(self, info: Info, id: strawberry.ID) -> WebhookWithSecret:
        ctx = info.context
        rotated = await asyncio.to_thread(ctx.webhook_service.rotate_secret, ctx.caller, str(id))
        return WebhookWithSecret.from_webhook(rotated)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Send a finished delivery again: the same webhook-id and body, a fresh schedule.",
    )
    async def redeliver_webhook(self, info: Info, delivery_id: strawberry.ID) -> WebhookDelivery:
        ctx = info.context
        again = await asyncio.to_thread(ctx.webhook_service.redeliver, ctx.caller, str(delivery_id))
        return WebhookDelivery.from_delivery(again)
