"""The GraphQL API on API Gateway (REST): `/graphql` proxied to the API Lambda, for signed-in users of
an app that holds an API key.

POST `/graphql` needs both: a Cognito ID token (`Authorization: Bearer ...`), checked by the REST
API's Cognito authorizer against the user pool (identity.py), whose `sub` claim the Lambda takes as
the owner (`requestContext.authorizer.claims.sub`); and an API key, which says which app is calling
and meters it (the usage plan: throttling and a daily quota per key), never who the caller is. GET
`/graphql` (the GraphiQL page, no queries: the app refuses queries over GET) and GET `/healthz` need
neither, GET `/graphql` only exists where the playground is on. What API Gateway refuses by itself
(no token, a bad one, no key) it answers in the API's error shape (gateway_responses.py). The stage's
throttle is the ceiling of the whole API, every caller together (API Gateway applies it and the usage
plan's: the stricter wins); the explicit stage writes JSON access logs. Browsers reach the API through
CloudFront on the UI's own origin (see cdn.py), so no cross-origin request is needed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra import gateway_responses, policies
from infra.naming import Naming

STAGE = "v1"
# The name API Gateway gives a stage's execution log group: {prefix}{restApiId}/{stage}.
EXECUTION_LOG_GROUP_PREFIX = "API-Gateway-Execution-Logs_"
# Where GraphQL answers: on the stage, and on the UI's own origin through CloudFront (cdn.py).
GRAPHQL_PATH = "/graphql"
ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "apiKeyId": "$context.identity.apiKeyId",
    "user": "$context.authorizer.claims.sub",
    "requestTime": "$context.requestTimeEpoch",
    "httpMethod": "$context.httpMethod",
    "resourcePath": "$context.resourcePath",
    "status": "$context.status",
    "responseLength": "$context.responseLength",
    "latencyMs": "$context.responseLatency",
    "integrationLatencyMs": "$context.integration.latency",
    "integrationError": "$context.integration.error",
    "wafStatus": "$context.waf.status",
}


@dataclass(frozen=True)
class Route:
    path: str
    method: str
    api_key_required: bool
    signed_in: bool  # through the Cognito authorizer

    def source_arn(self, execution_arn: str) -> str:
        """Exactly this method on this path of the stage may invoke the function."""
        return f"{execution_arn}/{STAGE}/{self.method}/{self.path}"


def routes(playground: bool) -> list[Route]:
    """The public surface: POST /graphql needs a user and a key; the GETs only render pages."""
    graphql = GRAPHQL_PATH.lstrip("/")
    found = [Route(graphql, "POST", True, True), Route("healthz", "GET", False, False)]
    if playground:
        found.append(Route(graphql, "GET", False, False))
    return found


@dataclass(frozen=True)
class GraphqlApiArgs:
    naming: Naming
    function_name: pulumi.Input[str]
    function_invoke_arn: pulumi.Input[str]
    user_pool_arn: pulumi.Input[str]
    playground: bool
    key_rate_per_second: float
    key_burst: int
    quota_per_day: int
    total_rate_per_second: float
    total_burst: int
    log_retention_days: int
    manage_account: bool


class GraphqlApi(pulumi.ComponentResource):
    """A REST API with a Cognito authorizer, keys, a usage plan, a logged and throttled stage,
    proxying to one Lambda."""

    def __init__(self, name: str, args: GraphqlApiArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:api:GraphqlApi", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.rest_api = aws.apigateway.RestApi(
            name,
            name=args.naming.name("api"),
            description="media-pipeline GraphQL API",
            api_key_source="HEADER",
            endpoint_configuration={"types": "REGIONAL"},
            opts=child,
        )
        # CloudFront's origin for /graphql. It names the REST API alone, not the stage, so the
        # distribution (whose URL the Lambda's environment carries) does not wait for the Lambda.
        region = aws.get_region_output(opts=pulumi.InvokeOutputOptions(parent=self)).region
        self.domain = pulumi.Output.concat(self.rest_api.id, ".execute-api.", region, ".amazonaws.com")
        self.routes = routes(args.playground)
        resources = {
            path: aws.apigateway.Resource(
                f"{name}-{path}",
                rest_api=self.rest_api.id,
                parent_id=self.rest_api.root_resource_id,
                path_part=path,
                opts=child,
            )
            for path in sorted({r.path for r in self.routes})
        }
        self.authorizer = aws.apigateway.Authorizer(
            f"{name}-cognito",
            rest_api=self.rest_api.id,
            name="cognito",
            type="COGNITO_USER_POOLS",
            provider_arns=[args.user_pool_arn],
            identity_source="method.request.header.Authorization",
            opts=child,
        )
        self.refusals = [
            aws.apigateway.Response(
                f"{name}-{refusal.response_type.lower().replace('_', '-')}",
                rest_api_id=self.rest_api.id,
                response_type=refusal.response_type,
                status_code=str(refusal.status),
                response_templates={"application/json": refusal.template()},
                response_parameters=refusal.parameters(),
                opts=child,
            )
            for refusal in gateway_responses.REFUSALS
        ]
        wiring: list[pulumi.Resource] = [self.authorizer, *self.refusals]
        for route in self.routes:
            label = f"{name}-{route.method.lower()}-{route.path}"
            method = aws.apigateway.Method(
                label,
                rest_api=self.rest_api.id,
                resource_id=resources[route.path].id,
                http_method=route.method,
                authorization="COGNITO_USER_POOLS" if route.signed_in else "NONE",
                authorizer_id=self.authorizer.id if route.signed_in else None,
                api_key_required=route.api_key_required,
                opts=child,
            )
            integration = aws.apigateway.Integration(
                label,
                rest_api=self.rest_api.id,
                resource_id=resources[route.path].id,
                http_method=method.http_method,
                type="AWS_PROXY",
                integration_http_method="POST",
                uri=args.function_invoke_arn,
                opts=child,
            )
            aws.lambda_.Permission(
                label,
                action="lambda:InvokeFunction",
                function=args.function_name,
                principal="apigateway.amazonaws.com",
                source_arn=self.rest_api.execution_arn.apply(route.source_arn),
                opts=child,
            )
            wiring += [method, integration]

        self.deployment = aws.apigateway.Deployment(
            name,
            rest_api=self.rest_api.id,
            description="media-pipeline",
            # A new deployment whenever the routes, the refusals or the user pool change; the stage
            # then points at it.
            triggers={
                "routes": route_fingerprint(self.routes),
                "refusals": gateway_responses.fingerprint(),
                "function": args.function_invoke_arn,
                "user_pool": args.user_pool_arn,
            },
            opts=pulumi.ResourceOptions(parent=self, depends_on=wiring),
        )
        self.access_logs = aws.cloudwatch.LogGroup(
            f"{name}-access",
            name=args.naming.log_group("api-access"),
            retention_in_days=args.log_retention_days,
            opts=child,
        )
        # API Gateway writes execution logs (`logging_level` below) into this group, and would create
        # it without retention, never to expire, if it did not exist yet; so it exists first.
        self.execution_logs = aws.cloudwatch.LogGroup(
            f"{name}-execution",
            name=pulumi.Output.concat(EXECUTION_LOG_GROUP_PREFIX, self.rest_api.id, f"/{STAGE}"),
            retention_in_days=args.log_retention_days,
            opts=child,
        )
        # The account's logging role, when this stack owns it (the WebSocket stage waits for it too).
        self.account = self._account_logging_role(name) if args.manage_account else None
        stage_dependencies: list[pulumi.Resource] = [self.account] if self.account else []
        self.stage = aws.apigateway.Stage(
            name,
            rest_api=self.rest_api.id,
            deployment=self.deployment.id,
            stage_name=STAGE,
            # The request's trace starts at the stage and continues into the API Lambda.
            xray_tracing_enabled=True,
            access_log_settings={
                "destination_arn": self.access_logs.arn,
                "format": json.dumps(ACCESS_LOG_FORMAT, separators=(",", ":")),
            },
            opts=pulumi.ResourceOptions(parent=self, depends_on=stage_dependencies),
        )
        self.method_settings = aws.apigateway.MethodSettings(
            name,
            rest_api=self.rest_api.id,
            stage_name=self.stage.stage_name,
            method_path="*/*",
            settings={
                "metrics_enabled": True,
                "logging_level": "ERROR" if args.manage_account else "OFF",
                "data_trace_enabled": False,
                # Every method of the stage, all callers together: the whole API's ceiling.
                "throttling_rate_limit": args.total_rate_per_second,
                "throttling_burst_limit": args.total_burst,
            },
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.execution_logs]),
        )
        self.usage_plan = aws.apigateway.UsagePlan(
            name,
            name=args.naming.name("default"),
            description="Per-key throttle and daily quota",
            api_stages=[{"api_id": self.rest_api.id, "stage": self.stage.stage_name}],
            throttle_settings={"rate_limit": args.key_rate_per_second, "burst_limit": args.key_burst},
            quota_settings={"limit": args.quota_per_day, "period": "DAY"},
            opts=child,
        )
        self.key = aws.apigateway.ApiKey(
            name, name=args.naming.name("ui"), description="The key the UI and the CLI use", opts=child
        )
        aws.apigateway.UsagePlanKey(
            name, key_id=self.key.id, key_type="API_KEY", usage_plan_id=self.usage_plan.id, opts=child
        )
        self.url = self.stage.invoke_url.apply(lambda url: f"{url.rstrip('/')}{GRAPHQL_PATH}")
        self.register_outputs(
            {
                "api_url": self.url,
                "api_key": pulumi.Output.secret(self.key.value),
                "stage_arn": self.stage.arn,
            }
        )

    def _account_logging_role(self, name: str) -> aws.apigateway.Account:
        """API Gateway writes stage logs through one role per account and region."""
        child = pulumi.ResourceOptions(parent=self)
        role = aws.iam.Role(
            f"{name}-cloudwatch",
            assume_role_policy=policies.document(policies.service_assume_role("apigateway.amazonaws.com")),
            opts=child,
        )
        attachment = aws.iam.RolePolicyAttachment(
            f"{name}-cloudwatch",
            role=role.name,
            policy_arn="arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
            opts=child,
        )
        return aws.apigateway.Account(
            f"{name}-account",
            cloudwatch_role_arn=role.arn,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[attachment]),
        )


def route_fingerprint(found: list[Route]) -> str:
    shape = json.dumps([r.__dict__ for r in sorted(found, key=lambda r: (r.path, r.method))], sort_keys=True)
    return hashlib.sha256(shape.encode()).hexdigest()[:16]
