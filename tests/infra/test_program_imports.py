"""The Pulumi program never imports the Lambda code: it names it by path and handler string, and
restates the app's rules it checks (settings_rules.py, kept equal to the app's by tests/contract).
One pure module is the exception: app.domain.limits, the single definition of the limits both the
functions and the stack config enforce (pydantic and the domain's models, nothing of AWS)."""

from __future__ import annotations

import ast

from tests.infra.stack_harness import REPO

LAMBDA_CODE = {"app", "processors", "tests"}
SHARED = {"app.domain.limits"}


def _imported(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if not any(name.startswith(shared) for shared in SHARED)}


def test_the_program_imports_nothing_of_the_lambda_code() -> None:
    files = sorted((REPO / "pulumi").rglob("*.py"))
    assert len(files) > 10
    for path in files:
        found = {name for name in _imported(path.read_text()) if name.split(".")[0] in LAMBDA_CODE}
        assert not found, f"{path.relative_to(REPO)} imports {sorted(found)}"


def test_the_one_shared_module_stays_pure() -> None:
    # GIVEN the module the program shares with the functions THEN it imports nothing that needs the
    # functions' dependencies (the deploying environment has pydantic, not Pillow or boto3)
    found = _imported((REPO / "app" / "domain" / "limits.py").read_text())
    assert {name.split(".")[0] for name in found} <= {"__future__", "pydantic", "app"}
    assert {name for name in found if name.startswith("app.")} <= {"app.domain.models.MediaKind"}
