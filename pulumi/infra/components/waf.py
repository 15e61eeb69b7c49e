"""AWS WAF in front of the API stage or the distribution: AWS managed rules, and a per-IP rate limit
where the ACL sees the caller's own address.

CLOUDFRONT web ACLs (which must live in us-east-1: pass that provider) see each viewer's address, so
the distribution's ACL carries the rate limit. Regional ACLs protect the API stage, which browsers
reach through CloudFront: there every request comes from one of CloudFront's servers, so an IP rate
limit would put everyone behind one edge into one bucket. Aggregating on X-Forwarded-For instead would
not help: WAF takes the header's first address, which the client writes itself, so anyone could
spread a flood over made-up addresses. The stage's ACL has the managed rules only; its callers are
capped per API key by the usage plan and all together by the stage's throttle (api.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra.naming import Naming

MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
)


@dataclass(frozen=True)
class WebFirewallArgs:
    naming: Naming
    scope: str  # REGIONAL or CLOUDFRONT
    requests_per_5_minutes: int | None  # per client IP; None: no rate rule (see above)
    associate_with: pulumi.Input[str] | None = None  # a stage ARN (REGIONAL only)


def _visibility(metric: str) -> aws.wafv2.WebAclVisibilityConfigArgsDict:
    return {"cloudwatch_metrics_enabled": True, "metric_name": metric, "sampled_requests_enabled": True}


def rules(metric_prefix: str, requests_per_5_minutes: int | None) -> list[aws.wafv2.WebAclRuleArgsDict]:
    found: list[aws.wafv2.WebAclRuleArgsDict] = []
    if requests_per_5_minutes is not None:
        found.append(
            {
                "name": "rate-limit-per-ip",
                "priority": 0,
                "action": {"block": {}},
                "statement": {
                    "rate_based_statement": {"limit": requests_per_5_minutes, "aggregate_key_type": "IP"}
                },
                "visibility_config": _visibility(f"{metric_prefix}-rate-limit"),
            }
        )
    for priority, group in enumerate(MANAGED_RULE_GROUPS, start=1):
        found.append(
            {
                "name": group,
                "priority": priority,
                "override_action": {"none": {}},
                "statement": {"managed_rule_group_statement": {"vendor_name": "AWS", "name": group}},
                "visibility_config": _visibility(f"{metric_prefix}-{group}"),
            }
        )
    return found


class WebFirewall(pulumi.ComponentResource):
    """One web ACL, associated with a regional resource when one is given."""

    def __init__(self, name: str, args: WebFirewallArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:security:WebFirewall", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        metric = args.naming.name(name)
        self.acl = aws.wafv2.WebAcl(
            name,
            scope=args.scope,
            default_action={"allow": {}},
            rules=rules(metric, args.requests_per_5_minutes),
            visibility_config=_visibility(metric),
            opts=child,
        )
        if args.associate_with is not None:
            aws.wafv2.WebAclAssociation(
                name, resource_arn=args.associate_with, web_acl_arn=self.acl.arn, opts=child
            )
        self.register_outputs({"web_acl_arn": self.acl.arn})
