"""Where `mediapipe dev` keeps its data, and the record it keeps beside the emulator's."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.local.data_folder import StackRecord, data_folder, read_record, wipe, write_record
from app.local.delivery import Delivery
from app.local.identity import DemoUser, demo_user_from_env


def test_the_folder_is_the_ports_or_the_profiles_or_the_one_given_and_port_0_keeps_none() -> None:
    assert data_folder(8000) == Path(".mediapipe/dev-8000")
    assert data_folder(8765, profile="demo") == Path(".mediapipe/demo")
    assert data_folder(0) is None
    assert data_folder(0, profile="ci") == Path(".mediapipe/ci")
    assert data_folder(0, profile="ci", data=Path("/somewhere")) == Path("/somewhere")


@pytest.mark.parametrize("name", ["../up", "a/b", "", ".hidden", "x" * 65, "sp ace"])
def test_a_profile_is_a_name_never_a_path(name: str) -> None:
    with pytest.raises(ValueError, match="is not a profile name"):
        data_folder(8000, profile=name)


def test_the_record_round_trips_readable_by_its_owner_only_and_fresh_forgets_it(tmp_path: Path) -> None:
    record = StackRecord(
        generated_api_keys=("mp_abc",),
        demo=DemoUser("demo@example.com", "Pw1-secret", generated=True),
        pool_id="us-east-1_x",
        ui_client_id="ui",
        cli_client_id="cli",
        delivery=Delivery(signing_secret_id="arn:s", signing_key_id="K1", distribution_id="D1"),
    )
    folder = tmp_path / "dev-8000"
    assert read_record(folder) is None
    write_record(folder, record)
    assert read_record(folder) == record
    assert stat.S_IMODE((folder / "stack.json").stat().st_mode) == 0o600
    wipe(folder)
    assert not folder.exists()


def test_the_demo_user_is_the_environments_else_the_kept_one_else_new(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kept = DemoUser("demo@example.com", "Kept1pass", generated=True)
    monkeypatch.delenv("MEDIAPIPE_DEMO_EMAIL", raising=False)
    monkeypatch.delenv("MEDIAPIPE_DEMO_PASSWORD", raising=False)
    assert demo_user_from_env(kept=kept) == kept
    fresh = demo_user_from_env()
    assert fresh.generated and fresh.password != kept.password
    monkeypatch.setenv("MEDIAPIPE_DEMO_PASSWORD", "Chosen1pw")
    assert demo_user_from_env(kept=kept) == DemoUser("demo@example.com", "Chosen1pw", generated=False)
    monkeypatch.delenv("MEDIAPIPE_DEMO_PASSWORD")
    monkeypatch.setenv("MEDIAPIPE_DEMO_EMAIL", "other@example.com")
    other = demo_user_from_env(kept=kept)
    assert other.email == "other@example.com" and other.password != kept.password
