"""Giving up on a job, from either side of the dead-letter queue.

A job whose last delivery fails is given up by the processor itself (`Pipeline.give_up`), but a
processor that dies (out of memory, past its timeout, killed) never gets to: its message reaches the
DLQ and the item would stay PROCESSING, or AWAITING_UPLOAD, for ever. The sweep closes that gap from
the DLQ's side. It reads the DLQ without taking anything out of it, so `mediapipe redrive`, SQS's
message move tasks and the DLQ alarm keep working on the very same messages, and it marks each job's
item FAILED `RETRIES_EXHAUSTED` with the same conditional write: only an item nobody works on
(awaiting its upload, or PROCESSING with a lapsed lease) changes, so sweeping a message twice, or
after a redriven copy finished the item, does nothing. A claim accepts such an item again, so a
redriven message still finishes it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from aws_lambda_powertools import Logger

from app.domain.errors import ErrorCode
from app.domain.jobs import Job
from app.domain.models import ItemError
from app.domain.ports import Clock, DeadLetters, MediaRepository
from processors.messages import UnrecognisedMessage, jobs_from

logger = Logger(child=True)

EXHAUSTED = ItemError(
    ErrorCode.RETRIES_EXHAUSTED,
    "Processing kept failing for a reason on our side; retrying later may help.",
)
# Dead letters read per sweep: more means something else is badly wrong, and the next sweep goes on.
MAX_LETTERS = 1000


def give_up(repository: MediaRepository, job: Job, clock: Clock) -> bool:
    """Mark the job's item FAILED RETRIES_EXHAUSTED if nobody works on it. True if it changed."""
    if repository.abandon(job.owner, job.media_id, EXHAUSTED, now=clock()):
        logger.error("Retries exhausted: item marked FAILED", extra={"media_id": job.media_id})
        return True
    return False


@dataclass(frozen=True, slots=True)
class SweepReport:
    letters: int  # messages read in the DLQ
    jobs: int  # jobs they carry
    failed: int  # items this sweep marked FAILED
    unrecognised: int  # messages that are not jobs (left for a human, as before)


class DeadLetterSweep:
    def __init__(
        self, letters: DeadLetters, repository: MediaRepository, *, uploads_bucket: str, clock: Clock
    ) -> None:
        self._letters = letters
        self._repository = repository
        self._uploads_bucket = uploads_bucket
        self._clock = clock

    def run(self) -> SweepReport:
        bodies = self._letters.peek(limit=MAX_LETTERS)
        jobs: list[Job] = []
        unrecognised = 0
        for body in bodies:
            try:
                jobs.extend(jobs_from(body, uploads_bucket=self._uploads_bucket))
            except UnrecognisedMessage:
                unrecognised += 1
        failed = sum(give_up(self._repository, job, self._clock) for job in jobs)
        report = SweepReport(letters=len(bodies), jobs=len(jobs), failed=failed, unrecognised=unrecognised)
        if bodies:
            logger.info("Dead letters swept", extra=asdict(report))
        return report
