"""The schema, assembled with its protective extensions. Built by a function, never at import."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
)
from strawberry.schema.config import StrawberryConfig

from app.graphql.errors import process_error
from app.graphql.mutations import Mutation
from app.graphql.queries import Query
from app.graphql.subscriptions import Subscription
from app.graphql.validation import BoundedValidation

MAX_DEPTH = 8
MAX_ALIASES = 15
MAX_TOKENS = 2000
CACHE_SIZE = 256

if TYPE_CHECKING:
    from graphql import GraphQLError
    from strawberry.types import ExecutionContext


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Strawberry hands every error of an answer here once, before any extension sees it. Its
        default logs each with a traceback, a caller's mistakes too; `process_error` codes, masks and
        logs each instead."""
        for error in errors:
            process_error(error)


def build_schema(*, introspection: bool = True) -> strawberry.Schema:
    extensions: list[object] = [
        # Bounded caches: an attacker sending endless distinct queries cannot grow memory.
        lambda: ParserCache(maxsize=CACHE_SIZE),
        BoundedValidation,  # cached too; bounded directives and errors
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    ]
    if not introspection:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    return Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,  # type: ignore[arg-type]
        config=StrawberryConfig(auto_camel_case=True),
    )
