"""What media work produces: encoded outputs plus facts about the input. Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain.presets import ImageFormat


@dataclass(frozen=True, slots=True)
class Rendition:
    """One encoded output. `name` is stable within a preset (e.g. `w640`)."""

    name: str
    format: ImageFormat
    width: int
    height: int
    data: bytes = field(repr=False)

    @property
    def content_type(self) -> str:
        return self.format.content_type


@dataclass(frozen=True, slots=True)
class Rendering:
    renditions: list[Rendition]
    metadata: dict[str, Any]
    blurhash: str | None = None
