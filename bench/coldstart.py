"""`make coldstart`: each Lambda handler's cold start from its built artifact, as a ratio to a baseline.

Not a test: it reports. A cold start here is the time from a new interpreter's start to the handler's
first response: the interpreter of the Lambda Python version, isolated (`-I -S`), with the extracted
zip first on sys.path as /var/task is, then the standard library, then a stand-in for the runtime's
site-packages holding the AWS SDK at the locked versions, precompiled as the runtime ships it. The API
answers an API Gateway event for a query that needs no AWS call; the processor an SQS event holding an
`s3:TestEvent`. The baseline is the smallest useful function: it imports boto3 and creates one client.
Runs are interleaved, so load on the machine touches every contestant alike; medians are compared.
Method and results are in docs/performance.md.

    python bench/coldstart.py [--runs N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT / "tests" / "events"
sys.path[:0] = [str(ROOT / "pulumi")]

from infra import packaging  # noqa: E402

ARCHITECTURE = "x86_64"
TARGET_RATIO = 1.25

# Run by the measured interpreter: put the artifact and the runtime on sys.path as Lambda does, answer
# once, and print the wall-clock time of the answer (the parent took the time just before the start).
CHILD = """
import json, sys, time
task, runtime, kind = sys.argv[1], sys.argv[2], sys.argv[3]
if task:
    sys.path.insert(0, task)
sys.path.append(runtime)
if kind == "baseline":
    import boto3
    boto3.client("s3")
    answer = {"ok": True}
else:
    from importlib import import_module
    class Context:  # what the Lambda runtime passes: the fields handlers and Powertools read
        function_name, function_version, memory_limit_in_mb = "coldstart", "$LATEST", 1536
        invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:coldstart"
        aws_request_id = "0c2b7bd4-7b1a-4d2f-9c67-0d9a0e2b3c4d"
        def get_remaining_time_in_millis(self):
            return 60_000
    event = json.loads(open(sys.argv[4]).read())
    handler = import_module(kind).handler
    answer = handler(event, Context())
print(json.dumps({"at": time.time(), "answer": answer}))
"""

CONTESTANTS = {
    # name: (function zip, handler module, event fixture)
    "baseline": (None, "baseline", None),
    "api": ("api", "app.handler", "apigateway_graphql_presets.json"),
    "processor": ("processor", "processors.handler", "sqs_s3_test_event.json"),
}


def _answered(name: str, answer: dict[str, object]) -> bool:
    """Only a real answer counts: a cold start that ends in an error would be timing the wrong path."""
    if name == "api":
        return answer.get("statusCode") == 200 and '"presets"' in str(answer.get("body"))
    if name == "processor":
        return answer == {"batchItemFailures": []}
    return answer == {"ok": True}


def prepare(work: Path, builder: packaging.Builder) -> dict[str, Path]:
    """Build (or reuse) the zips, extract them, and stage the precompiled SDK beside them."""
    tasks: dict[str, Path] = {}
    for function in packaging.BUNDLES:
        builder.build(function, ARCHITECTURE, packaging.ARTIFACTS_DIR)
        with zipfile.ZipFile(packaging.artifact_path(function, ARCHITECTURE)) as archive:
            archive.extractall(work / function)
        tasks[function] = work / function
    # The SDK pins are the same for both functions (a packaging test keeps them equal to the lock).
    builder.stage_runtime("api", ARCHITECTURE, work / "runtime", compiled=True)
    tasks["runtime"] = work / "runtime"
    return tasks


def once(name: str, tasks: dict[str, Path], child: Path, environment: dict[str, str]) -> float:
    function, module, event = CONTESTANTS[name]
    task = str(tasks[function]) if function else ""
    command = [sys.executable, "-I", "-S", str(child), task, str(tasks["runtime"]), module]
    command += [str(EVENTS / event)] if event else []
    started = time.time()
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{result.stderr[-3000:]}")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    if not _answered(name, found["answer"]):
        raise RuntimeError(f"{name} answered {found['answer']!r}")
    return float(found["at"]) - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    if f"{sys.version_info[0]}.{sys.version_info[1]}" != packaging.LAMBDA_PYTHON:
        raise SystemExit(f"run this with Python {packaging.LAMBDA_PYTHON}, the Lambda runtime's version")
    tools = ROOT / ".tools" / "bin"
    builder = packaging.Builder(uv=str(tools / "uv"), pip=[str(tools / "pip")])
    environment = {
        **json.loads((EVENTS / "function_environment.json").read_text()),
        "PATH": os.environ.get("PATH", ""),
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
    with tempfile.TemporaryDirectory(prefix="coldstart-") as tmp:
        work = Path(tmp)
        tasks = prepare(work, builder)
        child = work / "child.py"
        child.write_text(CHILD)
        for name in CONTESTANTS:  # one unmeasured round warms the page cache, as a warm host would be
            once(name, tasks, child, environment)
        times: dict[str, list[float]] = {name: [] for name in CONTESTANTS}
        for _ in range(options.runs):
            for name in CONTESTANTS:
                times[name].append(once(name, tasks, child, environment))
    medians = {name: statistics.median(values) for name, values in times.items()}
    report = {
        "python": sys.version.split()[0],
        "runs": options.runs,
        "median_ms": {name: round(value * 1000, 1) for name, value in medians.items()},
        "ratio": {name: round(medians[name] / medians["baseline"], 2) for name in ("api", "processor")},
    }
    print(f"cold start, built {ARCHITECTURE} zips, Python {report['python']}, {options.runs} runs each")
    for name, value in medians.items():
        ratio = "" if name == "baseline" else f"  {value / medians['baseline']:.2f}x the baseline"
        print(f"  {name:10} median {value * 1000:7.1f} ms{ratio}")
    over = [name for name, ratio in report["ratio"].items() if ratio > TARGET_RATIO]
    verdict = f"OVER for {', '.join(over)}" if over else "met"
    print(f"target: each handler <= {TARGET_RATIO}x the baseline: {verdict}")
    if options.json:
        options.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
