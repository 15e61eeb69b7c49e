"""Print the schema's SDL: `python -m app.graphql.export > schema.graphql` (or `make schema`)."""

from __future__ import annotations

from app.graphql.schema import build_schema


def sdl() -> str:
    return build_schema().as_str() + "\n"


if __name__ == "__main__":
    print(sdl(), end="")
