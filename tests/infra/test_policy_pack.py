"""The policy pack's rules pass on both mocked stacks and fail on deliberately bad resources."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import media_policy_rules as rules
import pytest
from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from tests.infra.stack_harness import Registered, StackRun

OPTIONS = PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])


def policy_resources(registered: list[Registered]) -> list[PolicyResource]:
    """The stack as a stack policy sees it: outputs, parents and per-property dependencies."""
    by_urn = {
        r.urn: PolicyResource(r.type, r.state, r.urn, r.name, OPTIONS, None, None, [], {}) for r in registered
    }
    for r in registered:
        resource = by_urn[r.urn]
        resource.parent = by_urn.get(r.parent)
        resource.dependencies = [by_urn[u] for u in r.dependencies if u in by_urn]
        resource.property_dependencies = {
            prop: [by_urn[u] for u in urns if u in by_urn] for prop, urns in r.property_dependencies.items()
        }
    return list(by_urn.values())


def violations(
    policy: ResourceValidationPolicy | StackValidationPolicy, resources: list[PolicyResource]
) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []

    def report(message: str, urn: str | None = None) -> None:
        found.append((message, urn))

    if isinstance(policy, StackValidationPolicy):
        policy.validate(StackValidationArgs(resources), report)
    else:
        for r in resources:
            before = len(found)
            policy.validate(
                ResourceValidationArgs(r.resource_type, r.props, r.urn, r.name, OPTIONS, None), report
            )
            found[before:] = [(m, u or r.urn) for m, u in found[before:]]
    return found


def test_every_rule_passes_on_the_stack(run: StackRun) -> None:
    resources = policy_resources(run.resources)
    for policy in rules.POLICIES:
        assert violations(policy, resources) == [], policy.name


def test_every_rule_passes_on_the_hardened_stack(hardened: StackRun) -> None:
    resources = policy_resources(hardened.resources)
    for policy in rules.POLICIES:
        assert violations(policy, resources) == [], policy.name


def _policy(name: str) -> ResourceValidationPolicy | StackValidationPolicy:
    return next(p for p in rules.POLICIES if p.name == name)


def _without(run: StackRun, predicate: Callable[[Registered], bool]) -> list[PolicyResource]:
    return policy_resources([r for r in run.resources if not predicate(r)])


def _changed(run: StackRun, type_: str, name: str, **state: Any) -> list[PolicyResource]:
    changed = [
        Registered(**{**r.__dict__, "state": {**r.state, **state}})
        if (r.type, r.name) == (type_, name)
        else r
        for r in run.resources
    ]
    return policy_resources(changed)


def _resource(type_: str, **props: Any) -> list[PolicyResource]:
    return [PolicyResource(type_, props, f"urn:bad::{type_}", "bad", OPTIONS, None, None, [], {})]


def _document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def test_a_bucket_without_public_access_block_fails(dev: StackRun) -> None:
    bad = _without(dev, lambda r: r.type == rules.PUBLIC_ACCESS_BLOCK and r.name == "media-uploads")
    assert len(violations(_policy("s3-no-public-buckets"), bad)) == 1


def test_a_half_open_public_access_block_fails(dev: StackRun) -> None:
    bad = _changed(dev, rules.PUBLIC_ACCESS_BLOCK, "media-frontend", restrictPublicBuckets=False)
    assert len(violations(_policy("s3-no-public-buckets"), bad)) == 1


def test_a_public_bucket_policy_fails() -> None:
    public = _document({"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"], "Resource": ["x/*"]})
    assert violations(_policy("s3-no-public-buckets"), _resource(rules.BUCKET_POLICY, policy=public))


def test_an_unencrypted_bucket_fails(prod: StackRun) -> None:
    bad = _without(prod, lambda r: r.type == rules.ENCRYPTION and r.name == "media-code")
    assert len(violations(_policy("s3-default-encryption"), bad)) == 1


def test_an_unencrypted_queue_fails() -> None:
    assert violations(_policy("sqs-encryption"), _resource(rules.QUEUE, sqsManagedSseEnabled=False))


def test_a_bucket_policy_without_the_tls_deny_fails(dev: StackRun) -> None:
    allow_only = _document({"Effect": "Allow", "Principal": {"Service": ["cloudfront.amazonaws.com"]},
                            "Action": ["s3:GetObject"], "Resource": ["x/*"]})  # fmt: skip
    bad = _changed(dev, rules.BUCKET_POLICY, "cdn-media", policy=allow_only)
    assert len(violations(_policy("s3-tls-only"), bad)) == 1
    no_policy = _without(dev, lambda r: r.type == rules.BUCKET_POLICY and r.name == "media-uploads")
    assert len(violations(_policy("s3-tls-only"), no_policy)) == 1


@pytest.mark.parametrize("action", ["s3:*", "*", "dynamodb:Get*"])
def test_wildcard_actions_fail(action: str) -> None:
    document = _document({"Effect": "Allow", "Action": [action], "Resource": ["arn:aws:s3:::b/*"]})
    for type_ in ("aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy", rules.BUCKET_POLICY):
        assert violations(_policy("iam-no-wildcard-actions"), _resource(type_, policy=document)), type_


def test_a_wildcard_in_a_deny_is_fine() -> None:
    document = _document({"Effect": "Deny", "Action": "s3:*", "Principal": "*", "Resource": "*"})
    assert not violations(_policy("iam-no-wildcard-actions"), _resource(rules.BUCKET_POLICY, policy=document))


def test_a_work_queue_without_dlq_fails(dev: StackRun) -> None:
    bad = _changed(dev, rules.QUEUE, "jobs", redrivePolicy=None)
    found = violations(_policy("sqs-dead-letter-queue"), bad)
    assert [urn for _, urn in found] == [dev.one(rules.QUEUE, "jobs").urn]


def test_an_alarm_without_actions_fails() -> None:
    assert violations(_policy("cloudwatch-alarm-actions"), _resource(rules.ALARM, alarmActions=[]))
    silenced = _resource(rules.ALARM, alarmActions=["arn:aws:sns:x"], actionsEnabled=False)
    assert violations(_policy("cloudwatch-alarm-actions"), silenced)


def test_log_groups_without_retention_and_functions_without_one_fail() -> None:
    assert violations(_policy("logs-retention"), _resource(rules.LOG_GROUP, name="/x"))
    assert violations(
        _policy("logs-retention"), _resource(rules.FUNCTION, loggingConfig={"logFormat": "JSON"})
    )


def test_unknown_documents_are_skipped_not_guessed() -> None:
    assert rules.denies_insecure_transport(None) is None
    assert rules.wildcard_actions(None) == []


def test_a_user_pool_with_short_passwords_fails(dev: StackRun) -> None:
    weak = {**dev.one(rules.USER_POOL).state["passwordPolicy"], "minimumLength": 6}
    bad = _changed(dev, rules.USER_POOL, "users", passwordPolicy=weak)
    found = violations(_policy("cognito-password-length"), bad)
    assert [urn for _, urn in found] == [dev.one(rules.USER_POOL).urn]
    # Left out, Cognito's default of 8 applies
    assert not violations(_policy("cognito-password-length"), _resource(rules.USER_POOL))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"generateSecret": True}, "secret"),
        ({"explicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}, "ADMIN"),
        ({"explicitAuthFlows": ["ADMIN_NO_SRP_AUTH"]}, "ADMIN_NO_SRP_AUTH"),
        ({"allowedOauthFlows": ["implicit"], "allowedOauthFlowsUserPoolClient": True}, "implicit"),
        ({"preventUserExistenceErrors": "LEGACY"}, "reveal"),
        ({"preventUserExistenceErrors": None}, "reveal"),
        ({"enableTokenRevocation": False}, "revocation"),
    ],
)
def test_a_weak_app_client_fails(dev: StackRun, change: dict[str, Any], says: str) -> None:
    bad = _changed(dev, rules.USER_POOL_CLIENT, "users-cli", **change)
    found = violations(_policy("cognito-public-clients"), bad)
    assert [urn for _, urn in found] == [dev.one(rules.USER_POOL_CLIENT, "users-cli").urn]
    assert says in found[0][0]


@pytest.mark.parametrize(
    "change",
    [
        {"authorization": "NONE", "authorizerId": None},
        {"authorization": "AWS_IAM", "authorizerId": None},
        {"authorizerId": ""},
        {"apiKeyRequired": False},
    ],
)
def test_post_graphql_without_a_user_and_a_key_fails(prod: StackRun, change: dict[str, Any]) -> None:
    bad = _changed(prod, rules.API_METHOD, "graphql-post-graphql", **change)
    found = violations(_policy("apigateway-signed-in-writes"), bad)
    assert [urn for _, urn in found] == [prod.one(rules.API_METHOD, "graphql-post-graphql").urn]


def test_pages_over_get_may_stay_open(dev: StackRun) -> None:
    # GIVEN GraphiQL and /healthz, open GETs WHEN the rule runs THEN they pass; any other method does not
    assert not violations(_policy("apigateway-signed-in-writes"), policy_resources(dev.resources))
    opened = _changed(dev, rules.API_METHOD, "graphql-get-healthz", httpMethod="DELETE")
    assert len(violations(_policy("apigateway-signed-in-writes"), opened)) == 2  # no user, no key


def _media_behaviours(run: StackRun, **change: Any) -> list[dict[str, Any]]:
    behaviours = [dict(b) for b in run.one(rules.DISTRIBUTION).state["orderedCacheBehaviors"]]
    for behaviour in behaviours:
        if str(behaviour["pathPattern"]).startswith(rules.MEDIA_PATH):
            behaviour.update(change)
    return behaviours


def test_media_without_signed_urls_fail(dev: StackRun) -> None:
    # GIVEN the /media/* behaviour with its key group taken away WHEN the rule runs THEN it fails
    unsigned = _changed(dev, rules.DISTRIBUTION, dev.one(rules.DISTRIBUTION).name,
                        orderedCacheBehaviors=_media_behaviours(dev, trustedKeyGroups=[]))  # fmt: skip
    found = violations(_policy("cloudfront-signed-media"), unsigned)
    assert len(found) == 1
    assert "/media/*" in found[0][0]


def test_the_default_behaviour_may_not_reach_the_media_origin_unsigned(dev: StackRun) -> None:
    distribution = dev.one(rules.DISTRIBUTION)
    default = {**distribution.state["defaultCacheBehavior"], "targetOriginId": "media"}
    found = violations(
        _policy("cloudfront-signed-media"),
        _changed(dev, rules.DISTRIBUTION, distribution.name, defaultCacheBehavior=default),
    )
    assert [message for message, _ in found] == [
        "the default behaviour serves the media origin without signed URLs: set trustedKeyGroups."
    ]
    no_media = _changed(dev, rules.DISTRIBUTION, distribution.name, orderedCacheBehaviors=[])
    assert (
        "No cache behaviour serves /media/*" in violations(_policy("cloudfront-signed-media"), no_media)[0][0]
    )


def test_an_sqs_mapping_that_does_not_report_partial_failures_fails(dev: StackRun) -> None:
    # GIVEN the isolation queue's mapping without ReportBatchItemFailures WHEN the rule runs THEN it fails
    mapping = dev.one(rules.EVENT_SOURCE_MAPPING, "functions-isolation")
    bad = _changed(dev, rules.EVENT_SOURCE_MAPPING, mapping.name, functionResponseTypes=[])
    found = violations(_policy("sqs-partial-batch-failures"), bad)
    assert [urn for _, urn in found] == [mapping.urn]
    assert "ReportBatchItemFailures" in found[0][0]
    # AND a mapping from something else (a stream) is not this rule's
    stream = _resource(
        rules.EVENT_SOURCE_MAPPING, eventSourceArn="arn:aws:dynamodb:eu-west-1:1:table/t/stream/x"
    )
    assert not violations(_policy("sqs-partial-batch-failures"), stream)


def test_the_stream_failures_queue_counts_as_a_dead_letter_queue(dev: StackRun) -> None:
    # GIVEN the stream mapping's on-failure queue, which no redrive targets WHEN the mapping is gone
    # THEN it is a work queue without a DLQ; with the mapping it is where failures are kept
    failures = dev.one(rules.QUEUE, "events-stream-failures")
    without = _without(dev, lambda r: r.type == rules.EVENT_SOURCE_MAPPING and r.name == "events-stream")
    assert [urn for _, urn in violations(_policy("sqs-dead-letter-queue"), without)] == [failures.urn]


def test_a_stream_mapping_that_does_not_bound_its_failures_fails(dev: StackRun) -> None:
    mapping = dev.one(rules.EVENT_SOURCE_MAPPING, "events-stream")
    policy = _policy("stream-mapping-failures")
    for change, words in (
        ({"functionResponseTypes": []}, "ReportBatchItemFailures"),
        ({"bisectBatchOnFunctionError": False}, "bisect"),
        ({"maximumRetryAttempts": -1}, "maximumRetryAttempts"),
        ({"maximumRecordAgeInSeconds": None}, "maximumRecordAgeInSeconds"),
        ({"destinationConfig": None}, "on-failure destination"),
    ):
        found = violations(policy, _changed(dev, rules.EVENT_SOURCE_MAPPING, mapping.name, **change))
        assert [urn for _, urn in found] == [mapping.urn], change
        assert words in found[0][0]
    # AND a queue's mapping is not this rule's
    assert not violations(policy, _resource(rules.EVENT_SOURCE_MAPPING, eventSourceArn="arn:aws:sqs:x"))
