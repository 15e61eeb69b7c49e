"""What `mediapipe` exits with, so a script can tell a missing item from a dead network.

The table users read is app/cli.py's docstring (and README.md's CLI section); a test holds them to
`ExitCode`. The error codes are the API's `extensions.code` (app/domain/errors.py), the CLI's own
(NO_FILE, NOT_SIGNED_IN, NO_STACK...) and Cognito's exception names; any other is a refusal (1).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1
    USAGE = 2
    NOT_FOUND = 3
    AUTH = 4
    NETWORK = 5


_BY_CODE = {
    "NOT_FOUND": ExitCode.NOT_FOUND,
    "NO_FILE": ExitCode.NOT_FOUND,
    "UNAUTHENTICATED": ExitCode.AUTH,
    "FORBIDDEN": ExitCode.AUTH,
    "NOT_SIGNED_IN": ExitCode.AUTH,
    "NO_KEY": ExitCode.AUTH,
    "NO_AUTH": ExitCode.AUTH,
    "NO_CREDENTIALS": ExitCode.AUTH,
    "CHALLENGE": ExitCode.AUTH,
    "NotAuthorizedException": ExitCode.AUTH,  # Cognito: a wrong password, a revoked session
    "UserNotFoundException": ExitCode.AUTH,
    "UserNotConfirmedException": ExitCode.AUTH,
    "UNREACHABLE": ExitCode.NETWORK,
    "NO_STACK": ExitCode.NETWORK,
    "UNAVAILABLE": ExitCode.NETWORK,
    "SEVERAL_STACKS": ExitCode.USAGE,
}


def exit_code(code: str) -> ExitCode:
    """The exit code for an error code: an HTTP 5xx (its status as the code) is the network's."""
    if code.isdigit() and code.startswith("5"):
        return ExitCode.NETWORK
    return _BY_CODE.get(code, ExitCode.FAILED)
