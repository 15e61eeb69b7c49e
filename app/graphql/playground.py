"""The page GET /graphql serves when the playground is on: GraphiQL built into the UI (ui/src/playground),
loaded from the page's own origin, never from a CDN, so it works without internet.

Same origin everywhere: locally the dev server serves ui/dist at `/`; in AWS, CloudFront serves both
`/graphql` (API Gateway, this Lambda) and everything else (the frontend bucket, ui/dist) under one
name (pulumi/infra/components/cdn.py). So the API Lambda needs none of the UI's files: it names the
playground's fixed entry paths and the bucket serves them. The page carries its endpoint and headers
as a JSON blob, read by the playground (ui/src/playground/config.ts).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

# Fixed names (ui/vite.config.ts says why); the files they import keep content hashes.
SCRIPT = "/assets/playground.js"
STYLE = "/assets/playground.css"
CONFIG_ELEMENT_ID = "playground-config"

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphQL playground · media-pipeline</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{style}">
<style>html,body,#playground{{height:100%;margin:0}}</style>
<script type="application/json" id="{config_id}">{config}</script>
<script type="module" src="{script}"></script>
</head><body><div id="playground">
<p style="font:16px/1.5 system-ui,sans-serif;margin:2rem">Loading the GraphQL playground… It comes with
the built UI: if it does not appear, the UI was not built (<code>make ui</code>) where this stack runs.</p>
</div></body></html>"""

UNBUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphQL playground · media-pipeline</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}</style>
</head><body><h1>The GraphQL playground is not built</h1>
<p>It is part of the web UI: run <code>make ui</code> (or <code>npm run build</code> in <code>ui/</code>),
then reload this page. Meanwhile POST <code>/graphql</code> answers as usual.</p></body></html>"""


def is_built(ui_dist: Path) -> bool:
    return (ui_dist / SCRIPT.lstrip("/")).is_file()


def playground_page(endpoint: str, headers: dict[str, str]) -> str:
    config = json.dumps({"endpoint": endpoint, "headers": headers})
    # Inside <script>, only "</script" could end the blob early: a JSON "<" escape rules it out.
    config = config.replace("<", "\\u003c")
    return PAGE.format(style=escape(STYLE), script=escape(SCRIPT), config_id=CONFIG_ELEMENT_ID, config=config)


def unbuilt_page() -> str:
    return UNBUILT
