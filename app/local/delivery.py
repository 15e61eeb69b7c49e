"""Private delivery on the embedded stack, made as the Pulumi program makes it in AWS: a fresh RSA
key whose PEM is a Secrets Manager secret, its public half as a CloudFront public key in a key group,
and a distribution whose paths a delete invalidates. The API reads the same settings in both places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization

from app.adapters.cloudfront_signing import generate_private_key, private_key_pem


@dataclass(frozen=True, slots=True)
class Delivery:
    signing_secret_id: str  # the secret's ARN, as the Lambdas get it
    signing_key_id: str  # the CloudFront public key's id: the URLs' Key-Pair-Id
    distribution_id: str


def create_delivery(secretsmanager: Any, cloudfront: Any, *, prefix: str, origin_domain: str) -> Delivery:
    """A key made now, when the stack starts without kept data (a restored one keeps its key, so
    the URLs it signed before stay valid until they expire, as in AWS)."""
    key = generate_private_key()
    secret = secretsmanager.create_secret(
        Name=f"{prefix}-url-signing-key",
        Description="PEM private key that signs the media URLs",
        SecretString=private_key_pem(key),
    )
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    public_key = cloudfront.create_public_key(
        PublicKeyConfig={
            "CallerReference": f"{prefix}-url-signing",
            "Name": f"{prefix}-url-signing",
            "EncodedKey": public_pem,
        }
    )["PublicKey"]
    key_group = cloudfront.create_key_group(
        KeyGroupConfig={"Name": f"{prefix}-media", "Items": [public_key["Id"]]}
    )["KeyGroup"]
    distribution = cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": f"{prefix}-cdn",
            "Comment": prefix,
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "media",
                        "DomainName": origin_domain,
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "media",
                "ViewerProtocolPolicy": "redirect-to-https",
                "TrustedKeyGroups": {"Enabled": True, "Quantity": 1, "Items": [key_group["Id"]]},
                "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
            },
        }
    )["Distribution"]
    return Delivery(
        signing_secret_id=secret["ARN"], signing_key_id=public_key["Id"], distribution_id=distribution["Id"]
    )
