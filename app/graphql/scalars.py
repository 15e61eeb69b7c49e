"""Scalars beyond GraphQL's own."""

from __future__ import annotations

from typing import NewType

import strawberry

# Byte counts pass 2^31 (GraphQL's Int) at 2 GiB; JSON numbers are exact to 2^53.
BigInt = strawberry.scalar(
    NewType("BigInt", int),
    serialize=int,
    parse_value=int,
    description="A whole number that may exceed 32 bits (exact up to 2^53 in JSON).",
)
