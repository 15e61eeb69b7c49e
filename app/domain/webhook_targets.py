"""Where a webhook may point: the rules for its URL and for the addresses it resolves to.

A webhook makes our servers send requests to an address its owner chose, so an owner could aim it at
what only our network reaches: the instance metadata service, a VPC's private hosts, localhost.
The URL is checked when it is registered (`url_refusal`), but a name can resolve differently at
delivery (DNS rebinding): the sender checks every address it resolves at connect time and connects
only to an address checked here (`address_refusal`; app/adapters/webhook_http.py).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048
# The metadata service of EC2 and Lambda (IPv4 and the Nitro IPv6 endpoint): named apart, since a
# request there can hand out the function's credentials.
METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)


@dataclass(frozen=True, slots=True)
class TargetPolicy:
    """`allow_loopback`: the embedded stack's setting (MEDIAPIPE_WEBHOOK_ALLOW_LOOPBACK): plain http,
    and loopback addresses (127.0.0.0/8, ::1), so a receiver on the developer's machine works. No
    other private address is allowed even then."""

    allow_loopback: bool = False


def url_refusal(url: str, policy: TargetPolicy) -> str | None:
    """Why this URL cannot be a webhook's, or None. A literal address is judged as a resolved one;
    a name is judged at each delivery."""
    if len(url) > MAX_URL_LENGTH:
        return f"The URL is longer than {MAX_URL_LENGTH} characters."
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # a malformed port raises here
    except ValueError:
        return "The URL is not valid."
    schemes = ("https", "http") if policy.allow_loopback else ("https",)
    if parts.scheme not in schemes:
        return "The URL must use https." if not policy.allow_loopback else "The URL must use http(s)."
    if not host:
        return "The URL has no host."
    if parts.username is not None or parts.password is not None:
        return "The URL must not hold credentials: check the signature instead."
    if parts.fragment:
        return "The URL must not have a fragment."
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        if host.rstrip(".").lower() == "localhost" and not policy.allow_loopback:
            return "The URL points at this machine (localhost)."
        return None
    return address_refusal(str(literal), policy)


def address_refusal(address: str, policy: TargetPolicy) -> str | None:
    """Why a webhook may not connect to this resolved address, or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone names a local interface
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    if ip in METADATA_ADDRESSES:
        return f"{ip} is the instance metadata service."
    if ip.is_loopback:
        return None if policy.allow_loopback else f"{ip} is a loopback address."
    for refused, what in (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        # Anything else not routable on the internet: shared (carrier-grade NAT), documentation,
        # benchmarking ranges and the like.
        (not ip.is_global, "not a public address"),
    ):
        if refused:
            return f"{ip} is {what}."
    return None
