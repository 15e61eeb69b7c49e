"""The Pulumi program never imports the Lambda code: it names it by path and handler string, and
restates the app's rules it checks (settings_rules.py, kept equal to the app's by tests/contract)."""

from __future__ import annotations

import ast

from tests.infra.stack_harness import REPO

LAMBDA_CODE = {"app", "processors", "tests"}


def _imported(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_program_imports_nothing_of_the_lambda_code() -> None:
    files = sorted((REPO / "pulumi").rglob("*.py"))
    assert len(files) > 10
    for path in files:
        found = _imported(path.read_text()) & LAMBDA_CODE
        assert not found, f"{path.relative_to(REPO)} imports {sorted(found)}"
