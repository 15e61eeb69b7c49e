"""Errors as clients see them and as the log keeps them.

One decision per error, `error_code`. What the caller caused (our coded domain errors, variables the
schema does not take, a document that does not parse or validate) keeps its message, gains a stable
`extensions.code` and is logged as one warning line; anything else is a fault of ours, masked for
the client and logged with its traceback. The split is HTTP logging's for 4xx and 5xx (Django logs
them as WARNING and ERROR): a refused request is worth a line, not a trace.
"""

from __future__ import annotations

import logging
import re

from graphql import GraphQLError, GraphQLSyntaxError, VariableDefinitionNode

from app.domain.errors import ErrorCode, MediaPipeError

logger = logging.getLogger(__name__)

INTERNAL_MESSAGE = "Something went wrong on our side. Please try again."
# Codes of requests that never reached a resolver (beside TOO_MANY_DIRECTIVES, validation.py).
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
MAX_LOGGED_MESSAGE = 500  # a message can quote the caller's input; bound what one line keeps
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def error_code(error: GraphQLError) -> str | None:
    """The stable code of an error the caller caused; None for a fault of ours."""
    original = error.original_error
    if isinstance(original, MediaPipeError):
        return original.code.value
    code = (error.extensions or {}).get("code")
    if isinstance(code, str) and code:
        return code  # set where the error was made: permissions, validation (validation.py)
    if isinstance(error, GraphQLSyntaxError):
        return PARSE_FAILED
    if error.path is None and any(isinstance(node, VariableDefinitionNode) for node in error.nodes or ()):
        # graphql-core's coercion of the request's variables (validation errors came coded): a
        # value the schema does not take (an unknown enum value or input field, a missing one, a
        # wrong type) is bad input.
        return ErrorCode.INVALID_INPUT.value
    if original is None:
        # Whatever else graphql-core says about the request itself (variables nested too deeply,
        # too many of their errors); a resolver's error always carries what it raised.
        return VALIDATION_FAILED
    return None


def process_error(error: GraphQLError) -> None:
    """Decide, in place, what the client sees of an error and what the log keeps of it.

    Called once per error, where Strawberry first hands it over (`Schema.process_errors`): before
    any extension, and on every path, a syntax error too (it never reaches an extension's hooks).
    """
    code = error_code(error)
    if code is None:
        logger.error("Unexpected error in %s", _where(error), exc_info=error.original_error)
        error.message = INTERNAL_MESSAGE  # the client never sees our internals; the log has them
        return
    logger.warning("GraphQL %s in %s: %r", code, _where(error), error.message[:MAX_LOGGED_MESSAGE])
    original = error.original_error
    details = original.details() if isinstance(original, MediaPipeError) else {}
    error.extensions = {**(error.extensions or {}), "code": code, **details}
    # "Did you mean ...?" would map the schema for anyone probing it, even with introspection off.
    error.message = _SUGGESTION.sub("", error.message)


def _where(error: GraphQLError) -> str:
    return ".".join(str(part) for part in error.path) if error.path else "the request"
