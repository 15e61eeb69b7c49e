"""The embedded stack's AWS credentials: made fresh at every start, known only to the stack.

The emulator checks every signature against them (`app.local.guard`), so only the stack's own
processes, and tools that read its state file (readable only by the user), can call it. They
reach the processes as AWS's SDKs expect them, in the environment. Random rather than fixed
fake ones: a fixed pair is a password every web page knows.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass

# AWS's access key ids are 20 upper-case letters and digits, the secrets 40 characters; keeping the
# shapes keeps tools that check them happy. "ASIA"/"AKIA" name real key types, so none of those.
_KEY_ID_ALPHABET = string.ascii_uppercase + string.digits
KEY_ID_PREFIX = "LOCL"


@dataclass(frozen=True, slots=True)
class Credentials:
    access_key_id: str
    secret_access_key: str

    @classmethod
    def generate(cls) -> Credentials:
        key_id = KEY_ID_PREFIX + "".join(secrets.choice(_KEY_ID_ALPHABET) for _ in range(16))
        return cls(key_id, secrets.token_urlsafe(30))

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Credentials:
        """As the SDKs read them; the emulator process and tools get them this way."""
        try:
            return cls(environ["AWS_ACCESS_KEY_ID"], environ["AWS_SECRET_ACCESS_KEY"])
        except KeyError as missing:
            raise RuntimeError(f"the embedded stack's credentials are not set ({missing})") from None

    def environment(self) -> dict[str, str]:
        """The variables boto3 reads (and the state file keeps, for tools)."""
        return {"AWS_ACCESS_KEY_ID": self.access_key_id, "AWS_SECRET_ACCESS_KEY": self.secret_access_key}
