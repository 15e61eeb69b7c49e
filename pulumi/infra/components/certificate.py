"""A DNS-validated ACM certificate for the custom domain. CloudFront only takes certificates from
us-east-1, so pass that provider; the Route 53 validation records go into the given hosted zone."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws


@dataclass(frozen=True)
class DomainCertificateArgs:
    domain: str
    hosted_zone_id: str


class DomainCertificate(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: DomainCertificateArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("media:cdn:DomainCertificate", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        certificate = aws.acm.Certificate(name, domain_name=args.domain, validation_method="DNS", opts=child)
        option = certificate.domain_validation_options[0]
        record = aws.route53.Record(
            f"{name}-validation",
            zone_id=args.hosted_zone_id,
            name=option.resource_record_name,
            type=option.resource_record_type,
            records=[option.resource_record_value],
            ttl=300,
            allow_overwrite=True,
            opts=child,
        )
        validation = aws.acm.CertificateValidation(
            name,
            certificate_arn=certificate.arn,
            validation_record_fqdns=[record.fqdn],
            opts=child,
        )
        self.arn = validation.certificate_arn
        self.register_outputs({"certificate_arn": self.arn})
