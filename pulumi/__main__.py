"""media-pipeline on AWS: build the components for the current stack and export what people need.

Composition only; each component documents what it creates and why. The engine runs this file as
`__main__`; tests run `main()` under Pulumi's mocks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws

from infra import config as stack_config
from infra import packaging, policies
from infra.components.api import GRAPHQL_PATH, STAGE, GraphqlApi, GraphqlApiArgs
from infra.components.audit_trail import AuditTrail, AuditTrailArgs
from infra.components.cdn import BucketOrigin, ContentDelivery, ContentDeliveryArgs, CustomDomain
from infra.components.certificate import DomainCertificate, DomainCertificateArgs
from infra.components.event_functions import (
    WEBHOOK_TIMEOUT_S,
    EventAccess,
    EventFunctions,
    EventFunctionsArgs,
)
from infra.components.event_queues import EventQueues
from infra.components.function_group import Placement
from infra.components.functions import (
    DataAccess,
    FunctionSpec,
    MediaFunctions,
    MediaFunctionsArgs,
    VpcPlacement,
)
from infra.components.identity import UserAccounts, UserAccountsArgs
from infra.components.monitoring import Monitoring, MonitoringArgs, Watched
from infra.components.network import PrivateNetwork, PrivateNetworkArgs
from infra.components.queue import JobsQueue, JobsQueueArgs
from infra.components.realtime_table import RealtimeTable
from infra.components.signing import UrlSigning, UrlSigningArgs
from infra.components.site import SiteContent, SiteContentArgs
from infra.components.storage import MediaBuckets, MediaBucketsArgs
from infra.components.table import MediaTable, MediaTableArgs
from infra.components.waf import WebFirewall, WebFirewallArgs
from infra.components.websocket import STAGE as REALTIME_STAGE
from infra.components.websocket import RealtimeApi, RealtimeApiArgs
from infra.environment import DataNames, lambda_environment
from infra.naming import Naming
from infra.pipeline_metrics import Thresholds

UI_DIST = packaging.REPO_ROOT / "ui" / "dist"
WAF_REQUESTS_PER_5_MINUTES = 2000


def main() -> dict[str, pulumi.Output[Any]]:
    cfg = stack_config.load()
    naming = Naming(cfg.stack)
    artifacts = Path(cfg.artifacts_dir) if cfg.artifacts_dir else packaging.ARTIFACTS_DIR
    if not artifacts.is_absolute():
        artifacts = packaging.REPO_ROOT / artifacts
    account_id = aws.get_caller_identity_output().account_id
    # CloudFront takes certificates and web ACLs from us-east-1 only. An explicit provider does not
    # read the stack's aws:defaultTags, so it is given them.
    us_east_1 = (
        aws.Provider(
            "us-east-1",
            region="us-east-1",
            default_tags={"tags": dict(cfg.default_tags)} if cfg.default_tags else None,
        )
        if cfg.waf or cfg.domain
        else None
    )
    global_opts = pulumi.ResourceOptions(providers=[us_east_1] if us_east_1 else None)

    table = MediaTable(
        "media",
        MediaTableArgs(
            point_in_time_recovery=cfg.point_in_time_recovery, deletion_protection=cfg.deletion_protection
        ),
    )
    # WebSocket connections and subscriptions, apart from the media table and its stream.
    realtime_table = RealtimeTable("realtime")
    buckets = MediaBuckets(
        "media",
        MediaBucketsArgs(
            naming=naming,
            force_destroy=cfg.force_destroy_buckets,
            originals_expire_days=cfg.originals.expire_days,
            originals_transition_days=cfg.originals.transition_days,
            originals_storage_class=cfg.originals.storage_class,
        ),
    )
    # Off by default: CloudTrail bills every object call on the buckets (docs/security.md).
    trail = (
        AuditTrail(
            "audit",
            AuditTrailArgs(
                naming=naming,
                force_destroy=cfg.force_destroy_buckets,
                bucket_arns=(buckets.uploads.arn, buckets.processed.arn),
                account_id=account_id,
                log_expire_days=cfg.audit.retention_days,
            ),
        )
        if cfg.audit.cloud_trail_data_events
        else None
    )
    queue = JobsQueue(
        "jobs",
        JobsQueueArgs(
            uploads_bucket_id=buckets.uploads.id,
            uploads_bucket_arn=buckets.uploads.arn,
            account_id=account_id,
            visibility_timeout_s=cfg.processor.visibility_timeout_s,
            max_receives=cfg.processor.max_receives,
        ),
    )
    event_queues = EventQueues("events", sender_timeout_s=WEBHOOK_TIMEOUT_S)
    network = PrivateNetwork("network", PrivateNetworkArgs(naming=naming)) if cfg.vpc else None
    certificate = (
        DomainCertificate(
            "domain",
            DomainCertificateArgs(domain=cfg.domain.name, hosted_zone_id=cfg.domain.hosted_zone_id),
            opts=global_opts,
        )
        if cfg.domain
        else None
    )
    edge_firewall = (
        WebFirewall(
            "edge",
            WebFirewallArgs(
                naming=naming, scope="CLOUDFRONT", requests_per_5_minutes=WAF_REQUESTS_PER_5_MINUTES
            ),
            opts=global_opts,
        )
        if cfg.waf
        else None
    )

    signing = UrlSigning("url-signing", UrlSigningArgs(naming=naming))
    # CloudFront fronts the API, and the API's Lambda needs CloudFront's URL. The distribution only
    # needs the REST API's host name (its id), which exists before the Lambda: resolved below.
    api_domain, resolve_api_domain = pulumi.deferred_output()
    cdn = ContentDelivery(
        "cdn",
        ContentDeliveryArgs(
            naming=naming,
            frontend=BucketOrigin(
                buckets.frontend.id, buckets.frontend.arn, buckets.frontend.bucket_regional_domain_name
            ),
            processed=BucketOrigin(
                buckets.processed.id, buckets.processed.arn, buckets.processed.bucket_regional_domain_name
            ),
            uploads_bucket_id=buckets.uploads.id,
            api_domain=api_domain,
            api_stage=STAGE,
            extra_upload_origins=cfg.ui_origins,
            price_class=cfg.cdn_price_class,
            media_key_group_id=signing.key_group.id,
            web_acl_arn=edge_firewall.acl.arn if edge_firewall else None,
            domain=(
                CustomDomain(cfg.domain.name, cfg.domain.hosted_zone_id, certificate.arn)
                if cfg.domain and certificate
                else None
            ),
        ),
    )
    accounts = UserAccounts(
        "users",
        UserAccountsArgs(naming=naming, deletion_protection=cfg.deletion_protection, mfa=cfg.identity.mfa),
    )
    # The functions' environment names the WebSocket API's @connections endpoint, and the event
    # functions' policies its execution ARN, while the API's integration needs the realtime function.
    # Its Api resource needs no function: the API is built after the functions and resolves these.
    websocket_endpoint, resolve_websocket_endpoint = pulumi.deferred_output()
    websocket_execution_arn, resolve_websocket_execution_arn = pulumi.deferred_output()
    environment = lambda_environment(
        cfg,
        DataNames(
            table_name=table.table.name,
            uploads_bucket=buckets.uploads.bucket,
            processed_bucket=buckets.processed.bucket,
            jobs_queue_url=queue.queue.url,
            isolation_queue_url=queue.isolation.url,
            dead_letter_queue_url=queue.dlq.url,
            cdn_base_url=cdn.url,
            url_signing_secret_id=signing.secret.arn,
            url_signing_key_id=signing.public_key.id,
            cdn_distribution_id=cdn.distribution.id,
            realtime_table_name=realtime_table.table.name,
            websocket_endpoint=websocket_endpoint,
            user_pool_id=accounts.pool.id,
            user_pool_client_ids=pulumi.Output.all(accounts.ui_client.id, accounts.cli_client.id).apply(
                ",".join
            ),
            webhook_queue_url=event_queues.webhooks.url,
        ),
    )
    api_artifact = packaging.locate("api", cfg.architecture, artifacts)
    functions = MediaFunctions(
        "functions",
        MediaFunctionsArgs(
            naming=naming,
            architecture=cfg.architecture,
            code_bucket=buckets.code.bucket,
            api=FunctionSpec(api_artifact, cfg.api.memory_mb, cfg.api.timeout_s),
            processor=FunctionSpec(
                packaging.locate("processor", cfg.architecture, artifacts),
                cfg.processor.memory_mb,
                cfg.processor.timeout_s,
                ephemeral_mb=stack_config.ephemeral_mb(cfg.limits),
            ),
            environment=environment,
            data=DataAccess(
                table.table.arn,
                buckets.uploads.arn,
                buckets.processed.arn,
                queue.queue.arn,
                queue.isolation.arn,
                queue.dlq.arn,
            ),
            api_grants=pulumi.Output.all(signing.secret.arn, cdn.distribution.arn).apply(
                lambda arns: policies.delivery_statements(*arns)
            ),
            log_retention_days=cfg.log_retention_days,
            batch_size=cfg.processor.batch_size,
            batching_window_s=cfg.processor.batching_window_s,
            max_concurrency=cfg.processor.max_concurrency,
            vpc=(
                VpcPlacement(network.subnet_ids, [network.functions_group.id])
                if network is not None
                else None
            ),
        ),
    )
    events = EventFunctions(
        "events",
        EventFunctionsArgs(
            placement=Placement(
                naming, cfg.architecture, buckets.code.bucket, environment, cfg.log_retention_days
            ),
            artifact=api_artifact,
            access=EventAccess(
                media_table_arn=table.table.arn,
                media_stream_arn=table.table.stream_arn,
                realtime_table_arn=realtime_table.table.arn,
                websocket_execution_arn=websocket_execution_arn,
                websocket_stage=REALTIME_STAGE,
                webhook_queue_arn=event_queues.webhooks.arn,
                stream_failures_queue_arn=event_queues.stream_failures.arn,
                url_signing_secret_arn=signing.secret.arn,
            ),
            code=functions.code_objects,
        ),
    )
    api = GraphqlApi(
        "graphql",
        GraphqlApiArgs(
            naming=naming,
            function_name=functions.api.name,
            function_invoke_arn=functions.api.invoke_arn,
            user_pool_arn=accounts.pool.arn,
            playground=cfg.playground,
            key_rate_per_second=cfg.throttle.rate_per_second,
            key_burst=cfg.throttle.burst,
            quota_per_day=cfg.throttle.quota_per_day,
            total_rate_per_second=cfg.throttle.total_rate_per_second,
            total_burst=cfg.throttle.total_burst,
            log_retention_days=cfg.log_retention_days,
            manage_account=cfg.manage_api_gateway_account,
        ),
    )
    resolve_api_domain(api.domain)
    realtime = RealtimeApi(
        "realtime",
        RealtimeApiArgs(
            naming=naming,
            function_arn=events.realtime.arn,
            function_invoke_arn=events.realtime.invoke_arn,
            # The same ceiling as the REST stage's: every client of the stage together.
            rate_per_second=cfg.throttle.total_rate_per_second,
            burst=cfg.throttle.total_burst,
            log_retention_days=cfg.log_retention_days,
            account_logging=api.account,
        ),
    )
    resolve_websocket_endpoint(realtime.connections_endpoint)
    resolve_websocket_execution_arn(realtime.api.execution_arn)
    if cfg.waf:
        # Browsers reach the stage through CloudFront: only the edge ACL sees their addresses (waf.py).
        WebFirewall(
            "api",
            WebFirewallArgs(
                naming=naming, scope="REGIONAL", requests_per_5_minutes=None, associate_with=api.stage.arn
            ),
        )
    graphql_url = cdn.url.apply(lambda url: f"{url}{GRAPHQL_PATH}")
    SiteContent(
        "site",
        SiteContentArgs(
            bucket=buckets.frontend.bucket,
            ui_dist=UI_DIST,
            # Relative: the UI calls its own origin, deployed or through Vite's dev proxy, never
            # cross-origin (the API has no OPTIONS method to answer a CORS preflight).
            api_url=GRAPHQL_PATH,
            api_key=api.key.value,
            environment=cfg.stack,
            auth=accounts.public_config,
            realtime_url=realtime.url,
        ),
    )
    monitoring = Monitoring(
        "monitoring",
        MonitoringArgs(
            naming=naming,
            alarm_email=cfg.alarm_email,
            thresholds=Thresholds(
                processing_p95_ms={
                    "image": cfg.alarms.image_p95_ms,
                    "video": cfg.alarms.video_p95_ms,
                    "audio": cfg.alarms.audio_p95_ms,
                },
                rejection_rate=cfg.alarms.rejection_rate,
                rejection_min_items=cfg.alarms.rejection_min_items,
            ),
            watched=Watched(
                jobs_queue=queue.queue.name,
                dead_letter_queue=queue.dlq.name,
                api_function=functions.api.name,
                processor_function=functions.processor.name,
                sweeper_function=functions.sweeper.name,
                processor_timeout_s=cfg.processor.timeout_s,
                api_name=api.rest_api.name,
                api_stage=api.stage.stage_name,
                table=table.table.name,
                realtime_function=events.realtime.name,
                notifier_function=events.notifier.name,
                webhook_function=events.webhooks.name,
                webhook_queue=event_queues.webhooks.name,
                webhook_dead_letter_queue=event_queues.webhook_dlq.name,
                stream_failures_queue=event_queues.stream_failures.name,
                websocket_api_id=realtime.api.id,
                websocket_stage=realtime.stage.name,
            ),
        ),
    )

    outputs: dict[str, pulumi.Output[Any]] = {
        "ui_url": cdn.url,
        "graphql_url": graphql_url,
        "api_url": api.url,
        "api_key": pulumi.Output.secret(api.key.value),
        "cdn_url": cdn.url,
        "uploads_bucket": buckets.uploads.bucket,
        "processed_bucket": buckets.processed.bucket,
        "frontend_bucket": buckets.frontend.bucket,
        "table_name": table.table.name,
        "jobs_queue_url": queue.queue.url,
        "dead_letter_queue_url": queue.dlq.url,
        "alarm_topic_arn": monitoring.topic.arn,
        "distribution_id": cdn.distribution.id,
        "user_pool_id": accounts.pool.id,
        "ui_client_id": accounts.ui_client.id,
        "cli_client_id": accounts.cli_client.id,
        "realtime_url": realtime.url,
        "realtime_table_name": realtime_table.table.name,
        "webhook_queue_url": event_queues.webhooks.url,
        "webhook_dead_letter_queue_url": event_queues.webhook_dlq.url,
    }
    if trail is not None:
        outputs["audit_trail_log_bucket"] = trail.logs.bucket
    for name, value in outputs.items():
        pulumi.export(name, value)
    return outputs


if __name__ == "__main__":
    main()
