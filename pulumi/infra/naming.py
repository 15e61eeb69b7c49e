"""Names and tags. Physical names are left to Pulumi's auto-naming (a random suffix lets a
replacement be created before the old resource is deleted); only what people read gets a readable
prefix: dashboards, alarms, API and usage plan names, log groups."""

from __future__ import annotations

from dataclasses import dataclass

PROJECT = "media-pipeline"
SHORT = "mediapipe"


@dataclass(frozen=True)
class Naming:
    stack: str

    @property
    def prefix(self) -> str:
        return f"{SHORT}-{self.stack}"

    def name(self, *parts: str) -> str:
        """`mediapipe-dev-api`: a readable physical name for things people look for in the console."""
        return "-".join((self.prefix, *parts))

    def log_group(self, *parts: str) -> str:
        return "/" + "/".join((SHORT, self.stack, *parts))

    @property
    def tags(self) -> dict[str, str]:
        return {"project": PROJECT, "stack": self.stack, "managed-by": "pulumi"}
