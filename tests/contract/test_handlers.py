"""Every Lambda entry point imports in a bare environment (no settings, no AWS) and does no heavy
work at import: no clients, no config reads, no GraphQL schema, no Pillow."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

PROBE = """
import json, sys, time
started = time.perf_counter()
import {module} as entry
elapsed = time.perf_counter() - started
assert callable(entry.handler)
print(json.dumps({{"seconds": elapsed, "modules": sorted(sys.modules)}}))
"""


def import_in_clean_interpreter(module: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def test_api_handler_imports_nothing_heavy() -> None:
    modules = set(import_in_clean_interpreter("app.handler")["modules"])  # type: ignore[call-overload]
    for heavy in ("boto3", "botocore", "strawberry", "mangum", "starlette", "pydantic", "PIL"):
        assert heavy not in modules, f"app.handler imports {heavy} at import time"


def test_processor_handler_creates_nothing_at_import() -> None:
    modules = set(import_in_clean_interpreter("processors.handler")["modules"])  # type: ignore[call-overload]
    for heavy in ("PIL", "strawberry", "mangum", "starlette"):
        assert heavy not in modules, f"processors.handler imports {heavy} at import time"


def test_the_sweeper_loads_no_media_code() -> None:
    # It runs from the processor's zip, on a schedule, with 256 MB: none of the media stack's weight
    modules = set(import_in_clean_interpreter("processors.sweeper")["modules"])  # type: ignore[call-overload]
    for heavy in ("PIL", "av", "pillow_heif", "processors.media", "processors.pipeline", "strawberry"):
        assert heavy not in modules, f"processors.sweeper imports {heavy} at import time"


def test_the_webhook_sender_loads_no_api_or_media_code() -> None:
    # Its own small zip (the `webhooks` dependency group): HTTP and signing, nothing of the API's or
    # the processor's; the signing library itself comes with the first delivery.
    modules = set(import_in_clean_interpreter("app.webhook_handler")["modules"])  # type: ignore[call-overload]
    for heavy in ("strawberry", "mangum", "starlette", "PIL", "av", "processors", "standardwebhooks"):
        assert heavy not in modules, f"app.webhook_handler imports {heavy} at import time"
