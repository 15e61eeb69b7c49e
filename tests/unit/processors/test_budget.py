from __future__ import annotations

import pytest

from app.domain.errors import ErrorCode, InputRejected
from processors.budget import Deadline, unlimited


def test_within_the_budget_nothing_happens_and_past_it_the_item_is_too_complex() -> None:
    now = [100.0]
    deadline = Deadline(5.0, clock=lambda: now[0])

    now[0] = 104.9
    deadline.check("resizing")
    now[0] = 105.1
    with pytest.raises(InputRejected) as raised:
        deadline.check("resizing")

    assert raised.value.code is ErrorCode.TOO_COMPLEX
    assert "resizing" in raised.value.message
    assert "5 s" in raised.value.message


def test_unlimited_never_expires() -> None:
    unlimited().check("anything")
