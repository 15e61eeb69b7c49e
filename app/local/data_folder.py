"""Where `mediapipe dev` keeps its data between runs, and what it keeps beside the emulator's.

One folder per port (`.mediapipe/dev-8000`) or per named profile (`.mediapipe/NAME`), beside the
running stack's state file (app/local/state.py). It holds the emulator's snapshot
(app/local/snapshot.py: the media, the table, the queues, the users) and the stack's record: what
the snapshot's own resources are called that cannot be found by name (the user pool and its
clients, the URL-signing key and the distribution), and the secrets this stack chose and must
choose the same next time (its generated API key, the demo user's generated password). A stack
on port 0 gets a new port each run, so it keeps nothing unless a profile names its folder.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from app.local.delivery import Delivery
from app.local.identity import DemoUser, LocalUserPool
from app.local.state import STATE_FOLDER

RECORD = "stack.json"
PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True, slots=True)
class StackRecord:
    generated_api_keys: tuple[str, ...]  # empty when MEDIAPIPE_API_KEY chose them
    demo: DemoUser
    pool_id: str
    ui_client_id: str
    cli_client_id: str
    delivery: Delivery

    def user_pool(self, endpoint_url: str) -> LocalUserPool:
        return LocalUserPool(endpoint_url, self.pool_id, self.ui_client_id, self.cli_client_id)


def data_folder(port: int, *, profile: str | None = None, data: Path | None = None) -> Path | None:
    """`--data`, else the profile's folder, else the port's; None on port 0 with neither."""
    if data is not None:
        return data
    if profile is not None:
        return STATE_FOLDER / check_profile(profile)
    return None if port == 0 else STATE_FOLDER / f"dev-{port}"


def check_profile(name: str) -> str:
    """A profile is a folder's name, never a path."""
    if not PROFILE_NAME.fullmatch(name):
        raise ValueError(
            f"{name!r} is not a profile name: use letters, digits, '.', '_' or '-'"
            " (a letter or digit first, up to 64)"
        )
    return name


def read_record(folder: Path) -> StackRecord | None:
    path = folder / RECORD
    if not path.is_file():
        return None
    raw = json.loads(path.read_text())
    return StackRecord(
        generated_api_keys=tuple(raw["generatedApiKeys"]),
        demo=DemoUser(**raw["demo"]),
        pool_id=raw["poolId"],
        ui_client_id=raw["uiClientId"],
        cli_client_id=raw["cliClientId"],
        delivery=Delivery(**raw["delivery"]),
    )


def write_record(folder: Path, record: StackRecord) -> None:
    raw = {
        "generatedApiKeys": list(record.generated_api_keys),
        "demo": asdict(record.demo),
        "poolId": record.pool_id,
        "uiClientId": record.ui_client_id,
        "cliClientId": record.cli_client_id,
        "delivery": asdict(record.delivery),
    }
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{RECORD}.tmp"
    partial.touch(mode=0o600)  # it holds the API key and the demo password
    partial.write_text(json.dumps(raw, indent=2))
    partial.replace(folder / RECORD)


def wipe(folder: Path) -> None:
    """`--fresh`: forget everything kept in `folder`."""
    shutil.rmtree(folder, ignore_errors=True)
