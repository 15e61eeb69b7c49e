"""CloudFront's signed-URL format: what botocore signs, our verifier accepts; any change is refused
with the reason CloudFront would give."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta
from functools import cache
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from app.adapters.cloudfront_signing import (
    SignatureRejected,
    generate_private_key,
    load_private_key,
    private_key_pem,
    sign_url,
    verify_url,
)

KEY_ID = "K2JCJMDEHXQW5F"
URL = "https://d111111abcdef8.cloudfront.net/media/owner-1/01JD2W3X4Y5Z6A7B8C9D0EFGHJ/w640-abc.webp"
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
EXPIRES = NOW + timedelta(hours=1)


@cache
def key(name: str = "ours") -> RSAPrivateKey:
    return generate_private_key()


def verify(url: str, now: datetime = NOW) -> datetime:
    return verify_url(url, trusted={KEY_ID: key().public_key()}, now=now).expires_at


def refused(url: str, now: datetime = NOW) -> str:
    with pytest.raises(SignatureRejected) as raised:
        verify(url, now)
    return raised.value.reason


def signed(url: str = URL, expires: datetime = EXPIRES, private: RSAPrivateKey | None = None) -> str:
    return sign_url(url, expires, key_id=KEY_ID, private_key=private or key())


def test_a_signed_url_carries_the_canned_policy_parameters_in_cloudfronts_format() -> None:
    url = signed()
    params = parse_qs(urlsplit(url).query)
    assert url.startswith(URL + "?Expires=")
    assert params["Expires"] == [str(int(EXPIRES.timestamp()))]
    assert params["Key-Pair-Id"] == [KEY_ID]
    signature = params["Signature"][0]
    assert not set(signature) & set("+=/")  # CloudFront's URL-safe alphabet: - _ ~
    # The signature is RSA-SHA1 (PKCS#1 v1.5) over exactly the canned policy JSON.
    policy = json.dumps(
        {
            "Statement": [
                {"Resource": URL, "Condition": {"DateLessThan": {"AWS:EpochTime": int(EXPIRES.timestamp())}}}
            ]
        },
        separators=(",", ":"),
    ).encode()
    raw = base64.b64decode(signature.replace("-", "+").replace("_", "=").replace("~", "/"))
    key().public_key().verify(raw, policy, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303


def test_round_trip_until_the_expiry() -> None:
    url = signed()
    assert verify(url) == EXPIRES
    assert verify(url, EXPIRES - timedelta(seconds=1)) == EXPIRES


def test_other_query_parameters_are_part_of_what_is_signed() -> None:
    url = signed(URL + "?download=1")
    assert verify(url) == EXPIRES
    assert refused(url.replace("download=1", "download=2")) == "Signature does not match the URL"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda u: u.replace("/w640-abc.webp", "/w1280-abc.webp"),  # another variant
        lambda u: u.replace("owner-1", "owner-2"),  # another owner's path
        lambda u: u.replace("https://d111111abcdef8.cloudfront.net", "https://evil.example"),
        lambda u: u.replace("?Expires=", "?x=1&Expires="),  # an added parameter
    ],
)
def test_a_changed_path_is_refused(tamper) -> None:  # type: ignore[no-untyped-def]
    assert refused(tamper(signed())) == "Signature does not match the URL"


def test_a_changed_expiry_is_refused() -> None:
    url = signed()
    later = str(int(EXPIRES.timestamp()) + 86400)
    assert refused(url.replace(f"Expires={int(EXPIRES.timestamp())}", f"Expires={later}")) == (
        "Signature does not match the URL"
    )


def test_an_expired_url_is_refused() -> None:
    assert refused(signed(), now=EXPIRES) == "Access denied: the URL has expired"
    assert refused(signed(), now=EXPIRES + timedelta(days=1)) == "Access denied: the URL has expired"


@pytest.mark.parametrize(
    ("drop", "reason"),
    [
        ("Signature", "Missing Signature query parameter"),
        ("Expires", "Missing Expires query parameter"),
        ("Key-Pair-Id", "Missing Key-Pair-Id query parameter"),
    ],
)
def test_a_missing_parameter_is_refused(drop: str, reason: str) -> None:
    base, query = signed().split("?")
    kept = "&".join(p for p in query.split("&") if not p.startswith(f"{drop}="))
    assert refused(f"{base}?{kept}") == reason


def test_an_unsigned_url_is_refused() -> None:
    assert refused(URL) == "Missing Expires, Signature, Key-Pair-Id query parameter"


def test_a_key_id_outside_the_key_group_is_refused() -> None:
    assert refused(signed().replace(KEY_ID, "K3OTHERKEY")) == "Unknown Key-Pair-Id"


def test_a_signature_made_with_another_key_is_refused() -> None:
    assert refused(signed(private=key("theirs"))) == "Signature does not match the URL"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda u: u.replace("Expires=", "Expires=-"),
        lambda u: re.sub(r"Expires=\d+", "Expires=\u00b2", u),  # a digit to str.isdigit, not to int
        lambda u: re.sub(r"Expires=\d+", "Expires=" + "9" * 40, u),  # past any datetime
        lambda u: u + "&Expires=1",  # two expiries: which one did we sign?
    ],
)
def test_malformed_or_ambiguous_parameters_are_refused(tamper) -> None:  # type: ignore[no-untyped-def]
    assert "Expires" in refused(tamper(signed()))


def test_a_garbled_signature_is_refused() -> None:
    url = signed()
    start = url.index("Signature=") + len("Signature=")
    assert refused(url[:start] + "%%%" + url[start + 3 :]) == "Malformed Signature query parameter"
    assert refused(url[:start] + "AAAA" + url[start + 4 :]) == "Signature does not match the URL"


def test_the_key_survives_its_pem() -> None:
    reloaded = load_private_key(private_key_pem(key()))
    assert verify(signed(private=reloaded)) == EXPIRES


# --- custom policy: one signature for a folder (an HLS stream's playlists and segments) -----------

FOLDER = URL.rsplit("/", 1)[0] + "/stream-ab12cd34/"
MASTER = FOLDER + "master.m3u8"


def folder_signed(expires: datetime = EXPIRES) -> str:
    return sign_url(MASTER, expires, key_id=KEY_ID, private_key=key(), scope=FOLDER + "*")


def carried(url: str, to: str) -> str:
    """What a player asks for after substituting the playlist's QUERYPARAM variables."""
    return f"{to}?{urlsplit(url).query}"


def test_a_folder_signature_is_a_custom_policy_for_the_folder() -> None:
    params = parse_qs(urlsplit(folder_signed()).query)
    assert set(params) == {"Policy", "Signature", "Key-Pair-Id"}
    policy = json.loads(base64.b64decode(params["Policy"][0].translate(str.maketrans("-_~", "+=/"))))
    until = {"DateLessThan": {"AWS:EpochTime": int(EXPIRES.timestamp())}}
    assert policy == {"Statement": [{"Resource": FOLDER + "*", "Condition": until}]}
    # Every policy character is one an HLS quoted-string may hold, so a playlist can carry it.
    assert re.fullmatch(r"[A-Za-z0-9_~-]+", params["Policy"][0] + params["Signature"][0])


def test_a_folder_signature_opens_everything_in_the_folder_and_nothing_else() -> None:
    url = folder_signed()
    assert verify(url) == EXPIRES.replace(microsecond=0)
    assert verify(carried(url, FOLDER + "720p.m3u8")) == EXPIRES.replace(microsecond=0)
    assert verify(carried(url, FOLDER + "720p/segment-004.m4s")) == EXPIRES.replace(microsecond=0)
    assert refused(carried(url, URL)) == "The policy does not cover the URL"
    assert refused(carried(url, FOLDER.replace("stream-ab12cd34", "stream-ab12cd35") + "x")) == (
        "The policy does not cover the URL"
    )
    assert refused(url, now=EXPIRES + timedelta(seconds=1)) == "Access denied: the URL has expired"


def test_a_changed_or_forged_policy_is_refused() -> None:
    url = folder_signed()
    policy = parse_qs(urlsplit(url).query)["Policy"][0]
    wider = json.dumps(
        {"Statement": [{"Resource": "*", "Condition": {"DateLessThan": {"AWS:EpochTime": 4102444800}}}]},
        separators=(",", ":"),
    )
    forged = base64.b64encode(wider.encode()).decode().translate(str.maketrans("+=/", "-_~"))
    assert refused(url.replace(policy, forged)) == "Signature does not match the URL"
    assert refused(url.replace(policy, "bm90IGpzb24_")) == "Malformed Policy query parameter"
    assert refused(url.replace(policy, "!!")) == "Malformed Policy query parameter"
