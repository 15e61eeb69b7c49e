"""Live subscriptions, as the API sees them: whether a `subscribe` may be stored, and the answer
to it for one changed item.

Both run the stored document through the schema itself (`execute_sync` with the changed item as
the root value, exactly what graphql-core does for each event of a subscription), so a document is
held to every rule an HTTP request is: parsing and token limits, validation, depth and aliases,
masked errors. The check executes it once against a placeholder item: what executes cleanly
there executes for every real item (no field of Media can fail on a well-formed one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import strawberry
from graphql import FieldNode, OperationDefinitionNode, Undefined, parse, value_from_ast_untyped
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from app.domain.delivery import MediaLinks
from app.domain.live import LiveSubscription
from app.domain.models import MediaItem, MediaKind, MediaStatus
from app.graphql.errors import VALIDATION_FAILED
from app.graphql.types import Media

SUBSCRIPTIONS_ONLY = frozenset({OperationType.SUBSCRIPTION})
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_PLACEHOLDER = MediaItem(
    owner="placeholder",
    id="placeholder",
    filename="placeholder",
    content_type="image/png",
    kind=MediaKind.IMAGE,
    size=1,
    preset="default",
    status=MediaStatus.PROCESSING,
    created_at=_EPOCH,
    updated_at=_EPOCH,
)


@dataclass(frozen=True, slots=True)
class Subscribe:
    """A `subscribe` message's payload that may be stored."""

    query: str
    variables: dict[str, Any]
    operation_name: str | None
    media_id: str | None  # the `id` argument of mediaUpdated, if any


def _error(message: str, code: str = VALIDATION_FAILED) -> list[dict[str, Any]]:
    return [{"message": message, "extensions": {"code": code}}]


class LiveDocuments:
    def __init__(self, schema: strawberry.Schema, links: MediaLinks) -> None:
        self._schema = schema
        self._links = links

    def check(self, payload: object) -> Subscribe | list[dict[str, Any]]:
        """The subscription to store, or the GraphQL errors to answer the `subscribe` with."""
        if not isinstance(payload, Mapping) or not isinstance(payload.get("query"), str):
            return _error("A subscribe message's payload needs a 'query' string.")
        variables = payload.get("variables") or {}
        operation_name = payload.get("operationName")
        if not isinstance(variables, Mapping) or not isinstance(operation_name, str | None):
            return _error("'variables' must be an object and 'operationName' a string.")
        errors = self._execute(payload["query"], dict(variables), operation_name, _PLACEHOLDER).get("errors")
        if errors:
            return list(errors)
        return Subscribe(
            payload["query"],
            dict(variables),
            operation_name,
            _followed_id(payload["query"], dict(variables), operation_name),
        )

    def render(self, subscription: LiveSubscription, item: MediaItem) -> dict[str, Any]:
        """The `next` message's payload for this change: the subscription's selection of the item."""
        return self._execute(subscription.query, subscription.variables, subscription.operation_name, item)

    def _execute(
        self, query: str, variables: dict[str, Any], operation_name: str | None, item: MediaItem
    ) -> dict[str, Any]:
        try:
            result = self._schema.execute_sync(
                query,
                variable_values=variables,
                operation_name=operation_name,
                root_value=Media.from_item(item, self._links),
                allowed_operation_types=SUBSCRIPTIONS_ONLY,
            )
        except InvalidOperationTypeError:
            return {
                "errors": _error("Only subscriptions are served here: send queries and mutations to apiUrl.")
            }
        answer: dict[str, Any] = {"data": result.data}
        if result.errors:
            answer["errors"] = [error.formatted for error in result.errors]
        return answer


def _followed_id(query: str, variables: dict[str, Any], operation_name: str | None) -> str | None:
    """The item a valid document follows: its root field's `id`, a literal or a variable."""
    operations = [d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode)]
    operation = next(
        o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)
    )
    field = next(s for s in operation.selection_set.selections if isinstance(s, FieldNode))
    for argument in field.arguments or ():
        if argument.name.value == "id":
            value = value_from_ast_untyped(argument.value, variables)
            return None if value is None or value is Undefined else str(value)
    return None
