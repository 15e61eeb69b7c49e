"""Checks on an original before any decoding: its size, and what its bytes really are.

Both take what the upload declared (`Declared`) where there was an upload. `mediapipe process` has
none: a local file declares nothing, so each check then holds the file to what it really is.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.errors import ErrorCode
from app.domain.limits import Limits
from app.domain.media_types import kind_of
from app.domain.models import ItemError, MediaItem, MediaKind

# Containers whose kind (audio or video) the magic bytes alone cannot tell.
_SAME_CONTAINER = {frozenset({"video/mp4", "audio/mp4"}), frozenset({"video/webm", "audio/webm"})}


@dataclass(frozen=True, slots=True)
class Declared:
    """What createUpload was told: the type (and so the kind) and the size the POST may not exceed."""

    content_type: str
    kind: MediaKind
    size: int

    @classmethod
    def of(cls, item: MediaItem) -> Declared:
        return cls(content_type=item.content_type, kind=item.kind, size=item.size)


def check_size(
    size: int, kind: MediaKind | None, limits: Limits, declared_size: int | None = None
) -> ItemError | None:
    """The emulator ignores POST policy conditions, and defence in depth wants the check anyway.
    `kind` is the declared one where there was an upload, else the real one; with none (bytes we
    cannot name) only emptiness is checked here, and the type check refuses the rest."""
    if size == 0:
        return ItemError(ErrorCode.EMPTY, "The file is empty.")
    if kind is None:
        return None
    limit = limits.max_bytes(kind) if declared_size is None else min(declared_size, limits.max_bytes(kind))
    if size > limit:
        return ItemError(
            ErrorCode.TOO_LARGE,
            f"The file is {size:,} bytes, more than the {limit:,} bytes allowed for this upload.",
        )
    return None


def check_real_type(
    sniffed: str | None, accepted: frozenset[str], declared: Declared | None
) -> ItemError | None:
    """Same kind as declared and a type we accept; the exact declared format may differ (phones
    routinely save HEIC as .jpg), the kind may not."""
    if declared is None:
        # Nothing declared (a local file): handing a file over claims only that it is media, so
        # "declared vs real" becomes "the real type is media", and below, an accepted type. Bytes
        # that are no media at all keep the pipeline's code for a file that is not what it claims.
        if sniffed is None or kind_of(sniffed) is None:
            what = f"are {sniffed}" if sniffed else "are not a recognised format"
            return ItemError(
                ErrorCode.TYPE_MISMATCH, f"The file's contents {what}, not image, video or audio."
            )
    elif sniffed is None:
        return ItemError(
            ErrorCode.TYPE_MISMATCH,
            f"The file was declared as {declared.content_type}, but its contents are not a recognised "
            f"image, video or audio format.",
        )
    else:
        same_container = frozenset({sniffed, declared.content_type}) in _SAME_CONTAINER
        if sniffed != declared.content_type and not same_container and kind_of(sniffed) != declared.kind:
            return ItemError(
                ErrorCode.TYPE_MISMATCH,
                f"The file was declared as {declared.content_type}, but its contents are {sniffed}.",
            )
    if sniffed not in accepted:
        return ItemError(ErrorCode.UNSUPPORTED_TYPE, f"Files of type {sniffed} are not accepted.")
    return None
