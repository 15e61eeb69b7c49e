"""Validation that a hostile query cannot turn into a flood of errors.

Strawberry's `ValidationCache` (which this replaces) runs graphql-core's validation with no bound on
the errors it returns, so a query with a thousand unknown directives gets a thousand errors back
(graphql-cop's "directive overloading"). Here a field, fragment or operation carrying more than
`MAX_DIRECTIVES` directives is refused with one error before validation runs at all; any other
query is validated with graphql-core's own `max_errors`, which ends the list with one error saying
validation stopped. Results are cached in a bounded LRU, as `ValidationCache` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from graphql import DocumentNode, GraphQLError, GraphQLSchema, Node, Visitor, visit
from graphql.validation import ASTValidationRule, validate
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from app.graphql.errors import VALIDATION_FAILED

MAX_DIRECTIVES = 4  # per location: our schema has none of its own; @include plus @skip is two
MAX_VALIDATION_ERRORS = 10
CACHE_SIZE = 256
TOO_MANY_DIRECTIVES = "TOO_MANY_DIRECTIVES"
# What Strawberry's own validation adds to the configured rules.
_STRAWBERRY_RULES: tuple[type[ASTValidationRule], ...] = (MaybeNullValidationRule, OneOfInputValidationRule)


class _DirectiveCounter(Visitor):
    """Stops at the first node that carries more directives than allowed."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.overloaded: Node | None = None

    def enter(self, node: Node, *_: object) -> object:
        directives = getattr(node, "directives", None) or ()
        if len(directives) > self.limit:
            self.overloaded = node
            return self.BREAK
        return None


def directive_overload(document: DocumentNode, limit: int = MAX_DIRECTIVES) -> GraphQLError | None:
    """One error for the first place with more than `limit` directives; None when there is none."""
    counter = _DirectiveCounter(limit)
    visit(document, counter)
    node = counter.overloaded
    if node is None:
        return None
    count = len(getattr(node, "directives", ()))
    return GraphQLError(
        f"Too many directives in one place: {count}; at most {limit} are allowed.",
        nodes=[node],
        extensions={"code": TOO_MANY_DIRECTIVES},
    )


@lru_cache(maxsize=CACHE_SIZE)
def validate_bounded(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    overload = directive_overload(document)
    if overload is not None:
        return [overload]
    errors = validate(schema, document, (*rules, *_STRAWBERRY_RULES), max_errors=MAX_VALIDATION_ERRORS)
    for error in errors:
        # Coded here, where they are known to be about the document: some name a variable just as
        # the variables' own errors do at execution (INVALID_INPUT), e.g. "'$x' is never used".
        error.extensions = {**(error.extensions or {}), "code": VALIDATION_FAILED}
    return errors


class BoundedValidation(SchemaExtension):
    """Validate each operation with `validate_bounded`; Strawberry then skips its own validation."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None  # parsing comes first
        errors = validate_bounded(
            context.schema._schema, context.graphql_document, tuple(context.validation_rules)
        )
        context.pre_execution_errors = list(errors)  # the cached list stays as it was
        yield
