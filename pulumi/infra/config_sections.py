"""The stack config's sections (`api`, `processor`, `limits`, ...) as models: each key's default and
bounds stated once, as a Field, and the rules between keys as validators.

Keys are written camelCase in the stack files (`processor.memoryMb`); the models keep the Python
names the components read (`memory_mb`, `timeout_s`) and accept either. Values are checked strictly:
a stack file's `"60"` or `true` is not a number, as the functions' environment would make it one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.alias_generators import to_camel

# The one definition of the limits the functions enforce, and of the processor's memory size. The
# only module of the Lambda code this program imports: it is pure (pydantic and the domain's models).
from app.domain import limits as domain

# API Gateway's integration timeout is 29 s; the API Lambda must give up before it.
API_GATEWAY_TIMEOUT_S = 29
# The queue's visibility timeout is this many processor timeouts (AWS recommends at least six).
VISIBILITY_FACTOR = 6
# The processor works a batch's records one after another, and the Lambda timeout covers the whole
# batch. Each record may use `limits.maxProcessingSeconds` of media work, plus what the budget does
# not cover: this much for writing the outputs and the item and the overrun of the one native call
# the cooperative deadline cannot interrupt, and the time to stream the largest original allowed
# from S3 to /tmp at S3_READ_BYTES_PER_S (one GET stream from a Lambda; a conservative figure).
ITEM_OVERHEAD_S = 15
S3_READ_BYTES_PER_S = 64 * 1024 * 1024
# Once per invocation: a cold start imports PyAV or Pillow on its first record.
INVOCATION_OVERHEAD_S = 10
# Records per invocation this program accepts (SQS allows more only with a batching window).
MAX_BATCH_SIZE = 10
# The memory sizes Lambda offers, in MB.
LAMBDA_MIN_MB, LAMBDA_MAX_MB = 128, 10240
# Lambda's smallest /tmp (ephemeral storage), its default, and its largest, in MB.
EPHEMERAL_MIN_MB, EPHEMERAL_MAX_MB = 512, 10_240
# Lambda's ceiling: a video's transcode budget (limits.maxTranscodeSeconds) needs most of it.
PROCESSOR_TIMEOUT_S = 900
# Where originals may move after `transitionDays`. A retry (retryProcessing, a redelivered message, a
# DLQ redrive) reads the original again, so it must stay readable at once: GLACIER_IR answers GetObject
# in milliseconds like the IA classes, and INTELLIGENT_TIERING stays in its instant tiers (its archive
# tiers need a bucket configuration this program never creates). GLACIER (Flexible Retrieval) and
# DEEP_ARCHIVE answer GetObject with InvalidObjectState until a restore of hours has finished.
STORAGE_CLASSES = ("STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR")
NEEDS_RESTORE = frozenset({"GLACIER", "DEEP_ARCHIVE"})
# S3 refuses a lifecycle transition into these before an object is 30 days old.
THIRTY_DAYS_FIRST = frozenset({"STANDARD_IA", "ONEZONE_IA"})
# Cognito's second factor: off, or a TOTP app each user may add (no SMS: it needs an SNS role and costs).
MFA_MODES = ("OFF", "OPTIONAL")

# camelCase keys, Python names accepted too; unknown keys refused (a typo would silently do nothing).
SECTION = ConfigDict(
    frozen=True,
    extra="forbid",
    strict=True,
    alias_generator=to_camel,
    validate_by_name=True,
    validate_by_alias=True,
)


class Limits(domain.Limits):
    """`limits`: the domain's fields, defaults and bounds, under their camelCase keys (maxPixels)."""

    model_config = SECTION


class ApiFunction(BaseModel):
    model_config = SECTION

    memory_mb: int = Field(default=512, ge=LAMBDA_MIN_MB, le=LAMBDA_MAX_MB)
    timeout_s: int = Field(default=15, ge=1, le=API_GATEWAY_TIMEOUT_S - 1, alias="timeoutSeconds")


def ephemeral_mb(limits: domain.Limits) -> int:
    """The processor's /tmp: the largest original, the longest video's renditions, and headroom,
    within what Lambda offers."""
    needed = (
        -(-limits.largest_original() // domain.MIB) + limits.rendition_space_mb() + domain.TMP_HEADROOM_MB
    )
    return max(EPHEMERAL_MIN_MB, min(needed, EPHEMERAL_MAX_MB))


def download_seconds(limits: domain.Limits) -> int:
    """The longest the largest original allowed takes to reach /tmp."""
    return -(-limits.largest_original() // S3_READ_BYTES_PER_S)


def record_seconds(limits: domain.Limits) -> float:
    """The longest one record may need: its download, its media work and the rest."""
    return download_seconds(limits) + limits.longest_budget() + ITEM_OVERHEAD_S


def batch_seconds(batch_size: int, limits: domain.Limits) -> float:
    """The longest one invocation may need: every record of a full batch at its whole budget."""
    return batch_size * record_seconds(limits) + INVOCATION_OVERHEAD_S


def largest_batch(timeout_s: int, limits: domain.Limits) -> int:
    """The default batch size: as many records as fit in the timeout (1 to MAX_BATCH_SIZE)."""
    fits = [n for n in range(1, MAX_BATCH_SIZE + 1) if batch_seconds(n, limits) <= timeout_s]
    return max(fits, default=1)


class ProcessorFunction(BaseModel):
    """Validated with `context={"limits": ...}`, a left-out batchSize is the largest that fits the
    timeout and a batch that cannot is refused; without one (a direct call) neither applies."""

    model_config = SECTION

    memory_mb: int = Field(default=domain.PROCESSOR_MEMORY_MB, ge=LAMBDA_MIN_MB, le=LAMBDA_MAX_MB)
    # The visibility timeout (6x) may be at most 12 hours; 15 minutes is Lambda's own ceiling.
    timeout_s: int = Field(default=PROCESSOR_TIMEOUT_S, ge=10, le=900, alias="timeoutSeconds")
    batch_size: int = Field(default=1, ge=1, le=MAX_BATCH_SIZE)
    batching_window_s: int = Field(default=1, ge=0, le=300, alias="batchingWindowSeconds")
    max_concurrency: int = Field(default=5, ge=2, le=1000)
    max_receives: int = Field(default=5, ge=2, le=20)
    # Extra seconds of exclusive claim beyond the processor timeout (see `lease_s`): at least 1, so
    # the lease outlasts an invocation; at most 4 timeouts, so it ends before the visibility timeout.
    lease_margin_s: int = Field(default=30, ge=1, alias="leaseMarginSeconds")

    @model_validator(mode="before")
    @classmethod
    def _batch_fills_the_timeout(cls, data: Any, info: ValidationInfo) -> Any:
        limits = (info.context or {}).get("limits")
        if limits is None or not isinstance(data, Mapping) or {"batchSize", "batch_size"} & set(data):
            return data
        timeout = data.get("timeoutSeconds", PROCESSOR_TIMEOUT_S)
        if isinstance(timeout, bool) or not isinstance(timeout, int):
            return data  # the field's own check says what is wrong
        return {**data, "batchSize": largest_batch(timeout, limits)}

    @model_validator(mode="after")
    def _lease_and_batch_fit(self, info: ValidationInfo) -> ProcessorFunction:
        most = (VISIBILITY_FACTOR - 2) * self.timeout_s
        if self.lease_margin_s > most:
            raise ValueError(
                f"processor.leaseMarginSeconds must be at most {VISIBILITY_FACTOR - 2} x timeoutSeconds "
                f"({most}), got {self.lease_margin_s}: the lease must end before the queue's visibility "
                f"timeout ({VISIBILITY_FACTOR} x timeoutSeconds)"
            )
        limits = (info.context or {}).get("limits")
        if limits is not None and not self.batch_fits(limits):
            raise ValueError(
                f"processor.timeoutSeconds ({self.timeout_s}) must cover a whole batch: batchSize "
                f"{self.batch_size} x (the larger of limits.maxProcessingSeconds and maxTranscodeSeconds "
                f"{limits.longest_budget():g} + "
                f"{ITEM_OVERHEAD_S} s + {download_seconds(limits)} s to download the largest original "
                f"allowed, per record) + {INVOCATION_OVERHEAD_S} s = {self.batch_seconds(limits):g} s; "
                "lower batchSize, the budgets or the byte limits, or raise timeoutSeconds"
            )
        return self

    @property
    def lease_s(self) -> int:
        """MEDIAPIPE_LEASE_SECONDS: longer than one invocation, shorter than one visibility timeout."""
        return self.timeout_s + self.lease_margin_s

    @property
    def visibility_timeout_s(self) -> int:
        return VISIBILITY_FACTOR * self.timeout_s

    def batch_seconds(self, limits: domain.Limits) -> float:
        return batch_seconds(self.batch_size, limits)

    def batch_fits(self, limits: domain.Limits) -> bool:
        return self.batch_seconds(limits) <= self.timeout_s


class Originals(BaseModel):
    """What happens to originals after processing: expire after N days, or move to a cheaper class."""

    model_config = SECTION

    expire_days: int | None = Field(default=None, ge=1)
    transition_days: int | None = Field(default=None, ge=1)
    storage_class: str = "STANDARD_IA"

    @model_validator(mode="after")
    def _readable_for_a_retry(self) -> Originals:
        storage_class, transition = self.storage_class, self.transition_days
        if self.expire_days is not None and transition is not None:
            raise ValueError("originals: set expireDays or transitionDays, not both")
        if "storage_class" in self.model_fields_set and transition is None:
            raise ValueError("originals.storageClass applies only with originals.transitionDays")
        if storage_class in NEEDS_RESTORE:
            raise ValueError(
                f"originals.storageClass {storage_class!r} cannot be read without a restore that takes "
                f"hours, so retrying an item would fail; use one of {', '.join(STORAGE_CLASSES)} "
                "(GLACIER_IR is read at once)"
            )
        if storage_class not in STORAGE_CLASSES:
            raise ValueError(
                f"originals.storageClass must be one of {', '.join(STORAGE_CLASSES)}, got {storage_class!r}"
            )
        if storage_class in THIRTY_DAYS_FIRST and transition is not None and transition < 30:
            raise ValueError(
                f"originals.transitionDays must be at least 30 for {storage_class} (S3 refuses an earlier "
                f"transition), got {transition}"
            )
        return self


class UserQuota(BaseModel):
    """What each person may store: items, and bytes of originals and outputs together."""

    model_config = SECTION

    max_items: int = Field(default=10_000, ge=1, le=10**9)
    max_bytes: int = Field(default=50 * 1000**3, ge=1, le=2**63 - 1)


class Audit(BaseModel):
    """The audit log's retention (the functions' MEDIAPIPE_AUDIT_RETENTION_DAYS: the same default and
    bounds, tests/contract/test_stack_config_contract.py holds them equal), and CloudTrail data events
    on the two buckets, off by default: they cost per event (docs/security.md)."""

    model_config = SECTION

    retention_days: int = Field(default=365, ge=1, le=3650)
    cloud_trail_data_events: bool = False


class Prices(BaseModel):
    """List prices of the stack's region in USD (defaults: us-east-1), for the usage estimate:
    S3 Standard per GB-month, Lambda per GB-second (docs/deployment.md lists other regions')."""

    model_config = SECTION

    storage_gb_month: float = Field(default=0.023, ge=0, description="US dollars")
    compute_gb_second: float = Field(default=0.0000166667, ge=0, description="US dollars")


class Throttle(BaseModel):
    """Per API key (the usage plan: each client's share) and for the whole API, every caller together
    (the stage: what the backend is sized for). API Gateway counts per second, so minutes are converted.
    The usage plan counts requests only; work is counted per person by the API Lambda itself (its
    owner's bucket in the table): createUpload, retryProcessing, deleteMedia, however many one holds.
    The ceilings are API Gateway's per account and region: 10,000 requests per second, burst 5,000."""

    model_config = SECTION

    requests_per_minute: int = Field(default=1000, ge=1, le=600_000)
    burst: int = Field(default=200, ge=1, le=5000)
    quota_per_day: int = Field(default=100_000, ge=1, le=100_000_000)
    total_requests_per_minute: int = Field(default=6000, ge=1, le=600_000)
    total_burst: int = Field(default=500, ge=1, le=5000)
    work_per_minute: int = Field(default=60, ge=1, le=600_000)
    work_burst: int = Field(default=100, ge=1, le=100_000)

    @model_validator(mode="after")
    def _whole_api_at_least_one_key(self) -> Throttle:
        if self.total_requests_per_minute < self.requests_per_minute or self.total_burst < self.burst:
            raise ValueError(
                f"throttle: the whole API's limit (totalRequestsPerMinute {self.total_requests_per_minute}, "
                f"totalBurst {self.total_burst}) must be at least one key's (requestsPerMinute "
                f"{self.requests_per_minute}, burst {self.burst})"
            )
        return self

    @property
    def rate_per_second(self) -> float:
        return round(self.requests_per_minute / 60, 2)

    @property
    def total_rate_per_second(self) -> float:
        return round(self.total_requests_per_minute / 60, 2)


class Alarms(BaseModel):
    """Thresholds of the alarms on the pipeline's own metrics (components/monitoring.py): p95 of an
    item's whole processing per kind, and the share of finished items that were rejected, which
    alarms only over enough items that one odd upload does not page anyone."""

    model_config = SECTION

    image_p95_ms: int = Field(default=10_000, ge=100, le=900_000)
    video_p95_ms: int = Field(default=90_000, ge=100, le=900_000)
    audio_p95_ms: int = Field(default=45_000, ge=100, le=900_000)
    rejection_rate: float = Field(default=0.25, gt=0, le=1)
    rejection_min_items: int = Field(default=10, ge=1)


class Identity(BaseModel):
    """The user pool's settings the stack chooses (the rest is fixed in components/identity.py)."""

    model_config = SECTION

    mfa: str = "OFF"

    @field_validator("mfa", mode="before")
    @classmethod
    def _a_mode(cls, mfa: object) -> object:
        if mfa not in MFA_MODES:
            # YAML 1.1 (PyYAML, some editors) reads a bare OFF as false: the stack files quote it.
            raise ValueError(f'must be "OFF" or "OPTIONAL" (a quoted string), got {mfa!r}')
        return mfa


class Domain(BaseModel):
    model_config = SECTION

    name: str = Field(min_length=1)
    hosted_zone_id: str = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _no_root_dot(cls, name: str) -> str:
        return name.rstrip(".")
