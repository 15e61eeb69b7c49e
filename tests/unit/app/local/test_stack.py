"""`mediapipe dev`'s banner says what is really running."""

from __future__ import annotations

from pathlib import Path

from app.local.identity import DemoUser
from app.local.stack import banner

DEMO = DemoUser(email="demo@example.com", password="Pw1-demo", generated=False)
URL = "http://127.0.0.1:8000"


def _graphql_line(playground: bool) -> str:
    text = banner(URL, ("mp_key",), "http://127.0.0.1:5000", DEMO, playground=playground)
    (line,) = [line for line in text.splitlines() if line.strip().startswith("GraphQL")]
    return line


def test_the_banner_offers_the_playground_only_when_it_is_on() -> None:
    assert "playground: API key filled in" in _graphql_line(playground=True)
    off = _graphql_line(playground=False)
    assert f"{URL}/graphql" in off
    assert "playground is off" in off
    assert "filled in" not in off


def test_the_landing_page_offers_the_playground_only_when_it_is_on() -> None:
    from app.local.server import landing_page

    assert 'href="/graphql"' in landing_page(playground=True)
    off = landing_page(playground=False)
    assert 'href="/graphql"' not in off
    assert "the playground is off" in off


def test_the_stack_allows_loopback_webhooks_and_says_so() -> None:
    from app.local.credentials import Credentials
    from app.local.delivery import Delivery
    from app.local.emulator import Resources
    from app.local.stack import stack_environment
    from app.local.worker import QUEUES, load_handler

    resources = Resources(
        "http://127.0.0.1:5000",
        Credentials.generate(),
        webhook_queue_url="http://127.0.0.1:5000/q/mediapipe-webhooks",
        delivery=Delivery(signing_secret_id="s", signing_key_id="k", distribution_id="d"),
    )
    environment = stack_environment(resources, URL, lease_seconds=60)
    assert environment["MEDIAPIPE_WEBHOOK_ALLOW_LOOPBACK"] == "true"
    assert environment["MEDIAPIPE_WEBHOOK_QUEUE_URL"] == resources.webhook_queue_url
    assert "loopback" in banner(URL, ("mp_key",), "http://127.0.0.1:5000", DEMO, playground=True)
    # The webhook queue's worker plays the sender's event source mapping.
    assert QUEUES["webhooks"].url_variable == "MEDIAPIPE_WEBHOOK_QUEUE_URL"
    assert callable(load_handler(QUEUES["webhooks"].handler or ""))


def test_the_banner_says_where_each_secret_came_from_and_what_happened_to_the_data() -> None:
    from app.local.stack import CONFIGURED, GENERATED, KEPT, data_summary

    def line(text: str, label: str) -> str:
        return next(row for row in text.splitlines() if row.strip().startswith(label))

    kept = banner(URL, ("mp_key",), "e", DEMO, playground=True, keys=KEPT, password=KEPT, data="x")
    assert "kept from the last run; set MEDIAPIPE_API_KEY" in line(kept, "API key")
    assert "kept from the last run; set MEDIAPIPE_DEMO_PASSWORD" in line(kept, "Password")
    assert line(kept, "Data").split() == ["Data", "x"]
    made = banner(URL, ("mp_key",), "e", DEMO, playground=True, keys=GENERATED, password=GENERATED)
    assert "(generated; set MEDIAPIPE_API_KEY to choose)" in line(made, "API key")
    chosen = banner(URL, ("mp_key",), "e", DEMO, playground=True, keys=CONFIGURED, password=CONFIGURED)
    assert line(chosen, "API key").split() == ["API", "key", "mp_key"]
    assert not any(row.strip().startswith("Data") for row in chosen.splitlines())

    folder = Path(".mediapipe/dev-8000")
    assert data_summary(folder, restored=False, released=0).startswith("new; kept in .mediapipe/dev-8000")
    assert data_summary(folder, restored=True, released=0).startswith("restored from .mediapipe/dev-8000")
    assert "2 interrupted item(s) resume" in data_summary(folder, restored=True, released=2)
    assert data_summary(None, restored=False, released=0).startswith("not kept: port 0")
