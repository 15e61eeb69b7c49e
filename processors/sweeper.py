"""The dead-letter sweep Lambda's composition root: invoked on a schedule (EventBridge in AWS, the
supervisor of `mediapipe dev` locally), it marks FAILED `RETRIES_EXHAUSTED` the items whose jobs are
in the dead-letter queue and that nobody works on, leaving every message where it is
(processors/dead_letters.py). It needs no media code, so it imports none."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.adapters.sqs_queue import SqsDeadLetters
from app.settings import Settings
from processors.dead_letters import DeadLetterSweep

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

# The service from POWERTOOLS_SERVICE_NAME, as processors/dead_letters.py's child logger takes it.
logger = Logger()


@cache
def _sweep() -> DeadLetterSweep:
    settings = Settings.from_env()
    if settings.dead_letter_queue_url is None:
        raise RuntimeError("MEDIAPIPE_DEAD_LETTER_QUEUE_URL is not set: there is no DLQ to sweep")
    return DeadLetterSweep(
        SqsDeadLetters(settings.dead_letter_queue_url),
        DynamoMediaRepository(settings.table_name),
        uploads_bucket=settings.uploads_bucket,
        clock=lambda: datetime.now(UTC),
    )


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    return asdict(_sweep().run())
