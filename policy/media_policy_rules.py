"""The baselines every media-pipeline stack must meet, as pulumi-policy rules.

- no public buckets: every bucket has a public access block with all four switches on, and no
  bucket policy allows everyone;
- encryption: every bucket has default encryption, every queue server-side encryption;
- TLS only: every bucket's policy denies requests where aws:SecureTransport is false;
- no wildcard IAM actions in any Allow (identity or resource policies);
- a dead-letter queue for every work queue (a queue is a DLQ when another queue's redrive targets it,
  or when it is an event source mapping's on-failure destination);
- every SQS event source mapping reports batch item failures (one bad record must not fail, and
  return, its whole batch);
- every stream event source mapping (DynamoDB, Kinesis) bounds its failures: partial batch responses,
  bisection on error, bounded retries and record age, and an on-failure destination (a poison record
  must not block its shard until it expires, nor vanish unrecorded);
- every alarm has an action; every log group has a retention and every function logs into one;
- sign-in: a user pool's passwords are at least 8 characters; its app clients are public (no secret),
  never offer the admin password flow or OAuth's implicit grant, hide whether an account exists and
  keep token revocation on;
- every API method that can change anything (all but GET, HEAD, OPTIONS) needs a signed-in user of
  the Cognito authorizer and an API key.

Resource rules see a resource's inputs; stack rules see every resource's outputs and link settings
resources (public access blocks, policies, ...) to their bucket by dependency, or by name once known.
Values unknown during a preview are skipped, never guessed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

BUCKET = "aws:s3/bucket:Bucket"
PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
QUEUE = "aws:sqs/queue:Queue"
QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
FUNCTION = "aws:lambda/function:Function"
EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping"
USER_POOL = "aws:cognito/userPool:UserPool"
USER_POOL_CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
API_METHOD = "aws:apigateway/method:Method"
DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
MEDIA_PATH = "/media/"  # where people's media are served: only with a signed URL
MIN_PASSWORD_LENGTH = 8
# Flows a public client must not offer: the admin flows take IAM credentials and skip SRP (the
# second name is the legacy spelling of the first).
ADMIN_AUTH_FLOWS = frozenset({"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"})
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDENTITY_POLICIES = {"aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy"}
PUBLIC_BLOCK_SWITCHES = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")


# --- reading policy documents ---------------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def statements(document: Any) -> list[Mapping[str, Any]] | None:
    """The statements of a policy document (JSON text or parsed), or None while it is unknown."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return None
    if not isinstance(document, Mapping):
        return None
    return [s for s in _as_list(document.get("Statement")) if isinstance(s, Mapping)]


def wildcard_actions(document: Any) -> list[str]:
    """Actions with a wildcard (or any NotAction) in Allow statements."""
    found = []
    for statement in statements(document) or []:
        if statement.get("Effect") != "Allow":
            continue
        found += [str(a) for a in _as_list(statement.get("Action")) if "*" in str(a)]
        found += [f"NotAction {a}" for a in _as_list(statement.get("NotAction"))]
    return found


def allows_everyone(document: Any) -> bool:
    for statement in statements(document) or []:
        if statement.get("Effect") != "Allow" or statement.get("Condition"):
            continue
        principal = statement.get("Principal")
        if principal == "*" or (isinstance(principal, Mapping) and "*" in _as_list(principal.get("AWS"))):
            return True
    return False


def denies_insecure_transport(document: Any) -> bool | None:
    found = statements(document)
    if found is None:
        return None
    for statement in found:
        condition = statement.get("Condition") or {}
        secure = (condition.get("Bool") or {}).get("aws:SecureTransport")
        if statement.get("Effect") == "Deny" and [str(v).lower() for v in _as_list(secure)] == ["false"]:
            return True
    return False


# --- linking settings resources to their bucket -----------------------------------------------------


def _targets(
    setting: PolicyResource, prop: str, candidates: Iterable[PolicyResource]
) -> list[PolicyResource]:
    """The candidates `setting.prop` refers to: by dependency, else by the known name or id."""
    dependencies = [r for r in (setting.property_dependencies or {}).get(prop, []) if r in candidates]
    if dependencies:
        return dependencies
    value = setting.props.get(prop)
    return [
        c
        for c in candidates
        if isinstance(value, str) and value in {c.props.get("bucket"), c.props.get("id")}
    ]


def _settings_by_bucket(resources: list[PolicyResource], type_: str) -> dict[str, list[PolicyResource]]:
    buckets = [r for r in resources if r.resource_type == BUCKET]
    found: dict[str, list[PolicyResource]] = {b.urn: [] for b in buckets}
    for setting in (r for r in resources if r.resource_type == type_):
        for bucket in _targets(setting, "bucket", buckets):
            found[bucket.urn].append(setting)
    return found


# --- the rules --------------------------------------------------------------------------------------


def validate_buckets_private(args: StackValidationArgs, report: ReportViolation) -> None:
    resources = list(args.resources)
    for urn, blocks in _settings_by_bucket(resources, PUBLIC_ACCESS_BLOCK).items():
        if not any(all(b.props.get(s) is True for s in PUBLIC_BLOCK_SWITCHES) for b in blocks):
            report("The bucket needs a public access block with all four settings on.", urn)
    for bucket in (r for r in resources if r.resource_type == BUCKET):
        if str(bucket.props.get("acl", "private")).startswith("public"):
            report("The bucket has a public ACL.", bucket.urn)
    for policy in (r for r in resources if r.resource_type == BUCKET_POLICY):
        if allows_everyone(policy.props.get("policy")):
            report("The bucket policy allows everyone.", policy.urn)


def validate_buckets_encrypted(args: StackValidationArgs, report: ReportViolation) -> None:
    for urn, configurations in _settings_by_bucket(list(args.resources), ENCRYPTION).items():
        if not configurations:
            report("The bucket has no default encryption configuration.", urn)


def validate_queue_encrypted(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == QUEUE and not (
        args.props.get("sqsManagedSseEnabled") or args.props.get("kmsMasterKeyId")
    ):
        report("The queue must be encrypted (sqsManagedSseEnabled or a KMS key).", None)


def validate_buckets_tls_only(args: StackValidationArgs, report: ReportViolation) -> None:
    for urn, bucket_policies in _settings_by_bucket(list(args.resources), BUCKET_POLICY).items():
        verdicts = [denies_insecure_transport(p.props.get("policy")) for p in bucket_policies]
        if None in verdicts:
            continue  # not known yet (preview)
        if not any(verdicts):
            report("The bucket policy must deny requests where aws:SecureTransport is false.", urn)


def validate_no_wildcard_actions(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type in IDENTITY_POLICIES | {BUCKET_POLICY, QUEUE_POLICY}:
        documents = [args.props.get("policy")]
    elif args.resource_type == "aws:iam/role:Role":
        documents = [
            p.get("policy") for p in _as_list(args.props.get("inlinePolicies")) if isinstance(p, Mapping)
        ]
    else:
        return
    for document in documents:
        found = wildcard_actions(document)
        if found:
            report(f"Allow statements must name actions exactly, found {', '.join(sorted(found))}.", None)


def _on_failure_destination(mapping_props: Mapping[str, Any]) -> Any:
    return ((mapping_props.get("destinationConfig") or {}).get("onFailure") or {}).get("destinationArn")


def validate_work_queues_have_dlq(args: StackValidationArgs, report: ReportViolation) -> None:
    queues = [r for r in args.resources if r.resource_type == QUEUE]
    dead_letter: set[str] = set()
    for mapping in (r for r in args.resources if r.resource_type == EVENT_SOURCE_MAPPING):
        dead_letter.update(r.urn for r in (mapping.property_dependencies or {}).get("destinationConfig", []))
        target = _on_failure_destination(mapping.props)
        dead_letter.update(q.urn for q in queues if target and q.props.get("arn") == target)
    for queue in queues:
        dead_letter.update(r.urn for r in (queue.property_dependencies or {}).get("redrivePolicy", []))
        redrive = queue.props.get("redrivePolicy")
        if isinstance(redrive, str) and redrive:
            target = json.loads(redrive).get("deadLetterTargetArn")
            dead_letter.update(q.urn for q in queues if q.props.get("arn") == target)
    for queue in queues:
        if queue.urn in dead_letter:
            continue
        redrive = queue.props.get("redrivePolicy")
        if redrive is None or redrive == "":
            report("A work queue needs a redrive policy to a dead-letter queue.", queue.urn)
        elif isinstance(redrive, str) and not json.loads(redrive).get("maxReceiveCount"):
            report("The redrive policy needs a maxReceiveCount.", queue.urn)


def validate_sqs_mappings_report_failures(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != EVENT_SOURCE_MAPPING:
        return
    source = args.props.get("eventSourceArn")
    if isinstance(source, str) and not source.startswith("arn:aws:sqs:"):
        return  # a stream or another source: not this rule's (unknown in a preview: checked anyway)
    if "ReportBatchItemFailures" not in _as_list(args.props.get("functionResponseTypes")):
        report(
            "An SQS event source mapping must report batch item failures (functionResponseTypes "
            "ReportBatchItemFailures), or one bad record fails its whole batch.",
            None,
        )


STREAM_SOURCES = ("arn:aws:dynamodb:", "arn:aws:kinesis:")


def validate_stream_mappings_bound_failures(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != EVENT_SOURCE_MAPPING:
        return
    source = args.props.get("eventSourceArn")
    if not isinstance(source, str) or not source.startswith(STREAM_SOURCES):
        return  # a queue, or not known yet (preview)
    props = args.props
    if "ReportBatchItemFailures" not in _as_list(props.get("functionResponseTypes")):
        report("A stream mapping must report batch item failures (ReportBatchItemFailures).", None)
    if props.get("bisectBatchOnFunctionError") is not True:
        report("A stream mapping must bisect a failing batch (bisectBatchOnFunctionError).", None)
    for bound in ("maximumRetryAttempts", "maximumRecordAgeInSeconds"):
        value = props.get(bound)
        if not isinstance(value, int | float) or value < 0:
            report(
                f"A stream mapping must bound {bound} (unset or -1 retries until the record expires).", None
            )
    if not _on_failure_destination(props):
        report("A stream mapping needs an on-failure destination for the batches it gives up on.", None)


def validate_alarm_has_action(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != ALARM:
        return
    if args.props.get("actionsEnabled") is False or not _as_list(args.props.get("alarmActions")):
        report("Every alarm must notify someone: set alarmActions (and keep actions enabled).", None)


def validate_log_retention(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == LOG_GROUP and not args.props.get("retentionInDays"):
        report("The log group needs retentionInDays; logs otherwise never expire.", None)
    if args.resource_type == FUNCTION and not (args.props.get("loggingConfig") or {}).get("logGroup"):
        report("The function must log into a managed log group (loggingConfig.logGroup).", None)


def validate_password_policy(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != USER_POOL:
        return
    length = (args.props.get("passwordPolicy") or {}).get("minimumLength")
    # Left out, Cognito's default is 8.
    if isinstance(length, int | float) and length < MIN_PASSWORD_LENGTH:
        report(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters; the pool allows {length:g}.", None)


def validate_public_app_clients(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != USER_POOL_CLIENT:
        return
    if args.props.get("generateSecret") is True:
        report("A browser's or a CLI's app client cannot keep a secret: set generateSecret false.", None)
    admin = sorted(ADMIN_AUTH_FLOWS & {str(f) for f in _as_list(args.props.get("explicitAuthFlows"))})
    if admin:
        report(f"A public app client must not offer {', '.join(admin)} (it takes IAM credentials).", None)
    if "implicit" in _as_list(args.props.get("allowedOauthFlows")):
        report("The implicit OAuth grant puts tokens in URLs: use the code grant, or no OAuth.", None)
    if args.props.get("preventUserExistenceErrors") != "ENABLED":
        report("Sign-in must not reveal who has an account: set preventUserExistenceErrors ENABLED.", None)
    if args.props.get("enableTokenRevocation") is False:
        report("Keep token revocation on, so signing out ends a refresh token.", None)


def validate_methods_signed_in(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != API_METHOD or str(args.props.get("httpMethod")) in READ_ONLY_METHODS:
        return
    if args.props.get("authorization") != "COGNITO_USER_POOLS" or not args.props.get("authorizerId"):
        report("A method that can change anything needs the Cognito user pool authorizer.", None)
    if args.props.get("apiKeyRequired") is not True:
        report("A method that can change anything needs an API key (the app's usage plan).", None)


def validate_media_signed(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """People's media go out through signed URLs only: every behaviour that serves /media/ trusts a
    key group, and no unsigned behaviour (the default included) reaches the media origin."""
    if args.resource_type != DISTRIBUTION:
        return
    behaviours = list(_as_list(args.props.get("orderedCacheBehaviors")))
    media_origins = {
        str(b.get("targetOriginId"))
        for b in behaviours
        if str(b.get("pathPattern", "")).startswith(MEDIA_PATH)
    }
    if not media_origins:
        report(f"No cache behaviour serves {MEDIA_PATH}*: media would fall through to the default.", None)
    for behaviour in [*behaviours, args.props.get("defaultCacheBehavior") or {}]:
        serves_media = str(behaviour.get("targetOriginId")) in media_origins
        if serves_media and not _as_list(behaviour.get("trustedKeyGroups")):
            where = behaviour.get("pathPattern") or "the default behaviour"
            report(f"{where} serves the media origin without signed URLs: set trustedKeyGroups.", None)


def _stack(
    name: str, description: str, validate: Callable[[StackValidationArgs, ReportViolation], None]
) -> StackValidationPolicy:
    return StackValidationPolicy(name=name, description=description, validate=validate)


def _resource(
    name: str, description: str, validate: Callable[[ResourceValidationArgs, ReportViolation], None]
) -> ResourceValidationPolicy:
    return ResourceValidationPolicy(name=name, description=description, validate=validate)


POLICIES: list[ResourceValidationPolicy | StackValidationPolicy] = [
    _stack(
        "s3-no-public-buckets",
        "Buckets are private: public access blocked, no public ACL or policy.",
        validate_buckets_private,
    ),
    _stack("s3-default-encryption", "Every bucket has default encryption.", validate_buckets_encrypted),
    _resource("sqs-encryption", "Every queue is encrypted at rest.", validate_queue_encrypted),
    _stack("s3-tls-only", "Every bucket policy denies plain HTTP.", validate_buckets_tls_only),
    _resource(
        "iam-no-wildcard-actions", "Allow statements name exact actions.", validate_no_wildcard_actions
    ),
    _stack(
        "sqs-dead-letter-queue", "Every work queue has a dead-letter queue.", validate_work_queues_have_dlq
    ),
    _resource(
        "sqs-partial-batch-failures",
        "SQS event source mappings report batch item failures.",
        validate_sqs_mappings_report_failures,
    ),
    _resource(
        "stream-mapping-failures",
        "Stream mappings report partial failures, bisect, bound retries and age, keep what they drop.",
        validate_stream_mappings_bound_failures,
    ),
    _resource("cloudwatch-alarm-actions", "Every alarm has an action.", validate_alarm_has_action),
    _resource("logs-retention", "Log groups expire; functions log into them.", validate_log_retention),
    _resource(
        "cognito-password-length",
        f"User pool passwords have at least {MIN_PASSWORD_LENGTH} characters.",
        validate_password_policy,
    ),
    _resource(
        "cognito-public-clients",
        "App clients have no secret, no admin or implicit flow, hide accounts, revoke tokens.",
        validate_public_app_clients,
    ),
    _resource(
        "cloudfront-signed-media",
        "Media are served only through signed URLs (a trusted key group on every way to them).",
        validate_media_signed,
    ),
    _resource(
        "apigateway-signed-in-writes",
        "Every method but GET, HEAD and OPTIONS needs the Cognito authorizer and an API key.",
        validate_methods_signed_in,
    ),
]

__all__ = ["POLICIES", "EnforcementLevel"]
