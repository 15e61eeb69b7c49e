"""Stable error codes and the exceptions that carry them.

Codes are part of the public contract: the API returns them in `extensions.code`, items store them
in `error.code`, the UI maps them to sentences. Add codes freely; never rename one.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # The input itself is unacceptable: the item ends REJECTED and a retry cannot help.
    UNSUPPORTED_TYPE = "UNSUPPORTED_TYPE"
    TYPE_MISMATCH = "TYPE_MISMATCH"
    TOO_LARGE = "TOO_LARGE"
    TOO_MANY_PIXELS = "TOO_MANY_PIXELS"
    # A side longer than allowed, or a sliver (the long side too many times the short one).
    UNSUPPORTED_DIMENSIONS = "UNSUPPORTED_DIMENSIONS"
    # More metadata segments or chunks (comments, text, private chunks), or bytes of them, than allowed.
    TOO_MUCH_METADATA = "TOO_MUCH_METADATA"
    TOO_MANY_FRAMES = "TOO_MANY_FRAMES"
    TOO_LONG = "TOO_LONG"
    CORRUPT = "CORRUPT"
    EMPTY = "EMPTY"
    # Passed every guard, yet needs more work than the per-item processing budget allows.
    TOO_COMPLEX = "TOO_COMPLEX"
    # The system could not finish: the item ends FAILED and a retry may help.
    RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED"
    TIMEOUT = "TIMEOUT"
    PROCESSING_ERROR = "PROCESSING_ERROR"
    # Request errors, returned by the API and never stored on an item.
    INVALID_INPUT = "INVALID_INPUT"
    UNKNOWN_PRESET = "UNKNOWN_PRESET"
    NOT_FOUND = "NOT_FOUND"
    NOT_RETRYABLE = "NOT_RETRYABLE"
    # reprocessMedia on an item that is not READY, nor REJECTED by a limit.
    NOT_REPROCESSABLE = "NOT_REPROCESSABLE"
    BAD_CURSOR = "BAD_CURSOR"
    # createUpload: the caller's stored items or bytes would pass their quota.
    QUOTA_EXCEEDED = "QUOTA_EXCEEDED"
    # Too many requests (HTTP 429), or too much work (createUpload, retryProcessing, reprocessMedia,
    # deleteMedia) for the caller's budget: wait `retryAfter` seconds.
    RATE_LIMITED = "RATE_LIMITED"
    UNAVAILABLE = "UNAVAILABLE"


class MediaPipeError(Exception):
    """Base of every error we raise on purpose; `code` is stable, `message` is for humans."""

    code: ErrorCode = ErrorCode.INVALID_INPUT

    def __init__(self, message: str, code: ErrorCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def details(self) -> dict[str, object]:
        """Machine-readable facts beside the code (the API adds them to the error's extensions)."""
        return {}


class InvalidRequest(MediaPipeError):
    """The caller asked for something that cannot be done as asked."""


class NotFound(MediaPipeError):
    """No such item for this owner (another owner's item is indistinguishable from none)."""

    code = ErrorCode.NOT_FOUND


class NotRetryable(MediaPipeError):
    code = ErrorCode.NOT_RETRYABLE


class NotReprocessable(MediaPipeError):
    code = ErrorCode.NOT_REPROCESSABLE


class ServiceUnavailable(MediaPipeError):
    """A dependency refused the work for now; the caller may try again."""

    code = ErrorCode.UNAVAILABLE


class RateLimited(MediaPipeError):
    """The caller's budget of work (or of requests) is spent for now."""

    code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s

    def details(self) -> dict[str, object]:
        return {"retryAfter": self.retry_after_s}


class InputRejected(MediaPipeError):
    """The media cannot be processed because of what it is; the item ends REJECTED."""

    code = ErrorCode.CORRUPT
