"""Live updates: an API Gateway WebSocket API in front of the realtime Lambda, which speaks
`graphql-transport-ws` (docs/api.md, "Live updates").

Routes. The protocol's messages say what they are in `type` (connection_init, subscribe, ping,
complete, ...), so the route selection expression is `$request.body.type`, the truthful one for
this protocol; but one function speaks all of it, so no message type gets a route of its own:
`$connect`, `$disconnect` and `$default` go to the same Lambda proxy integration, and every
message (a type we do not route, or a body that is not JSON) arrives on `$default`. A route per type
would only be more routes to the same integration. No route has a route response: the function's
return value is not sent to the client; it answers (connection_ack, pong, next, error, complete)
through the @connections management API, as the notifier pushes, so there is one way out.

Authorizer: none, on purpose. API Gateway's WebSocket authorizers see only the `$connect` request,
and a browser cannot set headers on a WebSocket: the token would have to travel in the URL, where
access logs and proxies keep it. The protocol authenticates in `connection_init` instead (the same
token rules as HTTP), which the realtime function checks itself; until then a connection may only
send that message, and one that fails to authenticate, or does not in time, is closed (DELETE
@connections). An authorizer would add a second check of nothing (docs/security.md). API Gateway
closes such a connection with code 1000 whatever the protocol asks (4403): the management API takes
no close code, so a client treats a close before `connection_ack` as refused.

The stage deploys itself on every change (auto-deploy), throttles every route of the stage together
(all clients: the stack's whole-API ceiling, as the REST stage), and writes JSON access logs. Only
this API's stage, on its three routes, may invoke the function.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra.naming import Naming

STAGE = "v1"
ROUTE_SELECTION = "$request.body.type"
ROUTES = {"connect": "$connect", "disconnect": "$disconnect", "default": "$default"}
# Where API Gateway writes a WebSocket stage's execution logs: /aws/apigateway/{apiId}/{stage}.
EXECUTION_LOG_GROUP_PREFIX = "/aws/apigateway/"
ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId",
    "connectionId": "$context.connectionId",
    "eventType": "$context.eventType",
    "routeKey": "$context.routeKey",
    "messageId": "$context.messageId",
    "ip": "$context.identity.sourceIp",
    "requestTime": "$context.requestTimeEpoch",
    "status": "$context.status",
    "integrationLatencyMs": "$context.integrationLatency",
    "error": "$context.error.message",
}


def realtime_url(api_id: str, region: str) -> str:
    """Where clients connect: `realtimeUrl` in the UI's config.json."""
    return f"wss://{api_id}.execute-api.{region}.amazonaws.com/{STAGE}"


def connections_endpoint(api_id: str, region: str) -> str:
    """The stage's @connections management API (MEDIAPIPE_WEBSOCKET_ENDPOINT)."""
    return f"https://{api_id}.execute-api.{region}.amazonaws.com/{STAGE}"


def source_arn(execution_arn: str, route_key: str) -> str:
    """Exactly this route of this stage may invoke the function."""
    return f"{execution_arn}/{STAGE}/{route_key}"


@dataclass(frozen=True)
class RealtimeApiArgs:
    naming: Naming
    function_arn: pulumi.Input[str]
    function_invoke_arn: pulumi.Input[str]
    rate_per_second: float
    burst: int
    log_retention_days: int
    # The account's CloudWatch role, when this stack owns it (api.py): execution logging is on (ERROR)
    # once it exists; without it, only access logs (another stack in the account set the role).
    account_logging: pulumi.Resource | None = None


class RealtimeApi(pulumi.ComponentResource):
    """A WebSocket API, its routes to the realtime Lambda, and a logged, throttled stage."""

    def __init__(self, name: str, args: RealtimeApiArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:realtime:RealtimeApi", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.api = aws.apigatewayv2.Api(
            name,
            name=args.naming.name("realtime"),
            description="media-pipeline live updates (graphql-transport-ws)",
            protocol_type="WEBSOCKET",
            route_selection_expression=ROUTE_SELECTION,
            opts=child,
        )
        region = aws.get_region_output(opts=pulumi.InvokeOutputOptions(parent=self)).region
        self.url = pulumi.Output.all(self.api.id, region).apply(lambda v: realtime_url(*v))
        self.connections_endpoint = pulumi.Output.all(self.api.id, region).apply(
            lambda v: connections_endpoint(*v)
        )
        self.integration = aws.apigatewayv2.Integration(
            name,
            api_id=self.api.id,
            integration_type="AWS_PROXY",
            integration_method="POST",
            integration_uri=args.function_invoke_arn,
            opts=child,
        )
        self.routes = [
            aws.apigatewayv2.Route(
                f"{name}-{label}",
                api_id=self.api.id,
                route_key=key,
                authorization_type="NONE",  # authenticated in connection_init: see above
                target=pulumi.Output.concat("integrations/", self.integration.id),
                opts=child,
            )
            for label, key in ROUTES.items()
        ]
        self.permissions = [
            aws.lambda_.Permission(
                f"{name}-{label}",
                action="lambda:InvokeFunction",
                function=args.function_arn,
                principal="apigateway.amazonaws.com",
                source_arn=self.api.execution_arn.apply(lambda arn, key=key: source_arn(arn, key)),
                opts=child,
            )
            for label, key in ROUTES.items()
        ]
        self.access_logs = aws.cloudwatch.LogGroup(
            f"{name}-access",
            name=args.naming.log_group("realtime-access"),
            retention_in_days=args.log_retention_days,
            opts=child,
        )
        stage_after: list[pulumi.Resource] = [*self.routes, *self.permissions]
        if args.account_logging is not None:
            # API Gateway would create the execution log group without retention: it exists first.
            self.execution_logs = aws.cloudwatch.LogGroup(
                f"{name}-execution",
                name=pulumi.Output.concat(EXECUTION_LOG_GROUP_PREFIX, self.api.id, f"/{STAGE}"),
                retention_in_days=args.log_retention_days,
                opts=child,
            )
            stage_after += [args.account_logging, self.execution_logs]
        self.stage = aws.apigatewayv2.Stage(
            name,
            api_id=self.api.id,
            name=STAGE,
            auto_deploy=True,
            default_route_settings={
                "throttling_rate_limit": args.rate_per_second,
                "throttling_burst_limit": args.burst,
                "logging_level": "ERROR" if args.account_logging is not None else "OFF",
                "data_trace_enabled": False,  # message bodies carry tokens (connection_init)
                "detailed_metrics_enabled": True,  # per route: $connect apart from messages
            },
            access_log_settings={
                "destination_arn": self.access_logs.arn,
                "format": json.dumps(ACCESS_LOG_FORMAT, separators=(",", ":")),
            },
            opts=pulumi.ResourceOptions(parent=self, depends_on=stage_after),
        )
        self.register_outputs({"realtime_url": self.url, "connections_endpoint": self.connections_endpoint})
