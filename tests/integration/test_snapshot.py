"""The emulator's snapshot (app/local/snapshot.py), through its real process over HTTP: what it
held comes back byte for byte, received messages are visible again, Cognito signs in the same user
again, and a blob nobody names any more is removed."""

from __future__ import annotations

import os
from pathlib import Path

from app.local.credentials import Credentials
from app.local.emulator import EmulatorProcess, client
from app.local.snapshot import BLOBS, SNAPSHOT

BIG = os.urandom(300_000)  # over the blob threshold, and incompressible


def test_a_stopped_emulator_comes_back_as_it_was_with_its_in_flight_messages_visible(tmp_path: Path) -> None:
    credentials, data = Credentials.generate(), tmp_path / "data"
    first = EmulatorProcess("127.0.0.1", credentials, [], data)
    assert not first.restored
    s3, sqs, idp = (client(name, first.endpoint_url, credentials) for name in ("s3", "sqs", "cognito-idp"))
    s3.create_bucket(Bucket="kept-bucket")
    s3.put_object(Bucket="kept-bucket", Key="big", Body=BIG)
    s3.put_object(Bucket="kept-bucket", Key="gone", Body=os.urandom(200_000))
    queue = sqs.create_queue(QueueName="jobs", Attributes={"VisibilityTimeout": "900"})["QueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody="in flight")
    assert len(sqs.receive_message(QueueUrl=queue)["Messages"]) == 1  # received, never deleted
    pool = idp.create_user_pool(PoolName="users")["UserPool"]["Id"]
    app = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="cli", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool, Username="kept@example.com", MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=pool, Username="kept@example.com", Password="Kept-1-Pass!", Permanent=True
    )
    first.stop()
    assert (data / SNAPSHOT).is_file() and len(list((data / BLOBS).iterdir())) == 2

    second = EmulatorProcess("127.0.0.1", credentials, [], data)
    try:
        assert second.restored
        s3, sqs, idp = (client(n, second.endpoint_url, credentials) for n in ("s3", "sqs", "cognito-idp"))
        assert s3.get_object(Bucket="kept-bucket", Key="big")["Body"].read() == BIG
        queue = sqs.get_queue_url(QueueName="jobs")["QueueUrl"]
        (message,) = sqs.receive_message(QueueUrl=queue)["Messages"]
        assert message["Body"] == "in flight"
        signed_in = idp.initiate_auth(
            ClientId=app,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "kept@example.com", "PASSWORD": "Kept-1-Pass!"},
        )
        assert signed_in["AuthenticationResult"]["IdToken"].count(".") == 2
        s3.delete_object(Bucket="kept-bucket", Key="gone")
    finally:
        second.stop()
    assert len(list((data / BLOBS).iterdir())) == 1, "the deleted object's blob is removed"
