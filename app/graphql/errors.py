"""Errors as clients see them: our own errors keep their message and gain `extensions.code`;
anything unexpected is masked (and logged), so internals never leak."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension

from app.domain.errors import MediaPipeError

logger = logging.getLogger(__name__)

INTERNAL_MESSAGE = "Something went wrong on our side. Please try again."
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def is_ours(error: GraphQLError) -> bool:
    return isinstance(error.original_error, MediaPipeError)


def should_mask(error: GraphQLError) -> bool:
    """Mask resolver crashes; keep our coded errors, permission errors and query (validation) errors."""
    original = error.original_error
    if original is None or is_ours(error) or (error.extensions or {}).get("code"):
        return False
    logger.error("Unexpected error in a resolver", exc_info=original)
    return True


class ErrorCodes(SchemaExtension):
    """Put each MediaPipeError's stable code into the GraphQL error's extensions."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in (result.errors or []) if result else []:
            if isinstance(error.original_error, MediaPipeError):
                error.extensions = {**(error.extensions or {}), "code": error.original_error.code.value}


class HideSuggestions(SchemaExtension):
    """Drop "Did you mean ...?" from validation errors: they would map the schema for anyone
    probing it, even with introspection off."""

    def on_validate(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or []:
            error.message = _SUGGESTION.sub("", error.message)


def masking() -> MaskErrors:
    return MaskErrors(should_mask_error=should_mask, error_message=INTERNAL_MESSAGE)
