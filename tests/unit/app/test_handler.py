"""The API Lambda's composition root: what it reads of the invocation itself."""

from __future__ import annotations

import pytest

from app.handler import current_trace_id


@pytest.mark.parametrize(
    ("header", "root"),
    [
        ("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
         "1-5759e988-bd862e3fe1be46a994272793"),
        ("Parent=53995c3f42cd8ad8; Root=1-aa-bb ;Sampled=0", "1-aa-bb"),
        ("Parent=53995c3f42cd8ad8", None),
        ("", None),
    ],
)  # fmt: skip
def test_the_trace_id_is_the_root_of_lambdas_trace_header(
    monkeypatch: pytest.MonkeyPatch, header: str, root: str | None
) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", header)
    assert current_trace_id() == root
