"""Each stack's program runs once per test session under the mocks; tests read the recording."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.infra.stack_harness import StackRun, placeholder_artifacts, run_stack

STACKS = ("dev", "prod")
# prod with everything optional switched on: custom domain, VPC.
HARDENED = {"domain": {"name": "media.example.com", "hostedZoneId": "Z0MOCKZONE"}, "vpc": True}


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return placeholder_artifacts(tmp_path_factory.mktemp("artifacts"))


@pytest.fixture(scope="session")
def runs(artifacts: Path) -> Iterator[dict[str, StackRun]]:
    found = {stack: run_stack(stack, artifacts) for stack in STACKS}
    found["hardened"] = run_stack("prod", artifacts, HARDENED)
    yield found


@pytest.fixture(params=STACKS)
def run(request: pytest.FixtureRequest, runs: dict[str, StackRun]) -> StackRun:
    found: StackRun = runs[request.param]
    return found


@pytest.fixture
def dev(runs: dict[str, StackRun]) -> StackRun:
    return runs["dev"]


@pytest.fixture
def prod(runs: dict[str, StackRun]) -> StackRun:
    return runs["prod"]


@pytest.fixture
def hardened(runs: dict[str, StackRun]) -> StackRun:
    return runs["hardened"]
