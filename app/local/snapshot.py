"""The emulator's state on disk, so `mediapipe dev` finds everything where it was left.

moto keeps each service's state in memory, in its backends, and has no persistence of its own
(LocalStack's is a paid feature; moto's recorder replays requests, which cannot replay receipt
handles or presigned uploads). Its models do pickle (S3's keys define `__getstate__` for it), so a
snapshot is the pickled backends of the services the stack uses, taken when the emulator stops
and loaded before it serves again. Two kinds of object need help, given here in one place:
locks and conditions (a fresh one each), and Cognito's signing key (a joserfc key, kept as its
JWK). Large byte strings (S3 objects and their parts) go to content-addressed blobs beside the
pickle, so a restart rewrites only what changed and the pickle stays small.

A snapshot is written whole or not at all (a temporary file renamed over the last one), so a
crash during a save leaves the previous snapshot. What the stopped stack held in flight is made
ready again on restore: messages received but not deleted are visible at once (their workers are
gone), and shard iterators, which name a stream position of the old process, are dropped.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

# The services the stack creates resources in (app/local/emulator.py, identity.py, delivery.py).
SERVICES = ("s3", "sqs", "dynamodb", "dynamodbstreams", "cognito-idp", "secretsmanager", "cloudfront")
SNAPSHOT = "emulator.pickle"
BLOBS = "blobs"
# Byte strings at least this long are kept as blobs: every S3 object of any size, not the small
# strings models are full of.
BLOB_MIN_BYTES = 64 * 1024
# Each lock type, and what makes a fresh one (a held lock is never worth keeping).
_FRESH_LOCKS: dict[type, Any] = {
    type(threading.Lock()): threading.Lock,
    type(threading.RLock()): threading.RLock,
}


@dataclass(frozen=True, slots=True)
class Saved:
    services: int
    blobs: int
    bytes: int  # the pickle and every blob it names


def exists(folder: Path) -> bool:
    return (folder / SNAPSHOT).is_file()


def save(folder: Path) -> Saved:
    """Pickle the services' backends into `folder` (the emulator must not be serving), then remove
    the blobs no longer named."""
    from moto.backends import get_backend

    blobs = folder / BLOBS
    blobs.mkdir(parents=True, exist_ok=True)
    state = {name: dict(get_backend(name)) for name in SERVICES}  # type: ignore[call-overload]
    _drop_shard_iterators(state["dynamodbstreams"].values())
    partial = folder / f"{SNAPSHOT}.tmp"
    with partial.open("wb") as file:
        pickler = _Pickler(file, blobs)
        pickler.dump(state)
        file.flush()
        os.fsync(file.fileno())
    partial.replace(folder / SNAPSHOT)
    for stale in blobs.iterdir():
        if stale.name not in pickler.named:
            stale.unlink()
    size = (folder / SNAPSHOT).stat().st_size + sum((blobs / n).stat().st_size for n in pickler.named)
    return Saved(services=len(state), blobs=len(pickler.named), bytes=size)


def restore(folder: Path) -> None:
    """Load the snapshot in `folder` into moto's backends, before the emulator serves."""
    from moto.backends import get_backend
    from moto.core.base_backend import BackendDict

    with (folder / SNAPSHOT).open("rb") as file:
        state: dict[str, dict[str, Any]] = _Unpickler(file, folder / BLOBS).load()
    for name, accounts in state.items():
        live = get_backend(name)  # type: ignore[call-overload]
        live.clear()
        live.update(accounts)
        # moto's list of the backends in use, as its own first access would add this one.
        in_use: list[Any] = BackendDict._instances  # type: ignore[misc]
        if accounts and live not in in_use:
            in_use.append(live)
    _release_in_flight(state["sqs"].values())


def _release_in_flight(accounts: Iterable[Any]) -> None:
    """Messages that workers of the stopped stack had received are visible again now."""
    for account in accounts:
        for backend in account.values():
            for queue in backend.queues.values():
                for message in queue._messages:
                    message.visible_at = 0.0


def _drop_shard_iterators(accounts: Iterable[Any]) -> None:
    for account in accounts:
        for backend in account.values():
            backend.shard_iterators.clear()


class _Pickler(pickle.Pickler):
    def __init__(self, file: IO[bytes], blobs: Path) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._blobs = blobs
        self.named: set[str] = set()

    def persistent_id(self, obj: Any) -> str | None:
        if type(obj) is not bytes or len(obj) < BLOB_MIN_BYTES:
            return None
        name = hashlib.sha256(obj).hexdigest()
        path = self._blobs / name
        if name not in self.named and not path.exists():
            partial = path.with_suffix(".tmp")
            partial.write_bytes(obj)
            partial.replace(path)
        self.named.add(name)
        return name

    def reducer_override(self, obj: Any) -> Any:
        from joserfc.jwk import RSAKey

        if (fresh := _FRESH_LOCKS.get(type(obj))) is not None:
            return (fresh, ())
        if isinstance(obj, threading.Condition):
            return (threading.Condition, ())
        if isinstance(obj, RSAKey):
            return (RSAKey.import_key, (obj.as_dict(private=True),))
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], blobs: Path) -> None:
        super().__init__(file)
        self._blobs = blobs

    def persistent_load(self, pid: Any) -> bytes:
        return (self._blobs / str(pid)).read_bytes()
