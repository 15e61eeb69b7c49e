"""`mediapipe dev`: the whole pipeline on one machine.

moto's server stands in for S3, SQS, DynamoDB and Cognito (a user pool with a demo user); worker
processes play the SQS -> Lambda event source mappings (the jobs queue's and the isolation queue's),
supervised as Lambda would supervise the function (app/local/supervisor.py), which also runs the
dead-letter sweep as the schedule does in AWS; uvicorn serves the API behind a local authorizer, the
UI and /media. The processes get the same environment variables the Pulumi program sets on the
Lambdas, so the same code runs unchanged.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain.limits import TRANSCODE_SECONDS
from app.local.credentials import Credentials
from app.local.data_folder import RECORD, StackRecord, read_record, wipe, write_record
from app.local.emulator import (
    MAX_RECEIVES,
    REGION,
    EmulatorProcess,
    Resources,
    create_resources,
    locate_resources,
)
from app.local.env import positive_float, positive_int
from app.local.hosts import is_loopback, server_names
from app.local.identity import DemoUser, LocalUserPool, create_user_pool, demo_user_from_env, ensure_user
from app.local.metrics_log import MetricsLog
from app.local.recovery import release_held_items
from app.local.state import default_state_file, metrics_file
from app.local.streams import StreamPoller
from app.local.supervisor import FunctionLimits, Supervisor, WorkerSpec
from app.local.worker import (
    LAMBDA_MEMORY_MB,
    LAMBDA_TIMEOUT_S,
    MEMORY_VARIABLE,
    TIMEOUT_VARIABLE,
    LocalContext,
)
from processors import sweeper

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# The usage plan of the deployed API (docs/deployment.md), applied per key locally.
RATE_LIMIT_PER_MINUTE = 1000
RATE_LIMIT_BURST = 200
# Origins of `npm run dev` (Vite), allowed to POST uploads to the emulated bucket.
VITE_ORIGINS = ["http://localhost:5173", "http://127.0.0.1:5173"]
# The function the workers play unless told otherwise: the supervisor holds them to it.
DEPLOYED_PROCESSOR = FunctionLimits(memory_mb=LAMBDA_MEMORY_MB, timeout_s=LAMBDA_TIMEOUT_S)
# How often the supervisor sweeps the DLQ (AWS: every five minutes; locally sooner, it is cheap).
SWEEP_EVERY_S = 60.0
# The claim's lease locally: it must outlast the slowest item (a video's transcode budget), and is
# shorter than the deployed one, so a killed worker's item comes back sooner.
LOCAL_LEASE_S = int(TRANSCODE_SECONDS) + 60
# Where a secret of the stack (its API key, the demo password) came from, for the banner.
CONFIGURED, KEPT, GENERATED = "configured", "kept", "generated"


@dataclass(frozen=True, slots=True)
class DevOptions:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    api_keys: tuple[str, ...] = ()  # MEDIAPIPE_API_KEY's; none: the kept key, else a generated one
    workers: int = 1
    state_file: Path | None = None
    verbose: bool = False
    data: Path | None = None  # where the data lasts between runs (app/local/data_folder.py)
    fresh: bool = False  # forget what `data` kept


def api_keys_from_env() -> tuple[str, ...]:
    """Keys from MEDIAPIPE_API_KEY (comma-separated), if it names any."""
    return tuple(k.strip() for k in os.environ.get("MEDIAPIPE_API_KEY", "").split(",") if k.strip())


def generate_api_key() -> str:
    return "mp_" + secrets.token_urlsafe(24)


def rate_limit_from_env() -> tuple[int, int]:
    """The deployed usage plan's numbers (requests per minute, burst), overridable for load tests."""
    per_minute = positive_int("MEDIAPIPE_RATE_LIMIT_PER_MINUTE", RATE_LIMIT_PER_MINUTE)
    return per_minute, positive_int("MEDIAPIPE_RATE_LIMIT_BURST", RATE_LIMIT_BURST)


def queue_timing_from_env() -> tuple[int, int, int]:
    """(lease, visibility timeout, max receives) in seconds/receives. The lease must outlast the
    slowest item and end before the message becomes visible again, so a redelivery can reclaim."""
    lease = positive_int("MEDIAPIPE_LEASE_SECONDS", LOCAL_LEASE_S)
    visibility = positive_int("MEDIAPIPE_LOCAL_VISIBILITY_SECONDS", max(lease + 30, lease * 3 // 2))
    if visibility <= lease:
        raise SystemExit("MEDIAPIPE_LOCAL_VISIBILITY_SECONDS must be longer than MEDIAPIPE_LEASE_SECONDS.")
    # SQS's own bound on maxReceiveCount, and the processor's (app/settings.py).
    return lease, visibility, positive_int("MEDIAPIPE_MAX_RECEIVES", MAX_RECEIVES, maximum=1000)


def function_limits_from_env() -> FunctionLimits:
    """The function the workers play: the deployed processor's memory size and the local timeout,
    unless AWS_LAMBDA_FUNCTION_MEMORY_SIZE or MEDIAPIPE_LOCAL_TIMEOUT_SECONDS say otherwise."""
    return FunctionLimits(
        memory_mb=positive_int(MEMORY_VARIABLE, DEPLOYED_PROCESSOR.memory_mb),
        timeout_s=positive_float(TIMEOUT_VARIABLE, DEPLOYED_PROCESSOR.timeout_s),
    )


def sweep_from_env() -> float:
    """Seconds between the supervisor's dead-letter sweeps."""
    return positive_float("MEDIAPIPE_LOCAL_SWEEP_SECONDS", SWEEP_EVERY_S)


def stack_environment(
    resources: Resources,
    base_url: str,
    lease_seconds: int,
    max_receives: int = MAX_RECEIVES,
    limits: FunctionLimits = DEPLOYED_PROCESSOR,
) -> dict[str, str]:
    """What the Lambdas' environment holds in AWS, pointed at the emulator."""
    return {
        "AWS_ENDPOINT_URL": resources.endpoint_url,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        **resources.credentials.environment(),
        "MEDIAPIPE_TABLE_NAME": resources.table_name,
        "MEDIAPIPE_UPLOADS_BUCKET": resources.uploads_bucket,
        "MEDIAPIPE_PROCESSED_BUCKET": resources.processed_bucket,
        "MEDIAPIPE_JOBS_QUEUE_URL": resources.queue_url,
        "MEDIAPIPE_ISOLATION_QUEUE_URL": resources.isolation_queue_url,
        "MEDIAPIPE_DEAD_LETTER_QUEUE_URL": resources.dlq_url,
        "MEDIAPIPE_CDN_BASE_URL": base_url,
        "MEDIAPIPE_WEBHOOK_QUEUE_URL": resources.webhook_queue_url,
        # Receivers on this machine (http://127.0.0.1:...) work; nothing else private does.
        "MEDIAPIPE_WEBHOOK_ALLOW_LOOPBACK": "true",
        **_delivery_environment(resources),
        "MEDIAPIPE_LEASE_SECONDS": str(lease_seconds),
        "MEDIAPIPE_MAX_RECEIVES": str(max_receives),
        "POWERTOOLS_SERVICE_NAME": "mediapipe",
        # No X-Ray daemon here: the processor's Tracer records nothing (metrics still print, as EMF).
        "POWERTOOLS_TRACE_DISABLED": "true",
        # What Lambda tells a function about its size; the worker plays the deployed processor's.
        MEMORY_VARIABLE: str(limits.memory_mb),
        TIMEOUT_VARIABLE: f"{limits.timeout_s:g}",
        "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
    }


def realtime_environment(resources: Resources, pool: LocalUserPool, base_url: str) -> dict[str, str]:
    """What the realtime and notifier functions need beyond the rest: their table, the @connections
    API (the dev server's own), and the user pool whose tokens `connection_init` carries."""
    user_pool = pool.user_pool()
    return {
        "MEDIAPIPE_REALTIME_TABLE_NAME": resources.realtime_table_name,
        "MEDIAPIPE_WEBSOCKET_ENDPOINT": base_url,
        "MEDIAPIPE_USER_POOL_ID": user_pool.pool_id,
        "MEDIAPIPE_USER_POOL_CLIENT_IDS": ",".join(sorted(user_pool.client_ids)),
        "MEDIAPIPE_USER_POOL_JWKS_URL": user_pool.jwks_url,
    }


def stream_poller(resources: Resources) -> StreamPoller:
    """The media table's stream mapping, driving the notifier in this process (it posts to the
    sockets this server holds, through the @connections API, as in AWS)."""
    from app import notifier_handler
    from app.local.emulator import client

    dynamodb = client("dynamodb", resources.endpoint_url, resources.credentials)
    streams = client("dynamodbstreams", resources.endpoint_url, resources.credentials)
    return StreamPoller(dynamodb, streams, resources.table_name, notifier_handler.handler).start()


def ui_origins(bind_host: str, port: int) -> list[str]:
    """Where the UI runs: the dev server under every name it answers to, and Vite's dev server.
    The emulator grants CORS to these and no other."""
    return [f"http://{name}:{port}" for name in server_names(bind_host)] + VITE_ORIGINS


def _delivery_environment(resources: Resources) -> dict[str, str]:
    """Where the URL-signing key is and which distribution deletes invalidate, as in AWS."""
    delivery = resources.delivery
    if delivery is None:
        raise ValueError("the emulator's resources have no URL-signing key")
    return {
        "MEDIAPIPE_URL_SIGNING_SECRET_ID": delivery.signing_secret_id,
        "MEDIAPIPE_URL_SIGNING_KEY_ID": delivery.signing_key_id,
        "MEDIAPIPE_CDN_DISTRIBUTION_ID": delivery.distribution_id,
    }


def run_dev(options: DevOptions) -> None:
    import uvicorn

    from app.local.request_log import RequestLog
    from app.local.server import create_local_app
    from app.settings import Settings

    # Read (and refused, when mistyped) before anything starts.
    lease, visibility, max_receives = queue_timing_from_env()
    limits, rate_limit, sweep_every_s = function_limits_from_env(), rate_limit_from_env(), sweep_from_env()
    listener = _bind(options.host, options.port)
    host, port = listener.getsockname()[:2]
    base_url = f"http://{host}:{port}"
    credentials, origins = Credentials.generate(), ui_origins(options.host, port)
    if options.fresh and options.data is not None:
        wipe(options.data)
    moto = EmulatorProcess(DEFAULT_HOST, credentials, origins, options.data)
    endpoint = moto.endpoint_url
    supervisor: Supervisor | None = None
    stream: StreamPoller | None = None
    state_file: Path | None = None
    try:
        # A profile or session token from the user's shell must not leak into the emulated stack.
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            os.environ.pop(name, None)
        stack = _provision(
            moto, credentials, origins, options, visibility=visibility, max_receives=max_receives
        )
        resources, pool, demo, api_keys = stack.resources, stack.pool, stack.demo, stack.api_keys
        os.environ.update(stack_environment(resources, base_url, lease, max_receives, limits))
        os.environ.update(realtime_environment(resources, pool, base_url))
        released = release_held_items(resources.table_name, now=datetime.now(UTC)) if moto.restored else 0
        settings = Settings.from_env()
        app = create_local_app(
            settings,
            list(api_keys),
            pool,
            rate_limit=rate_limit,
            hosts=server_names(options.host),
            credentials=credentials,
        )
        _warm_up()
        stream = stream_poller(resources)
        state_file = options.state_file or default_state_file(port)
        metrics = MetricsLog(metrics_file(state_file)).reset()
        supervisor = supervise(options.workers, limits, sweep_every_s, metrics)
        _write_state(state_file, base_url, api_keys, resources, pool, demo)
        kept = data_summary(options.data, restored=moto.restored, released=released)
        print(
            banner(
                base_url,
                api_keys,
                endpoint,
                demo,
                options.host,
                playground=settings.playground,
                keys=stack.keys,
                password=stack.password,
                data=kept,
            ),
            flush=True,
        )
        config = uvicorn.Config(
            RequestLog(app),  # one JSON line per request; uvicorn's own access log only with --verbose
            log_level="info" if options.verbose else "warning",
            access_log=options.verbose,
            lifespan="off",
        )
        # uvicorn re-raises Ctrl-C after its graceful shutdown; ours follows below.
        with contextlib.suppress(KeyboardInterrupt):
            uvicorn.Server(config).run(sockets=[listener])
    finally:
        if stream is not None:
            stream.stop()
        if supervisor is not None:
            supervisor.stop()
        moto.stop()
        listener.close()
        if state_file is not None:
            state_file.unlink(missing_ok=True)
            metrics_file(state_file).unlink(missing_ok=True)
        print("mediapipe dev stopped.", flush=True)


@dataclass(frozen=True, slots=True)
class Provisioned:
    resources: Resources
    pool: LocalUserPool
    demo: DemoUser
    api_keys: tuple[str, ...]
    keys: str  # where the API keys came from: CONFIGURED, KEPT or GENERATED
    password: str  # and the demo user's password


def _provision(
    moto: EmulatorProcess,
    credentials: Credentials,
    origins: list[str],
    options: DevOptions,
    *,
    visibility: int,
    max_receives: int,
) -> Provisioned:
    """The stack's resources, user pool, demo user and API keys: found again in a restored
    emulator (its data folder's record names what cannot be found by name), else made now; and
    the record written for the next run."""
    folder = options.data
    record = read_record(folder) if folder is not None else None
    endpoint = moto.endpoint_url
    if moto.restored:
        if record is None:
            raise SystemExit(f"{folder} holds the emulator's data but no {RECORD}: start with --fresh.")
        resources = locate_resources(
            endpoint,
            credentials=credentials,
            ui_origins=origins,
            visibility_timeout_s=visibility,
            max_receives=max_receives,
            delivery=record.delivery,
        )
        pool = record.user_pool(endpoint)
    else:
        resources = create_resources(
            endpoint,
            credentials=credentials,
            ui_origins=origins,
            visibility_timeout_s=visibility,
            max_receives=max_receives,
        )
        pool = create_user_pool(endpoint, credentials)
    assert resources.delivery is not None  # both ways make or find the URL-signing key
    demo = demo_user_from_env(kept=record.demo if record is not None else None)
    ensure_user(pool, demo.email, demo.password, credentials)
    kept_keys = record.generated_api_keys if record is not None else ()
    api_keys = options.api_keys or kept_keys or (generate_api_key(),)
    keys = CONFIGURED if options.api_keys else KEPT if kept_keys else GENERATED
    password = (
        CONFIGURED
        if not demo.generated
        else KEPT
        if record is not None and demo == record.demo
        else GENERATED
    )
    if folder is not None:
        write_record(
            folder,
            StackRecord(
                generated_api_keys=() if options.api_keys else api_keys,
                demo=demo,
                pool_id=pool.pool_id,
                ui_client_id=pool.ui_client_id,
                cli_client_id=pool.cli_client_id,
                delivery=resources.delivery,
            ),
        )
    return Provisioned(resources, pool, demo, api_keys, keys, password)


def data_summary(folder: Path | None, *, restored: bool, released: int) -> str:
    """The banner's account of the data: where it lasts, and whether this run found it there."""
    if folder is None:
        return "not kept: port 0 picks a new port each run (--profile NAME keeps it)"
    if not restored:
        return f"new; kept in {folder} across restarts (--fresh starts empty)"
    held = f"; {released} interrupted item(s) resume" if released else ""
    return f"restored from {folder}{held} (--fresh starts empty)"


def supervise(
    workers: int,
    limits: FunctionLimits,
    sweep_every_s: float = SWEEP_EVERY_S,
    metrics: MetricsLog | None = None,
) -> Supervisor:
    """`workers` pollers of the jobs queue, one of the isolation queue and one of the webhook queue,
    restarted when they die,
    and the dead-letter sweep, all in this process's environment (the stack's); the workers' EMF
    lines kept in `metrics`."""
    # The supervisor's lines (a worker died, was killed, restarts) go with the stack's own output.
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(name)s  %(message)s", datefmt="%H:%M:%S")

    def sweep() -> object:
        context: Any = LocalContext()  # the parts of a LambdaContext the sweep's handler reads
        return sweeper.handler({"source": "mediapipe.supervisor"}, context)

    specs = [WorkerSpec(f"jobs-{n + 1}") for n in range(workers)]
    specs.append(WorkerSpec("isolation", ("--queue", "isolation")))
    specs.append(WorkerSpec("webhooks", ("--queue", "webhooks")))  # the webhook sender's mapping
    return Supervisor(
        specs,
        env=dict(os.environ),
        limits=limits,
        sweep=sweep,
        sweep_every_s=sweep_every_s,
        metrics=metrics,
    ).start()


def _warm_up() -> None:
    """Create the AWS clients now rather than on the first request, which would feel slow."""
    from app.adapters.aws import dynamodb_client, s3_client, sqs_client

    for make in (dynamodb_client, s3_client, sqs_client):
        make()


def banner(
    base_url: str,
    api_keys: tuple[str, ...],
    aws_endpoint: str,
    demo: DemoUser,
    host: str = DEFAULT_HOST,
    *,
    playground: bool,
    keys: str = GENERATED,
    password: str | None = None,
    data: str = "",
) -> str:
    """What is running and how to reach it: true to the settings (`playground` is
    MEDIAPIPE_PLAYGROUND's; `keys` and `password` where the API keys and the demo password came
    from, CONFIGURED, KEPT or GENERATED; `data` the data folder's account)."""
    generated = _origin(keys, "MEDIAPIPE_API_KEY")
    more = f"   (+{len(api_keys) - 1} more)" if len(api_keys) > 1 else ""
    chosen = _origin(password or (GENERATED if demo.generated else CONFIGURED), "MEDIAPIPE_DEMO_PASSWORD")
    command = _command_name()
    return "\n".join(
        [
            "",
            "  media-pipeline is running locally",
            "",
            f"  UI           {base_url}/",
            f"  GraphQL      {base_url}/graphql   {PLAYGROUND_ON if playground else PLAYGROUND_OFF}",
            f"  Health       {base_url}/healthz",
            f"  Demo user    {demo.email}",
            f"  Password     {demo.password}{chosen}",
            "               Sign up for more in the UI: the local stack accepts any confirmation code.",
            f"  API key      {api_keys[0]}{generated}{more}",
            f"  AWS (moto)   {aws_endpoint}",
            *([f"  Data         {data}"] if data else []),
            WEBHOOKS_LOCAL,
            "",
            f"  Try it:      {command} login --api-url {base_url}/graphql",
            f"               {command} upload photo.jpg --wait",
            "  Stop:        Ctrl-C",
            "",
            *([] if is_loopback(host) else [EXPOSED_WARNING.format(host=host), ""]),
        ]
    )


def _origin(origin: str, variable: str) -> str:
    """The banner's note on a secret: nothing when the user chose it."""
    if origin == CONFIGURED:
        return ""
    made = "kept from the last run" if origin == KEPT else "generated"
    return f"   ({made}; set {variable} to choose)"


WEBHOOKS_LOCAL = (
    "  Webhooks     loopback targets and plain http are allowed here (http://127.0.0.1:PORT/...),\n"
    "               for receivers on this machine; in AWS only https to public addresses is."
)
PLAYGROUND_ON = "(playground: API key filled in, add an ID token)"
PLAYGROUND_OFF = "(POST only: the playground is off, MEDIAPIPE_PLAYGROUND=false)"

EXPOSED_WARNING = (
    "  Warning:     listening on {host}: anyone who can reach this port can sign up and use the\n"
    "               stack. Uploads and sign-in go to the emulator on 127.0.0.1, so they only work\n"
    "               from this machine anyway. Prefer the default --host 127.0.0.1."
)


def _command_name() -> str:
    """How the user can call this command again from where they are (e.g. .venv/bin/mediapipe)."""
    script = Path(sys.argv[0])
    if script.name != "mediapipe":
        return "mediapipe"
    try:
        return str(script.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(script)


def _bind(host: str, port: int) -> socket.socket:
    """Bind before anything starts, so a busy port fails fast with a clear message (port 0: any free)."""
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise SystemExit(
            f"Cannot listen on {host}:{port} ({error.strerror}). Try another --port or PORT."
        ) from error
    listener.listen(128)
    return listener


def _write_state(
    path: Path,
    base_url: str,
    api_keys: tuple[str, ...],
    resources: Resources,
    pool: LocalUserPool,
    demo: DemoUser,
) -> None:
    """Where everything is, for tests and tools that drive a running stack."""
    state = {
        "url": base_url,
        "graphqlUrl": f"{base_url}/graphql",
        "apiKeys": list(api_keys),
        "awsEndpoint": resources.endpoint_url,
        "awsCredentials": resources.credentials.environment(),  # for tools such as redrive
        "uploadsBucket": resources.uploads_bucket,
        "processedBucket": resources.processed_bucket,
        "tableName": resources.table_name,
        "queueUrl": resources.queue_url,
        "dlqUrl": resources.dlq_url,
        "isolationQueueUrl": resources.isolation_queue_url,
        "webhookQueueUrl": resources.webhook_queue_url,
        "webhookDlqUrl": resources.webhook_dlq_url,
        "userPoolId": pool.pool_id,
        "uiClientId": pool.ui_client_id,
        "cliClientId": pool.cli_client_id,
        "demoUser": {"email": demo.email, "password": demo.password},
        "metricsFile": metrics_file(path).name,  # beside this file: the workers' EMF lines
        "distributionId": resources.delivery.distribution_id if resources.delivery else None,
        "urlSigningSecretId": resources.delivery.signing_secret_id if resources.delivery else None,
        "urlSigningKeyId": resources.delivery.signing_key_id if resources.delivery else None,
        "pid": os.getpid(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.touch(mode=0o600)  # it holds the API keys, the emulator's credentials and the demo password
    tmp.write_text(json.dumps(state, indent=2))
    tmp.replace(path)
