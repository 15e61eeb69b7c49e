"""The Host values the stack answers: loopback names, and the bound name when it is another."""

from __future__ import annotations

from app.local.hosts import host_headers, server_names


def test_a_loopback_server_answers_loopback_names_only() -> None:
    assert server_names("127.0.0.1") == ["127.0.0.1", "localhost", "[::1]"]
    assert host_headers("127.0.0.1", 4566) == {"127.0.0.1:4566", "localhost:4566", "[::1]:4566"}


def test_a_server_bound_elsewhere_answers_that_name_too() -> None:
    assert server_names("192.168.1.20")[-1] == "192.168.1.20"
    assert server_names("fe80::1")[-1] == "[fe80::1]"
    assert "rebind.example" not in server_names("0.0.0.0")  # noqa: S104  # every interface: this machine's names
