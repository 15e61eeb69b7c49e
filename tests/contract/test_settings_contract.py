"""The environment the Pulumi program gives each Lambda is exactly what `app.settings` reads."""

from __future__ import annotations

import json
import os
from unittest import mock

from app.settings import PROCESSABLE_TYPES, Settings, env_names
from infra import config, settings_rules
from tests.infra.stack_harness import StackRun, short_name

# Where the emulator is; and the JWKS of the emulator's user pool: in AWS it stays unset, so the
# functions fetch the keys from Cognito's own URL for MEDIAPIPE_USER_POOL_ID.
LOCAL_ONLY = {"AWS_ENDPOINT_URL", "MEDIAPIPE_USER_POOL_JWKS_URL"}
# Powertools' own, not a setting: each function's service name (logs and metrics).
POWERTOOLS = {"POWERTOOLS_SERVICE_NAME"}
REQUIRED = {
    f"MEDIAPIPE_{name.upper()}" for name, field in Settings.model_fields.items() if field.is_required()
}


def _environments(run: StackRun) -> dict[str, dict[str, str]]:
    return {f.name: f.inputs["environment"]["variables"] for f in run.of_type("aws:lambda/function:Function")}


def test_both_functions_get_exactly_the_settings_names(run: StackRun) -> None:
    # GIVEN the names Settings reads WHEN the stack is built THEN each Lambda gets all and only those
    for function, variables in _environments(run).items():
        assert set(variables) - POWERTOOLS == set(env_names()) - LOCAL_ONLY, function
        assert variables["POWERTOOLS_SERVICE_NAME"] == f"mediapipe-{short_name(function)}"
        assert set(variables) >= REQUIRED
        assert not set(variables) & LOCAL_ONLY


def test_settings_parse_the_environment_infra_sets(run: StackRun) -> None:
    for variables in _environments(run).values():
        parsed = _parse(variables)
        assert parsed.table_name == run.outputs["table_name"]
        assert parsed.uploads_bucket == run.outputs["uploads_bucket"]
        assert parsed.processed_bucket == run.outputs["processed_bucket"]
        assert parsed.jobs_queue_url == run.outputs["jobs_queue_url"]
        assert parsed.cdn_base_url == run.outputs["cdn_url"]
        assert parsed.accepted_types, "configuration must leave something processable"
        assert parsed.default_preset in {p.name for p in parsed.presets}
        assert parsed.aws_endpoint_url is None


def _parse(variables: dict[str, str]) -> Settings:
    with mock.patch.dict(os.environ, variables, clear=True):
        return Settings.from_env()


def test_playground_and_introspection_follow_the_stack(dev: StackRun, prod: StackRun) -> None:
    for function_env in _environments(dev).values():
        assert _parse(function_env).playground
        assert _parse(function_env).introspection
    for function_env in _environments(prod).values():
        assert not _parse(function_env).playground
        assert not _parse(function_env).introspection


def test_lease_outlasts_the_processor_and_ends_before_the_visibility_timeout(run: StackRun) -> None:
    processor = next(f for f in run.of_type("aws:lambda/function:Function") if f.name.endswith("processor"))
    jobs = run.one("aws:sqs/queue:Queue", "jobs")
    lease = _parse(processor.inputs["environment"]["variables"]).lease_seconds
    assert processor.inputs["timeout"] < lease < jobs.inputs["visibilityTimeoutSeconds"]


def test_presets_travel_as_json(run: StackRun) -> None:
    for variables in _environments(run).values():
        assert [p["name"] for p in json.loads(variables["MEDIAPIPE_PRESETS"])] == ["default", "thumbnail"]


def test_the_processor_gives_up_on_the_receive_that_sends_a_message_to_the_dlq(run: StackRun) -> None:
    processor = next(f for f in run.of_type("aws:lambda/function:Function") if f.name.endswith("processor"))
    jobs = run.one("aws:sqs/queue:Queue", "jobs")
    max_receives = _parse(processor.inputs["environment"]["variables"]).max_receives
    assert max_receives == json.loads(jobs.inputs["redrivePolicy"])["maxReceiveCount"]


def test_a_whole_batch_of_items_at_their_time_budget_fits_in_the_processor_timeout(run: StackRun) -> None:
    # GIVEN what the processor reads (its time budget per item) and how it is invoked (batch, timeout)
    processor = next(f for f in run.of_type("aws:lambda/function:Function") if f.name.endswith("processor"))
    mapping = run.one("aws:lambda/eventSourceMapping:EventSourceMapping", "functions-jobs")
    limits = _parse(processor.inputs["environment"]["variables"]).limits
    # WHEN every record of a full batch is the largest original allowed (streamed from S3 at the
    # rate the program assumes) and uses its whole budget, one after another
    download = limits.largest_original() / config.S3_READ_BYTES_PER_S
    per_record = download + limits.max_processing_seconds + config.ITEM_OVERHEAD_S
    needed = mapping.inputs["batchSize"] * per_record + config.INVOCATION_OVERHEAD_S
    # THEN the invocation still ends before Lambda stops it (which would fail the whole batch)
    assert needed <= processor.inputs["timeout"]


def test_the_stack_default_accepts_every_type_the_build_processes(run: StackRun) -> None:
    assert set(settings_rules.PROCESSABLE_TYPES) == PROCESSABLE_TYPES
    assert len(settings_rules.PROCESSABLE_TYPES) == len(PROCESSABLE_TYPES)  # no duplicates
    for variables in _environments(run).values():  # neither stack file narrows it
        assert _parse(variables).accepted_types == PROCESSABLE_TYPES


def test_the_work_budget_travels_to_the_api_and_its_defaults_agree(run: StackRun) -> None:
    # GIVEN the stack's throttle section WHEN the API Lambda parses its environment THEN it has the
    # stack's work budget; and a stack that says nothing gets the app's own defaults
    api = next(f for f in run.of_type("aws:lambda/function:Function") if f.name.endswith("api"))
    throttle = config.Throttle()
    parsed = _parse(api.inputs["environment"]["variables"])
    assert (parsed.work_rate.per_minute, parsed.work_rate.burst) == (60, 100)
    defaults = Settings.model_fields
    assert (throttle.work_per_minute, throttle.work_burst) == (
        defaults["work_per_minute"].default,
        defaults["work_burst"].default,
    )


def test_the_events_settings_parse_to_the_stacks_own_resources(run: StackRun) -> None:
    # GIVEN what events out reads WHEN each function parses its environment THEN it names the
    # realtime table, the WebSocket stage's @connections endpoint, the user pool and both its app
    # clients, the webhook queue; loopback targets are refused; the JWKS are Cognito's own
    clients = {c.id for c in run.of_type("aws:cognito/userPoolClient:UserPoolClient")}
    api_id = run.one("aws:apigatewayv2/api:Api").id
    for variables in _environments(run).values():
        parsed = _parse(variables)
        assert parsed.realtime_table_name == run.outputs["realtime_table_name"]
        assert parsed.websocket_endpoint == f"https://{api_id}.execute-api.eu-west-1.amazonaws.com/v1"
        assert parsed.websocket_endpoint.replace("https://", "wss://") == run.outputs["realtime_url"]
        assert parsed.user_pool_id == run.outputs["user_pool_id"]
        assert (
            parsed.user_pool_client_ids
            == clients
            == {run.outputs["ui_client_id"], run.outputs["cli_client_id"]}
        )
        assert parsed.user_pool_jwks_url is None
        assert parsed.webhook_queue_url == run.outputs["webhook_queue_url"]
        assert parsed.webhook_allow_loopback is False
