"""What every original is held to: the presets, the limits and the accepted types.

Read from the environment one way for the processor Lambda and `mediapipe process` alike
(`Settings.rules`, `rules_from_env` in app/settings.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.limits import Limits
from app.domain.presets import Preset, find_preset


@dataclass(frozen=True, slots=True)
class Rules:
    presets: tuple[Preset, ...]
    default_preset: str
    limits: Limits
    accepted_types: frozenset[str]

    def preset(self, name: str) -> Preset:
        """The item's preset; if configuration dropped it since the upload, the default one."""
        found = find_preset(self.presets, name) or find_preset(self.presets, self.default_preset)
        return found or self.presets[0]
