"""Optional: the Lambdas inside a VPC with no internet route at all.

Two private subnets in two availability zones; S3 and DynamoDB through gateway endpoints (free),
SQS through an interface endpoint with private DNS. The functions' security group may only speak
HTTPS; the endpoint's only accepts HTTPS from the functions. There is no NAT gateway: anything the
functions need beyond these three services must get its own endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra.naming import Naming

ZONES = 2


@dataclass(frozen=True)
class PrivateNetworkArgs:
    naming: Naming
    cidr_block: str = "10.40.0.0/16"


def subnet_cidr(index: int) -> str:
    return f"10.40.{index * 16}.0/20"


class PrivateNetwork(pulumi.ComponentResource):
    """A VPC for the Lambdas, reaching AWS services only through VPC endpoints."""

    def __init__(
        self, name: str, args: PrivateNetworkArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("media:network:PrivateNetwork", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        invoke = pulumi.InvokeOutputOptions(parent=self)
        region = aws.get_region_output(opts=invoke).region
        zones = aws.get_availability_zones_output(state="available", opts=invoke).names
        self.vpc = aws.ec2.Vpc(
            name,
            cidr_block=args.cidr_block,
            enable_dns_support=True,
            enable_dns_hostnames=True,
            tags={"Name": args.naming.name("vpc")},
            opts=child,
        )
        routes = aws.ec2.RouteTable(name, vpc_id=self.vpc.id, opts=child)
        self.subnets = []
        for index in range(ZONES):
            subnet = aws.ec2.Subnet(
                f"{name}-private-{index}",
                vpc_id=self.vpc.id,
                cidr_block=subnet_cidr(index),
                availability_zone=zones[index],
                map_public_ip_on_launch=False,
                opts=child,
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-private-{index}", subnet_id=subnet.id, route_table_id=routes.id, opts=child
            )
            self.subnets.append(subnet)
        self.functions_group = aws.ec2.SecurityGroup(
            f"{name}-functions",
            vpc_id=self.vpc.id,
            description="Lambda functions: HTTPS out only",
            egress=[{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}],
            opts=child,
        )
        endpoints_group = aws.ec2.SecurityGroup(
            f"{name}-endpoints",
            vpc_id=self.vpc.id,
            description="Interface endpoints: HTTPS from the functions",
            ingress=[
                {
                    "protocol": "tcp",
                    "from_port": 443,
                    "to_port": 443,
                    "security_groups": [self.functions_group.id],
                }
            ],
            opts=child,
        )
        for service in ("s3", "dynamodb"):
            aws.ec2.VpcEndpoint(
                f"{name}-{service}",
                vpc_id=self.vpc.id,
                service_name=pulumi.Output.concat("com.amazonaws.", region, f".{service}"),
                vpc_endpoint_type="Gateway",
                route_table_ids=[routes.id],
                opts=child,
            )
        aws.ec2.VpcEndpoint(
            f"{name}-sqs",
            vpc_id=self.vpc.id,
            service_name=pulumi.Output.concat("com.amazonaws.", region, ".sqs"),
            vpc_endpoint_type="Interface",
            private_dns_enabled=True,
            subnet_ids=[s.id for s in self.subnets],
            security_group_ids=[endpoints_group.id],
            opts=child,
        )
        self.subnet_ids = [s.id for s in self.subnets]
        self.register_outputs({"vpc_id": self.vpc.id})
