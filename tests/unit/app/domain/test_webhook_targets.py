from __future__ import annotations

import pytest

from app.domain.webhook_targets import TargetPolicy, address_refusal, url_refusal

STRICT, LOCAL = TargetPolicy(), TargetPolicy(allow_loopback=True)
REFUSED_EVERYWHERE = [
    "169.254.169.254",  # the metadata service
    "fd00:ec2::254",
    "10.0.0.5",
    "172.16.3.4",
    "192.168.1.1",
    "169.254.10.10",  # link-local
    "fe80::1%eth0",
    "224.0.0.1",  # multicast
    "0.0.0.0",  # noqa: S104  # an address to refuse, not one to bind
    "100.64.0.1",  # shared address space (carrier-grade NAT)
    "240.0.0.1",  # reserved
    "::ffff:10.0.0.1",  # a private IPv4 address, IPv6-mapped
    "192.0.2.7",  # documentation
]


@pytest.mark.parametrize("address", REFUSED_EVERYWHERE)
def test_private_and_metadata_addresses_are_refused_even_locally(address: str) -> None:
    assert address_refusal(address, STRICT) is not None
    assert address_refusal(address, LOCAL) is not None


def test_the_metadata_service_is_named() -> None:
    assert "metadata" in (address_refusal("169.254.169.254", LOCAL) or "")


@pytest.mark.parametrize("address", ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])
def test_loopback_only_where_allowed(address: str) -> None:
    assert address_refusal(address, STRICT) is not None
    assert address_refusal(address, LOCAL) is None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal(address, STRICT) is None


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://hooks.example.com/x", "https"),
        ("ftp://hooks.example.com/x", "https"),
        ("https://user:pw@hooks.example.com/", "credentials"),
        ("https:///path", "no host"),
        ("https://hooks.example.com:99999/", "not valid"),
        ("https://localhost/hook", "localhost"),
        ("https://127.0.0.1/hook", "loopback"),
        ("https://[fd00:ec2::254]/", "metadata"),
        ("https://hooks.example.com/" + "a" * 3000, "longer"),
    ],
)
def test_urls_refused_in_aws(url: str, why: str) -> None:
    assert why in (url_refusal(url, STRICT) or "")


def test_the_local_stack_takes_plain_http_to_loopback_and_nothing_private() -> None:
    assert url_refusal("http://127.0.0.1:9000/hook", LOCAL) is None
    assert url_refusal("http://localhost:9000/hook", LOCAL) is None
    assert url_refusal("http://10.1.2.3/hook", LOCAL) is not None
    assert url_refusal("https://hooks.example.com/in?x=1", STRICT) is None
