"""CloudFront, the site content, alarms, hardening options, and the stack as a whole."""

from __future__ import annotations

import json

from tests.infra.stack_harness import Registered, StackRun


def test_distribution_routes_ui_media_and_api(run: StackRun) -> None:
    distribution = run.one("aws:cloudfront/distribution:Distribution").inputs
    origins = {o["originId"]: o for o in distribution["origins"]}
    oac = run.one("aws:cloudfront/originAccessControl:OriginAccessControl")
    assert oac.inputs["signingBehavior"] == "always"
    assert oac.inputs["originAccessControlOriginType"] == "s3"
    for origin in ("frontend", "media"):
        assert origins[origin]["originAccessControlId"] == f"{oac.name}-id"  # the mocks' ids
        assert origins[origin]["domainName"].endswith(".s3.eu-west-1.amazonaws.com")
    rest_api = run.one("aws:apigateway/restApi:RestApi")
    assert origins["api"]["domainName"] == f"{rest_api.name}-id.execute-api.eu-west-1.amazonaws.com"
    assert origins["api"]["originPath"] == "/v1"
    assert origins["api"]["customOriginConfig"]["originProtocolPolicy"] == "https-only"
    behaviours = {b["pathPattern"]: b for b in distribution["orderedCacheBehaviors"]}
    assert behaviours["/media/*"]["targetOriginId"] == "media"
    assert behaviours["/graphql"]["targetOriginId"] == "api"
    assert "POST" in behaviours["/graphql"]["allowedMethods"]
    assert (
        behaviours["/graphql"]["cachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    )  # CachingDisabled
    default = distribution["defaultCacheBehavior"]
    assert default["targetOriginId"] == "frontend"
    assert default["viewerProtocolPolicy"] == "redirect-to-https"
    assert default["functionAssociations"][0]["eventType"] == "viewer-request"
    assert distribution["defaultRootObject"] == "index.html"
    assert "customErrorResponses" not in distribution  # SPA fallback must not hide API or media errors


def test_config_json_carries_a_same_origin_api_url_and_the_key(run: StackRun) -> None:
    objects = {o.inputs["key"]: o for o in run.of_type("aws:s3/bucketObjectv2:BucketObjectv2")}
    config = json.loads(objects["config.json"].inputs["content"])
    # A path, not a URL: the UI calls whatever origin served it (CloudFront, or Vite's dev proxy in
    # front of a deployed stack), never the API cross-origin (a preflight would 403: no OPTIONS).
    # How to sign in (`auth`) is tests/infra/test_identity.py's; live updates come from the
    # WebSocket API's stage (tests/infra/test_realtime.py).
    assert {k: v for k, v in config.items() if k != "auth"} == {
        "apiUrl": "/graphql",
        "apiKey": "mock-api-key-value-0123456789",
        "environment": run.stack,
        "realtimeUrl": run.outputs["realtime_url"],
    }
    # AND on the UI's origin that path reaches the API, uncached
    distribution = run.one("aws:cloudfront/distribution:Distribution").inputs
    behaviours = {b["pathPattern"]: b for b in distribution["orderedCacheBehaviors"]}
    assert behaviours[config["apiUrl"]]["targetOriginId"] == "api"
    assert run.outputs["graphql_url"] == f"{run.outputs['ui_url']}{config['apiUrl']}"
    assert objects["config.json"].inputs["cacheControl"].startswith("no-cache")
    assert "index.html" in objects  # the built UI, or the placeholder when ui/dist is absent


def test_every_alarm_notifies_the_topic(run: StackRun) -> None:
    topic = run.one("aws:sns/topic:Topic").state["arn"]
    alarms = run.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
    names = {a.name for a in alarms}
    expected = {"dlq-not-empty", "jobs-backlog-age", "processor-errors", "processor-throttles",
                "processor-duration", "api-5xx", "api-4xx-rate", "api-latency",
                "table-throttles", "stream-failures", "notifier-iterator-age",
                "webhook-dlq-not-empty"}  # fmt: skip
    assert expected <= names
    for alarm in alarms:
        assert alarm.inputs["alarmActions"] == [topic]
        assert alarm.inputs["okActions"] == [topic]
        assert alarm.inputs["treatMissingData"] in {"notBreaching", "missing"}
    dlq = next(a for a in alarms if a.name == "dlq-not-empty")
    assert dlq.inputs["threshold"] == 0
    assert dlq.inputs["comparisonOperator"] == "GreaterThanThreshold"
    dashboard = json.loads(run.one("aws:cloudwatch/dashboard:Dashboard").inputs["dashboardBody"])
    # AWS's metrics, then ours (test_observability.py), then events out's (test_realtime.py)
    assert len(dashboard["widgets"]) == 17
    assert all(w["properties"]["region"] for w in dashboard["widgets"])


def test_alarm_email_only_where_configured(dev: StackRun, prod: StackRun) -> None:
    assert not dev.of_type("aws:sns/topicSubscription:TopicSubscription")
    subscription = prod.one("aws:sns/topicSubscription:TopicSubscription")
    assert subscription.inputs["protocol"] == "email"
    assert subscription.inputs["endpoint"] == "ops@example.com"


def test_waf_is_on_in_prod_only(dev: StackRun, prod: StackRun) -> None:
    assert not dev.of_type("aws:wafv2/webAcl:WebAcl")
    acls = {a.name: a for a in prod.of_type("aws:wafv2/webAcl:WebAcl")}
    assert {a.inputs["scope"] for a in acls.values()} == {"CLOUDFRONT", "REGIONAL"}
    for acl in acls.values():
        assert "AWSManagedRulesCommonRuleSet" in {r["name"] for r in acl.inputs["rules"]}
    edge = acls["edge"]
    provider = prod.one("pulumi:providers:aws")
    assert provider.inputs["region"] == "us-east-1"
    assert edge.provider.startswith(provider.urn)
    distribution = prod.one("aws:cloudfront/distribution:Distribution")
    assert distribution.inputs["webAclId"] == edge.state["arn"]
    association = prod.one("aws:wafv2/webAclAssociation:WebAclAssociation")
    assert association.inputs["resourceArn"] == prod.one("aws:apigateway/stage:Stage").state["arn"]


def test_the_us_east_1_provider_tags_like_the_stack(prod: StackRun, hardened: StackRun) -> None:
    for run in (prod, hardened):
        # GIVEN the stack's aws:defaultTags, which only the default provider reads by itself
        stack_tags = json.loads(run.config["aws:defaultTags"])
        provider = run.one("pulumi:providers:aws")
        assert provider.inputs["region"] == "us-east-1"
        # THEN the explicit provider (certificate, CloudFront's web ACL) is given the same tags
        default_tags = provider.inputs["defaultTags"]  # provider inputs travel as JSON text
        assert (json.loads(default_tags) if isinstance(default_tags, str) else default_tags) == stack_tags
        assert stack_tags["tags"]["stack"] == "prod"


def _ip_rate_limits(acl: Registered) -> list[int]:
    return [
        rule["statement"]["rateBasedStatement"]["limit"]
        for rule in acl.inputs["rules"]
        if rule["statement"].get("rateBasedStatement", {}).get("aggregateKeyType") == "IP"
    ]


def test_only_the_acl_that_sees_the_callers_address_limits_by_ip(prod: StackRun) -> None:
    acls = {a.inputs["scope"]: a for a in prod.of_type("aws:wafv2/webAcl:WebAcl")}
    # GIVEN browsers reach the stage through CloudFront, so the stage sees CloudFront's addresses
    # THEN the distribution's ACL limits each viewer's address, and the stage's ACL limits none
    # (one edge server would be one bucket for everyone behind it; docs/security.md)
    assert _ip_rate_limits(acls["CLOUDFRONT"]) == [2000]
    assert _ip_rate_limits(acls["REGIONAL"]) == []
    assert not any("rateBasedStatement" in r["statement"] for r in acls["REGIONAL"].inputs["rules"])


def test_vpc_and_custom_domain_when_switched_on(hardened: StackRun) -> None:
    endpoints = {
        e.inputs["serviceName"]: e.inputs["vpcEndpointType"]
        for e in hardened.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
    }
    assert endpoints == {
        "com.amazonaws.eu-west-1.s3": "Gateway",
        "com.amazonaws.eu-west-1.dynamodb": "Gateway",
        "com.amazonaws.eu-west-1.sqs": "Interface",
    }
    assert len(hardened.of_type("aws:ec2/subnet:Subnet")) == 2
    for name, function in hardened.functions().items():
        # The pipeline's functions inside; events out's outside: the network has no route out, and
        # they call the WebSocket API's public endpoint and the webhooks' receivers
        inside = name in {"api", "processor", "sweeper"}
        assert (len(function.inputs.get("vpcConfig", {}).get("subnetIds", [])) == 2) is inside, name
    # (each function's role may then create its network interfaces: test_functions_api.py)
    certificate = hardened.one("aws:acm/certificate:Certificate")
    assert certificate.inputs["validationMethod"] == "DNS"
    assert certificate.provider.startswith(hardened.one("pulumi:providers:aws").urn)
    distribution = hardened.one("aws:cloudfront/distribution:Distribution").inputs
    assert distribution["aliases"] == ["media.example.com"]
    assert distribution["viewerCertificate"]["sslSupportMethod"] == "sni-only"
    aliases = [r for r in hardened.of_type("aws:route53/record:Record") if r.inputs.get("aliases")]
    assert {r.inputs["type"] for r in aliases} == {"A", "AAAA"}
    assert hardened.outputs["ui_url"] == "https://media.example.com"


def test_every_resource_belongs_to_a_component(run: StackRun) -> None:
    components = {r.urn: r for r in run.resources if not r.custom}
    assert {c.type for c in components.values()} >= {
        "media:storage:MediaBuckets", "media:messaging:JobsQueue", "media:data:MediaTable",
        "media:compute:MediaFunctions", "media:api:GraphqlApi", "media:cdn:ContentDelivery",
        "media:frontend:SiteContent", "media:observability:Monitoring", "media:identity:UserAccounts",
        "media:data:RealtimeTable", "media:messaging:EventQueues", "media:events:EventFunctions",
        "media:realtime:RealtimeApi",
    }  # fmt: skip
    for resource in run.custom():
        if resource.type.startswith("pulumi:providers:"):
            continue
        assert resource.parent in components, f"{resource.type} {resource.name} has no component parent"


def test_outputs(run: StackRun) -> None:
    assert set(run.outputs) == {
        "ui_url", "graphql_url", "api_url", "api_key", "cdn_url", "uploads_bucket", "processed_bucket",
        "frontend_bucket", "table_name", "jobs_queue_url", "dead_letter_queue_url", "alarm_topic_arn",
        "distribution_id", "user_pool_id", "ui_client_id", "cli_client_id", "realtime_url",
        "realtime_table_name", "webhook_queue_url", "webhook_dead_letter_queue_url",
    }  # fmt: skip


def test_resource_counts(dev: StackRun, prod: StackRun, hardened: StackRun) -> None:
    # Changing these is fine; the numbers are in docs/deployment.md and the closing note.
    site_objects = len(dev.of_type("aws:s3/bucketObjectv2:BucketObjectv2")) - 3  # two code zips, config.json
    # Identity: a user pool, two app clients, the authorizer and five gateway responses in each;
    # private delivery: the signing key, its public key, key group, secret, grants, cache policy, function;
    # no item stranded: the isolation queue and its mapping, the sweeper (function, role, policy, log
    # group), its schedule (rule, target, permission) and its alarm; observability: per kind, an
    # alarm on p95 processing time and one on the rejection rate; events out: the realtime table, the
    # webhook queue, its DLQ and redrive permission, the stream failures queue, three functions (each
    # with role, policy, log group), the stream and webhook mappings, the WebSocket API (integration,
    # three routes and permissions, stage, access and execution log groups) and three alarms.
    assert len(dev.custom()) - site_objects == 147
    assert len(prod.custom()) - site_objects == 149
    assert len(hardened.custom()) - site_objects == 165
