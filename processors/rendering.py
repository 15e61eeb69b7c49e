"""What media work produces: encoded outputs plus facts about the input. Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain.metrics import RenditionRole
from app.domain.models import VariantRole
from app.domain.presets import ImageFormat


@dataclass(frozen=True, slots=True)
class Rendition:
    """One encoded output. `name` is stable within a preset (`w640`, `poster-w640`, `animated`,
    `preview`, `waveform`); every output is an image, some of them animated WebP."""

    name: str
    format: ImageFormat
    width: int
    height: int
    data: bytes = field(repr=False)
    animated: bool = False
    # What the output is for (the RenditionTime metric's role), and how long its own making took:
    # the work spent on this output alone, not what it shares with its siblings (a still's resize
    # serves every format of its size). Out of equality: the same output made twice takes two times.
    role: RenditionRole = field(kw_only=True)
    milliseconds: float = field(kw_only=True, compare=False)

    @property
    def content_type(self) -> str:
        return self.format.content_type

    @property
    def variant_role(self) -> VariantRole:
        """What clients are told the output is for (the metric's roles are finer: a still and an
        animated image are both an IMAGE, told apart by `animated`)."""
        return _VARIANT_ROLES[self.role]


_VARIANT_ROLES: dict[RenditionRole, VariantRole] = {
    RenditionRole.STILL: VariantRole.IMAGE,
    RenditionRole.ANIMATED: VariantRole.IMAGE,
    RenditionRole.POSTER: VariantRole.POSTER,
    RenditionRole.PREVIEW: VariantRole.PREVIEW,
    RenditionRole.WAVEFORM: VariantRole.WAVEFORM,
}


@dataclass(frozen=True, slots=True)
class Rendering:
    renditions: list[Rendition]
    metadata: dict[str, Any]
    blurhash: str | None = None
    # The most representative colour, as #rrggbb, for a flat placeholder.
    dominant_color: str | None = None
