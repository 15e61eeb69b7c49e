"""Live updates, per stack: the WebSocket API (routes, integration, permissions, stage), the realtime
and notifier Lambdas, the stream mapping's failure handling, their policies, alarms and widgets."""

from __future__ import annotations

import json
from typing import Any

from infra import packaging
from tests.infra.stack_harness import ACCOUNT, REGION, Registered, StackRun

API = "aws:apigatewayv2/api:Api"
ROUTE = "aws:apigatewayv2/route:Route"
STAGE = "aws:apigatewayv2/stage:Stage"
INTEGRATION = "aws:apigatewayv2/integration:Integration"
PERMISSION = "aws:lambda/permission:Permission"
MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
QUEUE = "aws:sqs/queue:Queue"


def _statements(run: StackRun, function: str) -> dict[str, dict[str, Any]]:
    policy = run.function(function, "aws:iam/rolePolicy:RolePolicy")
    return {s["Sid"]: s for s in json.loads(policy.inputs["policy"])["Statement"]}


def _api(run: StackRun) -> Registered:
    return run.one(API, "realtime")


def test_a_websocket_api_whose_messages_all_reach_the_realtime_function(run: StackRun) -> None:
    # GIVEN the WebSocket API WHEN it is built THEN it selects routes by the protocol's `type`, and
    # its three routes go to one Lambda proxy integration of the realtime function
    api = _api(run)
    assert api.inputs["protocolType"] == "WEBSOCKET"
    assert api.inputs["routeSelectionExpression"] == "$request.body.type"
    integration = run.one(INTEGRATION, "realtime")
    assert integration.inputs["apiId"] == api.id
    assert integration.inputs["integrationType"] == "AWS_PROXY"
    assert integration.inputs["integrationMethod"] == "POST"
    assert integration.inputs["integrationUri"] == run.function("realtime").state["invokeArn"]
    routes = {r.inputs["routeKey"]: r for r in run.of_type(ROUTE)}
    assert set(routes) == {"$connect", "$disconnect", "$default"}
    for route in routes.values():
        assert route.inputs["apiId"] == api.id
        assert route.inputs["target"] == f"integrations/{integration.id}"
        # No authorizer: the protocol authenticates in connection_init (websocket.py, security.md)
        assert route.inputs["authorizationType"] == "NONE"
        assert not route.inputs.get("authorizerId")
    # No route responses: the function answers through @connections, never by its return value
    assert not run.of_type("aws:apigatewayv2/routeResponse:RouteResponse")
    assert not run.of_type("aws:apigatewayv2/authorizer:Authorizer")


def test_only_this_apis_stage_on_its_routes_may_invoke_the_realtime_function(run: StackRun) -> None:
    execution_arn = _api(run).state["executionArn"]
    realtime = run.function("realtime").state["arn"]
    permissions = [p for p in run.of_type(PERMISSION) if p.inputs["function"] == realtime]
    assert {p.inputs["sourceArn"] for p in permissions} == {
        f"{execution_arn}/v1/$connect",
        f"{execution_arn}/v1/$disconnect",
        f"{execution_arn}/v1/$default",
    }
    for permission in permissions:
        assert permission.inputs["principal"] == "apigateway.amazonaws.com"
        assert permission.inputs["action"] == "lambda:InvokeFunction"


def test_the_stage_deploys_itself_is_throttled_and_logs(dev: StackRun, prod: StackRun) -> None:
    for run, days, ceiling in ((dev, 14, (100.0, 500)), (prod, 90, (200.0, 1000))):
        stage = run.one(STAGE, "realtime")
        assert stage.inputs["name"] == "v1"
        assert stage.inputs["autoDeploy"] is True
        settings = stage.inputs["defaultRouteSettings"]
        # The same whole-API ceiling as the REST stage's (every client together)
        rest = run.one("aws:apigateway/methodSettings:MethodSettings").inputs["settings"]
        assert (settings["throttlingRateLimit"], settings["throttlingBurstLimit"]) == ceiling
        assert (rest["throttlingRateLimit"], rest["throttlingBurstLimit"]) == ceiling
        assert settings["dataTraceEnabled"] is False  # connection_init carries the token
        assert settings["loggingLevel"] == "ERROR"
        access = stage.inputs["accessLogSettings"]
        groups = {g.inputs["name"]: g for g in run.of_type("aws:cloudwatch/logGroup:LogGroup")}
        assert groups[f"/mediapipe/{run.stack}/realtime-access"].state["arn"] == access["destinationArn"]
        assert json.loads(access["format"])["connectionId"] == "$context.connectionId"
        # The execution log group exists, with retention, before logging is on; the routes before
        # the first auto-deployment; and the account's logging role before either
        execution = groups[f"/aws/apigateway/{_api(run).id}/v1"]
        assert execution.inputs["retentionInDays"] == days
        account = run.one("aws:apigateway/account:Account")
        for first in (execution, account, *run.of_type(ROUTE)):
            assert first.urn in stage.dependencies, first.name


def test_the_urls_name_the_api_and_its_stage(run: StackRun) -> None:
    api_id = _api(run).id
    assert run.outputs["realtime_url"] == f"wss://{api_id}.execute-api.{REGION}.amazonaws.com/v1"
    config = json.loads(run.one("aws:s3/bucketObjectv2:BucketObjectv2", "site-config.json").inputs["content"])
    assert config["realtimeUrl"] == run.outputs["realtime_url"]
    for function in run.functions().values():
        variables = function.inputs["environment"]["variables"]
        assert (
            variables["MEDIAPIPE_WEBSOCKET_ENDPOINT"]
            == f"https://{api_id}.execute-api.{REGION}.amazonaws.com/v1"
        )


def test_handlers_sizes_and_no_vpc(run: StackRun, hardened: StackRun) -> None:
    functions = run.functions()
    expected = {
        "realtime": ("app.realtime_handler.handler", 512, 10),
        "notifier": ("app.notifier_handler.handler", 512, 60),
        "webhooks": ("app.webhook_handler.handler", 256, 60),
    }
    api = functions["api"]
    for name, (handler, memory, timeout) in expected.items():
        function = functions[name]
        assert (function.inputs["handler"], function.inputs["memorySize"], function.inputs["timeout"]) == (
            handler,
            memory,
            timeout,
        )
        # The API's zip, the API's runtime and architecture: only the handler differs
        for same in ("runtime", "architectures", "s3Bucket", "s3Key", "sourceCodeHash"):
            assert function.inputs[same] == api.inputs[same], (name, same)
        assert function.inputs["tracingConfig"] == {"mode": "Active"}
        assert function.inputs["loggingConfig"]["logGroup"] == f"/mediapipe/{run.stack}/{name}"
        assert not hardened.functions()[name].inputs.get("vpcConfig"), name
    # The API's zip is one object, whichever functions run it
    zips = [
        o for o in run.of_type("aws:s3/bucketObjectv2:BucketObjectv2") if o.inputs["key"].endswith(".zip")
    ]
    assert len(zips) == len({o.inputs["key"] for o in zips}) == 2
    # The integration's 29 s are more than the realtime function may take
    assert functions["realtime"].inputs["timeout"] < 29


def test_the_stream_mapping_bounds_its_failures_and_keeps_what_it_drops(run: StackRun) -> None:
    table = run.one("aws:dynamodb/table:Table", "media")
    assert (table.inputs["streamEnabled"], table.inputs["streamViewType"]) == (True, "NEW_AND_OLD_IMAGES")
    mapping = run.one(MAPPING, "events-stream")
    assert mapping.inputs["eventSourceArn"] == table.state["streamArn"]
    assert mapping.inputs["functionName"] == run.function("notifier").state["arn"]
    assert mapping.inputs["startingPosition"] == "LATEST"
    # Low latency: small batches, no waiting for more records
    assert mapping.inputs["batchSize"] <= 10
    assert mapping.inputs["maximumBatchingWindowInSeconds"] <= 1
    # Failures: the notifier names the record it failed on, a failing batch is halved down to it,
    # retries and age are bounded, and what is given up on is recorded in the failures queue
    assert mapping.inputs["functionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping.inputs["bisectBatchOnFunctionError"] is True
    assert 0 <= mapping.inputs["maximumRetryAttempts"] <= 10
    assert 60 <= mapping.inputs["maximumRecordAgeInSeconds"] <= 6 * 3600
    failures = run.one(QUEUE, "events-stream-failures")
    assert mapping.inputs["destinationConfig"] == {"onFailure": {"destinationArn": failures.state["arn"]}}
    assert failures.inputs["sqsManagedSseEnabled"]
    # Only the items' records: the notifier's own writes (webhooks, deliveries) never invoke it
    (only,) = mapping.inputs["filterCriteria"]["filters"]
    assert json.loads(only["pattern"]) == {"dynamodb": {"Keys": {"sk": {"S": [{"prefix": "MEDIA#"}]}}}}
    # The poller reads with the function's role: its policy first
    assert run.function("notifier", "aws:iam/rolePolicy:RolePolicy").urn in mapping.dependencies


def _connections(run: StackRun, *methods: str) -> list[str]:
    base = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{_api(run).id}/v1"
    return [f"{base}/{method}/@connections/*" for method in methods]


def test_the_realtime_function_may_keep_connections_and_manage_only_this_apis(run: StackRun) -> None:
    realtime = run.one("aws:dynamodb/table:Table", "realtime").state["arn"]
    statements = _statements(run, "realtime")
    assert set(statements) == {
        "ConnectionsAndSubscriptions", "SubscriptionsByOwner", "AnswerAndCloseConnections",
        "WriteOwnLogs", "SendTraces",
    }  # fmt: skip
    assert statements["ConnectionsAndSubscriptions"]["Resource"] == [realtime]
    assert statements["SubscriptionsByOwner"] == {
        **statements["SubscriptionsByOwner"],
        "Action": ["dynamodb:Query"],
        "Resource": [f"{realtime}/index/by-owner"],
    }
    manage = statements["AnswerAndCloseConnections"]
    assert manage["Action"] == ["execute-api:ManageConnections"]
    assert manage["Resource"] == _connections(run, "POST", "GET", "DELETE")
    # Nothing of the media: no media table, no bucket, no queue
    everything = json.dumps(statements)
    assert run.one("aws:dynamodb/table:Table", "media").state["arn"] not in everything
    assert "s3:" not in everything and "sqs:" not in everything


def test_the_notifier_reads_the_stream_posts_and_queues_deliveries_and_nothing_more(run: StackRun) -> None:
    media = run.one("aws:dynamodb/table:Table", "media").state
    realtime = run.one("aws:dynamodb/table:Table", "realtime").state["arn"]
    webhooks, failures = (
        run.one(QUEUE, n).state["arn"] for n in ("events-webhooks", "events-stream-failures")
    )
    secret = run.one("aws:secretsmanager/secret:Secret").state["arn"]
    statements = {sid: (s["Action"], s["Resource"]) for sid, s in _statements(run, "notifier").items()}
    log_group = run.function("notifier", "aws:cloudwatch/logGroup:LogGroup").state["arn"]
    assert statements == {
        "ReadMediaStream": (
            ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
            [media["streamArn"]],
        ),
        "FindStreams": (["dynamodb:ListStreams"], ["*"]),
        "SubscribersByOwner": (["dynamodb:Query"], [f"{realtime}/index/by-owner"]),
        "ForgetGoneConnections": (["dynamodb:DeleteItem", "dynamodb:Query"], [realtime]),
        "PostToConnections": (["execute-api:ManageConnections"], _connections(run, "POST")),
        "WebhooksAndDeliveries": (
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
            [media["arn"]],
        ),
        "QueueDeliveriesAndFailures": (["sqs:SendMessage"], [webhooks, failures]),
        "ReadUrlSigningKey": (["secretsmanager:GetSecretValue"], [secret]),
        "WriteOwnLogs": (["logs:CreateLogStream", "logs:PutLogEvents"], [f"{log_group}:*"]),
        "SendTraces": (["xray:PutTelemetryRecords", "xray:PutTraceSegments"], ["*"]),
    }


def test_only_the_realtime_and_notifier_functions_may_manage_connections(run: StackRun) -> None:
    for name in run.functions():
        actions = {a for s in _statements(run, name).values() for a in s["Action"]}
        assert ("execute-api:ManageConnections" in actions) is (name in {"realtime", "notifier"}), name


def test_alarms_on_the_stream_failures_and_the_notifiers_lag(run: StackRun) -> None:
    topic = run.one("aws:sns/topic:Topic").state["arn"]
    failures = run.one(ALARM, "stream-failures")
    assert failures.inputs["namespace"] == "AWS/SQS"
    assert failures.inputs["metricName"] == "ApproximateNumberOfMessagesVisible"
    assert failures.inputs["dimensions"] == {
        "QueueName": run.one(QUEUE, "events-stream-failures").state["name"]
    }
    assert (failures.inputs["threshold"], failures.inputs["comparisonOperator"]) == (
        0,
        "GreaterThanThreshold",
    )
    lag = run.one(ALARM, "notifier-iterator-age")
    assert (lag.inputs["namespace"], lag.inputs["metricName"]) == ("AWS/Lambda", "IteratorAge")
    assert lag.inputs["dimensions"] == {"FunctionName": run.function("notifier").state["name"]}
    assert lag.inputs["statistic"] == "Maximum"
    assert lag.inputs["threshold"] == 60_000
    for alarm in (failures, lag):
        assert alarm.inputs["alarmActions"] == alarm.inputs["okActions"] == [topic]
        assert alarm.inputs["treatMissingData"] == "notBreaching"


def test_the_dashboard_shows_the_socket_the_stream_and_the_webhooks(run: StackRun) -> None:
    body = json.loads(run.one("aws:cloudwatch/dashboard:Dashboard").inputs["dashboardBody"])
    titles = {w["properties"]["title"]: w for w in body["widgets"]}
    socket = titles["Live updates: WebSocket API"]["properties"]["metrics"]
    assert socket[0] == ["AWS/ApiGateway", "ConnectCount", "ApiId", _api(run).id, "Stage", "v1"]
    functions = titles["Live updates: realtime and notifier"]["properties"]["metrics"]
    assert {m[3] for m in functions if m[2] == "FunctionName"} == {
        run.function("realtime").state["name"],
        run.function("notifier").state["name"],
    }
    stream = titles["Notifier: stream age and failed batches"]["properties"]["metrics"]
    assert [m[1] for m in stream] == ["IteratorAge", "ApproximateNumberOfMessagesVisible"]
    webhooks = titles["Webhook deliveries"]["properties"]["metrics"]
    assert webhooks[0][3] == run.one(QUEUE, "events-webhooks").state["name"]
    assert webhooks[2][3] == run.one(QUEUE, "events-webhooks-dlq").state["name"]
    # Below the rest, each in a place of its own
    ours = [titles[t] for t in titles if t.startswith(("Live updates", "Notifier", "Webhook"))]
    assert min(w["y"] for w in ours) >= max(w["y"] + w["height"] for w in body["widgets"] if w not in ours)


def test_every_events_handler_is_packed_into_the_apis_zip(run: StackRun) -> None:
    # GIVEN the API's bundle rules WHEN a handler string names a module THEN its file is in the zip
    # (under an included path, under no excluded one) that the function runs from
    bundle = packaging.BUNDLES["api"]
    for name in ("realtime", "notifier", "webhooks"):
        module = run.function(name).inputs["handler"].rsplit(".", 1)[0]
        path = module.replace(".", "/") + ".py"
        assert any(path.startswith(f"{root}/") for root in bundle.include), path
        assert not any(path == e or path.startswith(f"{e}/") for e in bundle.exclude), path
