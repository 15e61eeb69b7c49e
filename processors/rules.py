"""What every original is held to: the presets, the limits and the accepted types.

One set of rules, read from the environment one way, for the processor Lambda and for
`mediapipe process` alike: both go through `Settings`, so MEDIAPIPE_PRESETS, the MEDIAPIPE_MAX_*
limits and MEDIAPIPE_ALLOWED_TYPES are parsed and validated by the same fields, and when unset
they are the domain's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.limits import Limits
from app.domain.presets import Preset, find_preset
from app.settings import Settings


@dataclass(frozen=True, slots=True)
class Rules:
    presets: tuple[Preset, ...]
    default_preset: str
    limits: Limits
    accepted_types: frozenset[str]

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        return cls(
            presets=settings.presets,
            default_preset=settings.default_preset,
            limits=settings.limits,
            accepted_types=settings.accepted_types,
        )

    def preset(self, name: str) -> Preset:
        """The item's preset; if configuration dropped it since the upload, the default one."""
        found = find_preset(self.presets, name) or find_preset(self.presets, self.default_preset)
        return found or self.presets[0]


def rules_from_env() -> Rules:
    """The processor's rules where no stack exists (`mediapipe process`). The names only a deployed
    stack has (table, buckets, queue, signing key) are required by `Settings` but say nothing about
    processing: they are filled in as unused, and everything else is read as the processor reads it.
    Raises pydantic's ValidationError, naming the variable, when one is malformed."""
    fields = Settings.model_fields.items()
    unused: dict[str, Any] = {name: "unused offline" for name, field in fields if field.is_required()}
    return Rules.from_settings(Settings(**unused))
