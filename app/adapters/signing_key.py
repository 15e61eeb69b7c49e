"""The URL-signing private key, read from AWS Secrets Manager on first use and kept per container.

The key never travels in the code or the environment: the environment names the secret, the
function's role may read only that secret, and one GetSecretValue per warm container fetches it.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from app.adapters.aws import secretsmanager_client
from app.adapters.cloudfront_signing import load_private_key

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
    from mypy_boto3_secretsmanager import SecretsManagerClient


class SecretsManagerKey:
    """A PEM-encoded RSA private key held as a secret's SecretString."""

    def __init__(self, secret_id: str, client: SecretsManagerClient | None = None) -> None:
        self._secret_id = secret_id
        self._client = client
        self._key: RSAPrivateKey | None = None
        self._lock = threading.Lock()

    def private_key(self) -> RSAPrivateKey:
        if self._key is None:
            with self._lock:  # requests run in threads: fetch once, not once per thread
                if self._key is None:
                    client = self._client or secretsmanager_client()
                    pem = client.get_secret_value(SecretId=self._secret_id)["SecretString"]
                    self._key = load_private_key(pem)
        return self._key

    def public_key(self) -> RSAPublicKey:
        return self.private_key().public_key()
