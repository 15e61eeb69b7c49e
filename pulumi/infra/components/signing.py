"""The key that signs media URLs: CloudFront signed URLs with a key group.

Pulumi generates the RSA key (`tls.PrivateKey`), so the private half exists only in Pulumi's
encrypted state and in a Secrets Manager secret that only the API function may read; never in the
repository, a zip or an environment variable. The public half becomes a CloudFront public key in a
key group that the `/media/*` behaviour trusts (infra/components/cdn.py).

Rotation: replace the key (`pulumi up --replace` on it). The public key is replaced (auto-named, so
the new one exists before the old one goes), the key group and secret follow, and the API function's
`MEDIAPIPE_URL_SIGNING_KEY_ID` changes, which starts fresh containers that read the new key.
URLs signed with the old key stop working at once; clients fetch new ones from the API.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws
import pulumi_tls as tls

from infra.naming import Naming

# What CloudFront accepts for signed URLs and cookies.
KEY_ALGORITHM = "RSA"
KEY_BITS = 2048


# Days a deleted secret can still be restored (the name is Pulumi's, so a new stack never collides).
RECOVERY_WINDOW_DAYS = 7


@dataclass(frozen=True)
class UrlSigningArgs:
    naming: Naming


class UrlSigning(pulumi.ComponentResource):
    """The signing key pair: private half in Secrets Manager, public half in a CloudFront key group."""

    def __init__(self, name: str, args: UrlSigningArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:cdn:UrlSigning", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        key = tls.PrivateKey(name, algorithm=KEY_ALGORITHM, rsa_bits=KEY_BITS, opts=child)
        self.public_key = aws.cloudfront.PublicKey(
            name,
            comment=f"Verifies the media URLs of {args.naming.prefix}",
            encoded_key=key.public_key_pem,
            opts=child,
        )
        self.key_group = aws.cloudfront.KeyGroup(
            name,
            name=args.naming.name("media-signers"),
            comment="Signed URLs for /media/* must be signed by one of these keys",
            items=[self.public_key.id],
            opts=child,
        )
        self.secret = aws.secretsmanager.Secret(
            name,
            description=f"The PEM private key that signs the media URLs of {args.naming.prefix}",
            recovery_window_in_days=RECOVERY_WINDOW_DAYS,
            tags=args.naming.tags,
            opts=child,
        )
        aws.secretsmanager.SecretVersion(
            name, secret_id=self.secret.id, secret_string=key.private_key_pem, opts=child
        )
        self.register_outputs(
            {
                "key_pair_id": self.public_key.id,
                "key_group_id": self.key_group.id,
                "secret_arn": self.secret.arn,
            }
        )
