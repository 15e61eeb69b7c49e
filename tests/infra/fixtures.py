"""Fixtures over the recorded stacks, shared by tests/infra and tests/contract (each stack's
program runs once per test process under the mocks; tests read the recording)."""

from __future__ import annotations

import pytest

from tests.infra.stack_harness import STACKS, StackRun, recorded


@pytest.fixture(params=STACKS)
def run(request: pytest.FixtureRequest) -> StackRun:
    return recorded(request.param)


@pytest.fixture
def dev() -> StackRun:
    return recorded("dev")


@pytest.fixture
def prod() -> StackRun:
    return recorded("prod")


@pytest.fixture
def hardened() -> StackRun:
    return recorded("hardened")
