"""The Lambdas, their roles and the API Gateway REST API, per stack."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.infra.stack_harness import Registered, StackRun, placeholder_artifacts, run_stack

FUNCTION = "aws:lambda/function:Function"


def _functions(run: StackRun) -> dict[str, Any]:
    return run.functions()


def _role_policy(run: StackRun, function: str) -> list[dict[str, Any]]:
    policy = run.function(function, "aws:iam/rolePolicy:RolePolicy")
    statements: list[dict[str, Any]] = json.loads(policy.inputs["policy"])["Statement"]
    return statements


def test_handlers_runtime_architecture_and_sizes(dev: StackRun, prod: StackRun) -> None:
    for run in (dev, prod):
        functions = _functions(run)
        assert functions["api"].inputs["handler"] == "app.handler.handler"
        assert functions["processor"].inputs["handler"] == "processors.handler.handler"
        for f in functions.values():
            assert f.inputs["runtime"] == "python3.12"
            assert f.inputs["architectures"] == ["arm64"]
            assert f.inputs["loggingConfig"]["logFormat"] == "JSON"
            assert f.inputs["s3Key"].endswith(".zip")
            assert f.inputs["sourceCodeHash"]
    assert (
        _functions(dev)["processor"].inputs["memorySize"],
        _functions(dev)["processor"].inputs["timeout"],
    ) == (2048, 900)
    assert (
        _functions(prod)["processor"].inputs["memorySize"],
        _functions(prod)["processor"].inputs["timeout"],
    ) == (2560, 900)
    assert _functions(prod)["api"].inputs["timeout"] < 29
    # The processor's /tmp holds the largest original (5 GiB of video by default), the longest
    # video's renditions (240 s at 3 MB a second) and headroom.
    assert _functions(dev)["processor"].inputs["ephemeralStorage"] == {"size": 5120 + 720 + 512}
    assert _functions(dev)["api"].inputs["ephemeralStorage"] == {"size": 512}


def test_each_function_logs_to_its_own_group_with_retention(dev: StackRun, prod: StackRun) -> None:
    for run, days in ((dev, 14), (prod, 90)):
        groups = {g.inputs["name"]: g for g in run.of_type("aws:cloudwatch/logGroup:LogGroup")}
        assert all(g.inputs["retentionInDays"] == days for g in groups.values())
        for name, function in _functions(run).items():
            assert function.inputs["loggingConfig"]["logGroup"] == f"/mediapipe/{run.stack}/{name}"
            assert f"/mediapipe/{run.stack}/{name}" in groups


def test_one_role_each_with_exact_actions_and_resources(run: StackRun) -> None:
    functions = _functions(run)
    roles = {f.inputs["role"] for f in functions.values()}
    assert len(roles) == len(functions) == 6
    table = run.one("aws:dynamodb/table:Table", "media").state["arn"]
    uploads = run.one("aws:s3/bucket:Bucket", "media-uploads").state["arn"]
    processed = run.one("aws:s3/bucket:Bucket", "media-processed").state["arn"]
    for function in functions:
        for statement in _role_policy(run, function):
            assert statement["Effect"] == "Allow"
            assert not any("*" in action for action in statement["Action"]), statement
            # X-Ray's write calls name no resource: "*" there only (test_observability.py); nor does
            # DynamoDB's ListStreams, which the notifier's stream poller calls (test_realtime.py)
            star = {"SendTraces", "FindStreams"}
            assert statement["Resource"] != ["*"] or statement["Sid"] in star, statement
            if statement["Sid"] == "FindStreams":
                assert statement["Action"] == ["dynamodb:ListStreams"]
    api = {s["Sid"]: s for s in _role_policy(run, "api")}
    assert api["MediaItems"]["Resource"] == [table]
    assert api["ListByStatusKindNameSize"]["Resource"] == [
        f"{table}/index/{index}" for index in ("by-status", "by-kind", "by-name", "by-size")
    ]
    assert api["UploadAndDeleteOriginals"]["Resource"] == [f"{uploads}/originals/*"]
    # Multipart uploads: create, parts and completion are PutObject; a resume lists, an abort aborts.
    assert api["UploadAndDeleteOriginals"]["Action"] == [
        "s3:AbortMultipartUpload",
        "s3:DeleteObject",
        "s3:ListMultipartUploadParts",
        "s3:PutObject",
        "s3:PutObjectTagging",
    ]
    assert api["DeleteOutputs"]["Resource"] == [f"{processed}/media/*"]
    processor = {s["Sid"]: s for s in _role_policy(run, "processor")}
    assert processor["ReadOriginals"] == {**processor["ReadOriginals"], "Action": ["s3:GetObject"]}
    assert processor["WriteOutputs"]["Resource"] == [f"{processed}/media/*"]
    assert processor["SeeMissingOriginals"]["Condition"] == {"StringLike": {"s3:prefix": ["originals/*"]}}
    assert "s3:PutObject" not in json.dumps(processor["ReadOriginals"])


# What Lambda does with the function's own role to attach it to a VPC (AWSLambdaVPCAccessExecutionRole).
VPC_ACCESS = {
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
}


def _granted(run: StackRun, function: str) -> set[str]:
    return {a for s in _role_policy(run, function) for a in s["Action"]}


def test_every_function_in_a_vpc_may_create_its_network_interfaces(hardened: StackRun) -> None:
    # GIVEN the stack with the VPC on WHEN the pipeline's functions get a vpc_config (events out's
    # stay outside: tests/infra/test_realtime.py)
    functions = _functions(hardened)
    in_vpc = {name for name, f in functions.items() if f.inputs.get("vpcConfig")}
    assert in_vpc == {"api", "processor", "sweeper"}
    for name, function in functions.items():
        if name not in in_vpc:
            assert not _granted(hardened, name) & VPC_ACCESS, name
            continue
        role = hardened.function(name, "aws:iam/role:Role")
        assert function.inputs["role"] == role.state["arn"]
        # THEN its own role may create, describe and delete the interfaces (or its create fails),
        # and the function waits for that policy
        assert _granted(hardened, name) >= VPC_ACCESS, name
        policy = hardened.function(name, "aws:iam/rolePolicy:RolePolicy")
        assert policy.urn in function.dependencies


def test_outside_a_vpc_no_function_gets_network_interface_rights(run: StackRun) -> None:
    for name in _functions(run):
        assert not _granted(run, name) & VPC_ACCESS, name


def test_api_cannot_touch_what_only_the_processor_needs(run: StackRun) -> None:
    api_actions = {a for s in _role_policy(run, "api") for a in s["Action"]}
    assert "s3:GetObject" not in api_actions
    assert "sqs:ReceiveMessage" not in api_actions
    processor_actions = {a for s in _role_policy(run, "processor") for a in s["Action"]}
    assert not {"dynamodb:PutItem", "dynamodb:DeleteItem"} & processor_actions
    # It sends only to the isolation queue: never a job of its own making onto the jobs queue
    sends = [s for s in _role_policy(run, "processor") if "sqs:SendMessage" in s["Action"]]
    assert [s["Resource"] for s in sends] == [[run.one("aws:sqs/queue:Queue", "jobs-isolation").state["arn"]]]


def test_event_source_mapping_reports_partial_failures(dev: StackRun, prod: StackRun) -> None:
    for run, concurrency, batch in ((dev, 5, 1), (prod, 20, 1)):
        mapping = run.one("aws:lambda/eventSourceMapping:EventSourceMapping", "functions-jobs")
        assert mapping.inputs["functionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mapping.inputs["batchSize"] == batch
        assert mapping.inputs["maximumBatchingWindowInSeconds"] >= 1
        assert mapping.inputs["scalingConfig"] == {"maximumConcurrency": concurrency}
        assert mapping.inputs["eventSourceArn"] == run.one("aws:sqs/queue:Queue", "jobs").state["arn"]
        policy = run.one("aws:iam/rolePolicy:RolePolicy", "functions-processor")
        assert policy.urn in mapping.dependencies


def test_post_graphql_requires_a_user_and_a_key_and_get_is_dev_only(dev: StackRun, prod: StackRun) -> None:
    def methods(run: StackRun) -> dict[str, tuple[str, bool]]:
        return {
            m.name: (m.inputs["authorization"], m.inputs["apiKeyRequired"])
            for m in run.of_type("aws:apigateway/method:Method")
        }

    # POST /graphql: a signed-in user (the Cognito authorizer) of an app with a key (the usage plan);
    # the GETs only render pages (GraphiQL, liveness) and stay open, GraphiQL in dev only
    assert methods(dev) == {
        "graphql-post-graphql": ("COGNITO_USER_POOLS", True),
        "graphql-get-healthz": ("NONE", False),
        "graphql-get-graphql": ("NONE", False),
    }
    assert methods(prod) == {
        "graphql-post-graphql": ("COGNITO_USER_POOLS", True),
        "graphql-get-healthz": ("NONE", False),
    }
    for run in (dev, prod):
        authorizer = run.one(AUTHORIZER)
        for method in run.of_type("aws:apigateway/method:Method"):
            signed_in = method.inputs["authorization"] == "COGNITO_USER_POOLS"
            assert (method.inputs.get("authorizerId") == authorizer.id) is signed_in, method.name
        for integration in run.of_type("aws:apigateway/integration:Integration"):
            assert integration.inputs["type"] == "AWS_PROXY"
            assert integration.inputs["uri"] == _functions(run)["api"].state["invokeArn"]
        api_function = _functions(run)["api"].state["name"]
        for permission in run.of_type("aws:lambda/permission:Permission"):
            if permission.inputs["function"] != api_function:
                continue  # the sweep's schedule: tests/infra/test_dead_letters.py
            assert permission.inputs["principal"] == "apigateway.amazonaws.com"
            assert "/v1/" in permission.inputs["sourceArn"]
            assert "*" not in permission.inputs["sourceArn"]


AUTHORIZER = "aws:apigateway/authorizer:Authorizer"
RESPONSE = "aws:apigateway/response:Response"


def test_the_authorizer_checks_id_tokens_of_the_stacks_own_pool(run: StackRun) -> None:
    authorizer = run.one(AUTHORIZER)
    pool = run.one("aws:cognito/userPool:UserPool")
    rest_api = run.one("aws:apigateway/restApi:RestApi")
    assert authorizer.inputs["type"] == "COGNITO_USER_POOLS"
    assert authorizer.inputs["providerArns"] == [pool.state["arn"]]
    assert authorizer.inputs["restApi"] == rest_api.id
    # The token travels in the Authorization header, which CloudFront passes on to the API: its
    # /graphql behaviour caches nothing and forwards every viewer header but Host
    assert authorizer.inputs["identitySource"] == "method.request.header.Authorization"
    behaviours = {
        b["pathPattern"]: b
        for b in run.one("aws:cloudfront/distribution:Distribution").inputs["orderedCacheBehaviors"]
    }
    graphql = behaviours["/graphql"]
    assert graphql["cachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    assert graphql["originRequestPolicyId"] == "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # AllViewerExceptHost
    # No OAuth scopes: the authorizer takes ID tokens, the kind the app's own check accepts
    assert not authorizer.inputs.get("authorizationScopes")
    post = run.one("aws:apigateway/method:Method", "graphql-post-graphql")
    assert not post.inputs.get("authorizationScopes")
    # The owner in the access log is the user, beside the app's key
    log_format = json.loads(run.one("aws:apigateway/stage:Stage").inputs["accessLogSettings"]["format"])
    assert log_format["user"] == "$context.authorizer.claims.sub"


def _answer(response: Registered, api_message: str = "Unauthorized") -> dict[str, Any]:
    """The body API Gateway would send: `messageString` is its message, quoted."""
    template = response.inputs["responseTemplates"]["application/json"]
    rendered = template.replace("$context.error.messageString", json.dumps(api_message))
    assert "$" not in rendered and "#" not in rendered  # nothing else for the template engine
    body: dict[str, Any] = json.loads(rendered)
    return body


def test_refusals_come_in_the_apis_error_shape_with_the_local_stacks_codes(run: StackRun) -> None:
    # GIVEN what API Gateway refuses before the Lambda runs
    responses = {r.inputs["responseType"]: r for r in run.of_type(RESPONSE)}
    assert set(responses) == {
        "UNAUTHORIZED", "EXPIRED_TOKEN", "ACCESS_DENIED", "INVALID_API_KEY", "MISSING_AUTHENTICATION_TOKEN",
    }  # fmt: skip
    rest_api = run.one("aws:apigateway/restApi:RestApi").id
    expected = {
        "UNAUTHORIZED": ("401", "UNAUTHENTICATED"),
        "EXPIRED_TOKEN": ("401", "UNAUTHENTICATED"),
        "ACCESS_DENIED": ("403", "FORBIDDEN"),
        "INVALID_API_KEY": ("403", "FORBIDDEN"),
        "MISSING_AUTHENTICATION_TOKEN": ("403", "FORBIDDEN"),
    }
    for kind, (status, code) in expected.items():
        response = responses[kind]
        assert response.inputs["restApiId"] == rest_api
        assert response.inputs["statusCode"] == status, kind
        # THEN each answer is GraphQL's error shape with the code the embedded stack sends
        body = _answer(response)
        assert body["errors"][0]["extensions"] == {"code": code}, kind
        assert set(body) == {"errors"} and set(body["errors"][0]) == {"message", "extensions"}
        # AND a 401 says how to authenticate, as app/local/authorizer.py does
        headers = response.inputs.get("responseParameters") or {}
        if status == "401":
            assert headers == {"gatewayresponse.header.WWW-Authenticate": "'Bearer realm=\"mediapipe\"'"}
        else:
            assert not headers


def test_a_refusal_says_what_is_wrong(run: StackRun) -> None:
    responses = {r.inputs["responseType"]: r for r in run.of_type(RESPONSE)}
    # The authorizer's own words tell an expired token from a missing or broken one
    expired = _answer(responses["UNAUTHORIZED"], "The incoming token has expired")
    assert expired["errors"][0]["message"] == "The incoming token has expired"
    # API Gateway's "Forbidden" would not: the key's answer names the header, in the local words
    key = _answer(responses["INVALID_API_KEY"], "Forbidden")
    assert key["errors"][0]["message"] == "A valid API key is required in the x-api-key header."
    route = _answer(responses["MISSING_AUTHENTICATION_TOKEN"], "Missing Authentication Token")
    assert "no such route" in route["errors"][0]["message"]


def test_the_stage_is_redeployed_with_the_authorizer_and_the_refusals(run: StackRun) -> None:
    deployment = run.one("aws:apigateway/deployment:Deployment")
    for resource in [
        run.one(AUTHORIZER),
        *run.of_type(RESPONSE),
        *run.of_type("aws:apigateway/method:Method"),
    ]:
        assert resource.urn in deployment.dependencies, resource.name
    triggers = deployment.inputs["triggers"]
    assert set(triggers) == {"routes", "refusals", "function", "user_pool"}
    assert triggers["user_pool"] == run.one("aws:cognito/userPool:UserPool").state["arn"]


def test_usage_plan_key_stage_logging_and_throttling(run: StackRun) -> None:
    plan = run.one("aws:apigateway/usagePlan:UsagePlan")
    assert plan.inputs["throttleSettings"] == {"rateLimit": 16.67, "burstLimit": 200}
    assert plan.inputs["quotaSettings"]["period"] == "DAY"
    assert plan.inputs["quotaSettings"]["limit"] > 0
    key = run.one("aws:apigateway/usagePlanKey:UsagePlanKey")
    assert key.inputs["keyType"] == "API_KEY"
    stage = run.one("aws:apigateway/stage:Stage")
    assert stage.inputs["stageName"] == "v1"
    access = stage.inputs["accessLogSettings"]
    assert json.loads(access["format"])["apiKeyId"] == "$context.identity.apiKeyId"
    assert access["destinationArn"].endswith("/mediapipe/" + run.stack + "/api-access")
    settings = run.one("aws:apigateway/methodSettings:MethodSettings")
    assert settings.inputs["methodPath"] == "*/*"
    assert settings.inputs["settings"]["metricsEnabled"]
    assert run.outputs["api_key"] == "mock-api-key-value-0123456789"
    assert run.outputs["api_url"].endswith("/v1/graphql")


def test_keys_get_their_share_and_the_stage_caps_the_whole_api(dev: StackRun, prod: StackRun) -> None:
    # GIVEN per-key limits and a whole-API ceiling in each stack file
    for run, total in ((dev, (100.0, 500)), (prod, (200.0, 1000))):
        plan = run.one("aws:apigateway/usagePlan:UsagePlan").inputs["throttleSettings"]
        stage = run.one("aws:apigateway/methodSettings:MethodSettings").inputs["settings"]
        # THEN the usage plan limits each key (API Gateway applies it per key) ...
        assert (plan["rateLimit"], plan["burstLimit"]) == (16.67, 200)
        # ... and the stage's method throttle, which counts every caller of the stage together, is
        # the whole API's ceiling: above any one key's, or a single key would use up everybody's
        assert (stage["throttlingRateLimit"], stage["throttlingBurstLimit"]) == total
        assert stage["throttlingRateLimit"] > plan["rateLimit"]
        assert stage["throttlingBurstLimit"] > plan["burstLimit"]


def test_the_stages_execution_logs_go_to_a_managed_group_with_retention(
    dev: StackRun, prod: StackRun
) -> None:
    for run, days in ((dev, 14), (prod, 90)):
        rest_api = run.one("aws:apigateway/restApi:RestApi")
        groups = {g.inputs["name"]: g for g in run.of_type("aws:cloudwatch/logGroup:LogGroup")}
        # GIVEN the name API Gateway writes a stage's execution logs to (creating it, without
        # retention, when it does not exist)
        execution = groups[f"API-Gateway-Execution-Logs_{rest_api.name}-id/v1"]
        # THEN the stack owns that group, with the stack's retention, before logging is switched on
        assert execution.inputs["retentionInDays"] == days
        settings = run.one("aws:apigateway/methodSettings:MethodSettings")
        assert settings.inputs["settings"]["loggingLevel"] == "ERROR"
        assert execution.urn in settings.dependencies


ACCOUNT = "aws:apigateway/account:Account"


def test_the_owning_stack_sets_the_accounts_logging_role(dev: StackRun) -> None:
    account = dev.one(ACCOUNT)
    role = dev.one("aws:iam/role:Role", "graphql-cloudwatch")
    assert account.inputs["cloudwatchRoleArn"] == role.state["arn"]
    attachment = dev.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "graphql-cloudwatch")
    assert attachment.inputs["policyArn"].endswith("/AmazonAPIGatewayPushToCloudWatchLogs")
    assert account.urn in dev.one("aws:apigateway/stage:Stage").dependencies


def test_a_stack_that_does_not_own_the_account_setting_leaves_it_alone(tmp_path: Path) -> None:
    # GIVEN another stack in the same account and region owns API Gateway's logging role
    run = run_stack("dev", placeholder_artifacts(tmp_path), {"manageApiGatewayAccount": False})
    # THEN this one neither creates nor sets it, and does not depend on it: execution logging off
    assert not run.of_type(ACCOUNT)
    assert not [r for r in run.of_type("aws:iam/role:Role") if r.name == "graphql-cloudwatch"]
    settings = run.one("aws:apigateway/methodSettings:MethodSettings").inputs["settings"]
    assert settings["loggingLevel"] == "OFF"
    assert run.one("aws:apigateway/stage:Stage").inputs["accessLogSettings"]["destinationArn"]
    # AND the WebSocket stage likewise: access logs only, no execution log group of its own
    websocket = run.one("aws:apigatewayv2/stage:Stage")
    assert websocket.inputs["defaultRouteSettings"]["loggingLevel"] == "OFF"
    assert websocket.inputs["accessLogSettings"]["destinationArn"]
    groups = {g.inputs["name"] for g in run.of_type("aws:cloudwatch/logGroup:LogGroup")}
    assert not [g for g in groups if g.startswith("/aws/apigateway/")]
