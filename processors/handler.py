"""The processor Lambda's composition root: SQS batches of S3 events in, partial failures out.

A record that raises is reported in `batchItemFailures` and only it comes back after its
visibility timeout; the rest of the batch is deleted. After maxReceiveCount it goes to the DLQ.
Before any record is worked on, every upload of the batch is marked as arrived and records
received more than once are sent on to be processed alone (processors/batches.py), so a crash of
this invocation costs its neighbours nothing.
"""

from __future__ import annotations

import os
import warnings
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.adapters.emf_metrics import EmfMetrics, powertools_metrics
from app.adapters.s3_storage import S3MediaStorage
from app.adapters.sqs_queue import SqsForwarder
from app.domain.delivery import cache_control
from app.domain.jobs import Job
from app.domain.limits import PROCESSOR_MEMORY_MB
from app.settings import Settings
from processors import batches
from processors.messages import jobs_from
from processors.pipeline import Pipeline, PipelineConfig

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
    from aws_lambda_powertools.utilities.typing import LambdaContext

# The service from POWERTOOLS_SERVICE_NAME (the stack sets it per function), as the modules' child
# loggers take it: only a parent of the same name gives them its keys (media id, attempt).
logger = Logger()
processor = BatchProcessor(event_type=EventType.SQS)
metrics = powertools_metrics()
# A batch whose records were all isolated or were S3's test event publishes nothing: Powertools
# warns on every such flush, a line of noise per invocation that says nothing is wrong.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)
# Off locally (POWERTOOLS_TRACE_DISABLED, set by the embedded stack): there is no X-Ray daemon. Only
# boto3's calls are patched: patching every library the SDK knows costs twice the cold start
# (docs/performance.md), and boto3 is all these functions call out with.
tracer = Tracer(patch_modules=["botocore"])


@cache
def _settings() -> Settings:
    return Settings.from_env()


@cache
def _repository() -> DynamoMediaRepository:
    return DynamoMediaRepository(_settings().table_name)


@cache
def _forwarder() -> SqsForwarder | None:
    isolation = _settings().isolation_queue_url
    return SqsForwarder(_settings().jobs_queue_url, isolation) if isolation else None


@cache
def _pipeline() -> Pipeline:
    settings = _settings()
    config = PipelineConfig(
        rules=settings.rules,
        lease=timedelta(seconds=settings.lease_seconds),
        # Lambda says how big the function is, and so does the embedded stack's worker; the default
        # (the deployed size) is for a handler called with neither, as a test may call it.
        memory_mb=int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", str(PROCESSOR_MEMORY_MB))),
    )
    return Pipeline(
        _repository(),
        S3MediaStorage(
            settings.uploads_bucket,
            settings.processed_bucket,
            # Outputs are served through URLs that live at most this long: browsers keep them no longer.
            output_cache_control=cache_control(settings.media_url_ttl_seconds),
        ),
        config,
        clock=lambda: datetime.now(UTC),
        metrics=EmfMetrics(metrics),
        annotate=_annotate,
    )


def _annotate(key: str, value: str | int) -> None:
    # An int is a numbers.Number at run time; mypy does not see int as one.
    tracer.put_annotation(key, value)  # type: ignore[arg-type]
    if key == "attempt":  # the rest of the attempt's log lines say which one it is
        logger.append_keys(attempt=value)


def record_handler(record: SQSRecord) -> None:
    for job in jobs_from(record.body, uploads_bucket=_settings().uploads_bucket):
        # Every line about this job names its item and the message that brought it (and its attempt,
        # once claimed: _annotate), and only while this job is worked on.
        logger.append_keys(media_id=job.media_id, message_id=record.message_id)
        try:
            _run(job)
        except Exception:
            if int(record.attributes.approximate_receive_count) >= _settings().max_receives:
                _pipeline().give_up(job)  # this failure sends the message to the DLQ
            raise
        finally:
            logger.remove_keys(["media_id", "message_id", "attempt"])


@tracer.capture_method(capture_response=False)
def _run(job: Job) -> None:
    """One job in a subsegment of its own, so that its annotations (`_annotate`: kind, outcome,
    attempt) are its own: a batch's jobs would otherwise overwrite each other's on the one segment."""
    _pipeline().run(job)


@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics(capture_cold_start_metric=True)
@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    settings = _settings()
    records = event.get("Records", [])
    batches.note_arrivals(
        records, _repository(), uploads_bucket=settings.uploads_bucket, now=datetime.now(UTC)
    )
    kept = batches.isolate(records, _forwarder(), source_queue_url=settings.jobs_queue_url)
    if not kept:  # all isolated: nothing failed here
        return {"batchItemFailures": []}
    return process_partial_response(
        event={**event, "Records": kept}, record_handler=record_handler, processor=processor, context=context
    )
