from __future__ import annotations

import json

from app.domain.jobs import Job, decode_job, encode_job, is_job_message

ID = "01JD2W3X4Y5Z6A7B8C9D0EFGHJ"


def test_round_trip() -> None:
    message = json.loads(encode_job(Job("owner1", ID, "retry")))
    assert is_job_message(message)
    assert decode_job(message) == Job("owner1", ID, "retry")


def test_invalid_fields_decode_to_none() -> None:
    assert decode_job({"type": "mediapipe.job", "owner": "a/b", "mediaId": ID}) is None
    assert decode_job({"type": "mediapipe.job", "owner": "ok", "mediaId": "../x"}) is None
    assert decode_job({"type": "mediapipe.job"}) is None
